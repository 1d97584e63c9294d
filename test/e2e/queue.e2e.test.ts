/**
 * End to end in queue mode (n8n's scale-out): PostgreSQL, Redis, n8n main and two n8n workers, set up by
 * scripts/queue.cjs exactly as `npm start -- --queue` does, with this package installed once and
 * loaded by every process. The offboarding example is imported and run the way a user does it in the
 * editor (the REST calls of *Import* and *Execute workflow*): main creates the execution and puts it on
 * Redis, and a worker takes it and runs it. n8n records which process ran an execution only in its
 * logs (the executions table has no such column), so each process logs JSON to its own file: a worker
 * logs "Worker finished execution N (job J)", and main logs "Execution N (job J) finished" with the
 * reporting worker's ID. Run with `npm run test:e2e` (after `npm run build`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { addUser } from '../../sandbox/backend/users';
import { DEFAULT_KEYS, startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/seed';

// The same helpers `npm start -- --queue` uses.
import * as local from '../../scripts/local-n8n.cjs';
import * as queue from '../../scripts/queue.cjs';

const WORKERS = ['worker-1', 'worker-2'];
let sandbox: Sandbox;
let stack: queue.QueueStack;
let rest: queue.RestSession;
let apiKey: string;
let dataDir: string;
const output: Record<string, string> = {};

interface Execution {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	data?: { resultData: { error?: unknown; runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
}

beforeAll(async () => {
	local.ensureInstalled();
	sandbox = await startSandbox({ seed: true });
	dataDir = mkdtempSync(join(tmpdir(), 'chime-queue-e2e-'));
	local.installPackage(dataDir);
	stack = new queue.QueueStack();
	await stack.start({
		dataDir,
		port: await local.freePort(),
		workers: WORKERS.length,
		fast: true,
		onOutput: (name, chunk) => {
			output[name] = (output[name] ?? '') + chunk.toString();
		},
		beforeStart: (env) => local.importFixtures(env, sandbox.url, DEFAULT_KEYS),
	});
	rest = await queue.restSession(stack.url);
	// The public API, for executions with their data (Settings → n8n API → Create an API key).
	apiKey = (await rest.post<{ rawApiKey: string }>('/api-keys', { label: 'queue e2e', expiresAt: null, scopes: ['execution:read', 'execution:list'] })).rawApiKey;
}, 15 * 60_000);

afterAll(async () => {
	await stack?.stop();
	await sandbox?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const account = () => sandbox.state().accounts[DEMO.accountId];

/** Leavers in the sandbox, registered; every third has a number of their own. */
function seedLeavers(prefix: string, count: number, firstNumber: number): string[] {
	const emails: string[] = [];
	for (let i = 0; i < count; i++) {
		const email = `${prefix}${i}@example.com`;
		const user = addUser(account(), email, { UserRegistrationStatus: 'Registered' });
		if (i % 3 === 0) {
			const number = `+1415555${String(firstNumber + i).padStart(4, '0')}`;
			sandbox.state().phoneNumbers[number] = { PhoneNumberId: number, E164PhoneNumber: number, ProductType: 'BusinessCalling', Status: 'Assigned', Associations: [] };
			user.user.PrimaryProvisionedNumber = number;
		}
		emails.push(email);
	}
	return emails;
}

/**
 * The offboarding example with its Leavers list replaced (as its note says to), imported into n8n the
 * way the editor's *Import from File* saves it.
 */
async function importOffboarding(name: string, emails: string[]): Promise<string> {
	const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'offboarding.json'), 'utf8'));
	const leavers = example.nodes.find((node: { name: string }) => node.name === 'Leavers');
	leavers.parameters.assignments.assignments[0].value = `=${JSON.stringify(emails)}`;
	const created = await rest.post<{ id: string }>('/workflows', { name, nodes: example.nodes, connections: example.connections, settings: example.settings, pinData: {} });
	return created.id;
}

/** *Execute workflow* in the editor: from its trigger. In queue mode main enqueues it for the workers. */
async function execute(workflowId: string): Promise<string> {
	const started = await rest.post<{ executionId: string }>(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'Every Monday' } });
	expect(started.executionId).toBeDefined();
	return started.executionId;
}

async function execution(id: string): Promise<Execution> {
	const response = await fetch(`${stack.url}/api/v1/executions/${id}?includeData=true`, { headers: { 'X-N8N-API-KEY': apiKey } });
	expect(response.status).toBe(200);
	return (await response.json()) as Execution;
}

async function finished(id: string, seconds = 120): Promise<Execution> {
	let last: Execution | undefined;
	await queue.waitFor(`execution ${id}`, async () => {
		last = await execution(id);
		return !['new', 'running', 'waiting'].includes(last.status);
	}, undefined, seconds);
	return last!;
}

function report(run: Execution): Array<Record<string, unknown>> {
	return run.data!.resultData.runData.Report[0].data.main[0].map((item) => item.json);
}

/** Every leaver logged out once and suspended, and their numbers deleted. */
function expectOffboarded(emails: string[]) {
	const users = new Map(Object.values(account().users).map((u) => [u.user.PrimaryEmail as string, u]));
	for (const email of emails) {
		const user = users.get(email)!;
		expect({ email, status: user.user.UserRegistrationStatus, logouts: user.logouts }).toEqual({ email, status: 'Suspended', logouts: 1 });
		const number = user.user.PrimaryProvisionedNumber as string | undefined;
		if (number) expect(sandbox.state().phoneNumbers[number].Status).toBe('DeleteInProgress');
	}
}

test('500 leavers: the offboarding example runs on a worker, not on main, and every leaver ends suspended', async () => {
	const emails = seedLeavers('leaver', 500, 1000);
	sandbox.faults.resetCounters();
	const workflowId = await importOffboarding('Offboarding: 500 leavers', emails);
	const started = Date.now();
	const id = await execute(workflowId);
	const run = await finished(id);
	console.log(`queue e2e: 500 leavers offboarded in ${((Date.now() - started) / 1000).toFixed(1)} s (run from the editor to done)`);

	expect({ status: run.status, mode: run.mode, error: run.data?.resultData.error }).toEqual({ status: 'success', mode: 'manual', error: undefined });
	const rows = report(run);
	expect(rows).toHaveLength(500);
	expect(rows.filter((row) => row.result === 'done')).toHaveLength(500);
	expectOffboarded(emails);
	// 500 suspensions, 50 to a call.
	expect(sandbox.faults.report().byAction.BatchSuspendUser.calls).toBe(10);

	// Which process ran it: exactly one worker says it finished it, and main says a worker reported it.
	const ranBy = (await queue.whoRan(stack.logs, WORKERS, [id]))[id];
	expect(ranBy).toBeDefined();
	expect(ranBy.workers).toHaveLength(1);
	expect(WORKERS).toContain(ranBy.workers[0]);
	expect(ranBy.reportedWorkerId).toMatch(/^worker-/);
	expect(ranBy.success).toBe(true);
	expect(output[ranBy.workers[0]]).toContain(`Worker started execution ${id} `);
	expect(output.main).not.toContain(`Worker started execution ${id} `);
}, 5 * 60_000);

test('runs started together are spread over both workers, each run by one', async () => {
	const batches = [0, 1, 2, 3].map((k) => seedLeavers(`spread${k}-`, 100, 2000 + 100 * k));
	const workflowIds = await Promise.all(batches.map((emails, k) => importOffboarding(`Offboarding: batch ${k + 1}`, emails)));
	const ids = await Promise.all(workflowIds.map(execute));
	const runs = await Promise.all(ids.map((id) => finished(id)));

	expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success', 'success']);
	expect(runs.map((run) => report(run).filter((row) => row.result === 'done').length)).toEqual([100, 100, 100, 100]);
	expectOffboarded(batches.flat());
	const ranBy = await queue.whoRan(stack.logs, WORKERS, ids);
	const workers = ids.map((id) => ranBy[id]?.workers);
	for (const ran of workers) expect(ran).toHaveLength(1);
	// Redis hands each new job to the worker that has waited longest: both take part.
	expect(new Set(workers.flat())).toEqual(new Set(WORKERS));
}, 5 * 60_000);

test('every process loaded the package; stopping ends every process, task runners included', async () => {
	const all = Object.values(output).join('\n');
	expect(all).not.toMatch(/Failed to load package|Skipping package|Error loading package|Unknown node type/i);
	expect(existsSync(join(stack.logs, 'main.log'))).toBe(true);
	const pids = stack.pids();
	// main, 2 workers, Redis, PostgreSQL, and at least a task runner per n8n process.
	expect(pids.length).toBeGreaterThanOrEqual(8);
	await stack.stop();
	// A process is left if it still runs: a zombie waiting for its reaper has ended.
	const running = (pid: number) => existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	const left = pids.filter(running);
	expect(left).toEqual([]);
	await expect(fetch(`${stack.url}/healthz`)).rejects.toThrow();
}, 60_000);
