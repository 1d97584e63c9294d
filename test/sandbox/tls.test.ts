/**
 * The network as users have it: HTTPS with the sandbox's own CA, and a connect latency paid once per
 * connection. Proved by the sandbox's counters and the order of answers, never by timing.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';

import { sandbox, type Sandbox } from '../harness/sandbox';

let sb: Sandbox;
let ca: Buffer;
beforeAll(async () => {
	sb = await sandbox({ tls: true, connectLatencyMs: 5 });
	ca = readFileSync(sb.caFile!);
});
afterAll(() => sb.stop());

/** GET on the admin endpoint over `agent`, trusting the sandbox's CA. */
function get(path: string, agent: https.Agent): Promise<Record<string, unknown>> {
	return new Promise((resolve, reject) => {
		https
			.get(`${sb.url}/_sandbox${path}`, { agent, ca }, (res) => {
				let body = '';
				res.on('data', (chunk: Buffer) => (body += chunk.toString()));
				res.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>));
			})
			.on('error', reject);
	});
}

const network = async () => (await get('/counters', new https.Agent({ ca }))).network as { connections: number; requests: number; connectWaits: number };
const resetCounters = () =>
	new Promise<void>((resolve, reject) => https.request(`${sb.url}/_sandbox/counters`, { method: 'DELETE', ca }, (res) => res.resume().on('end', resolve)).on('error', reject).end());

/** A Node process given NODE_EXTRA_CA_CERTS or not, as a user's n8n would be: what its fetch of the sandbox says. */
function childFetch(env: NodeJS.ProcessEnv): Promise<string> {
	const script = `fetch(${JSON.stringify(`${sb.url}/_sandbox/health`)}).then(r => r.text(), e => 'refused: ' + (e.cause?.code ?? e.message)).then(t => console.log(t))`;
	const rest = { ...process.env };
	delete rest.NODE_EXTRA_CA_CERTS;
	return new Promise((resolve, reject) =>
		execFile(process.execPath, ['-e', script], { env: { ...rest, ...env } }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
	);
}

test('it answers over HTTPS to a process that trusts its CA, and a process that does not is refused', async () => {
	expect(sb.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
	expect(readFileSync(sb.caFile!, 'utf8')).toContain('BEGIN CERTIFICATE');
	expect(await childFetch({ NODE_EXTRA_CA_CERTS: sb.caFile })).toBe('{"ok":true}');
	expect(await childFetch({})).toMatch(/^refused: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
});

test('an in-process client without the CA is refused too', async () => {
	const refused = new Promise<string>((resolve) => https.get(`${sb.url}/_sandbox/health`, (res) => resolve(`answered ${res.statusCode}`)).on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message)));
	expect(await refused).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
});

test('the connect latency is paid once per connection: requests kept alive on it do not pay it again', async () => {
	await resetCounters();
	const keptAlive = new https.Agent({ ca, keepAlive: true, maxSockets: 1 });
	for (let i = 0; i < 5; i++) await get('/health', keptAlive);
	keptAlive.destroy();
	// One connection for five requests, and one more for reading the counters.
	expect(await network()).toEqual({ connections: 2, requests: 6, connectWaits: 2 });

	await resetCounters();
	const fresh = new https.Agent({ ca, keepAlive: false });
	for (let i = 0; i < 3; i++) await get('/health', fresh);
	// A new connection per request, as n8n's request helper makes: each pays.
	expect(await network()).toEqual({ connections: 4, requests: 4, connectWaits: 4 });
});

test('a request on a new connection waits for its handshake while one on a kept-alive connection is answered', async () => {
	const keptAlive = new https.Agent({ ca, keepAlive: true, maxSockets: 1 });
	await get('/health', keptAlive);
	// From now on a new connection waits far longer than this test may run.
	const admin = (method: string, body: unknown) =>
		new Promise<void>((resolve, reject) => https.request(`${sb.url}/_sandbox/network`, { method, ca, agent: keptAlive }, (res) => res.resume().on('end', resolve)).on('error', reject).end(JSON.stringify(body)));
	await admin('PUT', { connectLatencyMs: 3_600_000 });
	const events: string[] = [];
	const waitsBefore = sb.network.counters.connectWaits;
	const onNew = get('/health', new https.Agent({ ca })).then(
		() => events.push('new connection answered'),
		() => events.push('new connection closed unanswered'),
	);
	// Until its request has reached the sandbox (after the TLS handshake) and is waiting.
	while (sb.network.counters.connectWaits === waitsBefore) await new Promise((resolve) => setImmediate(resolve));
	await get('/health', keptAlive);
	events.push('kept-alive connection answered');
	expect(events).toEqual(['kept-alive connection answered']);
	await admin('PUT', { connectLatencyMs: 5 });
	keptAlive.destroy();
	// Stopping the sandbox ends the waiting connection; a fresh sandbox serves the rest of the file.
	await sb.stop();
	await onNew;
	expect(events).toEqual(['kept-alive connection answered', 'new connection closed unanswered']);
	sb = await sandbox({ tls: true, connectLatencyMs: 5 });
	ca = readFileSync(sb.caFile!);
});

test('`npm run sandbox -- --tls --connect-latency-ms N` prints its CA file and takes the latency (needs npm run build:sandbox)', async () => {
	const cli = spawn(process.execPath, [join(__dirname, '..', '..', 'dist-sandbox', 'sandbox', 'cli.js'), '--port', '0', '--no-seed', '--tls', '--connect-latency-ms', '7'], { stdio: ['ignore', 'pipe', 'pipe'] });
	try {
		const output = await new Promise<string>((resolve, reject) => {
			let out = '';
			cli.stdout!.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				if (out.includes('Admin endpoint')) resolve(out);
			});
			cli.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
		});
		const url = /listening on (https:\/\/\S+)/.exec(output)![1];
		const caFile = /CA certificate:\s+(\S+)/.exec(output)![1];
		expect(output).toContain(`NODE_EXTRA_CA_CERTS=${caFile}`);
		const answer = await new Promise<string>((resolve, reject) =>
			https.get(`${url}/_sandbox/network`, { ca: readFileSync(caFile) }, (res) => {
				let body = '';
				res.on('data', (chunk: Buffer) => (body += chunk.toString()));
				res.on('end', () => resolve(body));
			}).on('error', reject),
		);
		expect(JSON.parse(answer)).toEqual({ connectLatencyMs: 7 });
	} finally {
		cli.kill('SIGTERM');
	}
});
