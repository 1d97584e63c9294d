// Types of local-n8n.cjs for the TypeScript end-to-end test.
import type { ChildProcess } from 'node:child_process';

export declare const ROOT: string;
export declare const LOCAL: string;
export declare const OWNER: { email: string; password: string; firstName: string; lastName: string };
export declare const CREDENTIAL_ID: string;
export declare function log(message: string): void;
export declare function nodeBinary(): string;
export declare function ensureInstalled(): boolean;
export declare function installPackage(dataDir: string): void;
export declare function freePort(): Promise<number>;
export declare function n8nEnv(options: { port: number; dataDir: string; brokerPort: number }): Record<string, string>;
export declare function n8nCommand(args: string[], env: Record<string, string>): Promise<string>;
export declare function startN8nServer(env: Record<string, string>, onOutput?: (chunk: Buffer) => void): ChildProcess;
/** Resolves once the child has exited: `signal` (SIGTERM) first, SIGKILL after `graceMs` (15 s). Nothing to do for none. */
export declare function stopChild(child: ChildProcess | undefined, signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
export declare function waitUntilReady(url: string, child: ChildProcess, seconds?: number): Promise<void>;
export declare function importFixtures(env: Record<string, string>, sandboxUrl: string, keys: { accessKeyId: string; secretAccessKey: string }): Promise<void>;
export declare function publishWebhookExamples(env: Record<string, string>): Promise<void>;
export declare function webhookExamples(): Array<{ id: string; name: string; method: string; path: string }>;
export declare function exampleIds(): string[];
