/** Batch actions against the sandbox: one input item per member, as few calls as Chime allows, answers per item. */
import type { IDataObject } from 'n8n-workflow';

import { addUser } from '../sandbox/backend/users';
import { useNodeTestBed } from './harness/chime';
import { byEmail, id } from './harness/params';
import { DEMO, type Sandbox } from './harness/sandbox';

const bed = useNodeTestBed();

const A = DEMO.accountId;

/** Adds `n` registered users to an account of the sandbox, returning them as input items. */
function users(sb: Sandbox, n: number, accountId = A): Array<{ id: string; account: string }> {
	const record = sb.state().accounts[accountId];
	return Array.from({ length: n }, (_, i) => {
		const user = addUser(record, `person${i}.${accountId.slice(0, 4)}@example.com`, { UserRegistrationStatus: 'Registered' });
		return { id: user.user.UserId as string, account: accountId };
	});
}
const status = (accountId: string, userId: string) => bed.sb.state().accounts[accountId].users[userId].user.UserRegistrationStatus;
const sizes = (member: string) => bed.requests.map((r) => ((r.body as IDataObject)[member] as unknown[]).length);

test('suspending 120 users makes 3 calls of 50, 50 and 20; all are suspended; answers in input order', async () => {
	const input = users(bed.sb, 120);
	const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'suspend', accountId: id(A), userId: id('={{ $json.id }}') }, input);
	expect(sizes('UserIdList')).toEqual([50, 50, 20]);
	expect(input.every((u) => status(A, u.id) === 'Suspended')).toBe(true);
	expect(result.output.Chime.map((o) => o.UserId)).toEqual(input.map((u) => u.id));
	expect(result.items.Chime.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
});

test('updating 45 users makes 3 calls of 20, 20 and 5', async () => {
	const input = users(bed.sb, 45);
	await bed.run(
		'amazonChimeUser',
		{ resource: 'user', operation: 'updateMany', accountId: id(A), userId: id('={{ $json.id }}'), updateFields: { licenseType: 'Basic' } },
		input,
	);
	expect(sizes('UpdateUserRequestItems')).toEqual([20, 20, 5]);
	expect(input.every((u) => bed.sb.state().accounts[A].users[u.id].user.LicenseType === 'Basic')).toBe(true);
});

test('items of two accounts are grouped per account; output stays in input order', async () => {
	const other = (await (await fetch(`${bed.sb.url}/_sandbox/accounts`, { method: 'POST', body: JSON.stringify({ Name: 'Other Corp' }) })).json()) as { Account: { AccountId: string } };
	const B = other.Account.AccountId;
	const [a1, a2] = users(bed.sb, 2);
	const [b1, b2] = users(bed.sb, 2, B);
	const input = [a1, b1, a2, b2];
	const result = await bed.run(
		'amazonChimeUser',
		{ resource: 'user', operation: 'suspend', accountId: id('={{ $json.account }}'), userId: id('={{ $json.id }}') },
		input,
	);
	expect(bed.requests.map((r) => [r.path, (r.body as IDataObject).UserIdList])).toEqual([
		[`/accounts/${A}/users`, [a1.id, a2.id]],
		[`/accounts/${B}/users`, [b1.id, b2.id]],
	]);
	expect(result.output.Chime).toEqual(input.map((u) => ({ success: true, AccountId: u.account, UserId: u.id, PrimaryEmail: null })));
});

test('invitations with different user types go in separate calls', async () => {
	const result = await bed.run(
		'amazonChimeUser',
		{ resource: 'user', operation: 'invite', accountId: id(A), email: '={{ $json.email }}', additionalFields: { userType: '={{ $json.type }}' } },
		[
			{ email: 'a@example.com', type: 'PrivateUser' },
			{ email: 'b@example.com', type: 'SharedDevice' },
			{ email: 'c@example.com', type: 'PrivateUser' },
		],
	);
	expect(bed.requests.map((r) => r.body)).toEqual([
		{ UserEmailList: ['a@example.com', 'c@example.com'], UserType: 'PrivateUser' },
		{ UserEmailList: ['b@example.com'], UserType: 'SharedDevice' },
	]);
	expect(result.output.Chime.map((o) => [o.EmailAddress, o.Status])).toEqual([
		['a@example.com', 'Pending'],
		['b@example.com', 'Pending'],
		['c@example.com', 'Pending'],
	]);
});

test('a batch call Chime refuses fails each of its items; with Continue On Fail the other calls go on', async () => {
	// Users of an EnterpriseAD account cannot be suspended with BatchSuspendUser.
	const ad = (await (await fetch(`${bed.sb.url}/_sandbox/accounts`, { method: 'POST', body: JSON.stringify({ Name: 'AD Corp', AccountType: 'EnterpriseAD' }) })).json()) as { Account: { AccountId: string } };
	const input = [...users(bed.sb, 2, ad.Account.AccountId), ...users(bed.sb, 2)];
	const result = await bed.run(
		'amazonChimeUser',
		{ resource: 'user', operation: 'suspend', accountId: id('={{ $json.account }}'), userId: id('={{ $json.id }}') },
		input,
		{ continueOnFail: true },
	);
	expect(bed.requests).toHaveLength(2);
	expect(result.output.Chime.map((o) => o.error ?? o.success)).toEqual([
		'Amazon Chime rejected the request as invalid (BadRequest)',
		'Amazon Chime rejected the request as invalid (BadRequest)',
		true,
		true,
	]);
	expect(result.output.Chime[0].details).toBe('Users can be suspended only in Team and EnterpriseLWA accounts.');
});

test('a per-member failure without Continue On Fail stops the node and names the item', async () => {
	const [first, second] = users(bed.sb, 2);
	const result = await bed.run(
		'amazonChimeUser',
		{ resource: 'user', operation: 'suspend', accountId: id(A), userId: id('={{ $json.id }}') },
		[first, { id: 'ghost' }, second],
	);
	expect(result.error?.message).toBe(`The user ghost was not found in account ${A} (NotFound)`);
	expect(result.error?.description).toBe(`The user ghost does not exist in account ${A}.`);
	expect((result.error as unknown as { context: IDataObject }).context.itemIndex).toBe(1);
});

test('users given By Email are looked up once per email, then suspended in one call; unknown emails fail alone', async () => {
	const result = await bed.run(
		'amazonChimeUser',
		{ resource: 'user', operation: 'suspend', accountId: id(A), userId: byEmail('={{ $json.email }}') },
		[{ email: 'alice@example.com' }, { email: 'gone@example.com' }, { email: 'bob@example.com' }, { email: 'ALICE@example.com' }],
		{ continueOnFail: true },
	);
	const lookups = bed.requests.filter((r) => r.action === 'ListUsers').map((r) => r.query['user-email']);
	expect(lookups).toEqual(['alice@example.com', 'gone@example.com', 'bob@example.com']);
	const suspends = bed.requests.filter((r) => r.action === 'BatchSuspendUser').map((r) => r.body);
	expect(suspends).toEqual([{ UserIdList: [DEMO.users.alice, DEMO.users.bob, DEMO.users.alice] }]);
	expect(result.output.Chime[1]).toEqual({
		error: `No user with the email gone@example.com in account ${A} (NotFound)`,
		details: 'Check the email address, or create or invite the user first.',
	});
	expect(result.output.Chime.map((o) => o.success)).toEqual([true, undefined, true, true]);
	expect([status(A, DEMO.users.alice), status(A, DEMO.users.bob)]).toEqual(['Suspended', 'Suspended']);
});
