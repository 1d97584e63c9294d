/**
 * Time the tests move instead of waiting for: setTimeout and Date are faked (sockets, setImmediate and
 * the rest stay real), and `driven` runs work to its end, jumping to the next timer whenever one is
 * due. The nodes' back-offs and look-up waits (n8n's `sleep`) and the sandbox's clock (Date) then move
 * together, and `Date.now()` differences say how long the work waited, in its own time.
 */
export function useFakeTime(): void {
	beforeAll(() => {
		jest.useFakeTimers({
			doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval'],
		});
	});
	afterAll(() => {
		jest.useRealTimers();
	});
}

/** Runs `work` to its end, firing each pending timer in turn whenever the event loop has had a turn. */
export async function driven<T>(work: Promise<T>): Promise<{ value: T; waitedMs: number }> {
	const started = Date.now();
	let settled = false;
	const done = work.finally(() => {
		settled = true;
	});
	done.catch(() => {});
	while (!settled) {
		await new Promise((resolve) => setImmediate(resolve));
		if (!settled && jest.getTimerCount() > 0) jest.advanceTimersToNextTimer();
	}
	return { value: await work, waitedMs: Date.now() - started };
}
