/**
 * Bulk behaviour against the sandbox: calls in flight bounded by Concurrency (read from the sandbox's
 * counters, not timed), output in input order whatever order the answers come in, Max Attempts. Time is
 * faked (test/harness/clock.ts), so the sandbox's latency holds every answer until the test moves time:
 * the test first waits for Concurrency calls to arrive with none answered, then lets the run finish.
 */
import { addUser } from '../sandbox/backend/users';
import { useNodeTestBed } from './harness/chime';
import { driven, useFakeTime } from './harness/clock';
import { id } from './harness/params';
import { DEMO } from './harness/sandbox';

useFakeTime();
const bed = useNodeTestBed();
beforeEach(async () => {
	await faults({});
});

const faults = (config: object) => fetch(`${bed.sb.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify(config) });
const counters = () => bed.sb.faults.report();
const A = DEMO.accountId;

function users(n: number): Array<{ id: string }> {
	const record = bed.sb.state().accounts[A];
	return Array.from({ length: n }, (_, i) => ({ id: addUser(record, `bulk${i}@example.com`, {}).user.UserId as string }));
}
/**
 * Runs `work` with every answer held (no time moves) until `calls` requests have reached the sandbox,
 * then to its end. A node that never has that many in flight at once never gets an answer: the test times out.
 */
async function heldUntil<T>(calls: number, work: Promise<T>): Promise<{ value: T; inFlightTogether: number }> {
	const seen = bed.requests;
	const record = seen.push.bind(seen);
	const reached = new Promise<void>((resolve) => {
		seen.push = (...requests) => {
			const length = record(...requests);
			if (length >= calls) resolve();
			return length;
		};
	});
	try {
		await reached;
		// Time has not moved: every request seen is still waiting for its answer.
		const inFlightTogether = seen.length - answered();
		return { value: (await driven(work)).value, inFlightTogether };
	} finally {
		delete (seen as { push?: unknown }).push;
	}
}
const answered = () => Object.values(counters().byAction).reduce((n, c) => n + Object.values(c.statuses).reduce((a, b) => a + b, 0), 0);
const getUsers = (requestOptions: Record<string, number>) => ({ resource: 'user', operation: 'get', accountId: id(A), userId: id('={{ $json.id }}'), requestOptions });

test.each([1, 4, 10])('at most %i one-item calls in flight, answers in input order despite random latency', async (concurrency) => {
	await faults({ latencyMs: 200, jitterMs: 100 });
	const input = users(12);
	const { value: result, inFlightTogether } = await heldUntil(concurrency, bed.run('amazonChimeUser', getUsers({ concurrency }), input));
	expect(result.error).toBeUndefined();
	expect(inFlightTogether).toBe(concurrency);
	expect(counters().maxInFlight).toBeLessThanOrEqual(concurrency);
	expect(result.output.Chime.map((u) => u.UserId)).toEqual(input.map((u) => u.id));
	expect(result.items.Chime.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
});

test('the default is 10 calls in flight', async () => {
	await faults({ latencyMs: 200 });
	const { value: result, inFlightTogether } = await heldUntil(10, bed.run('amazonChimeUser', getUsers({}), users(25)));
	expect(result.output.Chime).toHaveLength(25);
	expect(inFlightTogether).toBe(10);
	expect(counters().maxInFlight).toBeLessThanOrEqual(10);
});

test('batch calls go out several at a time: 250 suspensions, 5 calls, 3 in flight', async () => {
	await faults({ latencyMs: 200 });
	const input = users(250);
	const { value: result, inFlightTogether } = await heldUntil(
		3,
		bed.run('amazonChimeUser', { resource: 'user', operation: 'suspend', accountId: id(A), userId: id('={{ $json.id }}'), requestOptions: { concurrency: 3 } }, input),
	);
	expect(counters().byAction.BatchSuspendUser.calls).toBe(5);
	expect(inFlightTogether).toBe(3);
	expect(counters().maxInFlight).toBeLessThanOrEqual(3);
	expect(result.output.Chime.map((u) => u.UserId)).toEqual(input.map((u) => u.id));
});

test('back-off is per call: while a throttled call waits to be sent again, the other calls go on', async () => {
	const LATENCY_MS = 200;
	await faults({ latencyMs: LATENCY_MS, throttle: 0.1 });
	const input = users(200);
	// Each request as it arrives, at the sandbox's (faked) time: its path names its user.
	const arrivals: Array<{ path: string; at: number }> = [];
	const seen = bed.requests;
	const record = seen.push.bind(seen);
	seen.push = (...requests) => {
		for (const { path } of requests) arrivals.push({ path, at: Date.now() });
		return record(...requests);
	};
	try {
		const { value: result } = await driven(bed.run('amazonChimeUser', getUsers({}), input));
		expect(result.error).toBeUndefined();
		expect(result.output.Chime.map((u) => u.UserId)).toEqual(input.map((u) => u.id));
	} finally {
		delete (seen as { push?: unknown }).push;
	}
	expect(counters().byAction.GetUser.faults.throttle).toBeGreaterThan(10);
	// A call sent again waited from its throttled answer (arrival + latency) to its next arrival; other
	// users' calls went out meanwhile. A back-off shared by all calls would let none go out then.
	const windows = arrivals.flatMap((retry, i) => {
		const before = arrivals.slice(0, i).filter((a) => a.path === retry.path).at(-1);
		if (!before) return [];
		const answered = before.at + LATENCY_MS;
		return [arrivals.filter((a) => a.path !== retry.path && a.at > answered && a.at < retry.at).length];
	});
	expect(windows.length).toBe(counters().byAction.GetUser.faults.throttle);
	expect(windows.filter((others) => others > 0).length).toBeGreaterThan(windows.length / 2);
});

test('Max Attempts bounds the retries of a throttled call', async () => {
	await faults({ actions: { GetUser: { throttle: 1 } } });
	const { value: result } = await driven(bed.run('amazonChimeUser', getUsers({ maxAttempts: 3 }), [{ id: DEMO.users.bob }]));
	expect(result.error?.message).toBe(
		'Amazon Chime is throttling requests: try again later or send fewer at once (ThrottledClient, gave up after 3 attempts (Max Attempts, under Request Options in the node\'s Settings))',
	);
	expect(counters().byAction.GetUser.calls).toBe(3);
});

test('a Concurrency out of range stops the node before anything is sent', async () => {
	const result = await bed.run('amazonChimeUser', getUsers({ concurrency: 0 }), [{ id: DEMO.users.bob }]);
	expect(result.error?.message).toBe('Invalid "Concurrency": must be a whole number from 1 to 50 (got 0)');
	expect(bed.requests).toEqual([]);
});
