/** What the benchmark measures, shared by the parent (bench.ts), the job processes (jobs.ts) and the chart. */

/** lan: 25 ms a call, plain HTTP. internet: 40 ms a call, 80 ms more on every new connection, over TLS. */
export type Network = 'lan' | 'internet';
export type Job = 'suspend-5000' | 'get-2000' | 'list-20000' | 'offboard-2000';

export interface Row {
	network: Network;
	job: Job;
	/**
	 * nodes: through n8n's engine. nodes-keep-alive: the same with n8n's request helper swapped for one
	 * that keeps connections open (keep-alive.ts). floor: the same requests through n8n's helper alone
	 * (floor.ts). aws-cli, per-item: what users would otherwise do.
	 */
	approach: 'nodes' | 'nodes-keep-alive' | 'floor' | 'aws-cli' | 'per-item';
	wall_s: number;
	/** As the sandbox counted them, in the last run. */
	calls: number;
	calls_by_action?: Record<string, number>;
	/** MIN_CALLS × latency ÷ concurrency, plus one connect latency. */
	limit_s: number;
	concurrency: number;
	/** Node jobs: CPU time of the job process (n8n's engine, the nodes, n8n's request helper) per call, in ms. */
	cpu_ms_per_call?: number;
	/** Measured runs (the median is shown), after one warm-up run. */
	runs?: number;
}

/** The 20,000 → 100,000 rows: one job at one account size, each in a fresh process. */
export interface ScaleRow {
	job: 'get-many' | 'trigger-poll' | 'offboard-10pct';
	users: number;
	/** Users listed, emitted, or offboarded. */
	items: number;
	wall_s: number;
	calls: number;
	calls_by_action?: Record<string, number>;
	/** VmHWM of the job's process: n8n's engine, the nodes and their output. */
	peak_rss_mb: number;
	/** trigger-poll: the static data n8n keeps for the trigger after the poll. */
	static_data_bytes?: number;
}

/**
 * The least calls each job can be done in. offboard-2000: finding 2,000 leavers among 5,000 users by
 * email takes pages of ListUsers, not 2,000 filtered calls: the leavers are every other one of the
 * first 4,000 users, so 20 pages of 200 find them all; the look-up already holds each leaver's user
 * (no Get User after it); then 2,000 LogoutUser (one user per call) and 40 BatchSuspendUser of 50.
 */
export const MIN_CALLS: Record<Job, number> = { 'suspend-5000': 100, 'get-2000': 2000, 'list-20000': 100, 'offboard-2000': 20 + 2000 + 40 };
