#!/usr/bin/env node
/**
 * `npm run bench:queue`: throughput of n8n in queue mode with this package, one worker against two.
 * For each worker count, a fresh queue-mode set-up (scripts/queue.cjs, as `npm start -- --queue`:
 * PostgreSQL, Redis, n8n main, the workers at n8n's default concurrency of 10) and the sandbox with
 * 25 ms of latency on every call, as Chime is remote. 20 copies of the offboarding example, each with
 * its own 200 leavers (a third with a number), are started together from the REST API as the editor's
 * *Execute workflow* does; the wall time runs from the first start to the last execution's stop. Every
 * leaver must end suspended, or the run fails. Prints the table and writes benchmarks/queue-results.json.
 *
 * Options: --workers 1,2  --runs 20  --leavers 200  --concurrency 10  --latency-ms 25  --repeat 1
 * (--repeat N measures the worker counts in turn N times and shows the median of each).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const local = require('../scripts/local-n8n.cjs');
const queue = require('../scripts/queue.cjs');
// The sandbox as `npm run build:sandbox` compiles it (bench:queue builds it first).
const { DEFAULT_KEYS, startSandbox } = require('../dist-sandbox/sandbox/server.js');
const { addUser } = require('../dist-sandbox/sandbox/backend/users.js');
const { DEMO } = require('../dist-sandbox/sandbox/seed.js');

const { values } = parseArgs({
	options: {
		workers: { type: 'string', default: '1,2' },
		runs: { type: 'string', default: '20' },
		leavers: { type: 'string', default: '200' },
		concurrency: { type: 'string', default: '10' },
		'latency-ms': { type: 'string', default: '25' },
		repeat: { type: 'string', default: '1' },
	},
});
const WORKER_COUNTS = values.workers.split(',').map(Number);
const RUNS = Number(values.runs);
const LEAVERS = Number(values.leavers);
const CONCURRENCY = Number(values.concurrency);
const LATENCY_MS = Number(values['latency-ms']);
const REPEAT = Number(values.repeat);

const example = JSON.parse(readFileSync(join(ROOT, 'examples', 'offboarding.json'), 'utf8'));

/** The offboarding example with its Leavers list replaced, as its note says to. */
function offboarding(name, emails) {
	const nodes = structuredClone(example.nodes);
	nodes.find((node) => node.name === 'Leavers').parameters.assignments.assignments[0].value = `=${JSON.stringify(emails)}`;
	return { name, nodes, connections: example.connections, settings: example.settings, pinData: {} };
}

/** Leavers in the sandbox: registered, every third with a number. */
function seedLeavers(sandbox, run) {
	const account = sandbox.state().accounts[DEMO.accountId];
	const emails = [];
	for (let i = 0; i < LEAVERS; i++) {
		const email = `run${run}-leaver${i}@example.com`;
		const user = addUser(account, email, { UserRegistrationStatus: 'Registered' });
		if (i % 3 === 0) {
			const number = `+1${String(2_000_000_000 + run * 10_000 + i)}`;
			sandbox.state().phoneNumbers[number] = { PhoneNumberId: number, E164PhoneNumber: number, ProductType: 'BusinessCalling', Status: 'Assigned', Associations: [] };
			user.user.PrimaryProvisionedNumber = number;
		}
		emails.push(email);
	}
	return emails;
}

async function measure(workers) {
	const sandbox = await startSandbox({ seed: true });
	const dataDir = mkdtempSync(join(tmpdir(), 'chime-bench-queue-'));
	const stack = new queue.QueueStack();
	try {
		local.installPackage(dataDir);
		local.log(`${workers} worker${workers === 1 ? '' : 's'}: starting PostgreSQL, Redis, n8n main and the workers…`);
		await stack.start({ dataDir, port: await local.freePort(), workers, concurrency: CONCURRENCY, fast: true, beforeStart: (env) => local.importFixtures(env, sandbox.url, DEFAULT_KEYS) });
		const rest = await queue.restSession(stack.url);
		const apiKey = (await rest.post('/api-keys', { label: 'bench', expiresAt: null, scopes: ['execution:read', 'execution:list'] })).rawApiKey;
		const api = async (path) => (await fetch(`${stack.url}/api/v1${path}`, { headers: { 'X-N8N-API-KEY': apiKey } })).json();
		/** Polls the execution list once a second (not each execution: main's CPU is shared with the workers). */
		const waitAll = async (ids) => {
			const deadline = Date.now() + 15 * 60_000;
			for (;;) {
				const { data } = await api('/executions?limit=250');
				const runs = ids.map((id) => data.find((run) => run.id === id));
				if (runs.every((run) => run && !['new', 'running', 'waiting'].includes(run.status))) return runs;
				if (Date.now() > deadline) throw new Error('the executions did not finish within 15 minutes');
				await new Promise((resolve) => setTimeout(resolve, 1000));
			}
		};
		const runFrom = (id) => rest.post(`/workflows/${id}/run`, { triggerToStartFrom: { name: 'Every Monday' } }).then((r) => r.executionId);

		// Warm up every worker (loading nodes, first expressions) with the example as shipped: 3 leavers.
		await waitAll(await Promise.all(Array.from({ length: 2 * workers }, () => runFrom(example.id))));

		const leavers = Array.from({ length: RUNS }, (_, run) => seedLeavers(sandbox, run));
		const workflowIds = [];
		for (const [run, emails] of leavers.entries()) workflowIds.push((await rest.post('/workflows', offboarding(`Offboarding bench ${run + 1}`, emails))).id);
		sandbox.faults.set({ latencyMs: LATENCY_MS });
		sandbox.faults.resetCounters();

		local.log(`${workers} worker${workers === 1 ? '' : 's'}: ${RUNS} executions of ${LEAVERS} leavers…`);
		const started = Date.now();
		const ids = await Promise.all(workflowIds.map(runFrom));
		const runs = await waitAll(ids);
		const wall = (Math.max(...runs.map((run) => Date.parse(run.stoppedAt))) - started) / 1000;

		const failed = runs.filter((run) => run.status !== 'success');
		if (failed.length) throw new Error(`${failed.length} executions did not succeed: ${failed.map((run) => `${run.id} ${run.status}`).join(', ')}`);
		const users = new Map(Object.values(sandbox.state().accounts[DEMO.accountId].users).map((u) => [u.user.PrimaryEmail, u.user]));
		const notSuspended = leavers.flat().filter((email) => users.get(email)?.UserRegistrationStatus !== 'Suspended');
		if (notSuspended.length) throw new Error(`${notSuspended.length} leavers are not suspended, e.g. ${notSuspended[0]}`);

		const ranBy = await queue.whoRan(stack.logs, stack.workers.map((w) => w.name), ids);
		const perWorker = stack.workers.map((w) => ids.filter((id) => ranBy[id]?.workers.includes(w.name)).length);
		if (perWorker.reduce((a, b) => a + b, 0) !== RUNS) throw new Error(`the worker logs account for ${perWorker.join(' + ')} of ${RUNS} executions`);
		const calls = Object.values(sandbox.faults.report().byAction).reduce((sum, action) => sum + action.calls, 0);
		const load = Number(loadavg()[0].toFixed(2));
		local.log(`${workers} worker${workers === 1 ? '' : 's'}: ${wall.toFixed(1)} s (load average ${load})`);
		return { workers, concurrency: CONCURRENCY, runs: RUNS, leavers: RUNS * LEAVERS, wall_s: Number(wall.toFixed(2)), calls, perWorker, load };
	} finally {
		await stack.stop();
		await sandbox.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

local.ensureInstalled();
const rounds = [];
for (let round = 0; round < REPEAT; round++) for (const workers of WORKER_COUNTS) rounds.push(await measure(workers));
/** Per worker count, the round with the median wall time. */
const results = WORKER_COUNTS.map((workers) => {
	const mine = rounds.filter((r) => r.workers === workers).sort((a, b) => a.wall_s - b.wall_s);
	return mine[Math.floor((mine.length - 1) / 2)];
});

const base = results[0].wall_s;
const rows = results.map((r) => [
	`${r.workers}`,
	`${r.wall_s.toFixed(1)} s`,
	`${((r.runs / r.wall_s) * 60).toFixed(1)}`,
	`${Math.round(r.leavers / r.wall_s)}`,
	`${(base / r.wall_s).toFixed(2)}×`,
	r.perWorker.join(' / '),
	`${r.load}`,
]);
const header = ['Workers', `Wall time (${RUNS} × ${LEAVERS} leavers)`, 'Executions/min', 'Leavers/s', 'Speed-up', 'Executions per worker', 'Load average'];
const median = REPEAT > 1 ? `, median of ${REPEAT} rounds (all: ${WORKER_COUNTS.map((w) => `${w}: ${rounds.filter((r) => r.workers === w).map((r) => `${r.wall_s.toFixed(1)} s`).join(', ')}`).join('; ')})` : '';
console.log(`\nQueue mode, ${RUNS} offboarding executions of ${LEAVERS} leavers each, ${LATENCY_MS} ms per Chime call, worker concurrency ${CONCURRENCY}, ${cpus().length} cores${median}:\n`);
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}`);
writeFileSync(join(ROOT, 'benchmarks', 'queue-results.json'), `${JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, latencyMs: LATENCY_MS, results, rounds }, null, 2)}\n`);
