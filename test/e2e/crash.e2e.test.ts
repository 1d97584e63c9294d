/**
 * End to end, issue 17 point 7: n8n itself dies. Queue mode as `npm start -- --queue` sets it up
 * (PostgreSQL, Redis, n8n main, two workers; scripts/queue.cjs), and processes ended with SIGKILL, as
 * a crash or an out-of-memory kill ends them: no shutdown, nothing saved on the way out.
 *
 * - A worker killed in the middle of offboarding 500 leavers: what n8n shows, what is left in Chime,
 *   and that running the workflow again (README, "After a crash") leaves everyone suspended, each
 *   suspended once, none missed.
 * - A worker killed while onboarding waits for its phone number order: posting the hire again neither
 *   invites them again nor orders a second number; it stops while the order is Processing, and once
 *   the order has ended it finishes with that number.
 * - n8n main killed between two polls of the Amazon Chime Trigger: after the restart every new user is
 *   emitted once, none repeated, none lost.
 *
 * Kills are timed by what the sandbox has seen (its onRequest hook and state), never by sleeps.
 * Run with `npm run test:e2e` (after `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { addUser } from '../../sandbox/backend/users';
import { DEFAULT_KEYS, startSandbox, type Sandbox, type SeenRequest } from '../../sandbox/server';
import { DEMO } from '../../sandbox/seed';

import * as local from '../../scripts/local-n8n.cjs';
import * as queue from '../../scripts/queue.cjs';

const WORKERS = ['worker-1', 'worker-2'];
/**
 * How soon a dead worker's execution is noticed: a job whose lock is not renewed for this long is
 * "stalled" (n8n's default lock is 60 s, checked every 30 s). Shorter here so the test does not wait
 * minutes; n8n then waits 30 s more for a late result before it gives the execution up.
 */
const STALL_ENV = { QUEUE_WORKER_LOCK_DURATION: '20000', QUEUE_WORKER_LOCK_RENEW_TIME: '5000', QUEUE_WORKER_STALLED_INTERVAL: '5000' };

let sandbox: Sandbox;
let stack: queue.QueueStack;
let rest: queue.RestSession;
let apiKey: string;
let dataDir: string;
const output: Record<string, string> = {};
/** What each test wants to do when the sandbox sees a request. */
let onRequest: (request: SeenRequest) => void = () => {};
const seen: SeenRequest[] = [];

interface Execution {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	workflowId: string;
	data?: { resultData: { error?: { message?: string }; runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
}

beforeAll(async () => {
	local.ensureInstalled();
	sandbox = await startSandbox({
		seed: true,
		onRequest: (request) => {
			seen.push(request);
			onRequest(request);
		},
	});
	dataDir = mkdtempSync(join(tmpdir(), 'chime-crash-e2e-'));
	local.installPackage(dataDir);
	stack = new queue.QueueStack();
	await stack.start({
		dataDir,
		port: await local.freePort(),
		workers: WORKERS.length,
		fast: true,
		env: STALL_ENV,
		// On a machine shared with other jobs n8n may take minutes to start.
		readySeconds: 600,
		onOutput: (name, chunk) => {
			output[name] = (output[name] ?? '') + chunk.toString();
		},
		beforeStart: async (env) => {
			await local.importFixtures(env, sandbox.url, DEFAULT_KEYS);
			// The onboarding example answers its webhook from the start, as `npm start -- --queue` has it.
			await local.publishWebhookExamples(env);
		},
	});
	rest = await queue.restSession(stack.url);
	apiKey = (await rest.post<{ rawApiKey: string }>('/api-keys', { label: 'crash e2e', expiresAt: null, scopes: ['execution:read', 'execution:list'] })).rawApiKey;
}, 15 * 60_000);

afterAll(async () => {
	await stack?.stop();
	await sandbox?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

const account = () => sandbox.state().accounts[DEMO.accountId];
const userByEmail = (email: string) => Object.values(account().users).find((u) => u.user.PrimaryEmail === email);
const count = (action: string) => seen.filter((r) => r.action === action).length;

async function api<T>(path: string): Promise<T> {
	const response = await fetch(`${stack.url}/api/v1${path}`, { headers: { 'X-N8N-API-KEY': apiKey } });
	if (!response.ok) throw new Error(`GET /api/v1${path}: ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

const execution = (id: string) => api<Execution>(`/executions/${id}?includeData=true`);
const executionsOf = async (workflowId: string) => (await api<{ data: Execution[] }>(`/executions?workflowId=${workflowId}&includeData=true&limit=100`)).data;
const ended = (e: Execution) => !['new', 'running', 'waiting'].includes(e.status);

async function finished(id: string, seconds = 180): Promise<Execution> {
	let last: Execution | undefined;
	await queue.waitFor(`execution ${id} to end`, async () => ended((last = await execution(id))), undefined, seconds);
	return last!;
}

/** Waits until `check` holds (polling the sandbox or n8n), failing with `what` and n8n's last output. */
async function until(what: string, check: () => boolean | Promise<boolean>, seconds = 120): Promise<void> {
	await queue.waitFor(what, async () => Boolean(await check()), undefined, seconds).catch((error: Error) => {
		const tail = (name: string) => (output[name] ?? '').split('\n').slice(-15).join('\n');
		throw new Error(`${error.message}\n--- main:\n${tail('main')}\n--- workers:\n${WORKERS.map(tail).join('\n')}`);
	});
}

/** A workflow's static data as n8n saved it in PostgreSQL: what a restarted main starts from. */
function savedStaticData(workflowId: string): string {
	const pg = stack.postgres!;
	const psql = spawnSync(join(queue.postgresBinDir()!, 'psql'), ['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', pg.database, '-tAc', `SELECT "staticData" FROM workflow_entity WHERE id = '${workflowId}'`], {
		env: { PATH: process.env.PATH, PGPASSWORD: pg.password },
		encoding: 'utf8',
	});
	if (psql.status !== 0) throw new Error(`psql failed: ${psql.stderr}`);
	return psql.stdout.trim();
}

/** The worker whose log says it started the execution: the one a crash of its own would take down. */
function runningWorker(id: string): string {
	const name = WORKERS.find((w) => output[w]?.includes(`Worker started execution ${id} `));
	if (!name) throw new Error(`No worker says it started execution ${id}`);
	return name;
}

describe('a queue-mode worker killed (SIGKILL) in the middle of an offboarding of 500', () => {
	const emails: string[] = [];
	let workflowId: string;
	let crashed: Execution;

	test('n8n marks the execution as failed: the worker that ran it never finished it', async () => {
		for (let i = 0; i < 500; i++) {
			const email = `crash-leaver${i}@example.com`;
			const user = addUser(account(), email, { UserRegistrationStatus: 'Registered' });
			if (i % 3 === 0) {
				const number = `+1415555${String(3000 + i).padStart(4, '0')}`;
				sandbox.state().phoneNumbers[number] = { PhoneNumberId: number, E164PhoneNumber: number, ProductType: 'BusinessCalling', Status: 'Assigned', Associations: [] };
				user.user.PrimaryProvisionedNumber = number;
			}
			emails.push(email);
		}
		const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'offboarding.json'), 'utf8'));
		example.nodes.find((node: { name: string }) => node.name === 'Leavers').parameters.assignments.assignments[0].value = `=${JSON.stringify(emails)}`;
		workflowId = (await rest.post<{ id: string }>('/workflows', { name: 'Offboarding: 500 leavers, killed', nodes: example.nodes, connections: example.connections, settings: example.settings, pinData: {} })).id;

		// Killed once Chime has seen 150 of the 500 log-outs: the worker is in the middle of the leavers.
		let id = '';
		let killed: { worker: string; done: Promise<void> } | undefined;
		let logouts = 0;
		onRequest = (request) => {
			if (request.action !== 'LogoutUser' || killed || ++logouts < 150) return;
			const worker = runningWorker(id);
			killed = { worker, done: stack.kill(worker) };
		};
		id = (await rest.post<{ executionId: string }>(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'Every Monday' } })).executionId;
		await until('150 log-outs and the kill', () => killed !== undefined);
		onRequest = () => {};
		await killed!.done;
		const restarted = stack.restart(killed!.worker);

		// Main gives the execution up once Redis says its job stalled; until then it shows as running.
		crashed = await finished(id, 240);
		console.log(`crash e2e: worker ${killed!.worker} killed; execution ${id} ended ${crashed.status}: ${crashed.data?.resultData.error?.message}`);
		expect(crashed.finished).toBe(false);
		expect(['crashed', 'error']).toContain(crashed.status);

		// What it left: some leavers logged out, nobody suspended yet (suspending comes after every log-out).
		const loggedOut = emails.filter((email) => userByEmail(email)!.logouts > 0).length;
		expect(loggedOut).toBeGreaterThanOrEqual(150);
		expect(loggedOut).toBeLessThan(500);
		expect(count('BatchSuspendUser')).toBe(0);
		await restarted;
	}, 10 * 60_000);

	test('run again as the README says: everyone ends suspended, each suspended once, none missed, every number released', async () => {
		expect(crashed).toBeDefined();
		const suspendsBefore = count('BatchSuspendUser');
		const again = await finished((await rest.post<{ executionId: string }>(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'Every Monday' } })).executionId);
		expect({ status: again.status, error: again.data?.resultData.error }).toEqual({ status: 'success', error: undefined });
		const report = again.data!.resultData.runData.Report[0].data.main[0].map((item) => item.json);
		expect(report).toHaveLength(500);
		expect(report.filter((row) => row.result === 'done')).toHaveLength(500);

		// Each leaver was in exactly one suspension request, over both runs: 10 batches of 50.
		const suspended = new Map<string, number>();
		for (const request of seen.filter((r) => r.action === 'BatchSuspendUser')) {
			for (const userId of (request.body as { UserIdList: string[] }).UserIdList) suspended.set(userId, (suspended.get(userId) ?? 0) + 1);
		}
		expect(count('BatchSuspendUser') - suspendsBefore).toBe(10);
		for (const email of emails) {
			const user = userByEmail(email)!;
			expect({ email, status: user.user.UserRegistrationStatus, suspensions: suspended.get(user.user.UserId as string) }).toEqual({ email, status: 'Suspended', suspensions: 1 });
			expect(user.logouts).toBeGreaterThanOrEqual(1);
			expect(user.user.PrimaryProvisionedNumber).toBeUndefined();
		}
		const numbers = Object.values(sandbox.state().phoneNumbers).filter((n) => String(n.PhoneNumberId).startsWith('+14155553'));
		expect(numbers).toHaveLength(167);
		expect(numbers.every((n) => n.Status === 'DeleteInProgress')).toBe(true);
	}, 5 * 60_000);
});

describe('a queue-mode worker killed while onboarding waits for its number order', () => {
	const ERIK = { name: 'Erik Example', email: 'erik@example.com', department: 'Engineering', areaCode: '312' };
	const hookUrl = () => `${stack.url}/webhook/chime-new-hire`;
	const ordersOf312 = () => Object.values(sandbox.state().orders).filter((o) => (o.order.OrderedPhoneNumbers as Array<{ E164PhoneNumber: string }>).some((n) => n.E164PhoneNumber.startsWith('+1312')));

	/** The onboarding executions as the editor's Executions list has them, running ones included (the public API leaves those out). */
	const onboardingRuns = async () =>
		(await rest.get<{ results: Array<{ id: string }> }>(`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'chimeOnboarding1' }))}&limit=50`)).results.map((e) => e.id);

	/** The HR system posting the hire, and the execution it started. */
	async function postHire(): Promise<string> {
		const before = new Set(await onboardingRuns());
		// Until main has activated the workflow (just after it is ready), its URL answers 404.
		let status = 0;
		await until('the webhook to answer', async () => {
			status = (await fetch(hookUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ERIK) })).status;
			return status !== 404;
		});
		expect(status).toBe(200);
		let id: string | undefined;
		await until('the onboarding execution to show', async () => {
			id = (await onboardingRuns()).find((e) => !before.has(e));
			return id !== undefined;
		});
		return id!;
	}

	test('posting the hire again invites nobody twice and orders no second number; once the order ended, it finishes with that number', async () => {
		// The order stays Processing until the test lets it end: the worker waits in Order it.
		sandbox.options.orderDelayMs = 60 * 60_000;
		const first = await postHire();
		await until('the order placed and waited on', () => ordersOf312().length === 1 && seen.some((r) => r.action === 'GetPhoneNumberOrder'));
		const worker = runningWorker(first);
		await stack.kill(worker);
		const restarted = stack.restart(worker);
		const crashed = await finished(first, 240);
		expect(['crashed', 'error']).toContain(crashed.status);
		// What it left: Erik invited, an order Processing, no number yet.
		expect(userByEmail(ERIK.email)?.user.UserInvitationStatus).toBe('Pending');
		expect(userByEmail(ERIK.email)?.user.PrimaryProvisionedNumber).toBeUndefined();

		// Posted again while the order is still Processing: the run fails, saying so, and orders nothing.
		const early = await finished(await postHire());
		expect(early.status).toBe('error');
		const [order] = ordersOf312();
		expect(early.data?.resultData.error?.message).toBe(
			`Onboarding ${ERIK.email} stopped: the phone number order ${order.order.PhoneNumberOrderId as string} for area code 312 is still Processing. Run this again once it has ended: its number is then used, not ordered again.`,
		);
		expect(ordersOf312()).toHaveLength(1);

		// The order ends; posted again, Erik gets its number, settings and room.
		order.settleAt = new Date(Date.now() - 1000).toISOString();
		const last = await finished(await postHire());
		expect({ status: last.status, error: last.data?.resultData.error?.message }).toEqual({ status: 'success', error: undefined });
		const erik = userByEmail(ERIK.email)!;
		expect(erik.user.PrimaryProvisionedNumber).toBe('+13125550100');
		expect(sandbox.state().phoneNumbers['+13125550100']).toMatchObject({ Status: 'Assigned', CallingName: ERIK.name });
		expect(account().rooms[DEMO.roomId].memberships[erik.user.UserId as string]).toMatchObject({ Role: 'Member' });
		// No second user, invitation or order.
		expect(Object.values(account().users).filter((u) => u.user.PrimaryEmail === ERIK.email)).toHaveLength(1);
		expect(sandbox.state().invitationsSent[DEMO.accountId][ERIK.email]).toBe(1);
		expect(count('CreatePhoneNumberOrder')).toBe(1);
		await restarted;
	}, 10 * 60_000);
});

describe('n8n main killed (SIGKILL) between two polls of the Amazon Chime Trigger', () => {
	test('after the restart every new user is emitted once: none repeated, none lost', async () => {
		const created = await rest.post<{ id: string; versionId: string }>('/workflows', {
			name: 'New users (crash e2e)',
			nodes: [
				{
					id: 'b0c1d2e3-0000-4000-8000-00000000c001',
					name: 'Chime Trigger',
					type: 'n8n-nodes-amazon-chime.amazonChimeTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: { events: ['newUser'], accountId: { __rl: true, mode: 'id', value: DEMO.accountId }, pollTimes: { item: [{ mode: 'everyMinute' }] } },
					credentials: { amazonChimeApi: { id: local.CREDENTIAL_ID, name: 'Amazon Chime sandbox' } },
				},
				{ id: 'b0c1d2e3-0000-4000-8000-00000000c002', name: 'New user seen', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
			],
			connections: { 'Chime Trigger': { main: [[{ node: 'New user seen', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		// Publishing polls at once: the baseline, which n8n saves in the workflow's static data; it emits nothing.
		const listed = count('ListUsers');
		await rest.post(`/workflows/${created.id}/activate`, { versionId: created.versionId });
		await until('the baseline poll', () => count('ListUsers') > listed);
		await until('the baseline saved', () => savedStaticData(created.id).includes('"users"'));

		const emitted = async () =>
			(await executionsOf(created.id))
				.filter((e) => e.status === 'success')
				.sort((a, b) => Number(a.id) - Number(b.id))
				.flatMap((e) => e.data!.resultData.runData['Chime Trigger'][0].data.main[0].map((item) => item.json.PrimaryEmail));
		/** Main dies; a user joins while it is down; main comes back, and polls as it starts. */
		const outage = async (email: string) => {
			await stack.kill('main');
			addUser(account(), email, { UserRegistrationStatus: 'Registered' });
			await stack.restart('main');
			rest = await queue.restSession(stack.url);
			await until(`${email} emitted`, async () => (await emitted()).includes(email), 150);
		};

		// Killed after the baseline and before any event: the baseline was kept.
		await outage('new-a@example.com');
		// Killed after a poll that emitted: what it emitted is not emitted again.
		await outage('new-b@example.com');
		// The next poll (each minute) emits only what is new since.
		addUser(account(), 'new-c@example.com', { UserRegistrationStatus: 'Registered' });
		await until('new-c emitted', async () => (await emitted()).includes('new-c@example.com'), 150);
		expect(await emitted()).toEqual(['new-a@example.com', 'new-b@example.com', 'new-c@example.com']);
		expect((await executionsOf(created.id)).filter((e) => e.status !== 'success')).toEqual([]);
	}, 10 * 60_000);
});
