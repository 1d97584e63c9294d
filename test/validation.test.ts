/**
 * Bad input stops before anything is sent, with an error naming the field and the item.
 * One case per kind of constraint the Chime model sets.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useNodeTestBed } from './harness/chime';
import { byEmail, id } from './harness/params';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();

async function run(node: string, params: INodeParameters, input: IDataObject[] = [{}], continueOnFail = false) {
	return bed.run(node, params, input, { continueOnFail });
}

interface Case {
	kind: string;
	node: string;
	params: INodeParameters;
	input?: IDataObject[];
	message: RegExp;
}

const A = id(DEMO.accountId);
const cases: Case[] = [
	{
		kind: 'blank ID (would turn GetAccount into ListAccounts)',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'get', accountId: id('={{ "  " }}') },
		message: /^Invalid "Account" \[item 1\]: must not be blank/,
	},
	{
		kind: 'blank ID inside a batch list',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'deleteMany', phoneNumberId: id('={{ $json.n }}') },
		input: [{ n: '+12065550100' }, { n: '' }],
		message: /^Invalid "Phone Number" \[item 2\]: must not be blank/,
	},
	{
		kind: 'E.164 phone number',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'associatePhoneNumber', accountId: A, userId: id('u'), e164PhoneNumber: '206-555-0100' },
		message: /^Invalid "Phone Number" \[item 1\]: must be a phone number with its country code, such as \+1 206 555 0100 \(got "206-555-0100"\)/,
	},
	{
		kind: 'E.164 phone number in a list',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberOrder', operation: 'create', productType: 'BusinessCalling', e164PhoneNumbers: '+12065550100, +0123' },
		message: /^Invalid entry 2 of "Phone Numbers" \[item 1\]: must be a phone number with its country code/,
	},
	{
		kind: 'email address',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'invite', accountId: A, email: '={{ $json.email }}' },
		input: [{ email: 'ok@example.com' }, { email: 'ok@example.com' }, { email: 'not-an-email' }],
		message: /^Invalid "Email" \[item 3\]: must be an email address/,
	},
	{
		kind: 'email of a user picked By Email',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'logout', accountId: A, userId: byEmail('jane.example.com') },
		message: /^Invalid "User" \[item 1\]: must be an email address/,
	},
	{
		kind: 'enum',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'update', accountId: A, userId: id('u'), updateFields: { licenseType: '={{ "Gold" }}' } },
		message: /^Invalid "License Type" \[item 1\]: must be one of Basic, Plus, Pro, ProTrial \(got "Gold"\)/,
	},
	{
		kind: 'range (RetentionDays 1..5475)',
		node: 'amazonChimeAccount',
		params: { resource: 'retentionSettings', operation: 'update', accountId: A, updateFields: { roomRetentionDays: 5476 } },
		message: /^Invalid "Room Retention Days" \[item 1\]: must be between 1 and 5475 \(got 5476\)/,
	},
	{
		kind: 'page size (MaxResults 1..200 for ListUsers)',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'getAll', accountId: A, returnAll: true, options: { pageSize: 999 } },
		message: /^Invalid "Page Size" \[item 1\]: must be between 1 and 200 \(got 999\)/,
	},
	{
		kind: 'page size (MaxResults 1..99 for other lists)',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'getAll', accountId: A, returnAll: true, options: { pageSize: 100 } },
		message: /^Invalid "Page Size" \[item 1\]: must be between 1 and 99/,
	},
	{
		kind: 'page size (MaxResults 1..500 for SearchAvailablePhoneNumbers)',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'search', returnAll: true, options: { pageSize: 501 } },
		message: /^Invalid "Page Size" \[item 1\]: must be between 1 and 500/,
	},
	{
		kind: 'list with too few entries',
		node: 'amazonChimeAccount',
		params: { resource: 'signinDelegateGroup', operation: 'remove', accountId: A, groupNames: '={{ " , " }}' },
		message: /^Invalid "Group Names" \[item 1\]: needs at least 1 entry/,
	},
	{
		kind: 'CallingName pattern',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberSettings', operation: 'update', callingName: 'Acme, Inc.' },
		message: /^Invalid "Default Calling Name" \[item 1\]: must be 2 to 15 letters, digits or spaces/,
	},
	{
		// From an expression: a fixed value By ID is refused by n8n itself before the run (the panel's format check, test/listSearch.test.ts).
		kind: 'GUID (PhoneNumberOrderId)',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberOrder', operation: 'get', phoneNumberOrderId: id('={{ "order-1" }}') },
		message: /^Invalid "Order" \[item 1\]: must be an ID in the form/,
	},
	{
		kind: 'GUID (MeetingId)',
		node: 'amazonChimeMeeting',
		params: { operation: 'dialOut', meetingId: 'abc', fromPhoneNumber: '+12065550100', toPhoneNumber: '+12065550101', joinToken: 'abc' },
		message: /^Invalid "Meeting ID" \[item 1\]: must be an ID in the form/,
	},
	{
		kind: 'string length (account name at most 100)',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'create', name: 'x'.repeat(101) },
		message: /^Invalid "Name" \[item 1\]: must be at most 100 characters/,
	},
	{
		kind: 'toll-free prefix',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'search', limit: 5, filters: { tollFreePrefix: '900' } },
		message: /^Invalid "Toll-Free Prefix" \[item 1\]: must be one of 800, 833/,
	},
	{
		kind: 'country code',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'search', limit: 5, filters: { country: 'usa' } },
		message: /^Invalid "Country" \[item 1\]: must be a two-letter country code/,
	},
	{
		kind: 'limit',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'getAll', accountId: A, returnAll: false, limit: 0 },
		message: /^Invalid "Limit" \[item 1\]: must be a whole number of at least 1/,
	},
	{
		kind: 'type (text where a number belongs)',
		node: 'amazonChimeAccount',
		params: { resource: 'retentionSettings', operation: 'update', accountId: A, updateFields: { conversationRetentionDays: '={{ "thirty" }}' } },
		message: /^Invalid "Chat Retention Days" \[item 1\]: must be a whole number/,
	},
];

test.each(cases)('$kind', async ({ node, params, input, message }) => {
	const result = await run(node, params, input);
	expect(result.error?.message).toMatch(message);
	expect(result.error?.description).toBe('Nothing was sent to Amazon Chime for this item.');
	expect(bed.requests).toEqual([]);
});

test('a join token is never echoed in an error', async () => {
	const result = await run('amazonChimeMeeting', {
		operation: 'dialOut',
		meetingId: '0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
		fromPhoneNumber: '+12065550100',
		toPhoneNumber: '+12065550101',
		joinToken: 'secret token!',
	});
	expect(result.error?.message).toBe('Invalid "Join Token" [item 1]: must contain only letters, digits, + and /');
	expect(`${result.error?.message} ${result.error?.description}`).not.toContain('secret token!');
	expect(bed.requests).toEqual([]);
});

test('one bad item among many stops the node before anything is sent', async () => {
	const input = [{ id: 'u-1' }, { id: 'u-2' }, { id: ' ' }, { id: 'u-4' }];
	const result = await run('amazonChimeUser', {
		resource: 'user',
		operation: 'logout',
		accountId: A,
		userId: id('={{ $json.id }}'),
	}, input);
	expect(result.error?.message).toMatch(/^Invalid "User" \[item 3\]: must not be blank/);
	expect(bed.requests).toEqual([]);
});

test('with Continue On Fail the bad item carries its error and the others go on', async () => {
	const input = [{ id: DEMO.users.alice }, { id: ' ' }, { id: DEMO.users.bob }];
	const result = await run(
		'amazonChimeUser',
		{ resource: 'user', operation: 'logout', accountId: A, userId: id('={{ $json.id }}') },
		input,
		true,
	);
	expect(result.error).toBeUndefined();
	const { accountId, users } = DEMO;
	expect(bed.requests.map((r) => r.path)).toEqual([`/accounts/${accountId}/users/${users.alice}`, `/accounts/${accountId}/users/${users.bob}`]);
	expect(result.output.Chime).toEqual([
		{ success: true, AccountId: accountId, UserId: users.alice, PrimaryEmail: null },
		{ error: 'Invalid "User" [item 2]: must not be blank (got "")', details: 'Nothing was sent to Amazon Chime for this item.' },
		{ success: true, AccountId: accountId, UserId: users.bob, PrimaryEmail: null },
	]);
	expect(bed.sb.state().accounts[accountId].users[users.alice].logouts).toBe(1);
	expect(result.items.Chime.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
});

test("a fixed order ID By ID in the wrong format is refused by n8n before the run, with the panel's words", async () => {
	await expect(run('amazonChimePhoneNumber', { resource: 'phoneNumberOrder', operation: 'get', phoneNumberOrderId: id('order-1') })).rejects.toThrow(
		"The 'Chime' node has issues:\n- Must be an ID in the form 1ab2c3d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
	);
	expect(bed.requests).toEqual([]);
});
