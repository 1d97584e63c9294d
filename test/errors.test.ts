/** Chime's errors reach the user as NodeApiError with Chime's code, the HTTP status and a plain sentence. */
import type { IDataObject } from 'n8n-workflow';

import { useNodeTestBed } from './harness/chime';
import { runNode } from './harness/n8n';
import { id, TEST_KEYS } from './harness/params';
import { chimeError, Recorder } from './harness/recorder';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();
beforeEach(async () => {
	await fetch(`${bed.sb.url}/_sandbox/faults`, { method: 'PUT', body: '{}' });
});

const A = id(DEMO.accountId);
type ApiError = { message: string; description: string; httpCode: string; errorResponse: IDataObject };

test.each([
	[
		'NotFound',
		{ resource: 'user', operation: 'get', accountId: A, userId: id('ghost') },
		'404',
		`The user ghost was not found in account ${DEMO.accountId} (NotFound)`,
		`The user ghost does not exist in account ${DEMO.accountId}.`,
	],
	[
		'BadRequest',
		{ resource: 'user', operation: 'update', accountId: A, userId: id(DEMO.users.bob), updateFields: { licenseType: 'ProTrial' } },
		'400',
		'Amazon Chime rejected the request as invalid (BadRequest)',
		'The account supports the licenses Basic, Pro, not ProTrial.',
	],
	[
		'Conflict',
		{ resource: 'user', operation: 'create', accountId: A, email: 'bob@example.com' },
		'409',
		'Amazon Chime refused because it conflicts with what already exists (Conflict)',
		'A user with the email bob@example.com already exists in this account.',
	],
	[
		'UnprocessableEntity',
		{ resource: 'account', operation: 'delete', accountId: A },
		'422',
		'Amazon Chime could not process the request (UnprocessableEntity)',
		'You must suspend all users before deleting a Team account: 4 are not suspended.',
	],
])('%s from the sandbox', async (code, params, status, sentence, detail) => {
	const node = params.resource === 'account' ? 'amazonChimeAccount' : 'amazonChimeUser';
	const result = await bed.run(node, params);
	const error = result.error as unknown as ApiError;
	expect(error.message).toBe(sentence);
	expect(error.description).toBe(detail);
	expect(error.httpCode).toBe(status);
	expect(error.errorResponse.code).toBe(code);
});

test.each([
	['Forbidden', { allow: ['List*'] }, '403', 'The AWS key is not permitted to do this in Amazon Chime (Forbidden)'],
	['UnauthorizedClient', { suspended: true }, '401', 'The AWS key is not authorized to use Amazon Chime (UnauthorizedClient)'],
])('%s from the sandbox', async (code, limits, status, sentence) => {
	const [key] = bed.sb.keys;
	await fetch(`${bed.sb.url}/_sandbox/keys`, { method: 'PUT', body: JSON.stringify([{ ...key, ...limits }]) });
	const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: A, userId: id(DEMO.users.bob) });
	await fetch(`${bed.sb.url}/_sandbox/keys`, { method: 'PUT', body: JSON.stringify([key]) });
	const error = result.error as unknown as ApiError;
	expect([error.message, error.httpCode, error.errorResponse.code]).toEqual([sentence, status, code]);
});

test('throttling is retried by the SDK before it reaches the user', async () => {
	await fetch(`${bed.sb.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ actions: { GetUser: { throttle: 0.3 } } }) });
	const input = Object.values(DEMO.users).map((userId) => ({ userId }));
	const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: A, userId: id('={{ $json.userId }}') }, input);
	expect(result.error).toBeUndefined();
	expect(result.output.Chime.map((u) => u.UserId)).toEqual(Object.values(DEMO.users));
	const counters = (await (await fetch(`${bed.sb.url}/_sandbox/counters`)).json()) as { byAction: { GetUser: { statuses: Record<string, number> } } };
	expect(counters.byAction.GetUser.statuses['200']).toBe(5);
	expect(counters.byAction.GetUser.statuses['429']).toBeGreaterThan(0);
});

test('an unreachable endpoint says so', async () => {
	const result = await runNode(
		// Three attempts, not the default ten: their back-off would make this test take half a minute.
		{ type: 'amazonChimeUser', parameters: { resource: 'user', operation: 'get', accountId: A, userId: id('u'), requestOptions: { maxAttempts: 3 } } },
		[{}],
		{ ...TEST_KEYS, endpoint: 'http://127.0.0.1:9' },
	);
	expect(result.error?.message).toBe(
		'Could not reach Amazon Chime at http://127.0.0.1:9 (ECONNREFUSED, gave up after 3 attempts (Max Attempts, under Request Options in the node\'s Settings))',
	);
});

test('personal PINs and bot tokens stay out of output unless the action exists to return them', async () => {
	const pin = bed.sb.state().accounts[DEMO.accountId].users[DEMO.users.bob].user.PersonalPIN as string;
	const got = await bed.run('amazonChimeUser', { resource: 'user', operation: 'getAll', accountId: A, returnAll: true });
	expect(got.output.Chime).toHaveLength(5);
	expect(JSON.stringify(got.output)).not.toContain(pin);
	const bots = await bed.run('amazonChimeBot', { resource: 'bot', operation: 'getAll', accountId: A, returnAll: true });
	expect(bots.output.Chime).toHaveLength(1);
	expect(JSON.stringify(bots.output)).not.toContain('demo-bot-security-token');
	const reset = await bed.run('amazonChimeUser', { resource: 'user', operation: 'resetPin', accountId: A, userId: id(DEMO.users.bob) });
	expect(reset.output.Chime[0].PersonalPIN).toBe(bed.sb.state().accounts[DEMO.accountId].users[DEMO.users.bob].user.PersonalPIN);
});

/** The sandbox never quotes keys back: this needs a scripted server. */
describe('with a scripted server', () => {
	const recorder = new Recorder();
	let endpoint: string;
	beforeAll(async () => {
		endpoint = await recorder.start();
	});
	afterAll(() => recorder.stop());
	const getUser = { resource: 'user', operation: 'get', accountId: id('acc-1'), userId: id('user-1') };

	test('a Chime message that quotes the keys is scrubbed', async () => {
		recorder.reset(() => chimeError(403, 'Forbidden', `Key ${TEST_KEYS.accessKeyId} with secret ${TEST_KEYS.secretAccessKey} is not allowed`));
		const result = await runNode({ type: 'amazonChimeUser', parameters: getUser, continueOnFail: true }, [{}], { ...TEST_KEYS, endpoint });
		const shown = JSON.stringify(result.output.Chime);
		expect(shown).toContain('is not allowed');
		expect(shown).not.toContain(TEST_KEYS.accessKeyId);
		expect(shown).not.toContain(TEST_KEYS.secretAccessKey);
	});
});

describe('a NotFound names what the request looked for', () => {
	const R = DEMO.roomId;
	test.each([
		['a user', 'amazonChimeUser', { resource: 'user', operation: 'get', accountId: A, userId: id('no-such-user') }, `The user no-such-user was not found in account ${DEMO.accountId}`],
		['an account', 'amazonChimeAccount', { resource: 'account', operation: 'get', accountId: id('9f1c6d0e-8a3b-4c5d-9e7f-0a1b2c3d4e99') }, 'The account 9f1c6d0e-8a3b-4c5d-9e7f-0a1b2c3d4e99 was not found'],
		['a room member', 'amazonChimeRoom', { resource: 'roomMembership', operation: 'delete', accountId: A, roomId: id(R), memberId: id('ghost') }, `The member ghost was not found in room ${R} of account ${DEMO.accountId}`],
		['a phone number', 'amazonChimePhoneNumber', { resource: 'phoneNumber', operation: 'get', phoneNumberId: id('+19995550100') }, 'The phone number +19995550100 was not found'],
		['a phone number order', 'amazonChimePhoneNumber', { resource: 'phoneNumberOrder', operation: 'get', phoneNumberOrderId: id('f1000000-0000-4000-8000-0000000000ff') }, 'The phone number order f1000000-0000-4000-8000-0000000000ff was not found'],
		['a batch entry', 'amazonChimePhoneNumber', { resource: 'phoneNumber', operation: 'deleteMany', phoneNumberId: id('+19995550100') }, 'The phone number +19995550100 was not found'],
	])('%s', async (_, node, params, sentence) => {
		const result = await bed.run(node, params);
		expect(result.error?.message).toBe(`${sentence} (NotFound)`);
	});
});

describe("Create Bot shows the bot's security token, the one moment it is needed", () => {
	test('in the output of Create Bot (and Regenerate Security Token), and of no other bot operation', async () => {
		const created = await bed.run('amazonChimeBot', { resource: 'bot', operation: 'create', accountId: A, displayName: 'Onboarding' });
		const bot = Object.values(bed.sb.state().accounts[DEMO.accountId].bots).find((b) => b.bot.DisplayName === 'Onboarding')!.bot;
		expect(created.output.Chime[0].SecurityToken).toBe(bot.SecurityToken);
		const botId = id(String(bot.BotId));
		for (const params of [
			{ resource: 'bot', operation: 'get', accountId: A, botId },
			{ resource: 'bot', operation: 'getAll', accountId: A, returnAll: true },
			{ resource: 'bot', operation: 'update', accountId: A, botId, updateFields: { disabled: true } },
		]) {
			const result = await bed.run('amazonChimeBot', params);
			expect(result.output.Chime.length).toBeGreaterThan(0);
			expect(JSON.stringify(result.output)).not.toContain(String(bot.SecurityToken));
		}
	});
});
