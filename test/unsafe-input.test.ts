/**
 * Input that would change what a request does, beyond the model's constraints: an ID of `.` or `..`
 * (plain or percent-encoded) in a path label, half a UTF-16 character, an email with a line break.
 * Each is refused like any bad input: the field and the item named, nothing sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { actionModel, chimeActions, inputShape } from '../nodes/shared/chime/model';
import { compileInputCheck } from '../nodes/shared/pipeline/validate';
import { useNodeTestBed } from './harness/chime';
import { byEmail, id } from './harness/params';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();
const A = id(DEMO.accountId);

/** `.` and `..` as they may arrive: plain, percent-encoded in either case, encoded twice, or as a segment. */
const PATH_WALKS = ['.', '..', '%2e', '%2E%2e', '.%2E', '%252e%252E', 'a/../b', '..\\x'];

/** Every path label of every action, from the model's request URIs. */
const labels = chimeActions.flatMap((action) => {
	const members = Object.entries(inputShape(action).members ?? {});
	return [...actionModel(action).http.requestUri.matchAll(/\{(\w+)\+?\}/g)].map(([, label]) => {
		const [member] = members.find(([, m]) => m.location === 'uri' && (m.locationName ?? '') === label)!;
		return [action, member, members.filter(([, m]) => m.location === 'uri').map(([name]) => name)] as const;
	});
});

test('the model has 77 path labels in its 62 actions', () => {
	expect(labels).toHaveLength(77);
});

test.each(PATH_WALKS)('%s is refused in every path label of every action', (walk) => {
	const missed = labels.filter(([action, member, all]) => {
		const input = Object.fromEntries(all.map((name) => [name, name === member ? walk : 'x']));
		const problem = compileInputCheck(action)(input);
		return !(problem?.path === member && problem.value === walk && /^must be an ID, not "\." or "\.\."/.test(problem.message));
	});
	expect(missed.map(([action, member]) => `${action} ${member}`)).toEqual([]);
});

test('an ID that merely holds dots is not refused', () => {
	const check = compileInputCheck('GetAccount');
	expect(check({ AccountId: '...' })).toBeUndefined();
	expect(check({ AccountId: 'a.b' })).toBeUndefined();
	expect(check({ AccountId: '%2e%2e%2e' })).toBeUndefined();
});

interface Case {
	kind: string;
	node: string;
	params: INodeParameters;
	input?: IDataObject[];
	message: string;
}

const WALK = 'must be an ID, not "." or ".." (which would change the request\'s path)';
const cases: Case[] = [
	{
		kind: 'Room Membership → Remove with Member ".." (would be DELETE of the room)',
		node: 'amazonChimeRoom',
		params: { resource: 'roomMembership', operation: 'delete', accountId: A, roomId: id(DEMO.roomId), memberId: id('..') },
		message: `Invalid "Member" [item 1]: ${WALK} (got "..")`,
	},
	{
		kind: 'User → Get with User "%2e%2e"',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'get', accountId: A, userId: id('%2e%2e') },
		message: `Invalid "User" [item 1]: ${WALK} (got "%2e%2e")`,
	},
	{
		kind: 'Account → Delete with Account "." from an expression, in the second item',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'delete', accountId: id('={{ $json.account }}') },
		input: [{ account: DEMO.accountId }, { account: '.' }],
		message: `Invalid "Account" [item 2]: ${WALK} (got ".")`,
	},
	{
		kind: 'Phone Number → Delete with "%2E%2e"',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'delete', phoneNumberId: id('%2E%2e') },
		message: `Invalid "Phone Number" [item 1]: ${WALK} (got "%2E%2e")`,
	},
	{
		kind: 'Room → Redact Message with Message ID "../x"',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'redactMessage', accountId: A, roomId: id(DEMO.roomId), messageId: '../x' },
		message: `Invalid "Message ID" [item 1]: ${WALK} (got "../x")`,
	},
	{
		kind: 'a lone UTF-16 surrogate in a name',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'create', name: '={{ $json.name }}' },
		input: [{ name: 'Example \uD83D Corp' }],
		message: 'Invalid "Name" [item 1]: must be valid text: it holds half of a character (a lone UTF-16 surrogate) (got "Example \\ud83d Corp")',
	},
	{
		kind: 'a lone low surrogate in an entry of a list',
		node: 'amazonChimeAccount',
		params: { resource: 'signinDelegateGroup', operation: 'remove', accountId: A, groupNames: '={{ $json.groups }}' },
		input: [{ groups: 'Engineering, \uDE00Sales' }],
		message: 'Invalid entry 2 of "Group Names" [item 1]: must be valid text: it holds half of a character (a lone UTF-16 surrogate) (got "\\ude00Sales")',
	},
	{
		kind: 'a lone surrogate in an optional field',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'update', accountId: A, roomId: id(DEMO.roomId), updateFields: { name: '={{ $json.name }}' } },
		input: [{ name: 'Sales \uD800' }],
		message: 'Invalid "Name" [item 1]: must be valid text: it holds half of a character (a lone UTF-16 surrogate) (got "Sales \\ud800")',
	},
	{
		kind: 'an email with a line break (Invite)',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'invite', accountId: A, email: '={{ $json.email }}' },
		input: [{ email: 'jane@example.com\nBcc: all@example.com' }],
		message: 'Invalid "Email" [item 1]: must be an email address, such as jane.doe@example.com (got "jane@example.com\\nBcc: all@example.com")',
	},
	{
		kind: 'an email with a line break (Create)',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'create', accountId: A, email: '={{ "jane@example.com\\r\\nX: y" }}' },
		message: 'Invalid "Email" [item 1]: must be an email address, such as jane.doe@example.com (got "jane@example.com\\r\\nX: y")',
	},
	{
		kind: 'an email with a line break (a user picked By Email)',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'logout', accountId: A, userId: byEmail('={{ $json.email }}') },
		input: [{ email: 'alice@example.com\nx@example.com' }],
		message: 'Invalid "User" [item 1]: must be an email address (got "alice@example.com\\nx@example.com")',
	},
];

test.each(cases)('$kind', async ({ node, params, input, message }) => {
	const result = await bed.run(node, params, input);
	expect(result.error?.message).toBe(message);
	expect(result.error?.description).toBe('Nothing was sent to Amazon Chime for this item.');
	expect(bed.requests).toEqual([]);
});
