/**
 * Bulk behaviour against the sandbox: calls in flight bounded by Concurrency (read from the sandbox's
 * counters, not timed), output in input order whatever order the answers come in, Max Attempts.
 */
import { addUser } from '../sandbox/backend/users';
import { useNodeTestBed } from './harness/chime';
import { id } from './harness/params';
import { DEMO } from './harness/sandbox';

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
const getUsers = (requestOptions: Record<string, number>) => ({ resource: 'user', operation: 'get', accountId: id(A), userId: id('={{ $json.id }}'), requestOptions });

test.each([1, 4, 10])('at most %i one-item calls in flight, answers in input order despite random latency', async (concurrency) => {
	// Long enough that every worker's first call has started before any answer comes back, even on a busy machine.
	await faults({ latencyMs: 200, jitterMs: 100 });
	const input = users(12);
	const result = await bed.run('amazonChimeUser', getUsers({ concurrency }), input);
	expect(result.error).toBeUndefined();
	expect(counters().maxInFlight).toBe(concurrency);
	expect(result.output.Chime.map((u) => u.UserId)).toEqual(input.map((u) => u.id));
	expect(result.items.Chime.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
});

test('the default is 10 calls in flight', async () => {
	await faults({ latencyMs: 200 });
	await bed.run('amazonChimeUser', getUsers({}), users(25));
	expect(counters().maxInFlight).toBe(10);
});

test('batch calls go out several at a time: 250 suspensions, 5 calls, 3 in flight', async () => {
	await faults({ latencyMs: 200 });
	const input = users(250);
	const result = await bed.run(
		'amazonChimeUser',
		{ resource: 'user', operation: 'suspend', accountId: id(A), userId: id('={{ $json.id }}'), requestOptions: { concurrency: 3 } },
		input,
	);
	expect(counters().byAction.BatchSuspendUser.calls).toBe(5);
	expect(counters().maxInFlight).toBe(3);
	expect(result.output.Chime.map((u) => u.UserId)).toEqual(input.map((u) => u.id));
});

test('Max Attempts bounds the retries of a throttled call', async () => {
	await faults({ actions: { GetUser: { throttle: 1 } } });
	const result = await bed.run('amazonChimeUser', getUsers({ maxAttempts: 3 }), [{ id: DEMO.users.bob }]);
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
