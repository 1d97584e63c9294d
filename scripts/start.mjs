#!/usr/bin/env node
// `npm start`: the Chime sandbox with demo data and a real n8n with this package, the demo credential
// and the example workflows, on 127.0.0.1. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import local from './local-n8n.cjs';

const { ensureInstalled, exampleIds, freePort, importFixtures, LOCAL, linkPackage, log, n8nEnv, OWNER, ROOT, startN8nServer, waitUntilReady } = local;

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '5678' },
		'sandbox-port': { type: 'string', default: '4599' },
		data: { type: 'string', default: join(LOCAL, 'data') },
	},
});

const started = Date.now();
const children = [];
let stopping = false;
/** Stops n8n and the sandbox and waits for them: n8n shuts down gracefully, or is killed after 15 s. */
async function stop(code = 0) {
	if (stopping) return;
	stopping = true;
	await Promise.all(
		children
			.filter((child) => child.exitCode === null && child.signalCode === null)
			.map(
				(child) =>
					new Promise((resolve) => {
						const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
						child.once('exit', () => {
							clearTimeout(kill);
							resolve();
						});
						child.kill('SIGTERM');
					}),
			),
	);
	process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

try {
	if (!existsSync(join(ROOT, 'dist', 'nodes'))) {
		log('Building the package…');
		const build = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
		await new Promise((resolve, reject) => build.on('exit', (c) => (c === 0 ? resolve() : reject(new Error('build failed')))));
	}
	ensureInstalled();
	const dataDir = values.data;
	mkdirSync(dataDir, { recursive: true });
	linkPackage(dataDir);

	// The sandbox keeps its state next to n8n's, so workflows and Chime data survive restarts together.
	const sandboxUrl = `http://127.0.0.1:${values['sandbox-port']}`;
	const sandbox = spawn(process.execPath, [join(ROOT, 'dist', 'sandbox', 'cli.js'), '--port', values['sandbox-port'], '--data', join(dataDir, 'sandbox.json')], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	children.push(sandbox);
	await new Promise((resolve, reject) => {
		sandbox.stdout.on('data', (chunk) => chunk.toString().includes('Admin endpoint') && resolve());
		sandbox.on('exit', (code) => reject(new Error(`the sandbox exited (${code}): is port ${values['sandbox-port']} free?`)));
	});
	log(`Chime sandbox on ${sandboxUrl} (demo data: account Example Corp).`);

	const env = n8nEnv({ port: Number(values.port), dataDir, brokerPort: await freePort() });
	log('Importing the sandbox credential and the example workflows…');
	await importFixtures(env, sandboxUrl, { accessKeyId: 'AKIASANDBOXCHIME0001', secretAccessKey: 'sandbox/secret/access/key/0000000000000' });

	log('Starting n8n…');
	const url = `http://127.0.0.1:${values.port}`;
	const n8n = startN8nServer({ ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	children.push(n8n);
	n8n.on('exit', (code) => {
		if (stopping) return;
		log(`n8n exited (${code}): is port ${values.port} free?`);
		stop(code ?? 1);
	});
	await waitUntilReady(url, n8n);
	const [onboarding] = exampleIds();
	console.log(`
  n8n is ready (${Math.round((Date.now() - started) / 1000)} s): ${url}
  Sign in as ${OWNER.email} / ${OWNER.password}
  The onboarding example: ${url}/workflow/${onboarding}
  The Chime sandbox: ${sandboxUrl} (admin: ${sandboxUrl}/_sandbox/state)
  Ctrl-C stops both.
`);
} catch (error) {
	console.error(`npm start failed: ${error.message}`);
	await stop(1);
}
