/** Starts the Chime sandbox in-process on a free port, and an SDK client for it. */
import { ChimeClient } from '@aws-sdk/client-chime';

import { DEFAULT_KEYS, startSandbox, type Sandbox, type SandboxConfig } from '../../sandbox/server';

export { DEMO } from '../../sandbox/seed';
export type { Sandbox };

export async function sandbox(config: SandboxConfig = {}): Promise<Sandbox> {
	return startSandbox({ seed: true, orderDelayMs: 0, ...config });
}

export function client(sb: Sandbox, overrides: Partial<ConstructorParameters<typeof ChimeClient>[0]> = {}): ChimeClient {
	return new ChimeClient({
		region: 'us-east-1',
		endpoint: sb.url,
		credentials: { accessKeyId: DEFAULT_KEYS.accessKeyId, secretAccessKey: DEFAULT_KEYS.secretAccessKey },
		...overrides,
	});
}

/** A seeded sandbox and an SDK client for it that never retries, for one test file or describe block. */
export interface SandboxUse {
	sb: Sandbox;
	chime: ChimeClient;
	/** Any Chime command through that client; the answer untyped, as the tests read it. */
	send(command: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Starts them before the tests that call it, and stops them after. */
export function useSandbox(): SandboxUse {
	const use = {
		send: (command: unknown) => use.chime.send(command as Parameters<ChimeClient['send']>[0]),
	} as SandboxUse;
	beforeAll(async () => {
		use.sb = await sandbox();
		use.chime = client(use.sb, { maxAttempts: 1 });
	});
	afterAll(async () => {
		use.chime?.destroy();
		await use.sb?.stop();
	});
	return use;
}

/** What a node test's credential holds to reach the sandbox. */
export const sandboxCredential = (sb: Sandbox) => ({ ...DEFAULT_KEYS, endpoint: sb.url });

/** A small deterministic random source, so fault injection draws the same faults every run. */
export function seededRandom(seed = 42): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
