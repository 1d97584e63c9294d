// Types of queue.cjs for the TypeScript end-to-end test.
import type { ChildProcess } from 'node:child_process';

export declare const N8N_BIN: string;
export declare function which(command: string): string | undefined;
export declare function aptInstall(packages: string[], what: string): void;
export declare function ensureRedis(): string;
export declare function postgresBinDir(): string | undefined;
export declare function ensurePostgres(): string;
export declare function waitFor(what: string, check: () => Promise<boolean>, child?: ChildProcess, seconds?: number): Promise<void>;
export declare function descendants(pids: number[]): number[];

export interface Service {
	child: ChildProcess;
	host: string;
	port: number;
	password: string;
	stop(): Promise<void>;
}
export interface Postgres extends Service {
	user: string;
	database: string;
	data: string;
}
export declare function startPostgres(options: { dir: string; fast?: boolean; onOutput?: (chunk: Buffer) => void }): Promise<Postgres>;
export declare function startRedis(options: { dir: string; onOutput?: (chunk: Buffer) => void }): Promise<Service>;
export declare function queueEnv(env: Record<string, string>, services: { redis: Service; postgres: Postgres }): Record<string, string>;

export interface Worker {
	name: string;
	child: ChildProcess;
	healthPort: number;
	logFile: string;
}
export declare class QueueStack {
	postgres?: Postgres;
	redis?: Service;
	main?: ChildProcess;
	workers: Worker[];
	url: string;
	env: Record<string, string>;
	logs: string;
	start(options: {
		dataDir: string;
		port: number;
		workers?: number;
		concurrency?: number;
		fast?: boolean;
		/** Extra environment for every n8n process (main and workers). */
		env?: Record<string, string>;
		/** How long each n8n process may take to be ready (180 s). */
		readySeconds?: number;
		onOutput?: (name: string, chunk: Buffer) => void;
		beforeStart?: (env: Record<string, string>) => Promise<void>;
	}): Promise<QueueStack>;
	stop(): Promise<void>;
	/** The n8n process called `name`: main, worker-1, … */
	process(name: string): ChildProcess;
	/** Ends one n8n process (SIGKILL unless told) and its task runner; resolves once it has exited. */
	kill(name: string, signal?: NodeJS.Signals): Promise<void>;
	/** Starts a killed process again, as a supervisor would; resolves once it is ready. */
	restart(name: string): Promise<void>;
	alive(): ChildProcess[];
	pids(): number[];
}

export interface RanBy {
	/** The workers whose log says they finished the execution. */
	workers: string[];
	/** The worker ID main logged for the execution's "job finished" message. */
	reportedWorkerId?: string;
	job?: string;
	success?: boolean;
}
export declare function executionsByProcess(logs: string, names: string[]): Record<string, RanBy>;
export declare function whoRan(logs: string, names: string[], ids: string[], seconds?: number): Promise<Record<string, RanBy>>;

export interface RestSession {
	get<T = any>(path: string): Promise<T>;
	post<T = any>(path: string, body?: unknown): Promise<T>;
	patch<T = any>(path: string, body?: unknown): Promise<T>;
	delete<T = any>(path: string): Promise<T>;
}
export declare function restSession(url: string, login?: { email: string; password: string }): Promise<RestSession>;
