/**
 * n8n's logger (the one nodes and WorkflowExecute get) writes every expected error straight to stdout.
 * Here its lines are kept for the test environment (test/harness/environment.js), which prints them
 * under a failed test; CHIME_TEST_LOGS=1 leaves n8n's logger as it is. Spies on its methods
 * (`jest.spyOn(Container.get(Logger), 'warn')`) see every call either way.
 */
import { dirname } from 'node:path';

/** n8n-core's own copy of a package (it has its own @n8n/di and @n8n/backend-common): the logger nodes get. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const fromCore = <T>(name: string) => require(require.resolve(name, { paths: [dirname(require.resolve('n8n-core'))] })) as T;

const captured = (globalThis as { __chimeLogs?: string[] }).__chimeLogs;

function printable(value: unknown): string {
	try {
		return JSON.stringify(value);
	} catch {
		return String(value);
	}
}

if (process.env.CHIME_TEST_LOGS !== '1' && captured) {
	const { Container } = fromCore<typeof import('@n8n/di')>('@n8n/di');
	const { Logger } = fromCore<typeof import('@n8n/backend-common')>('@n8n/backend-common');
	/** The part of winston's logger n8n's Logger calls: `log`, and `child` for scoped loggers. */
	const keep = {
		log(level: string, message: string, metadata: Record<string, unknown> = {}) {
			const { file, function: fn, ...rest } = metadata;
			const where = [file, fn].filter(Boolean).join(' ');
			captured.push(`${level}: ${message}${Object.keys(rest).length ? ` ${printable(rest)}` : ''}${where ? ` (${where})` : ''}`);
			return keep;
		},
		child: () => keep,
	};
	// Private in its type; the one way to swap where it writes without rebuilding the logger n8n-core holds.
	(Container.get(Logger) as unknown as { setInternalLogger(logger: typeof keep): void }).setInternalLogger(keep);
}
