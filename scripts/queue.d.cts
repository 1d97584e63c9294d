// Types of queue.cjs for the TypeScript end-to-end test.
import type { ChildProcess } from 'node:child_process';

export declare function postgresBinDir(): string | undefined;
export declare function waitFor(what: string, check: () => Promise<boolean>, child?: ChildProcess, seconds?: number): Promise<void>;

interface Service {
	child: ChildProcess;
	host: string;
	port: number;
	password: string;
	stop(): Promise<void>;
}
interface Postgres extends Service {
	user: string;
	database: string;
	data: string;
}

interface Worker {
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

interface RanBy {
	/** The workers whose log says they finished the execution. */
	workers: string[];
	/** The worker ID main logged for the execution's "job finished" message. */
	reportedWorkerId?: string;
	job?: string;
	success?: boolean;
}
export declare function whoRan(logs: string, names: string[], ids: string[], seconds?: number): Promise<Record<string, RanBy>>;

export interface RestSession {
	get<T = any>(path: string): Promise<T>;
	post<T = any>(path: string, body?: unknown): Promise<T>;
	patch<T = any>(path: string, body?: unknown): Promise<T>;
	delete<T = any>(path: string): Promise<T>;
}
export declare function restSession(url: string, login?: { email: string; password: string }): Promise<RestSession>;

// Only what is marked `export` above is exported (a declaration file exports everything otherwise).
export {};
