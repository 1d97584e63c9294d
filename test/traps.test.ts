/**
 * Issue 16 point 2, no trap in a panel: a field added to Update Fields or Filters starts on no choice
 * (the user picks), Wait for Completion reads as on once added, help texts say what fields do, and
 * Unsuspend says before running (a notice) and after (its error) that it needs an EnterpriseLWA account.
 */
import type { INodeProperties } from 'n8n-workflow';

import { AmazonChimeAccount } from '../nodes/AmazonChimeAccount/AmazonChimeAccount.node';
import { AmazonChimeBot } from '../nodes/AmazonChimeBot/AmazonChimeBot.node';
import { AmazonChimePhoneNumber } from '../nodes/AmazonChimePhoneNumber/AmazonChimePhoneNumber.node';
import { AmazonChimeRoom } from '../nodes/AmazonChimeRoom/AmazonChimeRoom.node';
import { AmazonChimeUser } from '../nodes/AmazonChimeUser/AmazonChimeUser.node';
import { useNodeTestBed } from './harness/chime';
import { byEmail, id } from './harness/params';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();
const A = id(DEMO.accountId);

const panels = [AmazonChimeAccount, AmazonChimeBot, AmazonChimePhoneNumber, AmazonChimeRoom, AmazonChimeUser].map((Node) => new Node().description);

/** A property of a node, found by its name and the operation it shows on (inside its collection, if any). */
function property(panel: (typeof panels)[number], resource: string, operation: string, name: string): INodeProperties | undefined {
	const shown = (p: INodeProperties) => p.displayOptions?.show?.operation?.includes(operation) && p.displayOptions.show.resource?.includes(resource);
	for (const p of panel.properties.filter(shown)) {
		if (p.name === name) return p;
		const inside = (p.options as INodeProperties[] | undefined)?.find((o) => o.name === name);
		if (p.type === 'collection' && inside) return inside;
	}
	return undefined;
}

describe('adding a field never pre-fills a value that changes data', () => {
	const changing = panels.flatMap((panel) =>
		panel.properties
			.filter((p) => p.type === 'collection' && ['updateFields', 'filters'].includes(p.name))
			.flatMap((p) => (p.options as INodeProperties[]).filter((o) => o.type === 'options').map((o) => [panel.displayName, JSON.stringify(p.displayOptions?.show), o.name, o.default] as const)),
	);

	test('there are options fields under Update Fields and Filters to check', () => {
		expect(changing.length).toBeGreaterThanOrEqual(10);
	});

	test.each(changing)('%s %s: %s starts on no choice', (_node, _op, _name, value) => {
		expect(value).toBe('');
	});

	test('License Type (User Update and Update Many), Status and Associated With (Phone Number Get Many), Role (Update Member)', () => {
		const [, , phone, room, user] = panels;
		expect(property(user, 'user', 'update', 'licenseType')?.default).toBe('');
		expect(property(user, 'user', 'updateMany', 'licenseType')?.default).toBe('');
		expect(property(phone, 'phoneNumber', 'getAll', 'status')?.default).toBe('');
		expect(property(phone, 'phoneNumber', 'getAll', 'filterName')?.default).toBe('');
		expect(property(room, 'roomMembership', 'update', 'role')?.default).toBe('');
		// Where the choice is harmless and the field exists to add one, the first option stays: a new user is a Private User.
		expect(property(user, 'user', 'create', 'userType')?.default).toBe('PrivateUser');
	});

	test('Wait for Completion reads as on once added; Partial Order Is starts at An Error', () => {
		const phone = panels[2];
		expect(property(phone, 'phoneNumberOrder', 'create', 'waitForCompletion')?.default).toBe(true);
		expect(property(phone, 'phoneNumberOrder', 'create', 'partialIs')).toMatchObject({ displayName: 'Partial Order Is', default: 'error' });
	});

	test('Default Calling Name is required, and its help says how to clear it', () => {
		const field = property(panels[2], 'phoneNumberSettings', 'update', 'callingName');
		expect(field).toMatchObject({ required: true });
		expect(field?.description).not.toMatch(/empty clears it/);
		expect(field?.description).toContain('{{ "" }}');
	});
});

describe('an added field left on no choice is refused, nothing sent', () => {
	test('User Update with License Type added and not chosen: the Pro user stays Pro', async () => {
		const alice = () => bed.sb.state().accounts[DEMO.accountId].users[DEMO.users.alice].user;
		const before = alice().LicenseType;
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'update', accountId: A, userId: id(DEMO.users.alice), updateFields: { licenseType: '' } });
		expect(result.error?.message).toBe('Invalid "License Type" [item 1]: has nothing chosen: choose a value in the list, or remove the field (got "")');
		expect(bed.requests).toEqual([]);
		expect(alice().LicenseType).toBe(before);
	});

	test('Phone Number Get Many with Associated With and no Associated ID names both', async () => {
		const result = await bed.run('amazonChimePhoneNumber', { resource: 'phoneNumber', operation: 'getAll', returnAll: true, filters: { filterName: 'AccountId' } });
		expect(result.error?.message).toBe('Invalid "Associated With" [item 1]: needs "Associated ID" too: add it, or remove this one');
		expect(bed.requests).toEqual([]);
	});

	test('with both, the filter is sent', async () => {
		const result = await bed.run('amazonChimePhoneNumber', {
			resource: 'phoneNumber',
			operation: 'getAll',
			returnAll: true,
			filters: { filterName: 'UserId', filterValue: DEMO.users.alice },
		});
		expect(result.error).toBeUndefined();
		expect(bed.requests[0].query).toMatchObject({ 'filter-name': 'UserId', 'filter-value': DEMO.users.alice });
	});

	test('Default Calling Name cleared with {{ "" }}, as its help says', async () => {
		const set = await bed.run('amazonChimePhoneNumber', { resource: 'phoneNumberSettings', operation: 'update', callingName: 'Example Corp' });
		expect(set.error).toBeUndefined();
		expect(bed.sb.state().phoneNumberSettings).toMatchObject({ CallingName: 'Example Corp' });
		const cleared = await bed.run('amazonChimePhoneNumber', { resource: 'phoneNumberSettings', operation: 'update', callingName: '={{ "" }}' });
		expect(cleared.error).toBeUndefined();
		expect(bed.sb.state().phoneNumberSettings).toMatchObject({ CallingName: '' });
	});
});

describe('Unsuspend needs an EnterpriseLWA account: said before running and after', () => {
	test('the panel shows a notice on Unsuspend, and where else an account type matters (Suspend, Invite)', () => {
		const user = panels[4];
		const notices = user.properties.filter((p) => p.type === 'notice');
		expect(notices.map((n) => n.displayOptions?.show?.operation)).toEqual([['invite'], ['suspend'], ['unsuspend']]);
		const unsuspend = notices[2];
		expect(unsuspend.displayOptions?.show).toEqual({ resource: ['user'], operation: ['unsuspend'] });
		expect(unsuspend.displayName).toMatch(/EnterpriseLWA/);
		expect(unsuspend.displayName).toMatch(/Team account.*invited again: User → Invite/);
		// No other node has one.
		expect(panels.slice(0, 4).flatMap((panel) => panel.properties.filter((p) => p.type === 'notice'))).toEqual([]);
	});

	test('on a Team account, the item error says the same in words, with Chime\'s code', async () => {
		expect(bed.sb.state().accounts[DEMO.accountId].account.AccountType).toBe('Team');
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'unsuspend', accountId: A, userId: byEmail('erin@example.com') }, [{}], {
			continueOnFail: true,
		});
		expect(result.output.Chime).toEqual([
			{
				error:
					'Amazon Chime unsuspends users only in EnterpriseLWA accounts (Enterprise, Login with Amazon): in a Team account, invite the user again instead (User → Invite) (BadRequest)',
				details: 'Only users on EnterpriseLWA accounts can be unsuspended.',
			},
		]);
		expect(bed.sb.state().accounts[DEMO.accountId].users[DEMO.users.erin].user.UserRegistrationStatus).toBe('Suspended');
	});

	test('on an EnterpriseLWA account, Unsuspend brings the user back', async () => {
		const record = bed.sb.state().accounts[DEMO.accountId];
		record.account.AccountType = 'EnterpriseLWA';
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'unsuspend', accountId: A, userId: id(DEMO.users.erin) });
		expect(result.error).toBeUndefined();
		expect(result.output.Chime).toEqual([{ success: true, AccountId: DEMO.accountId, UserId: DEMO.users.erin, PrimaryEmail: null }]);
		expect(record.users[DEMO.users.erin].user.UserRegistrationStatus).toBe('Registered');
	});
});
