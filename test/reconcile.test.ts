/**
 * What the sandbox cannot stage, against a scripted server: a look-up that misses (as an eventually
 * consistent Chime may) and reads again, or misses for its whole window, so that the action is sent
 * again and Chime answers Conflict to our own earlier attempt; a look-up that fails; error codes that
 * quote the keys. Time is faked: the look-ups' waits are counted, not waited for.
 */
import type { IDataObject } from 'n8n-workflow';

import { LOOK_AGAIN_MS } from '../nodes/shared/lookups/reconcile';
import { driven, useFakeTime } from './harness/clock';
import { runNode } from './harness/n8n';
import { id, TEST_KEYS } from './harness/params';
import { chimeError, Recorder, type Recorded, type Reply } from './harness/recorder';

useFakeTime();
const recorder = new Recorder();
let endpoint: string;
beforeAll(async () => {
	endpoint = await recorder.start();
});
afterAll(() => recorder.stop());

const ACCOUNT = 'acc-1';
const ROOM = 'room-1';
const user = { UserId: 'user-1', AccountId: ACCOUNT, PrimaryEmail: 'jane@example.com' };
const member = (MemberId: string) => ({ RoomId: ROOM, Member: { MemberId, MemberType: 'User' }, Role: 'Member' });

/** Answers in turn, per request kind (method, path and query): the last one repeats. */
function script(replies: Record<string, Reply[]>): (request: Recorded) => Reply {
	const seen: Record<string, number> = {};
	return (request) => {
		const operation = request.query.operation ? `?operation=${request.query.operation}` : '';
		const key = `${request.method} ${request.path.replace(ACCOUNT, 'A').replace(ROOM, 'R')}${operation}`;
		const list = replies[key];
		if (!list) return chimeError(400, 'BadRequest', `unscripted ${key}`);
		const at = Math.min(seen[key] ?? 0, list.length - 1);
		seen[key] = at + 1;
		return list[at];
	};
}

const kinds = () => recorder.requests.map((r) => `${r.method} ${r.query.operation ?? ''}`.trim());
/** The node's run, and how long it waited (in faked time) for back-offs and look-ups. */
let waitedMs = 0;
const run = async (type: string, parameters: IDataObject, input: IDataObject[] = [{}], continueOnFail = false) => {
	const { value, waitedMs: waited } = await driven(
		runNode({ type, parameters: { requestOptions: { maxAttempts: 3 }, ...parameters } as never, continueOnFail }, input, { ...TEST_KEYS, endpoint }),
	);
	waitedMs = waited;
	return value;
};
/** A look-up that finds nothing reads this many times before it concludes nothing was made. */
const READS = LOOK_AGAIN_MS.length + 1;
const LOOK_WINDOW_MS = LOOK_AGAIN_MS.reduce((a, b) => a + b, 0);
const times = (n: number, kind: string) => Array.from({ length: n }, () => kind);

const createUser = { resource: 'user', operation: 'create', accountId: id(ACCOUNT), email: 'jane@example.com' };

describe('a look-up that lags behind what Chime made', () => {
	test('reads again after 1, 2, 4 and 8 s (15 s in all), and what it then finds is the answer: not sent again', async () => {
		expect(LOOK_AGAIN_MS).toEqual([1000, 2000, 4000, 8000]);
		recorder.reset(
			script({
				'POST /accounts/A/users?operation=create': [chimeError(500, 'ServiceFailure', 'failed after acting')],
				// The list shows the user only on the third read.
				'GET /accounts/A/users': [{ body: { Users: [] } }, { body: { Users: [] } }, { body: { Users: [user] } }],
			}),
		);
		const result = await run('amazonChimeUser', createUser);
		expect(result.error).toBeUndefined();
		expect(result.output.Chime).toEqual([{ ...user, reconciled: true }]);
		expect(kinds()).toEqual(['POST create', 'GET', 'GET', 'GET']);
		expect(waitedMs).toBe(1000 + 2000);
	});

	test('that finds nothing in its whole window concludes nothing was made, and sends again once', async () => {
		recorder.reset(
			script({
				'POST /accounts/A/users?operation=create': [chimeError(503, 'ServiceUnavailable', 'busy'), { status: 201, body: { User: user } }],
				'GET /accounts/A/users': [{ body: { Users: [] } }],
			}),
		);
		const result = await run('amazonChimeUser', createUser);
		expect(result.output.Chime).toEqual([user]);
		expect(kinds()).toEqual(['POST create', ...times(READS, 'GET'), 'POST create']);
		// The look-up's waits, and the transport's one back-off (under a second at its first attempt).
		expect(waitedMs).toBeGreaterThanOrEqual(LOOK_WINDOW_MS);
		expect(waitedMs).toBeLessThan(LOOK_WINDOW_MS + 1000);
	});
});

describe('Create User: a Conflict after our own uncertain attempt', () => {
	test('is our attempt having made the user: the existing user, flagged reconciled', async () => {
		recorder.reset(
			script({
				'POST /accounts/A/users?operation=create': [chimeError(500, 'ServiceFailure', 'failed after acting'), chimeError(409, 'Conflict', 'The email is taken')],
				// The look-up misses what Chime has just made for its whole window; the one after the Conflict finds it.
				'GET /accounts/A/users': [...times(READS, 'miss').map(() => ({ body: { Users: [] } })), { body: { Users: [user] } }],
			}),
		);
		const result = await run('amazonChimeUser', createUser);
		expect(result.error).toBeUndefined();
		expect(result.output.Chime).toEqual([{ ...user, reconciled: true }]);
		expect(kinds()).toEqual(['POST create', ...times(READS, 'GET'), 'POST create', 'GET']);
	});

	test('is a Conflict when the look-up still finds nothing', async () => {
		recorder.reset(
			script({
				'POST /accounts/A/users?operation=create': [chimeError(500, 'ServiceFailure', 'failed'), chimeError(409, 'Conflict', 'The email is taken')],
				'GET /accounts/A/users': [{ body: { Users: [] } }],
			}),
		);
		const result = await run('amazonChimeUser', createUser);
		expect(result.error?.message).toBe('Amazon Chime refused because it conflicts with what already exists (Conflict)');
	});

	test('a look-up that fails leaves it unknown, and the item says so', async () => {
		recorder.reset(
			script({
				'POST /accounts/A/users?operation=create': [chimeError(503, 'ServiceUnavailable', 'busy')],
				'GET /accounts/A/users': [chimeError(403, 'Forbidden', 'not allowed to list users')],
			}),
		);
		const result = await run('amazonChimeUser', createUser);
		expect(result.error?.message).toBe(
			'Amazon Chime may have created the user: the request reached it but no clear answer came back, so it was not sent again (ServiceUnavailable)',
		);
		expect(result.error?.description).toBe('Looking for it in Amazon Chime failed too. Check in Amazon Chime before running this item again. Amazon Chime said: busy');
		expect(kinds()).toEqual(['POST create', 'GET']);
	});

	test('once Max Attempts are used up by answers that never say, the last failure is reported, after looking', async () => {
		recorder.reset(
			script({
				'POST /accounts/A/users?operation=create': [chimeError(500, 'ServiceFailure', 'failed')],
				'GET /accounts/A/users': [{ body: { Users: [] } }],
			}),
		);
		const result = await run('amazonChimeUser', createUser);
		expect(result.error?.message).toBe('Amazon Chime failed to process the request (ServiceFailure, gave up after 3 attempts (Max Attempts, under Request Options in the node\'s Settings))');
		expect(kinds()).toEqual(['POST create', ...times(READS, 'GET'), 'POST create', ...times(READS, 'GET'), 'POST create', ...times(READS, 'GET')]);
	});
});

test('a refused connection never reached Chime: a create is tried again like a read, with no look-up', async () => {
	const { value: result } = await driven(
		runNode({ type: 'amazonChimeUser', parameters: { ...createUser, requestOptions: { maxAttempts: 3 } } as never }, [{}], { ...TEST_KEYS, endpoint: 'http://127.0.0.1:9' }),
	);
	expect(result.error?.message).toBe(
		'Could not reach Amazon Chime at http://127.0.0.1:9 (ECONNREFUSED, gave up after 3 attempts (Max Attempts, under Request Options in the node\'s Settings))',
	);
});

describe('Add Many room members: per-member Conflicts after our own uncertain attempt', () => {
	const addMany = { resource: 'roomMembership', operation: 'createMany', accountId: id(ACCOUNT), roomId: id(ROOM), memberId: id('={{ $json.member }}') };

	test('are looked up: members in the room are reconciled, the others keep their error', async () => {
		recorder.reset(
			script({
				'POST /accounts/A/rooms/R/memberships?operation=batch-create': [
					chimeError(500, 'ServiceFailure', 'failed after acting'),
					{
						status: 201,
						body: {
							Errors: [
								{ MemberId: 'bob', ErrorCode: 'Conflict', ErrorMessage: 'already a member' },
								{ MemberId: 'carol', ErrorCode: 'Conflict', ErrorMessage: 'already a member' },
							],
						},
					},
				],
				'GET /accounts/A/rooms/R/memberships': [{ body: { RoomMemberships: [] } }, { body: { RoomMemberships: [member('bob')] } }],
			}),
		);
		const result = await run('amazonChimeRoom', addMany, [{ member: 'bob' }, { member: 'carol' }, { member: 'dave' }], true);
		expect(result.error).toBeUndefined();
		expect(result.output.Chime).toEqual([
			{ success: true, AccountId: ACCOUNT, RoomId: ROOM, MemberId: 'bob', Member: { MemberId: 'bob', MemberType: 'User' }, Role: 'Member', reconciled: true },
			{ error: 'Amazon Chime refused because it conflicts with what already exists (Conflict)', details: 'already a member' },
			{ success: true, AccountId: ACCOUNT, RoomId: ROOM, MemberId: 'dave' },
		]);
	});

	test('without an uncertain attempt before them, stay Conflicts, with no look-up', async () => {
		recorder.reset(
			script({
				'POST /accounts/A/rooms/R/memberships?operation=batch-create': [
					{ status: 201, body: { Errors: [{ MemberId: 'bob', ErrorCode: 'Conflict', ErrorMessage: 'already a member' }] } },
				],
			}),
		);
		const result = await run('amazonChimeRoom', addMany, [{ member: 'bob' }], true);
		expect(result.output.Chime).toEqual([{ error: 'Amazon Chime refused because it conflicts with what already exists (Conflict)', details: 'already a member' }]);
		expect(kinds()).toEqual(['POST batch-create']);
	});
});

describe('secrets stay out of error codes', () => {
	const quoting = `Leaked${TEST_KEYS.accessKeyId}`;
	/** All the node error carries: its message, its description and the response n8n keeps and shows. */
	const everything = (result: Awaited<ReturnType<typeof run>>) => {
		const error = result.error as unknown as { message: string; description: string; errorResponse: unknown };
		return JSON.stringify([error.message, error.description, error.errorResponse]);
	};

	test('a Chime error code that quotes the key is scrubbed like its message', async () => {
		recorder.reset(() => ({
			status: 403,
			headers: { 'x-amzn-ErrorType': `${quoting}Exception` },
			body: { Code: quoting, Message: `Key ${TEST_KEYS.accessKeyId} refused` },
		}));
		const shown = everything(await run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: id(ACCOUNT), userId: id('user-1') }));
		expect(shown).toContain('Leaked***');
		expect(shown).not.toContain(TEST_KEYS.accessKeyId);
	});

	test("a batch member's error code that quotes the key is scrubbed", async () => {
		recorder.reset(() => ({ status: 200, body: { UserErrors: [{ UserId: 'user-1', ErrorCode: quoting, ErrorMessage: `for ${TEST_KEYS.accessKeyId}` }] } }));
		const shown = everything(await run('amazonChimeUser', { resource: 'user', operation: 'suspend', accountId: id(ACCOUNT), userId: id('user-1') }));
		expect(shown).toContain('Leaked***');
		expect(shown).not.toContain(TEST_KEYS.accessKeyId);
	});
});
