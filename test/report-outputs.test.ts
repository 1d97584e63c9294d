/**
 * Issue 16 point 9, outputs a report can use: Suspend, Unsuspend and Log Out say whose account it was
 * (PrimaryEmail, when the user was given By Email or picked From List), and From List shows each user's
 * status, so that a suspended user is seen as one before being picked.
 */
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { listSearch } from '../nodes/shared/panel/locators';
import { outputAdds } from '../nodes/shared/pipeline/output';
import { useNodeTestBed } from './harness/chime';
import { loadOptionsContext } from './harness/n8n';
import { byEmail, id } from './harness/params';
import { DEMO, sandboxCredential } from './harness/sandbox';

const bed = useNodeTestBed();
const A = id(DEMO.accountId);
const { users } = DEMO;

test('Suspend: the email of users given By Email, From List, and null By ID', async () => {
	const picked = { __rl: true, mode: 'list', value: users.bob, cachedResultName: 'Bob Example <bob@example.com> (Registered)' };
	const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'suspend', accountId: A, userId: '={{ $json.user }}' }, [
		{ user: byEmail('alice@example.com') },
		{ user: picked },
		{ user: id(users.carol) },
	]);
	expect(result.error).toBeUndefined();
	expect(result.output.Chime).toEqual([
		{ success: true, AccountId: DEMO.accountId, UserId: users.alice, PrimaryEmail: 'alice@example.com' },
		{ success: true, AccountId: DEMO.accountId, UserId: users.bob, PrimaryEmail: 'bob@example.com' },
		{ success: true, AccountId: DEMO.accountId, UserId: users.carol, PrimaryEmail: null },
	]);
	const status = (key: keyof typeof users) => bed.sb.state().accounts[DEMO.accountId].users[users[key]].user.UserRegistrationStatus;
	expect([status('alice'), status('bob'), status('carol')]).toEqual(['Suspended', 'Suspended', 'Suspended']);
});

test('Log Out By Email: the email next to the ID', async () => {
	const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'logout', accountId: A, userId: byEmail('bob@example.com') });
	expect(result.output.Chime).toEqual([{ success: true, AccountId: DEMO.accountId, UserId: users.bob, PrimaryEmail: 'bob@example.com' }]);
	expect(bed.sb.state().accounts[DEMO.accountId].users[users.bob].logouts).toBe(1);
});

test('Unsuspend By Email on an EnterpriseLWA account: the email next to the ID', async () => {
	bed.sb.state().accounts[DEMO.accountId].account.AccountType = 'EnterpriseLWA';
	const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'unsuspend', accountId: A, userId: byEmail('erin@example.com') });
	expect(result.output.Chime).toEqual([{ success: true, AccountId: DEMO.accountId, UserId: users.erin, PrimaryEmail: 'erin@example.com' }]);
});

test('From List shows each user\'s status', async () => {
	const context = loadOptionsContext('amazonChimeUser', { accountId: A }, sandboxCredential(bed.sb));
	const { results } = await listSearch.searchUsers.call(context);
	expect(results).toEqual(
		expect.arrayContaining([
			{ name: 'Erin Example <erin@example.com> (Suspended)', value: users.erin },
			{ name: 'Carol Example <carol@example.com> (Unregistered)', value: users.carol },
			{ name: 'Alice Example <alice@example.com> (Registered)', value: users.alice },
		]),
	);
	// Typing the status finds those users.
	expect((await listSearch.searchUsers.call(context, 'suspended')).results).toEqual([{ name: 'Erin Example <erin@example.com> (Suspended)', value: users.erin }]);
});

test('PrimaryEmail is declared for output schemas on Suspend, Unsuspend and Log Out only', () => {
	const declared = userSpec.operations.filter((op) => outputAdds(op).always.includes('PrimaryEmail')).map((op) => op.value);
	expect(declared).toEqual(['logout', 'suspend', 'unsuspend']);
});
