/** Batch actions: one input item per member, grouped into as few calls as Chime allows, answers per item. */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from './harness/n8n';
import { byEmail, id, TEST_KEYS } from './harness/params';
import { chimeError, Recorder, type Recorded } from './harness/recorder';

const recorder = new Recorder();
let endpoint: string;
beforeAll(async () => {
	endpoint = await recorder.start();
});
afterAll(() => recorder.stop());

const users = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `u-${i + 1}`, account: 'acc-1' }));
const bodies = () => recorder.requests.map((r) => r.body as IDataObject);

test('suspending 120 users makes 3 calls of 50, 50 and 20, answers in input order', async () => {
	recorder.reset(() => ({ status: 200, body: { UserErrors: [] } }));
	const result = await runNode(
		{ type: 'amazonChimeUser', parameters: { resource: 'user', operation: 'suspend', accountId: id('acc-1'), userId: id('={{ $json.id }}') } },
		users(120),
		{ ...TEST_KEYS, endpoint },
	);
	expect(bodies().map((b) => (b.UserIdList as string[]).length)).toEqual([50, 50, 20]);
	expect(result.output.Chime.map((o) => o.UserId)).toEqual(users(120).map((u) => u.id));
	expect(result.items.Chime.map((i) => i.pairedItem)).toEqual(users(120).map((_, item) => ({ item })));
});

test('updating 45 users makes 3 calls of 20, 20 and 5', async () => {
	recorder.reset(() => ({ status: 200, body: { UserErrors: [] } }));
	await runNode(
		{
			type: 'amazonChimeUser',
			parameters: { resource: 'user', operation: 'updateMany', accountId: id('acc-1'), userId: id('={{ $json.id }}'), updateFields: { licenseType: 'Basic' } },
		},
		users(45),
		{ ...TEST_KEYS, endpoint },
	);
	expect(bodies().map((b) => (b.UpdateUserRequestItems as unknown[]).length)).toEqual([20, 20, 5]);
});

test('items of two accounts are grouped per account; output stays in input order', async () => {
	recorder.reset(() => ({ status: 200, body: { UserErrors: [] } }));
	const input = [
		{ id: 'a1', account: 'acc-A' },
		{ id: 'b1', account: 'acc-B' },
		{ id: 'a2', account: 'acc-A' },
		{ id: 'b2', account: 'acc-B' },
	];
	const result = await runNode(
		{ type: 'amazonChimeUser', parameters: { resource: 'user', operation: 'unsuspend', accountId: id('={{ $json.account }}'), userId: id('={{ $json.id }}') } },
		input,
		{ ...TEST_KEYS, endpoint },
	);
	expect(recorder.requests.map((r) => [r.path, (r.body as IDataObject).UserIdList])).toEqual([
		['/accounts/acc-A/users', ['a1', 'a2']],
		['/accounts/acc-B/users', ['b1', 'b2']],
	]);
	expect(result.output.Chime).toEqual(input.map((u) => ({ success: true, AccountId: u.account, UserId: u.id })));
});

test('invitations with different user types go in separate calls', async () => {
	recorder.reset((request: Recorded) => ({
		status: 201,
		body: { Invites: ((request.body as IDataObject).UserEmailList as string[]).map((e) => ({ EmailAddress: e, Status: 'Pending' })) },
	}));
	const result = await runNode(
		{
			type: 'amazonChimeUser',
			parameters: { resource: 'user', operation: 'invite', accountId: id('acc-1'), email: '={{ $json.email }}', additionalFields: { userType: '={{ $json.type }}' } },
		},
		[
			{ email: 'a@example.com', type: 'PrivateUser' },
			{ email: 'b@example.com', type: 'SharedDevice' },
			{ email: 'c@example.com', type: 'PrivateUser' },
		],
		{ ...TEST_KEYS, endpoint },
	);
	expect(bodies()).toEqual([
		{ UserEmailList: ['a@example.com', 'c@example.com'], UserType: 'PrivateUser' },
		{ UserEmailList: ['b@example.com'], UserType: 'SharedDevice' },
	]);
	expect(result.output.Chime.map((o) => o.EmailAddress)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
});

test('a failed batch call fails each of its items; with Continue On Fail the other calls go on', async () => {
	let call = 0;
	recorder.reset(() => (++call === 1 ? chimeError(400, 'BadRequest', 'Account is not a Team account') : { status: 200, body: { UserErrors: [] } }));
	const result = await runNode(
		{
			type: 'amazonChimeUser',
			parameters: { resource: 'user', operation: 'suspend', accountId: id('acc-1'), userId: id('={{ $json.id }}') },
			continueOnFail: true,
		},
		users(60),
		{ ...TEST_KEYS, endpoint },
	);
	expect(recorder.requests).toHaveLength(2);
	expect(result.output.Chime.slice(0, 50).every((o) => o.errorCode === 'BadRequest')).toBe(true);
	expect(result.output.Chime.slice(50).every((o) => o.success === true)).toBe(true);
});

test('a per-member failure without Continue On Fail stops the node and names the item', async () => {
	recorder.reset(() => ({ status: 200, body: { UserErrors: [{ UserId: 'u-2', ErrorCode: 'NotFound', ErrorMessage: 'no such user' }] } }));
	const result = await runNode(
		{ type: 'amazonChimeUser', parameters: { resource: 'user', operation: 'suspend', accountId: id('acc-1'), userId: id('={{ $json.id }}') } },
		users(3),
		{ ...TEST_KEYS, endpoint },
	);
	expect(result.error?.message).toBe('Amazon Chime could not find what the request names (NotFound)');
	expect(result.error?.description).toBe('no such user');
	expect((result.error as unknown as { context: IDataObject }).context.itemIndex).toBe(1);
});

test('users given By Email are looked up once per email, then suspended in one call; unknown emails fail alone', async () => {
	recorder.reset((request) => {
		if (request.method === 'GET') {
			const email = request.query['user-email'];
			const known = ['ann@example.com', 'bob@example.com'].includes(email.toLowerCase());
			return { status: 200, body: { Users: known ? [{ UserId: `id-${email.toLowerCase()}`, PrimaryEmail: email.toLowerCase() }] : [] } };
		}
		return { status: 200, body: { UserErrors: [] } };
	});
	const result = await runNode(
		{
			type: 'amazonChimeUser',
			parameters: { resource: 'user', operation: 'suspend', accountId: id('acc-1'), userId: byEmail('={{ $json.email }}') },
			continueOnFail: true,
		},
		[{ email: 'ann@example.com' }, { email: 'gone@example.com' }, { email: 'bob@example.com' }, { email: 'ANN@example.com' }],
		{ ...TEST_KEYS, endpoint },
	);
	const lookups = recorder.requests.filter((r) => r.method === 'GET').map((r) => r.query['user-email']);
	expect(lookups).toEqual(['ann@example.com', 'gone@example.com', 'bob@example.com']);
	const suspends = recorder.requests.filter((r) => r.method === 'POST').map((r) => r.body);
	expect(suspends).toEqual([{ UserIdList: ['id-ann@example.com', 'id-bob@example.com', 'id-ann@example.com'] }]);
	expect(result.output.Chime[1]).toEqual({
		error: 'No user with the email gone@example.com in account acc-1',
		details: 'Check the email address, or create or invite the user first.',
	});
	expect(result.output.Chime.map((o) => o.success)).toEqual([true, undefined, true, true]);
});
