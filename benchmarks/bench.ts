/**
 * `npm run bench`: bulk jobs through n8n's engine against the sandbox, on two networks: *lan* (25 ms a
 * call, plain HTTP) and *internet* (40 ms a call, 80 ms more for every new connection, over TLS with
 * the sandbox's own CA). Each job runs through the nodes, through the nodes with kept-alive
 * connections, and as its n8n floor (the same requests through n8n's helper alone); on lan also the
 * ways users would otherwise do it (a shell loop of AWS CLI calls, one SDK call per item). Then Get
 * Many, a trigger poll and an offboarding at 20,000 and 100,000 users. Prints a table, writes
 * benchmarks/results.json and benchmarks/chart.svg.
 *
 *   --quick       one run of each node job, no AWS CLI / per-item / concurrency / 100,000-user rows; writes nothing
 *   --only JOB    that job's node rows only (both networks); writes nothing
 *   --only growth the 20,000 → 100,000 rows only; writes nothing
 */
import { BatchSuspendUserCommand, ChimeClient, GetUserCommand } from '@aws-sdk/client-chime';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { REQUEST_OPTIONS } from '../nodes/shared/panel/properties';
import { DEFAULT_KEYS } from '../sandbox/server';
import { adminOf, type Admin } from './admin';
import { chartSvg } from './chart';
import type { JobsConfig, ScaleConfig } from './jobs';
import { MIN_CALLS, type Job, type Row, type ScaleRow } from './rows';
import { startSandboxProcess } from './sandbox-process';
import { table } from './table';

/** Compiled to dist-bench/benchmarks/: the project is two folders up. */
const OUT = join(__dirname, '..', '..', 'benchmarks');
const { values: flags } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const ONLY = flags.only as Job | 'growth' | undefined;
const WRITES = !flags.quick && !ONLY;
const GROWTH = WRITES || ONLY === 'growth';
const CONCURRENCY = REQUEST_OPTIONS.concurrency;
const NETWORKS = {
	lan: { latencyMs: 25, connectLatencyMs: 0, runs: 5 },
	// One run each: an offboarding here takes a minute per approach.
	internet: { latencyMs: 40, connectLatencyMs: 80, runs: 1 },
} as const;
/** Concurrencies tried on internet get-2000 besides the default, to choose the default from. */
const SWEEP = [5, 20];
const SCALES = [20_000, 100_000];
const tmp = mkdtempSync(join(tmpdir(), 'bench-'));

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

/** Runs jobs.ts in a process of its own (trusting `caFile` from its start) and gives back the rows it printed. */
async function jobsProcess<T>(config: JobsConfig | ScaleConfig, caFile?: string): Promise<T[]> {
	const file = join(tmp, `jobs-${Date.now()}.json`);
	writeFileSync(file, JSON.stringify(config));
	const env = { ...process.env, ...(caFile ? { NODE_EXTRA_CA_CERTS: caFile } : {}) };
	const out = await run(process.execPath, [join(__dirname, 'jobs.js'), file], { env });
	return out.split('\n').filter((line) => line.startsWith('ROW ')).map((line) => JSON.parse(line.slice(4)) as T);
}

/** An account of `count` registered users named `pattern` ({n} = 0, 1, …), made at once through the admin endpoint. */
async function account(admin: Admin, name: string, count: number, pattern: string): Promise<string> {
	const { Account } = (await admin('POST', '/accounts', { Name: name })) as { Account: { AccountId: string } };
	await admin('POST', '/users', { AccountId: Account.AccountId, Count: count, EmailPattern: pattern });
	return Account.AccountId;
}

/** The bench accounts: 20,000 users, and 5,000 staff for the offboarding. */
async function seed(admin: Admin) {
	const accountId = await account(admin, 'Bench Corp', 20_000, 'user{n}@example.com');
	const offboardId = await account(admin, 'Offboard Corp', 5000, 'staff{n}@example.com');
	const state = (await admin('GET', '/state')) as { accounts: Record<string, { users: Record<string, unknown> }> };
	// In listing order: insertion order.
	const ids = Object.keys(state.accounts[accountId].users).slice(0, 5000);
	return { accountId, offboardId, ids };
}

function log(row: Row) {
	const cpu = row.cpu_ms_per_call === undefined ? '' : `   CPU ${row.cpu_ms_per_call.toFixed(3)} ms/call`;
	console.log(`${row.network.padEnd(8)} ${row.job.padEnd(13)} ${row.approach.padEnd(16)} c=${String(row.concurrency).padEnd(2)} ${row.wall_s.toFixed(3).padStart(8)} s ${String(row.calls).padStart(6)} calls   limit ${row.limit_s.toFixed(3)} s   ×${(row.wall_s / row.limit_s).toFixed(2)}${cpu}`);
}

/** The ways users would otherwise do the lan jobs: an AWS CLI loop, one SDK call per item. */
async function otherWays(url: string, accountId: string, ids: string[]): Promise<Row[]> {
	const admin = adminOf(url);
	const sdk = new ChimeClient({ region: 'us-east-1', endpoint: url, credentials: DEFAULT_KEYS, maxAttempts: 5 });
	const latencyMs = NETWORKS.lan.latencyMs;
	const rows: Row[] = [];
	async function measure(job: Job, approach: Row['approach'], work: () => Promise<void>) {
		await admin('DELETE', '/counters');
		const started = process.hrtime.bigint();
		await work();
		const wall = Number(process.hrtime.bigint() - started) / 1e9;
		const { calls } = (await admin('GET', '/counters')) as { calls: number };
		const row: Row = { network: 'lan', job, approach, wall_s: Math.round(wall * 1000) / 1000, calls, limit_s: (MIN_CALLS[job] * latencyMs) / 1000, concurrency: 1, runs: 1 };
		log(row);
		rows.push(row);
	}
	const script = join(tmp, 'suspend.sh');
	writeFileSync(
		script,
		[
			'#!/usr/bin/env bash',
			'# The AWS CLI way: 50 users per batch-suspend-user call, one call after another.',
			'set -e',
			`while read -r ids; do aws chime batch-suspend-user --account-id ${accountId} --user-id-list $ids --endpoint-url ${url} --region us-east-1 > /dev/null; done`,
		].join('\n'),
	);
	const cliEnv = { ...process.env, AWS_ACCESS_KEY_ID: DEFAULT_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: DEFAULT_KEYS.secretAccessKey, AWS_CONFIG_FILE: '/dev/null' };
	await measure('suspend-5000', 'aws-cli', async () => {
		const lines = Array.from({ length: 100 }, (_, i) => ids.slice(i * 50, i * 50 + 50).join(' ')).join('\n');
		await run('bash', [script], { input: `${lines}\n`, env: cliEnv });
	});
	await measure('suspend-5000', 'per-item', async () => {
		for (const id of ids) await sdk.send(new BatchSuspendUserCommand({ AccountId: accountId, UserIdList: [id] }));
	});
	await measure('get-2000', 'per-item', async () => {
		for (const id of ids.slice(0, 2000)) await sdk.send(new GetUserCommand({ AccountId: accountId, UserId: id }));
	});
	await measure('list-20000', 'aws-cli', async () => {
		const out = await run('aws', ['chime', 'list-users', '--account-id', accountId, '--endpoint-url', url, '--region', 'us-east-1', '--query', 'length(Users)'], { env: cliEnv });
		if (out.trim() !== '20000') throw new Error(`AWS CLI listed ${out}`);
	});
	sdk.destroy();
	return rows;
}

async function main() {
	const load = { start: loadavg().map((l) => Math.round(l * 100) / 100) };
	console.log(`Load average at start ${load.start.join(' ')} (${cpus().length} cores); nodes at their default concurrency (${CONCURRENCY}).\n`);
	const lanSb = await startSandboxProcess();
	const netSb = await startSandboxProcess(['--tls']);
	const rows: Row[] = [];
	const scale: ScaleRow[] = [];
	try {
		for (const [network, sb] of ONLY === 'growth' ? [] : ([['lan', lanSb], ['internet', netSb]] as const)) {
			const admin = adminOf(sb.url, sb.caFile);
			const seeded = await seed(admin);
			const { latencyMs, connectLatencyMs, runs } = NETWORKS[network];
			await admin('PUT', '/faults', { latencyMs });
			await admin('PUT', '/network', { connectLatencyMs });
			const config: JobsConfig = {
				network,
				url: sb.url,
				caFile: sb.caFile,
				latencyMs,
				connectLatencyMs,
				concurrency: CONCURRENCY,
				runs: flags.quick ? 1 : runs,
				only: ONLY as Job | undefined,
				sweep: network === 'internet' && WRITES ? SWEEP : [],
				...seeded,
			};
			console.log(`${network}: ${latencyMs} ms a call${connectLatencyMs ? `, +${connectLatencyMs} ms a new connection` : ''}, ${sb.caFile ? 'HTTPS' : 'HTTP'}; ${config.runs} run(s) each`);
			for (const row of await jobsProcess<Row>(config, sb.caFile)) {
				log(row);
				rows.push(row);
			}
			if (network === 'lan' && WRITES) rows.push(...(await otherWays(sb.url, seeded.accountId, seeded.ids)));
		}
		if (GROWTH) {
			// No latency: the time is the work's own, so a step worse than linear would show.
			const admin = adminOf(lanSb.url);
			await admin('PUT', '/faults', {});
			console.log('\nGrowth, no latency, each job in a fresh process:');
			for (const users of SCALES) {
				const accountId = await account(admin, `Scale ${users}`, users, 'user{n}@example.com');
				for (const job of ['get-many', 'trigger-poll', 'offboard-10pct'] as const) {
					const [row] = await jobsProcess<ScaleRow>({ scale: true, url: lanSb.url, job, users, accountId });
					console.log(`${job.padEnd(15)} ${String(users).padStart(7)} users ${row.wall_s.toFixed(2).padStart(7)} s ${String(row.calls).padStart(6)} calls  peak RSS ${row.peak_rss_mb} MB${row.static_data_bytes === undefined ? '' : `  static data ${row.static_data_bytes} B`}`);
					scale.push(row);
				}
			}
		}
	} finally {
		lanSb.stop();
		netSb.stop();
	}
	const end = loadavg().map((l) => Math.round(l * 100) / 100);
	console.log(`\nLoad average at end ${end.join(' ')}\n`);
	console.log(table(rows, scale));
	if (!WRITES) return;
	const results = { measured: new Date().toISOString(), cores: cpus().length, loadAverage: { ...load, end }, networks: NETWORKS, rows, scale };
	writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');
	writeFileSync(join(OUT, 'chart.svg'), chartSvg(rows));
	console.log('\nWrote benchmarks/results.json and benchmarks/chart.svg');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
