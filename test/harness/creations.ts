/**
 * One of each action that must not be done twice, as a node runs it against the sandbox: what to run, how
 * many of the thing exist afterwards (exactly one, whatever was lost on the way), what the look-up reads,
 * and the output item's own check. The lost-answer tests (idempotency) and the lagging-list tests (lag) share them.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { id } from './params';
import { DEMO, type Sandbox } from './sandbox';

export interface Creation {
	action: string;
	/** The list a look-up reads to find what an earlier attempt made. */
	lookup: string;
	type: string;
	parameters: INodeParameters;
	input?: IDataObject[];
	/** How many of the thing exist afterwards: exactly one each time. */
	count: () => number;
	output: (json: IDataObject) => void;
}

export function creations(sandbox: () => Sandbox): Creation[] {
	const A = DEMO.accountId;
	const account = () => sandbox().state().accounts[A];
	return [
		{
			action: 'CreateUser',
			lookup: 'ListUsers',
			type: 'amazonChimeUser',
			parameters: { resource: 'user', operation: 'create', accountId: id(A), email: 'new.hire@example.com' },
			count: () => Object.values(account().users).filter((u) => u.user.PrimaryEmail === 'new.hire@example.com').length,
			output: (json) => expect(json).toMatchObject({ PrimaryEmail: 'new.hire@example.com' }),
		},
		{
			action: 'CreateAccount',
			lookup: 'ListAccounts',
			type: 'amazonChimeAccount',
			parameters: { resource: 'account', operation: 'create', name: 'Lost Answer Corp' },
			count: () => Object.values(sandbox().state().accounts).filter((a) => a.account.Name === 'Lost Answer Corp').length,
			output: (json) => expect(json).toMatchObject({ Name: 'Lost Answer Corp' }),
		},
		{
			action: 'CreateBot',
			lookup: 'ListBots',
			type: 'amazonChimeBot',
			parameters: { resource: 'bot', operation: 'create', accountId: id(A), displayName: 'Onboarding Bot' },
			count: () => Object.values(account().bots).filter((b) => b.bot.DisplayName === 'Onboarding Bot').length,
			output: (json) => expect(json).toMatchObject({ DisplayName: 'Onboarding Bot' }),
		},
		{
			action: 'CreatePhoneNumberOrder',
			lookup: 'ListPhoneNumberOrders',
			type: 'amazonChimePhoneNumber',
			parameters: { resource: 'phoneNumberOrder', operation: 'create', productType: 'BusinessCalling', e164PhoneNumbers: '+12065550150, +12065550151' },
			count: () =>
				Object.values(sandbox().state().orders).filter((o) => (o.order.OrderedPhoneNumbers as IDataObject[]).some((n) => n.E164PhoneNumber === '+12065550150')).length,
			output: (json) =>
				expect(json).toMatchObject({ ProductType: 'BusinessCalling', OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550150' }, { E164PhoneNumber: '+12065550151' }] }),
		},
		{
			action: 'CreateRoomMembership',
			lookup: 'ListRoomMemberships',
			type: 'amazonChimeRoom',
			parameters: { resource: 'roomMembership', operation: 'create', accountId: id(A), roomId: id(DEMO.roomId), memberId: id(DEMO.users.bob) },
			count: () => (account().rooms[DEMO.roomId].memberships[DEMO.users.bob] ? 1 : 0),
			output: (json) => expect(json).toMatchObject({ RoomId: DEMO.roomId, Member: { MemberId: DEMO.users.bob } }),
		},
		{
			action: 'BatchCreateRoomMembership',
			lookup: 'ListRoomMemberships',
			type: 'amazonChimeRoom',
			parameters: { resource: 'roomMembership', operation: 'createMany', accountId: id(A), roomId: id(DEMO.roomId), memberId: id('={{ $json.member }}') },
			input: [{ member: DEMO.users.bob }, { member: DEMO.users.carol }],
			count: () => ([DEMO.users.bob, DEMO.users.carol].every((m) => account().rooms[DEMO.roomId].memberships[m]) ? 1 : 0),
			output: (json) => expect(json).toMatchObject({ success: true, RoomId: DEMO.roomId }),
		},
		{
			action: 'InviteUsers',
			lookup: 'ListUsers',
			type: 'amazonChimeUser',
			parameters: { resource: 'user', operation: 'invite', accountId: id(A), email: '={{ $json.email }}' },
			input: [{ email: 'first@example.com' }, { email: 'second@example.com' }],
			// Invitation emails sent: one each.
			count: () => {
				const sentTo = sandbox().state().invitationsSent[A] ?? {};
				return sentTo['first@example.com'] === 1 && sentTo['second@example.com'] === 1 ? 1 : -1;
			},
			output: (json) => expect(json).toMatchObject({ Status: 'Pending', EmailAddress: expect.stringMatching(/^(first|second)@example\.com$/) }),
		},
		{
			action: 'RestorePhoneNumber',
			lookup: 'GetPhoneNumber',
			type: 'amazonChimePhoneNumber',
			parameters: { resource: 'phoneNumber', operation: 'restore', phoneNumberId: id(DEMO.numbers.spare) },
			count: () => (sandbox().state().phoneNumbers[DEMO.numbers.spare].Status === 'Unassigned' ? 1 : 0),
			output: (json) => expect(json).toMatchObject({ PhoneNumberId: DEMO.numbers.spare, Status: 'Unassigned' }),
		},
	];
}
