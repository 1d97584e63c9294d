/**
 * `npm run soak` (not part of `npm test`): the two jobs of issue 9 through n8n's engine and the nodes
 * at their default settings, against the sandbox in its own process with a bad day's faults: 10% of
 * answers throttled, 5% 500/503, 2% lost after Chime acted (`dropAfter`), 1% connections reset.
 *
 * - offboarding: 2,000 users, Get (By Email) → Log Out → Suspend;
 * - creation: 300 users, Create with an email.
 *
 * Both runs read through a lag: the sandbox's lists and gets show what was made or changed only
 * SOAK_LAG_MS (2 s) later (`listLagMs`), as AWS's eventually consistent lists may, so that a look-up
 * after a lost answer misses at first and must read again.
 *
 * Each job runs fault-free and then with the faults, and is judged by the sandbox's state, not by the
 * nodes' output: done (what had to happen, happened, and the output says so), lost (it did not
 * happen), duplicated (it happened twice), misreported (the output says otherwise than the state).
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { REQUEST_OPTIONS } from '../nodes/shared/panel/properties';
import { DEFAULT_KEYS } from '../sandbox/server';
import { PACKAGE, runWorkflow, type RunResult } from '../test/harness/n8n';
import { startSandboxProcess } from './sandbox-process';

const LATENCY_MS = 25;
const BAD_DAY = { latencyMs: LATENCY_MS, throttle: 0.1, serverError: 0.05, dropAfter: 0.02, reset: 0.01 };
const GOOD_DAY = { latencyMs: LATENCY_MS };
const OFFBOARD = Number(process.env.SOAK_OFFBOARD ?? 2000);
const CREATE = Number(process.env.SOAK_CREATE ?? 300);
const LIST_LAG_MS = Number(process.env.SOAK_LAG_MS ?? 2000);


interface UserState {
	user: IDataObject;
	logouts: number;
}
interface SandboxState {
	accounts: Record<string, { account: IDataObject; users: Record<string, UserState> }>;
}
interface Counters {
	calls: number;
	faults: number;
	byAction: Record<string, { calls: number; faults: Record<string, number>; lost?: Record<string, number> }>;
}

interface Row {
	job: string;
	faults: 'none' | 'bad day';
	items: number;
	done: number;
	lost: number;
	duplicated: number;
	misreported: number;
	reconciled: number;
	wall_s: number;
	calls: number;
	injected: number;
	error?: string;
	hints: string[];
}

async function main() {
	const sb = await startSandboxProcess();
	const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
		(await fetch(`${sb.url}/_sandbox${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<T>;
	const credential = { ...DEFAULT_KEYS, endpoint: sb.url };
	const rows: Row[] = [];

	/** A fresh Team account (through the admin endpoint: set-up is not what is measured). */
	async function freshAccount(name: string): Promise<string> {
		await admin('PUT', '/faults', {});
		await admin('PUT', '/options', { listLagMs: 0 });
		await admin('POST', '/reset', { seed: false });
		const { Account } = await admin<{ Account: { AccountId: string } }>('POST', '/accounts', { Name: name });
		return Account.AccountId;
	}

	/** Users through the nodes, fault-free, 50 invitations a call. */
	async function inviteUsers(accountId: string, emails: string[]): Promise<void> {
		const result = await runWorkflow(
			workflow([chime('Invite', 'amazonChimeUser', { resource: 'user', operation: 'invite', accountId: rl(accountId), email: '={{ $json.email }}' })]),
			{ cred: credential },
			{ Start: emails.map((email) => ({ json: { email } })) },
		);
		if (result.error) throw result.error;
	}

	const state = () => admin<SandboxState>('GET', '/state');
	const hintsOf = (result: RunResult) =>
		Object.values(result.run.data.resultData.runData).flatMap((tasks) => tasks.flatMap((task) => (task.hints ?? []).map((h) => h.message)));

	/** Times the workflow alone: set-up and reading the state back are not part of it. */
	async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wall_s: number }> {
		const started = process.hrtime.bigint();
		const value = await work();
		return { value, wall_s: Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100 };
	}

	async function measure(job: string, faults: Row['faults'], work: () => Promise<Omit<Row, 'job' | 'faults' | 'calls' | 'injected'>>) {
		const outcome = await work();
		const counters = await admin<Counters>('GET', '/counters');
		const row: Row = { job, faults, ...outcome, calls: counters.calls, injected: counters.faults };
		rows.push(row);
		console.log(
			`${job.padEnd(12)} ${faults.padEnd(8)} done ${row.done}/${row.items}  lost ${row.lost}  duplicated ${row.duplicated}  misreported ${row.misreported}  reconciled ${row.reconciled}  ` +
				`${row.wall_s.toFixed(2)} s  ${row.calls} calls, ${row.injected} faults injected${row.error ? `\n  stopped: ${row.error}` : ''}`,
		);
		for (const hint of row.hints) console.log(`  hint: ${hint}`);
	}

	/** Get (By Email) → Log Out → Suspend, at the nodes' defaults. Done: logged out and suspended, and the Suspend output says so. */
	const offboarding = (faults: Row['faults']) =>
		measure('offboarding', faults, async () => {
			const accountId = await freshAccount('Offboarding Corp');
			const emails = Array.from({ length: OFFBOARD }, (_, i) => `leaver${i}@example.com`);
			await inviteUsers(accountId, emails);
			await admin('PUT', '/faults', faults === 'none' ? GOOD_DAY : BAD_DAY);
			await admin('PUT', '/options', { listLagMs: LIST_LAG_MS });
			await admin('DELETE', '/counters');
			const byId = { __rl: true, mode: 'id', value: '={{ $json.UserId }}' };
			const { value: result, wall_s } = await timed(() => runWorkflow(
				workflow([
					chime('Get', 'amazonChimeUser', { resource: 'user', operation: 'get', accountId: rl(accountId), userId: { __rl: true, mode: 'email', value: '={{ $json.email }}' } }),
					chime('Log Out', 'amazonChimeUser', { resource: 'user', operation: 'logout', accountId: rl(accountId), userId: byId }),
					chime('Suspend', 'amazonChimeUser', { resource: 'user', operation: 'suspend', accountId: rl(accountId), userId: byId }),
				]),
				{ cred: credential },
				{ Start: emails.map((email) => ({ json: { email } })) },
			));
			const counters = await admin<Counters>('GET', '/counters');
			const users = Object.values((await state()).accounts[accountId].users);
			const reported = new Map((result.output.Suspend ?? []).filter((o) => o.success === true).map((o) => [String(o.UserId), o]));
			let done = 0;
			let lost = 0;
			let misreported = 0;
			for (const { user, logouts } of users) {
				const happened = logouts >= 1 && user.UserRegistrationStatus === 'Suspended';
				const said = reported.has(String(user.UserId));
				if (happened && said) done++;
				if (!happened) lost++;
				if (happened !== said) misreported++;
			}
			const reconciled = Object.values(result.output).flat().filter((o) => o.reconciled === true).length;
			// Logging out and suspending are safe to repeat: nothing here can be done twice in a way that matters.
			const repeatedLogouts = users.filter((u) => u.logouts > 1).length;
			console.log(`  (lost answers injected: ${lostAnswers(counters)}; users logged out twice after a lost answer, which is harmless: ${repeatedLogouts})`);
			return { items: OFFBOARD, done, lost, duplicated: 0, misreported, reconciled, error: result.error?.message, hints: hintsOf(result), wall_s };
		});

	/** Create with an email, at the node's defaults. Done: exactly one user with the email, and the output names it. */
	const creation = (faults: Row['faults']) =>
		measure('create', faults, async () => {
			const accountId = await freshAccount('Hiring Corp');
			await admin('PUT', '/faults', faults === 'none' ? GOOD_DAY : BAD_DAY);
			await admin('PUT', '/options', { listLagMs: LIST_LAG_MS });
			await admin('DELETE', '/counters');
			const emails = Array.from({ length: CREATE }, (_, i) => `hire${i}@example.com`);
			const { value: result, wall_s } = await timed(() =>
				runWorkflow(
					workflow([chime('Create', 'amazonChimeUser', { resource: 'user', operation: 'create', accountId: rl(accountId), email: '={{ $json.email }}' })]),
					{ cred: credential },
					{ Start: emails.map((email) => ({ json: { email } })) },
				),
			);
			const counters = await admin<Counters>('GET', '/counters');
			console.log(`  (lost answers injected: ${lostAnswers(counters)})`);
			const users = Object.values((await state()).accounts[accountId].users).map((u) => u.user);
			const output = result.output.Create ?? [];
			let done = 0;
			let lost = 0;
			let duplicated = 0;
			let misreported = 0;
			emails.forEach((email, i) => {
				const made = users.filter((u) => u.PrimaryEmail === email);
				const said = output[i];
				const saysMade = said !== undefined && said.error === undefined && said.PrimaryEmail === email;
				if (made.length === 0) lost++;
				if (made.length > 1) duplicated++;
				const truthful = made.length === 1 ? saysMade && said.UserId === made[0].UserId : !saysMade;
				if (!truthful) misreported++;
				if (made.length === 1 && truthful) done++;
			});
			const reconciled = output.filter((o) => o.reconciled === true).length;
			return { items: CREATE, done, lost, duplicated, misreported, reconciled, error: result.error?.message, hints: hintsOf(result), wall_s };
		});

	console.log(
		`Sandbox latency ${LATENCY_MS} ms per call; nodes at their defaults (Concurrency ${REQUEST_OPTIONS.concurrency}, Max Attempts ${REQUEST_OPTIONS.maxAttempts}, Timeout ${REQUEST_OPTIONS.timeout} ms).`,
	);
	console.log(`Bad day: ${JSON.stringify(BAD_DAY)}; lists and gets ${LIST_LAG_MS} ms behind writes in every run\n`);
	await offboarding('none');
	await offboarding('bad day');
	await creation('none');
	await creation('bad day');

	const ratio = (job: string) => {
		const [good, bad] = ['none', 'bad day'].map((f) => rows.find((r) => r.job === job && r.faults === f)!.wall_s);
		return bad / good;
	};
	console.log(`\nWall time on a bad day vs fault-free: offboarding ×${ratio('offboarding').toFixed(2)}, create ×${ratio('create').toFixed(2)}`);
	sb.stop();
	const failed = rows.filter((r) => r.done !== r.items || r.duplicated || r.misreported);
	if (failed.length || ratio('offboarding') > 3) process.exitCode = 1;
}

/** A node of ours in a workflow. */
function chime(name: string, type: string, parameters: INode['parameters']): INode {
	return {
		id: name,
		name,
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { amazonChimeApi: { id: 'cred', name: 'Chime' } },
	};
}

/** Start → the nodes in a row. */
function workflow(nodes: INode[]) {
	const start: INode = { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const all = [start, ...nodes];
	const connections = Object.fromEntries(all.slice(0, -1).map((node, i) => [node.name, { main: [[{ node: all[i + 1].name, type: 'main' as const, index: 0 }]] }]));
	return { nodes: all, connections };
}

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** Answers the sandbox threw away after acting, over all actions. */
function lostAnswers(counters: Counters): number {
	return Object.values(counters.byAction).reduce((n, c) => n + Object.values(c.lost ?? {}).reduce((a, b) => a + b, 0), 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
