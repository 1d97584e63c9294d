/**
 * Exactly once: every operation says whether sending it again is safe, and what must not happen twice
 * is not done twice when Chime's answer is lost (the sandbox's `dropAfter`: it acts, then drops the
 * connection), fails with a 5xx, or never comes (`stall`, against the per-attempt Timeout). The
 * sandbox's state says how many users, invitations, orders, dial-outs… there are afterwards.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { botSpec } from '../nodes/AmazonChimeBot/operations';
import { conversationSpec } from '../nodes/AmazonChimeConversation/operations';
import { meetingSpec } from '../nodes/AmazonChimeMeeting/operations';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { roomSpec } from '../nodes/AmazonChimeRoom/operations';
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { inputShape, plainName, serviceOf } from '../nodes/shared/chime/model';
import { LOOK_AGAIN_MS } from '../nodes/shared/lookups/reconcile';
import { DEFAULT_TIMEOUT_MS } from '../nodes/shared/chime/retry';
import type { SeenRequest } from '../sandbox/server';
import { driven, useFakeTime } from './harness/clock';
import { creations } from './harness/creations';
import { runNode } from './harness/n8n';
import { id } from './harness/params';
import { DEMO, sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

const everyOperation = [accountSpec, userSpec, phoneNumberSpec, roomSpec, botSpec, conversationSpec, meetingSpec].flatMap((spec) => spec.operations);
/** Amazon Chime's 62; the Phone Number node's on Chime SDK Voice are held to their Chime twins below. */
const operations = everyOperation.filter((op) => serviceOf(op.chime) === 'chime');
const kind = (op: (typeof operations)[number]) => (typeof op.repeat === 'object' ? 'reconcile' : op.repeat);

// Each operation's repeat is pinned in its plan (test/plans.test.ts); these are the rules every entry keeps.
describe('each operation says whether sending it again is safe', () => {
	test('what Chime would do twice is never sent again blindly: creations, invitations, additions (CreateRoom is safe by its request token)', () => {
		for (const op of operations.filter((o) => /^(Create|BatchCreate|Invite)/.test(o.chime))) {
			const token = Object.values(inputShape(op.chime).members ?? {}).some((m) => (m as { idempotencyToken?: boolean }).idempotencyToken);
			expect({ action: op.chime, repeat: kind(op) }).toEqual({ action: op.chime, repeat: token ? 'safe' : expect.stringMatching(/^(reconcile|never)$/) });
		}
	});

	test('an action that may have happened says what, in the past ("created the user"), and only those', () => {
		for (const op of operations) {
			const mustNotRepeat = kind(op) === 'reconcile' || kind(op) === 'never';
			expect({ action: op.chime, says: op.uncertain?.done !== undefined }).toEqual({ action: op.chime, says: mustNotRepeat });
		}
	});

	test('on Amazon Chime SDK Voice, each of the 16 is repeated as its Amazon Chime twin is', () => {
		const voice = everyOperation.filter((op) => serviceOf(op.chime) === 'voice');
		expect(voice).toHaveLength(16);
		const twin = (action: string) => operations.find((op) => op.chime === plainName(action))!;
		for (const op of voice) {
			expect({ action: op.chime, repeat: op.repeat, uncertain: op.uncertain }).toEqual({ action: op.chime, repeat: twin(op.chime).repeat, uncertain: twin(op.chime).uncertain });
		}
	});

	test('a new secret each time is fine to repeat: the last answer holds the one in force', () => {
		for (const op of operations.filter((o) => kind(o) === 'renew')) expect(op.reveals?.length).toBeGreaterThan(0);
	});

	test('deletes (and unassigning a number) are safe; a NotFound after our own uncertain attempt means done', () => {
		for (const op of operations.filter((o) => kind(o) === 'delete')) expect(op.chime).toMatch(/^(Delete|BatchDelete|Disassociate)/);
	});
});

let sb: Sandbox;
const seen: SeenRequest[] = [];
/** Called with each request before the sandbox draws its fault: a test can change the faults from here. */
let hook: (request: SeenRequest) => void = () => {};

beforeAll(async () => {
	sb = await sandbox({
		onRequest: (request) => {
			seen.push(request);
			hook(request);
		},
	});
});
afterAll(() => sb.stop());
beforeEach(() => {
	sb.reset(true);
	sb.options.orderDelayMs = 0;
	sb.faults.set({});
	seen.length = 0;
	hook = () => {};
});

/** The first `n` requests of `action` get `fault`; later ones are answered. */
function faultFirst(action: string, fault: 'dropAfter' | 'serverError' | 'stall', n = 1): void {
	sb.faults.set({ actions: { [action]: { [fault]: 1 } } });
	let count = 0;
	hook = (request) => {
		if (request.action === action && ++count > n) sb.faults.set({});
	};
}

const sent = (action: string) => seen.filter((r) => r.action === action).length;
const A = DEMO.accountId;
const account = () => sb.state().accounts[A];

function run(type: string, parameters: INodeParameters, input: IDataObject[] = [{}], continueOnFail = false) {
	return runNode({ type, parameters, continueOnFail }, input, sandboxCredential(sb));
}

/** A look-up that finds nothing reads this many times (LOOK_AGAIN_MS) before it concludes nothing was made. */
const READS = LOOK_AGAIN_MS.length + 1;
const LOOK_WINDOW_MS = LOOK_AGAIN_MS.reduce((a, b) => a + b, 0);

/** `run` in faked time (harness/clock.ts), for tests whose look-ups wait their whole window: how long it waited, too. */
async function runFaked(...args: Parameters<typeof run>) {
	const { value, waitedMs } = await driven(run(...args));
	return { ...value, waitedMs };
}

const lostAnswerCases = creations(() => sb);

function prepare(action: string): void {
	// Only numbers in the deletion queue can be restored.
	if (action === 'RestorePhoneNumber') sb.state().phoneNumbers[DEMO.numbers.spare].Status = 'DeleteInProgress';
}

describe('an answer lost after Chime acted: looked up, not sent again, reported as reconciled', () => {
	test.each(lostAnswerCases.map((c) => [c.action, c] as const))('%s', async (action, c) => {
		prepare(action);
		faultFirst(action, 'dropAfter');
		const result = await run(c.type, c.parameters, c.input);
		expect(result.error).toBeUndefined();
		expect(sb.faults.report().byAction[action].lost).toBeDefined();
		expect(sent(action)).toBe(1);
		expect(c.count()).toBe(1);
		const items = result.output.Chime;
		expect(items).toHaveLength((c.input ?? [{}]).length);
		for (const json of items) {
			expect(json.reconciled).toBe(true);
			c.output(json);
		}
		expect(result.items.Chime.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	test.each(lostAnswerCases.map((c) => [c.action, c] as const))('%s, with every answer of it lost', async (action, c) => {
		prepare(action);
		sb.faults.set({ actions: { [action]: { dropAfter: 1 } } });
		const result = await run(c.type, c.parameters, c.input);
		expect(result.error).toBeUndefined();
		expect(sent(action)).toBe(1);
		expect(c.count()).toBe(1);
		for (const json of result.output.Chime) expect(json.reconciled).toBe(true);
	});
});

describe('a 5xx before Chime acted: the look-up finds nothing in its whole window, so it is sent again, once', () => {
	useFakeTime();
	test.each(lostAnswerCases.map((c) => [c.action, c] as const))('%s', async (action, c) => {
		prepare(action);
		faultFirst(action, 'serverError');
		const result = await runFaked(c.type, c.parameters, c.input);
		expect(result.error).toBeUndefined();
		expect(sent(action)).toBe(2);
		// Read again while Chime's lists may lag, for 15 s: never longer.
		expect(result.waitedMs).toBeGreaterThanOrEqual(LOOK_WINDOW_MS);
		expect(result.waitedMs).toBeLessThan(LOOK_WINDOW_MS + 1000);
		expect(c.count()).toBe(1);
		for (const json of result.output.Chime) {
			expect(json.reconciled).toBeUndefined();
			c.output(json);
		}
	});
});

const dialOut = {
	operation: 'dialOut',
	meetingId: '0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
	fromPhoneNumber: DEMO.numbers.spare,
	toPhoneNumber: '+12065550199',
	joinToken: 'abc',
};

describe('a dial-out cannot be checked: it is never placed twice, and the item says it may have been placed', () => {
	test('answer lost: one call placed, the node stops with the item error', async () => {
		faultFirst('CreateMeetingDialOut', 'dropAfter');
		const result = await run('amazonChimeMeeting', dialOut);
		expect(sb.state().dialOuts).toHaveLength(1);
		expect(sent('CreateMeetingDialOut')).toBe(1);
		expect(result.error?.message).toBe(
			'Amazon Chime may have placed the call: the request reached it but no clear answer came back, so it was not sent again (ECONNRESET)',
		);
		expect(result.error?.description).toMatch(/^Placing it again could ring the number twice/);
	});

	test('with Continue On Fail the item carries it, and the other items go on', async () => {
		faultFirst('CreateMeetingDialOut', 'dropAfter');
		const oneAtATime = { toPhoneNumber: '={{ $json.to }}', requestOptions: { concurrency: 1 } };
		const result = await run('amazonChimeMeeting', { ...dialOut, ...oneAtATime }, [{ to: '+12065550198' }, { to: '+12065550199' }], true);
		expect(result.error).toBeUndefined();
		expect(sb.state().dialOuts).toHaveLength(2);
		expect(sent('CreateMeetingDialOut')).toBe(2);
		const [first, second] = result.output.Chime;
		expect(first.error).toMatch(/^Amazon Chime may have placed the call/);
		expect(first.details).toMatch(/Check the meeting before running this item again/);
		expect(second).toEqual({ TransactionId: expect.any(String) });
	});

	test('a 5xx is not a refusal: not placed again either', async () => {
		faultFirst('CreateMeetingDialOut', 'serverError');
		const result = await run('amazonChimeMeeting', dialOut);
		expect(sent('CreateMeetingDialOut')).toBe(1);
		expect(result.error?.message).toMatch(/^Amazon Chime may have placed the call: .* \((ServiceFailure|ServiceUnavailable)\)$/);
	});

	test('throttling is a refusal before acting: sent again, and placed once', async () => {
		sb.faults.set({ actions: { CreateMeetingDialOut: { throttle: 1 } } });
		let count = 0;
		hook = (request) => {
			if (request.action === 'CreateMeetingDialOut' && ++count > 2) sb.faults.set({});
		};
		const result = await run('amazonChimeMeeting', dialOut);
		expect(result.error).toBeUndefined();
		expect(sent('CreateMeetingDialOut')).toBe(3);
		expect(sb.state().dialOuts).toHaveLength(1);
		expect(result.output.Chime[0].reconciled).toBeUndefined();
	});
});

describe('a request that is never answered ends at the per-attempt Timeout (Request Options)', () => {
	const fast = { requestOptions: { timeout: 300, maxAttempts: 3 } };

	test('a dial-out: abandoned after the timeout, not placed again', async () => {
		sb.faults.set({ actions: { CreateMeetingDialOut: { stall: 1 } } });
		const result = await run('amazonChimeMeeting', { ...dialOut, ...fast });
		// One attempt, ended by the Timeout: of 300 ms, not the default 30 s, or this test's own limit ends it first.
		expect(sent('CreateMeetingDialOut')).toBe(1);
		expect(result.error?.message).toMatch(/^Amazon Chime may have placed the call: .* \((ETIMEDOUT)\)$/);
	}, DEFAULT_TIMEOUT_MS / 3);

	test('a read is sent again after the timeout and answered', async () => {
		faultFirst('GetUser', 'stall');
		const result = await run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: id(A), userId: id(DEMO.users.bob), ...fast });
		expect(result.error).toBeUndefined();
		expect(sent('GetUser')).toBe(2);
		expect(result.output.Chime[0].UserId).toBe(DEMO.users.bob);
	});

	test('a create: looked up after the timeout (not there: a stalled request did nothing), sent again, made once', async () => {
		faultFirst('CreateUser', 'stall');
		const result = await run('amazonChimeUser', { resource: 'user', operation: 'create', accountId: id(A), email: 'stalled@example.com', ...fast });
		expect(result.error).toBeUndefined();
		expect(sent('CreateUser')).toBe(2);
		// Read again for the look-up's whole window (15 s of real time: the stall needs the real Timeout).
		expect(sent('ListUsers')).toBe(READS);
		expect(Object.values(account().users).filter((u) => u.user.PrimaryEmail === 'stalled@example.com')).toHaveLength(1);
		expect(result.output.Chime[0].reconciled).toBeUndefined();
	});

	test('every attempt stalled: the error names the time limit and the attempts', async () => {
		sb.faults.set({ actions: { GetUser: { stall: 1 } } });
		const result = await run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: id(A), userId: id(DEMO.users.bob), ...fast });
		expect(sent('GetUser')).toBe(3);
		expect(result.error?.message).toMatch(/^Amazon Chime at http:\/\/127\.0\.0\.1:\d+ did not answer GetUser within the Timeout of 300 ms \(ETIMEDOUT, gave up after 3 attempts \(Max Attempts, under Request Options in the node's Settings\)\)$/);
	});

	test('a Timeout out of range stops the node before anything is sent', async () => {
		const result = await run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: id(A), userId: id(DEMO.users.bob), requestOptions: { timeout: 0 } });
		expect(result.error?.message).toBe('Invalid "Timeout": must be a whole number from 1 to 600000 (got 0)');
		expect(seen).toEqual([]);
	});
});

describe('deletes: a NotFound after our own lost answer is that attempt having done it', () => {
	test('Delete Room', async () => {
		faultFirst('DeleteRoom', 'dropAfter');
		const result = await run('amazonChimeRoom', { resource: 'room', operation: 'delete', accountId: id(A), roomId: id(DEMO.salesRoomId) });
		expect(result.error).toBeUndefined();
		expect(sent('DeleteRoom')).toBe(2);
		expect(account().rooms[DEMO.salesRoomId]).toBeUndefined();
		expect(result.output.Chime).toEqual([{ success: true, AccountId: A, RoomId: DEMO.salesRoomId, reconciled: true }]);
	});

	test('Room Membership → Remove', async () => {
		faultFirst('DeleteRoomMembership', 'dropAfter');
		const result = await run('amazonChimeRoom', { resource: 'roomMembership', operation: 'delete', accountId: id(A), roomId: id(DEMO.roomId), memberId: id(DEMO.users.alice) });
		expect(result.error).toBeUndefined();
		expect(result.output.Chime[0]).toMatchObject({ success: true, MemberId: DEMO.users.alice, reconciled: true });
	});

	test('a NotFound without a lost answer before it is still an error', async () => {
		const result = await run('amazonChimeRoom', { resource: 'room', operation: 'delete', accountId: id(A), roomId: id('d1000000-0000-4000-8000-00000000dead') });
		expect(result.error?.message).toMatch(/\(NotFound\)$/);
		expect(result.output.Chime ?? []).toEqual([]);
	});
});

describe('a Conflict is still a Conflict when no attempt of ours was lost', () => {
	useFakeTime();
	test('Create User with an email already taken', async () => {
		const result = await runFaked('amazonChimeUser', { resource: 'user', operation: 'create', accountId: id(A), email: 'bob@example.com' });
		expect(result.error?.message).toBe('Amazon Chime refused because it conflicts with what already exists (Conflict)');
		expect(sent('ListUsers')).toBe(0);
	});

	test('an account created long before our attempt is not taken for ours: Conflict', async () => {
		account().account.CreatedTimestamp = new Date(Date.now() - 24 * 3600_000).toISOString();
		faultFirst('CreateAccount', 'serverError');
		const result = await runFaked('amazonChimeAccount', { resource: 'account', operation: 'create', name: 'Example Corp' });
		// Looked up (for the whole window) before sending again, and again after the Conflict: neither time was it ours.
		expect(sent('ListAccounts')).toBe(2 * READS);
		expect(sent('CreateAccount')).toBe(2);
		expect(result.error?.message).toBe('Amazon Chime refused because it conflicts with what already exists (Conflict)');
	});
});
