/**
 * A bad day at Chime: back-off per call (one throttled call never holds the others up), Max Attempts
 * that survive it by default, and a node that says, on itself and in n8n's log, what retries it took.
 */
import { dirname } from 'node:path';

import { addUser } from '../sandbox/backend/users';
import { useNodeTestBed } from './harness/chime';
import type { RunResult } from './harness/n8n';
import { id } from './harness/params';
import { DEMO } from './harness/sandbox';

/** n8n-core's own copy of a package (it has its own @n8n/di and @n8n/backend-common): the logger nodes get. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fromCore = <T>(name: string) => require(require.resolve(name, { paths: [dirname(require.resolve('n8n-core'))] })) as T;
const { Container } = fromCore<typeof import('@n8n/di')>('@n8n/di');
const { Logger } = fromCore<typeof import('@n8n/backend-common')>('@n8n/backend-common');

const bed = useNodeTestBed();
const faults = (config: object) => bed.sb.faults.set(config);
beforeEach(() => faults({}));

const A = DEMO.accountId;
const hints = (result: RunResult) => result.run.data.resultData.runData.Chime[0].hints ?? [];
function users(n: number): Array<{ id: string }> {
	const record = bed.sb.state().accounts[A];
	return Array.from({ length: n }, (_, i) => ({ id: addUser(record, `bulk${i}@example.com`, {}).user.UserId as string }));
}
const getUsers = { resource: 'user', operation: 'get', accountId: id(A), userId: id('={{ $json.id }}') };

test('the default Max Attempts outlast a call that fails six times, which the old default of 5 gave up on', async () => {
	faults({ actions: { GetUser: { serverError: 1 } } });
	// The bed records each request before the sandbox draws its fault: the seventh finds them stopped.
	const seen = bed.requests;
	const record = seen.push.bind(seen);
	seen.push = (...requests) => {
		const length = record(...requests);
		if (seen.filter((r) => r.action === 'GetUser').length >= 7) faults({});
		return length;
	};
	try {
		const result = await bed.run('amazonChimeUser', getUsers, [{ id: DEMO.users.bob }]);
		expect(result.error).toBeUndefined();
		expect(result.output.Chime[0].UserId).toBe(DEMO.users.bob);
		expect(bed.sb.faults.report().byAction.GetUser.calls).toBe(7);
	} finally {
		delete (seen as { push?: unknown }).push;
	}
});

describe('retries are shown', () => {
	let warn: jest.SpyInstance;
	beforeEach(() => {
		warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => {});
	});
	afterEach(() => warn.mockRestore());

	test('sustained throttling: a warning hint on the node and a log line with the attempts made', async () => {
		faults({ actions: { GetUser: { throttle: 0.25 } } });
		const input = users(30);
		const result = await bed.run('amazonChimeUser', getUsers, input);
		expect(result.error).toBeUndefined();
		const counter = bed.sb.faults.report().byAction.GetUser;
		const throttled = counter.faults.throttle!;
		expect(throttled).toBeGreaterThan(0);
		expect(hints(result)).toEqual([
			{
				type: 'warning',
				location: 'outputPane',
				message: `Amazon Chime throttled ${throttled} of ${counter.calls} requests. Each was sent again after a back-off, which slowed this run; lower Concurrency (Request Options, in the node's Settings) if it keeps happening.`,
			},
		]);
		expect(warn).toHaveBeenCalledWith(
			`Amazon Chime GetUser: ${counter.calls} attempts for 30 calls; ${throttled} sent again (${throttled} throttled, 0 failed or unanswered)`,
			expect.objectContaining({ node: 'Chime', retries: throttled, throttled, calls: 30, attempts: counter.calls }),
		);
	});

	test("look-ups are counted under their own action: a throttled ListUsers is not read as the operation's", async () => {
		const emails = [0, 1, 2].map((i) => `lookup${i}@example.com`);
		const record = bed.sb.state().accounts[A];
		for (const email of emails) addUser(record, email, {});
		// The three first look-ups are throttled; the bed records a request before the sandbox draws its fault, so the fourth finds them off.
		faults({ actions: { ListUsers: { throttle: 1 } } });
		const seen = bed.requests;
		const push = seen.push.bind(seen);
		seen.push = (...requests) => {
			const length = push(...requests);
			if (seen.filter((r) => r.action === 'ListUsers').length >= 4) faults({});
			return length;
		};
		try {
			const byEmailUsers = { ...getUsers, operation: 'logout', userId: { __rl: true, mode: 'email', value: '={{ $json.email }}' } };
			const result = await bed.run('amazonChimeUser', byEmailUsers, emails.map((email) => ({ email })));
			expect(result.error).toBeUndefined();
			expect(bed.sb.faults.report().byAction.ListUsers.faults.throttle).toBe(3);
			expect(warn).toHaveBeenCalledWith(
				'Amazon Chime LogoutUser: 9 attempts for 6 calls (ListUsers 3, LogoutUser 3); 3 sent again (3 throttled, 0 failed or unanswered)',
				expect.objectContaining({ calls: 6, attempts: 9 }),
			);
		} finally {
			delete (seen as { push?: unknown }).push;
		}
	});

	test('a good day: no hint, no log line', async () => {
		const result = await bed.run('amazonChimeUser', getUsers, users(20));
		expect(result.error).toBeUndefined();
		expect(hints(result)).toEqual([]);
		expect(warn).not.toHaveBeenCalled();
	});

	test('lost answers read back from Chime: an info hint says which items carry "reconciled"', async () => {
		faults({ actions: { CreateUser: { dropAfter: 1 } } });
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'create', accountId: id(A), email: 'hint@example.com' });
		expect(result.output.Chime[0].reconciled).toBe(true);
		expect(hints(result)).toEqual([
			{
				type: 'info',
				location: 'outputPane',
				message: '1 item was checked in Amazon Chime after its answer was lost, instead of being sent twice: it carries "reconciled": true.',
			},
		]);
		expect(warn).toHaveBeenCalledWith('Amazon Chime CreateUser: 1 item read back from Chime after an answer was lost, not sent twice', expect.anything());
	});
});
