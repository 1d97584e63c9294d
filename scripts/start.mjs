#!/usr/bin/env node
// `npm start`: the Chime sandbox with demo data and a real n8n with this package, the demo credential
// and the example workflows, on 127.0.0.1. Ctrl-C stops both. `npm start -- --queue [--workers N]`:
// n8n in queue mode instead (PostgreSQL, Redis, n8n main and N workers; scripts/queue.cjs).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import local from './local-n8n.cjs';
import queue from './queue.cjs';

const { ensureInstalled, exampleIds, freePort, importFixtures, LOCAL, installPackage, log, n8nEnv, OWNER, publishWebhookExamples, ROOT, startN8nServer, stopChild, waitUntilReady, webhookExamples } = local;

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '5678' },
		'sandbox-port': { type: 'string', default: '4599' },
		data: { type: 'string', default: join(LOCAL, 'data') },
		// Queue mode (scale-out): PostgreSQL, Redis, n8n main and workers; see scripts/queue.cjs.
		queue: { type: 'boolean', default: false },
		workers: { type: 'string', default: '2' },
		concurrency: { type: 'string', default: '10' },
	},
});
const workerCount = Number(values.workers);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(workerCount) || workerCount < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
	console.error('npm start: --workers and --concurrency take a whole number from 1 up.');
	process.exit(2);
}

const started = Date.now();
const children = [];
/** Queue mode's processes (n8n main and workers, Redis, PostgreSQL), stopped in their order. */
const stack = new queue.QueueStack();
/** The last lines each queue-mode process printed, shown when one fails. */
const tails = {};
let stopping = false;
/** Stops n8n and the sandbox and waits for them: n8n shuts down gracefully, or is killed after 15 s. */
async function stop(code = 0) {
	if (stopping) return;
	stopping = true;
	await Promise.all([
		stack.stop(),
		...children.map((child) => stopChild(child)),
	]);
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
	installPackage(dataDir);

	// The sandbox is built apart from the package (dist-sandbox/), as it is not published.
	if (!existsSync(join(ROOT, 'dist-sandbox', 'sandbox', 'cli.js'))) {
		log('Building the sandbox…');
		const build = spawn('npm', ['run', 'build:sandbox'], { cwd: ROOT, stdio: 'inherit' });
		await new Promise((resolve, reject) => build.on('exit', (c) => (c === 0 ? resolve() : reject(new Error('sandbox build failed')))));
	}
	// The sandbox keeps its state next to n8n's, so workflows and Chime data survive restarts together.
	const sandboxUrl = `http://127.0.0.1:${values['sandbox-port']}`;
	const sandbox = spawn(process.execPath, [join(ROOT, 'dist-sandbox', 'sandbox', 'cli.js'), '--port', values['sandbox-port'], '--data', join(dataDir, 'sandbox.json')], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	children.push(sandbox);
	await new Promise((resolve, reject) => {
		sandbox.stdout.on('data', (chunk) => chunk.toString().includes('Admin endpoint') && resolve());
		sandbox.on('exit', (code) => reject(new Error(`the sandbox exited (${code}): is port ${values['sandbox-port']} free?`)));
	});
	log(`Chime sandbox on ${sandboxUrl} (demo data: account Example Corp).`);

	const keys = { accessKeyId: 'AKIASANDBOXCHIME0001', secretAccessKey: 'sandbox/secret/access/key/0000000000000' };
	const url = `http://127.0.0.1:${values.port}`;
	let mode = '';
	if (values.queue) {
		log(`Queue mode: starting PostgreSQL, Redis, n8n main and ${workerCount} worker${workerCount === 1 ? '' : 's'} (concurrency ${concurrency} each)…`);
		await stack.start({
			dataDir,
			port: Number(values.port),
			workers: workerCount,
			concurrency,
			onOutput: (name, chunk) => (tails[name] = ((tails[name] ?? '') + chunk).slice(-3000)),
			beforeStart: async (env) => {
				log(`PostgreSQL on 127.0.0.1:${stack.postgres.port}, Redis on 127.0.0.1:${stack.redis.port}. Importing the sandbox credential and the example workflows…`);
				await importFixtures(env, sandboxUrl, keys);
				await publishWebhookExamples(env);
				log('Starting n8n main and the workers…');
			},
		});
		for (const [name, child] of [['n8n main', stack.main], ...stack.workers.map((w) => [`n8n ${w.name}`, w.child]), ['Redis', stack.redis.child], ['PostgreSQL', stack.postgres.child]]) {
			child.on('exit', (code, signal) => {
				if (stopping) return;
				log(`${name} exited (${code ?? signal}); its logs: ${stack.logs}`);
				stop(code || 1);
			});
		}
		mode = `
  Queue mode: main enqueues every execution (manual ones too) on Redis 127.0.0.1:${stack.redis.port}; ${workerCount === 1 ? 'one worker runs' : `${workerCount} workers run`} them
  (${stack.workers.map((w) => `${w.name}: health http://127.0.0.1:${w.healthPort}/healthz`).join(', ')}).
  PostgreSQL 127.0.0.1:${stack.postgres.port} (data: ${stack.postgres.data}); logs, one JSON file per process: ${stack.logs}`;
	} else {
		const env = n8nEnv({ port: Number(values.port), dataDir, brokerPort: await freePort() });
		log('Importing the sandbox credential and the example workflows…');
		await importFixtures(env, sandboxUrl, keys);
		// Onboarding starts from a Webhook: published now, its URL answers once n8n is up.
		await publishWebhookExamples(env);

		log('Starting n8n…');
		const n8n = startN8nServer({ ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		children.push(n8n);
		n8n.on('exit', (code) => {
			if (stopping) return;
			log(`n8n exited (${code}): is port ${values.port} free?`);
			stop(code ?? 1);
		});
		await waitUntilReady(url, n8n);
	}
	const [onboarding] = exampleIds();
	console.log(`
  n8n is ready (${Math.round((Date.now() - started) / 1000)} s): ${url}
  Sign in as ${OWNER.email} / ${OWNER.password}
  The onboarding example: ${url}/workflow/${onboarding}
${webhookExamples().map((hook) => `  ${hook.name}, active: ${hook.method} ${url}${hook.path}\n`).join('')}  The Chime sandbox: ${sandboxUrl} (admin: ${sandboxUrl}/_sandbox/state)${mode}
  Ctrl-C stops ${values.queue ? 'everything' : 'both'}.
`);
} catch (error) {
	// Ctrl-C while starting makes the start fail too: that is no failure to report.
	if (!stopping) {
		console.error(`npm start failed: ${error.message}`);
		for (const [name, tail] of Object.entries(tails)) if (name !== 'postgres' && name !== 'redis') console.error(`--- the last output of ${name}:\n${tail.split('\n').slice(-15).join('\n')}`);
	}
	await stop(1);
}
