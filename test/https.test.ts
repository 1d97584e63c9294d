/**
 * The nodes over HTTPS, as users reach Chime: n8n's engine in a process that trusts the sandbox's CA
 * the way a user's n8n trusts a corporate CA (NODE_EXTRA_CA_CERTS, read only at process start), with a
 * connect latency on every new connection. A process that does not trust it is refused.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

import { DEMO, sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

let sb: Sandbox;
beforeAll(async () => {
	sb = await sandbox({ tls: true, connectLatencyMs: 1 });
});
afterAll(() => sb.stop());

interface ChildResult {
	output: Array<Record<string, unknown>>;
	error?: string;
}

/** Runs node jobs through n8n's engine in a child process (test/harness/node-child.ts). */
function runInChild(jobs: unknown[], env: NodeJS.ProcessEnv): Promise<ChildResult[]> {
	const rest = { ...process.env };
	delete rest.NODE_EXTRA_CA_CERTS;
	const args = ['-r', join(__dirname, 'harness', 'ts-require.js'), join(__dirname, 'harness', 'node-child.ts'), JSON.stringify(jobs), JSON.stringify(sandboxCredential(sb))];
	return new Promise((resolve, reject) =>
		execFile(process.execPath, args, { env: { ...rest, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			const line = stdout.split('\n').find((l) => l.startsWith('RESULTS '));
			if (error || !line) return reject(new Error(`the child failed: ${stderr || stdout}`));
			resolve(JSON.parse(line.slice('RESULTS '.length)) as ChildResult[]);
		}),
	);
}

const account = { __rl: true, mode: 'id', value: DEMO.accountId };
const getByEmail = {
	type: 'amazonChimeUser',
	parameters: { resource: 'user', operation: 'get', accountId: account, userId: { __rl: true, mode: 'email', value: '={{ $json.email }}' } },
	input: [{ email: 'alice@example.com' }],
};
const suspendBob = {
	type: 'amazonChimeUser',
	parameters: { resource: 'user', operation: 'suspend', accountId: account, userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
	input: [{ id: DEMO.users.bob }],
};

test('a Chime node run by n8n reaches the sandbox over HTTPS when n8n trusts its CA', async () => {
	expect(sb.url).toMatch(/^https:/);
	sb.network.resetCounters();
	const [found, suspended] = await runInChild([getByEmail, suspendBob], { NODE_EXTRA_CA_CERTS: sb.caFile });
	expect(found.error).toBeUndefined();
	expect(found.output).toEqual([expect.objectContaining({ UserId: DEMO.users.alice, PrimaryEmail: 'alice@example.com' })]);
	expect(suspended.error).toBeUndefined();
	expect(suspended.output).toEqual([expect.objectContaining({ success: true })]);
	expect(sb.state().accounts[DEMO.accountId].users[DEMO.users.bob].user.UserRegistrationStatus).toBe('Suspended');
	// n8n's request helper opens a connection for every request, so each paid the connect latency.
	const { connections, requests, connectWaits } = sb.network.counters;
	expect(requests).toBeGreaterThanOrEqual(2);
	expect(connectWaits).toBe(requests);
	expect(connections).toBe(requests);
});

test('n8n without the CA is refused, and nothing changes', async () => {
	sb.network.resetCounters();
	const before = sb.state().accounts[DEMO.accountId].users[DEMO.users.carol].user.UserRegistrationStatus;
	const suspendCarol = { ...suspendBob, input: [{ id: DEMO.users.carol }] };
	const [result] = await runInChild([suspendCarol], {});
	expect(result.error).toMatch(/certificate/i);
	expect(sb.state().accounts[DEMO.accountId].users[DEMO.users.carol].user.UserRegistrationStatus).toBe(before);
	expect(sb.network.counters.requests).toBe(0);
});
