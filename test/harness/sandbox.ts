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
