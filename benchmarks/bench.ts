/**
 * `npm run bench`: bulk jobs through n8n's engine against the sandbox with 25 ms of latency per call,
 * beside the ways users would otherwise do them: a shell loop of AWS CLI calls, and one SDK call per
 * item in sequence. Prints a table, writes benchmarks/results.json and benchmarks/chart.svg.
 */
import {
	BatchSuspendUserCommand,
	ChimeClient,
	CreateAccountCommand,
	GetUserCommand,
	InviteUsersCommand,
	paginateListUsers,
} from '@aws-sdk/client-chime';
import type { IDataObject } from 'n8n-workflow';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { forEachLimited } from '../nodes/shared/pipeline/pool';
import { REQUEST_OPTIONS } from '../nodes/shared/panel/properties';
import { DEFAULT_KEYS } from '../sandbox/server';
import { runNode } from '../test/harness/n8n';
import { chartSvg } from './chart';
import { withKeepAliveHelper } from './keep-alive';
import { startSandboxProcess } from './sandbox-process';

/** Compiled to dist-bench/benchmarks/: the project is two folders up. */
const OUT = join(__dirname, '..', '..', 'benchmarks');
const LATENCY_MS = 25;
/** `npm run bench -- --only suspend-5000`: just that job through the nodes, nothing written. */
const ONLY = process.argv[2] === '--only' ? process.argv[3] : undefined;
const CONCURRENCY = REQUEST_OPTIONS.concurrency;

export interface Row {
	job: 'suspend-5000' | 'get-2000' | 'list-20000' | 'offboard-2000';
	/** nodes-keep-alive: the same node job with n8n's request helper swapped for one that keeps connections open (keep-alive.ts). */
	approach: 'nodes' | 'nodes-keep-alive' | 'aws-cli' | 'per-item';
	wall_s: number;
	calls: number;
	limit_s: number;
	concurrency: number;
	/** Node jobs: CPU time of this process (n8n's engine, the nodes, n8n's request helper) per call, in ms. */
	cpu_ms_per_call?: number;
}

/**
 * The least calls each job can be done in: the limit is that many calls × latency ÷ concurrency.
 * offboard-2000: finding 2,000 leavers among 5,000 users by email takes 25 pages of ListUsers (not
 * 2,000 filtered ones) and the example's Get User for each, then 2,000 LogoutUser (one user per
 * call) and 40 BatchSuspendUser of 50.
 */
const MIN_CALLS = { 'suspend-5000': 100, 'get-2000': 2000, 'list-20000': 100, 'offboard-2000': 25 + 2000 + 2000 + 40 } as const;

/** Runs a command to the end without blocking this process. */
function run(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env: options.env ?? process.env });
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.stderr.on('data', (chunk) => (err += chunk));
		child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} failed (${code}): ${err}`))));
		child.stdin.end(options.input ?? '');
	});
}


async function main() {
	const sb = await startSandboxProcess();
	const admin = (method: string, path: string, body?: unknown) =>
		fetch(`${sb.url}/_sandbox${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
	const sdk = new ChimeClient({ region: 'us-east-1', endpoint: sb.url, credentials: DEFAULT_KEYS, maxAttempts: 5 });

	// 20,000 users, invited 50 to a call with no latency; then every call costs LATENCY_MS.
	const { Account } = await sdk.send(new CreateAccountCommand({ Name: 'Bench Corp' }));
	const accountId = Account!.AccountId!;
	await forEachLimited(400, 10, async (call) => {
		const emails = Array.from({ length: 50 }, (_, i) => `user${call * 50 + i}@example.com`);
		await sdk.send(new InviteUsersCommand({ AccountId: accountId, UserEmailList: emails }));
	});
	const ids: string[] = [];
	for await (const page of paginateListUsers({ client: sdk, pageSize: 200, stopOnSameToken: true }, { AccountId: accountId })) {
		ids.push(...(page.Users ?? []).map((u) => u.UserId!));
	}
	if (ids.length !== 20_000) throw new Error(`set-up made ${ids.length} users`);
	// The offboarding: 2,000 leavers by email in an account of 5,000.
	const { Account: offboardAccount } = await sdk.send(new CreateAccountCommand({ Name: 'Offboard Corp' }));
	const offboardId = offboardAccount!.AccountId!;
	await forEachLimited(100, 10, async (call) => {
		const emails = Array.from({ length: 50 }, (_, i) => `staff${call * 50 + i}@example.com`);
		await sdk.send(new InviteUsersCommand({ AccountId: offboardId, UserEmailList: emails }));
	});
	await admin('PUT', '/faults', { latencyMs: LATENCY_MS });
	const credential = { ...DEFAULT_KEYS, endpoint: sb.url };
	const rows: Row[] = [];

	/**
	 * One row: the node jobs are run once to warm up (module loading, JIT; not recorded) and then three
	 * times, keeping the median; the slow approaches run once. Calls are counted by the sandbox.
	 */
	async function measure(job: Row['job'], approach: Row['approach'], concurrency: number, work: () => Promise<void> | void) {
		const nodes = approach === 'nodes' || approach === 'nodes-keep-alive';
		if (ONLY && (job !== ONLY || !nodes)) return;
		const runs = nodes ? 3 : 1;
		if (nodes) await work();
		const walls: number[] = [];
		let calls = 0;
		let cpuMs = 0;
		for (let i = 0; i < runs; i++) {
			await admin('DELETE', '/counters');
			const started = process.hrtime.bigint();
			const cpu = process.cpuUsage();
			await work();
			walls.push(Number(process.hrtime.bigint() - started) / 1e9);
			const used = process.cpuUsage(cpu);
			cpuMs += (used.user + used.system) / 1000;
			calls = ((await admin('GET', '/counters')) as { calls: number }).calls;
		}
		const wall = walls.sort((a, b) => a - b)[Math.floor(walls.length / 2)];
		const row: Row = {
			job,
			approach,
			wall_s: Math.round(wall * 1000) / 1000,
			calls,
			limit_s: (MIN_CALLS[job] * LATENCY_MS) / 1000 / concurrency,
			concurrency,
		};
		// The slow approaches' work happens in other processes (the AWS CLI) or is the SDK's own.
		if (nodes) row.cpu_ms_per_call = Math.round((cpuMs / runs / calls) * 1000) / 1000;
		rows.push(row);
		const cpu = row.cpu_ms_per_call === undefined ? '' : `   CPU ${row.cpu_ms_per_call.toFixed(3)} ms/call`;
		console.log(`${job.padEnd(13)} ${approach.padEnd(16)} ${row.wall_s.toFixed(3).padStart(8)} s ${String(row.calls).padStart(6)} calls   limit ${row.limit_s.toFixed(3)} s   ×${(row.wall_s / row.limit_s).toFixed(2)}${cpu}`);
	}

	const node = async (type: string, parameters: Record<string, unknown>, input: IDataObject[]) => {
		const result = await runNode({ type, parameters: parameters as never }, input, credential);
		if (result.error) throw result.error;
		return result;
	};
	const suspendInput = ids.slice(0, 5000).map((id) => ({ id }));
	const getInput = ids.slice(0, 2000).map((id) => ({ id }));
	const account = { __rl: true, mode: 'id', value: accountId };
	const user = { __rl: true, mode: 'id', value: '={{ $json.id }}' };

	console.log(`Sandbox latency ${LATENCY_MS} ms per call; nodes at their default concurrency (${CONCURRENCY}).\n`);
	/** A node job as it is, and again with n8n's request helper keeping its connections open. */
	async function measureNodes(job: Row['job'], concurrency: number, work: () => Promise<void>) {
		await measure(job, 'nodes', concurrency, work);
		await measure(job, 'nodes-keep-alive', concurrency, () => withKeepAliveHelper(concurrency, work));
	}

	await measureNodes('suspend-5000', CONCURRENCY, async () => {
		const { output } = await node('amazonChimeUser', { resource: 'user', operation: 'suspend', accountId: account, userId: user }, suspendInput);
		if (output.Chime.length !== 5000 || output.Chime.some((o) => o.success !== true)) throw new Error('suspend-5000 did not suspend everyone');
	});
	const script = join(mkdtempSync(join(tmpdir(), 'bench-')), 'suspend.sh');
	writeFileSync(
		script,
		[
			'#!/usr/bin/env bash',
			'# The AWS CLI way: 50 users per batch-suspend-user call, one call after another.',
			'set -e',
			`while read -r ids; do aws chime batch-suspend-user --account-id ${accountId} --user-id-list $ids --endpoint-url ${sb.url} --region us-east-1 > /dev/null; done`,
		].join('\n'),
	);
	const cliEnv = { ...process.env, AWS_ACCESS_KEY_ID: DEFAULT_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: DEFAULT_KEYS.secretAccessKey, AWS_CONFIG_FILE: '/dev/null' };
	await measure('suspend-5000', 'aws-cli', 1, async () => {
		const lines = Array.from({ length: 100 }, (_, i) => suspendInput.slice(i * 50, i * 50 + 50).map((u) => u.id).join(' ')).join('\n');
		await run('bash', [script], { input: `${lines}\n`, env: cliEnv });
	});
	await measure('suspend-5000', 'per-item', 1, async () => {
		for (const { id } of suspendInput) await sdk.send(new BatchSuspendUserCommand({ AccountId: accountId, UserIdList: [id] }));
	});

	await measureNodes('get-2000', CONCURRENCY, async () => {
		const { output } = await node('amazonChimeUser', { resource: 'user', operation: 'get', accountId: account, userId: user }, getInput);
		if (output.Chime.length !== 2000) throw new Error('get-2000 did not get everyone');
	});
	await measure('get-2000', 'per-item', 1, async () => {
		for (const { id } of getInput) await sdk.send(new GetUserCommand({ AccountId: accountId, UserId: id }));
	});

	await measureNodes('list-20000', 1, async () => {
		const { output } = await node('amazonChimeUser', { resource: 'user', operation: 'getAll', accountId: account, returnAll: true }, [{}]);
		if (output.Chime.length !== 20_000) throw new Error(`list-20000 listed ${output.Chime.length}`);
	});
	await measure('list-20000', 'aws-cli', 1, async () => {
		const out = await run('aws', ['chime', 'list-users', '--account-id', accountId, '--endpoint-url', sb.url, '--region', 'us-east-1', '--query', 'length(Users)'], { env: cliEnv });
		if (out.trim() !== '20000') throw new Error(`AWS CLI listed ${out}`);
	});

	// The Chime steps of examples/offboarding.json (its leavers have no numbers here): find by email, log out, suspend.
	const leavers = Array.from({ length: 2000 }, (_, i) => ({ email: `staff${i * 2}@example.com` }));
	const offboardAccountRl = { __rl: true, mode: 'id', value: offboardId };
	await measureNodes('offboard-2000', CONCURRENCY, async () => {
		const found = await node('amazonChimeUser', { resource: 'user', operation: 'get', accountId: offboardAccountRl, userId: { __rl: true, mode: 'email', value: '={{ $json.email }}' } }, leavers);
		const people = found.output.Chime.map((u) => ({ id: u.UserId as string }));
		if (people.length !== 2000 || people.some((p) => !p.id)) throw new Error('offboard-2000 did not find everyone');
		await node('amazonChimeUser', { resource: 'user', operation: 'logout', accountId: offboardAccountRl, userId: user }, people);
		const { output } = await node('amazonChimeUser', { resource: 'user', operation: 'suspend', accountId: offboardAccountRl, userId: user }, people);
		if (output.Chime.some((o) => o.success !== true)) throw new Error('offboard-2000 did not suspend everyone');
	});

	sdk.destroy();
	sb.stop();
	if (ONLY) return;
	writeFileSync(join(OUT, 'results.json'), JSON.stringify(rows, null, 2) + '\n');
	writeFileSync(join(OUT, 'chart.svg'), chartSvg(rows, LATENCY_MS));
	console.log('\nWrote benchmarks/results.json and benchmarks/chart.svg');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
