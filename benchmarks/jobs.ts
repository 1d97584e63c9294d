/**
 * The node jobs of one network, in a process of its own: started by bench.ts with NODE_EXTRA_CA_CERTS
 * naming the sandbox's CA when it speaks HTTPS (Node reads it only at start, as a user's n8n would),
 * and alone in its memory, so its peak RSS is the n8n process's. argv[2] is a JSON file of JobsConfig;
 * each row goes to stdout as a line `ROW {json}`.
 */
import { readFileSync } from 'node:fs';

import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_KEYS } from '../sandbox/server';
import { runNode } from '../test/harness/n8n';
import { pollingTrigger } from '../test/harness/poll';
import { adminOf } from './admin';
import { record, Recording, replay } from './floor';
import { withKeepAliveHelper } from './keep-alive';
import { MIN_CALLS, type Job, type Network, type Row, type ScaleRow } from './rows';

export interface JobsConfig {
	network: Network;
	url: string;
	caFile?: string;
	/** Per request, and per new connection; the limit counts the first for every call and the second once. */
	latencyMs: number;
	connectLatencyMs: number;
	concurrency: number;
	/** Measured runs per approach after one warm-up run (which is also the floor's recording). */
	runs: number;
	only?: Job;
	/** Extra get-2000 rows through the nodes at these concurrencies, to choose the default from. */
	sweep?: number[];
	accountId: string;
	offboardId: string;
	/** The first 5,000 users of the 20,000-user account. */
	ids: string[];
}

/** One job of the 20,000 → 100,000 growth rows, in a process of its own, at the nodes' default concurrency. */
export interface ScaleConfig {
	scale: true;
	url: string;
	job: ScaleRow['job'];
	users: number;
	accountId: string;
}

const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as JobsConfig | ScaleConfig;
const admin = adminOf(config.url, 'caFile' in config ? config.caFile : undefined);
const credential = { ...DEFAULT_KEYS, endpoint: config.url };
const emit = (row: Row | ScaleRow) => process.stdout.write(`\nROW ${JSON.stringify(row)}\n`);
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const byId = { __rl: true, mode: 'id', value: '={{ $json.id }}' };
const byEmail = { __rl: true, mode: 'email', value: '={{ $json.email }}' };
let recording: Recording | undefined;

async function node(type: string, parameters: Record<string, unknown>, input: IDataObject[]) {
	recording?.phase();
	const result = await runNode({ type, parameters: parameters as never }, input, credential, { asN8n: true });
	if (result.error) throw result.error;
	return result.output.Chime;
}

/** The Chime steps of examples/offboarding.json (its leavers have no numbers here): find by email, log out, suspend. */
async function offboard(accountId: string, leavers: IDataObject[], requestOptions: IDataObject = {}) {
	const user = { resource: 'user', accountId: rl(accountId), requestOptions };
	const found = await node('amazonChimeUser', { ...user, operation: 'get', userId: byEmail }, leavers);
	const people = found.map((u) => ({ id: u.UserId as string }));
	if (people.length !== leavers.length || people.some((p) => !p.id)) throw new Error('offboarding did not find everyone');
	await node('amazonChimeUser', { ...user, operation: 'logout', userId: byId }, people);
	const suspended = await node('amazonChimeUser', { ...user, operation: 'suspend', userId: byId }, people);
	if (suspended.some((o) => o.success !== true)) throw new Error('offboarding did not suspend everyone');
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
/** The sandbox's count of calls since its counters were reset, in all and by action. */
async function calls(): Promise<{ calls: number; calls_by_action: Record<string, number> }> {
	const report = (await admin('GET', '/counters')) as { calls: number; byAction: Record<string, { calls: number }> };
	return { calls: report.calls, calls_by_action: Object.fromEntries(Object.entries(report.byAction).map(([action, counter]) => [action, counter.calls])) };
}
/** The most memory this process has held (VmHWM), in MB. */
const peakRssMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024);

async function networkJobs(c: JobsConfig) {
	const limit = (job: Job, concurrency: number) => (MIN_CALLS[job] * c.latencyMs) / 1000 / concurrency + c.connectLatencyMs / 1000;
	interface Samples {
		walls: number[];
		cpuMs: number;
		count: { calls: number; calls_by_action: Record<string, number> };
	}
	const samples = (): Samples => ({ walls: [], cpuMs: 0, count: { calls: 0, calls_by_action: {} } });
	/** One run of `work`: its wall time, this process's CPU, and the calls it made. */
	async function sample(into: Samples, work: () => Promise<void>) {
		await admin('DELETE', '/counters');
		const started = process.hrtime.bigint();
		const cpu = process.cpuUsage();
		await work();
		into.walls.push(ms(started) / 1000);
		const used = process.cpuUsage(cpu);
		into.cpuMs += (used.user + used.system) / 1000;
		into.count = await calls();
	}
	/** The row of an approach: the median wall time, the calls of the last run and CPU per call. */
	function report(job: Job, approach: Row['approach'], concurrency: number, { walls, cpuMs, count }: Samples) {
		const wall = [...walls].sort((a, b) => a - b)[Math.floor(walls.length / 2)];
		emit({
			network: c.network,
			job,
			approach,
			wall_s: Math.round(wall * 1000) / 1000,
			...count,
			limit_s: Math.round(limit(job, concurrency) * 1000) / 1000,
			concurrency,
			cpu_ms_per_call: Math.round((cpuMs / walls.length / count.calls) * 1000) / 1000,
			runs: walls.length,
		});
	}
	async function measure(job: Job, approach: Row['approach'], concurrency: number, work: () => Promise<void>) {
		const taken = samples();
		for (let i = 0; i < c.runs; i++) await sample(taken, work);
		report(job, approach, concurrency, taken);
	}
	/**
	 * Warm-up and recording, then the nodes, the nodes with kept-alive connections, and the floor, taken
	 * in turn run after run: a slow moment of the machine falls on all three alike, not on one row.
	 */
	async function measureJob(job: Job, concurrency: number, work: () => Promise<void>) {
		if (c.only && c.only !== job) return;
		recording = new Recording();
		await record(recording, work);
		const recorded = recording;
		recording = undefined;
		const approaches: Array<[Row['approach'], () => Promise<void>]> = [
			['nodes', work],
			['nodes-keep-alive', () => withKeepAliveHelper(concurrency, work)],
			['floor', () => replay(recorded, concurrency, DEFAULT_KEYS)],
		];
		// One unmeasured run of each first. n8n runs for weeks, its code long compiled; the floor's few lines are
		// at full speed within a run, the engine and the nodes' pipeline take another: the rows compare warm code.
		for (const [, run] of approaches) await run();
		const taken = approaches.map(samples);
		for (let i = 0; i < c.runs; i++) for (const [k, [, run]] of approaches.entries()) await sample(taken[k], run);
		approaches.forEach(([approach], k) => report(job, approach, concurrency, taken[k]));
	}

	const suspendInput = c.ids.slice(0, 5000).map((id) => ({ id }));
	const getInput = c.ids.slice(0, 2000).map((id) => ({ id }));
	const user = { resource: 'user', accountId: rl(c.accountId) };
	await measureJob('suspend-5000', c.concurrency, async () => {
		const output = await node('amazonChimeUser', { ...user, operation: 'suspend', userId: byId }, suspendInput);
		if (output.length !== 5000 || output.some((o) => o.success !== true)) throw new Error('suspend-5000 did not suspend everyone');
	});
	const get = (concurrency: number) => async () => {
		const output = await node('amazonChimeUser', { ...user, operation: 'get', userId: byId, requestOptions: { concurrency } }, getInput);
		if (output.length !== 2000) throw new Error('get-2000 did not get everyone');
	};
	await measureJob('get-2000', c.concurrency, get(c.concurrency));
	for (const concurrency of c.sweep ?? []) {
		if (concurrency !== c.concurrency && (!c.only || c.only === 'get-2000')) await measure('get-2000', 'nodes', concurrency, get(concurrency));
	}
	await measureJob('list-20000', 1, async () => {
		const output = await node('amazonChimeUser', { ...user, operation: 'getAll', returnAll: true }, [{}]);
		if (output.length !== 20_000) throw new Error(`list-20000 listed ${output.length}`);
	});
	// 2,000 leavers by email in an account of 5,000.
	const leavers = Array.from({ length: 2000 }, (_, i) => ({ email: `staff${i * 2}@example.com` }));
	await measureJob('offboard-2000', c.concurrency, () => offboard(c.offboardId, leavers));
}

/** One job at 20,000 or 100,000 users: wall time, calls, the static data a poll keeps, this process's peak RSS. */
async function scaleJob(c: ScaleConfig) {
	await admin('DELETE', '/counters');
	const started = process.hrtime.bigint();
	let staticDataBytes: number | undefined;
	let items: number;
	if (c.job === 'get-many') {
		items = (await node('amazonChimeUser', { resource: 'user', operation: 'getAll', accountId: rl(c.accountId), returnAll: true }, [{}])).length;
		if (items !== c.users) throw new Error(`Get Many listed ${items} of ${c.users}`);
	} else if (c.job === 'trigger-poll') {
		const events = ['newUser', 'invitationAccepted', 'userSuspended', 'userLicenseChanged'];
		const trigger = pollingTrigger({ events, accountId: rl(c.accountId) }, credential);
		items = (await trigger.poll())?.length ?? 0;
		staticDataBytes = Buffer.byteLength(trigger.savedStaticData);
	} else {
		const leavers = Array.from({ length: c.users / 10 }, (_, i) => ({ email: `user${i * 10}@example.com` }));
		await offboard(c.accountId, leavers);
		items = leavers.length;
	}
	const wall = ms(started) / 1000;
	emit({ job: c.job, users: c.users, items, wall_s: Math.round(wall * 1000) / 1000, ...(await calls()), peak_rss_mb: peakRssMb(), ...(staticDataBytes === undefined ? {} : { static_data_bytes: staticDataBytes }) });
}

('scale' in config ? scaleJob(config) : networkJobs(config)).then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
