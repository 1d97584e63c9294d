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

/**
 * Timers further off than this are the requests' own time limits (Timeout, 30 s by default), which
 * must not fire while an answer is on its way: only back-offs (at most 20 s) and look-up waits are
 * moved to.
 */
const FURTHEST_WAIT_MS = 25_000;

/** When the soonest faked timer is due (jest's fake timers are @sinonjs/fake-timers, whose clock hangs on setTimeout). */
function soonestTimer(): number | undefined {
	const clock = (globalThis.setTimeout as unknown as { clock?: { timers?: Map<number, { callAt: number }> } }).clock;
	const due = [...(clock?.timers?.values() ?? [])].map((timer) => timer.callAt);
	return due.length ? Math.min(...due) : undefined;
}

/** Runs `work` to its end, moving time to the next wait whenever the event loop has had a turn. */
export async function driven<T>(work: Promise<T>): Promise<{ value: T; waitedMs: number }> {
	const started = Date.now();
	let settled = false;
	const done = work.finally(() => {
		settled = true;
	});
	done.catch(() => {});
	while (!settled) {
		await new Promise((resolve) => setImmediate(resolve));
		const due = soonestTimer();
		if (!settled && due !== undefined && due - Date.now() <= FURTHEST_WAIT_MS) jest.advanceTimersToNextTimer();
	}
	return { value: await work, waitedMs: Date.now() - started };
}
