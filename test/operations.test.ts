/**
 * Every Chime action as an n8n operation, run through n8n's engine and the real SDK over HTTP against
 * the sandbox: the exact request Chime receives (method, path, query, body), the items the node
 * outputs, and what changed in the sandbox. One row per action.
 */
import * as Chime from '@aws-sdk/client-chime';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Obj } from '../sandbox/backend/state';
import { useNodeTestBed } from './harness/chime';
import { byEmail, id } from './harness/params';
import { DEMO, type Sandbox } from './harness/sandbox';

interface Row {
	chime: string;
	node: string;
	params: INodeParameters;
	input?: IDataObject[];
	continueOnFail?: boolean;
	setup?: (sb: Sandbox) => void;
	requests: Array<{ method: string; path: string; query?: Record<string, string>; body?: unknown }>;
	/** The node's output, computed from the sandbox's state after the run. */
	output: (sb: Sandbox) => unknown[];
	/** What must now be true in the sandbox. */
	state?: (sb: Sandbox) => void;
}

const A = DEMO.accountId;
const U = DEMO.users;
const N = DEMO.numbers;
const ROOM = DEMO.roomId;
const BOT = DEMO.botId;
const MEETING = '0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

const without = (o: Obj, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const acct = (sb: Sandbox) => sb.state().accounts[A];
const user = (sb: Sandbox, userId: string) => acct(sb).users[userId].user;
/** A user as the node shows it: without the personal PIN. */
const shownUser = (sb: Sandbox, userId: string) => without(user(sb, userId), 'PersonalPIN');
const number = (sb: Sandbox, e164: string) => sb.state().phoneNumbers[e164];
const room = (sb: Sandbox, roomId = ROOM) => acct(sb).rooms[roomId];
const bot = (sb: Sandbox) => acct(sb).bots[BOT].bot;
const lastOrder = (sb: Sandbox) => Object.values(sb.state().orders).slice(-1)[0].order;

const rows: Row[] = [
	// Amazon Chime Account
	{
		chime: 'CreateAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'create', name: 'Second Corp' },
		requests: [{ method: 'POST', path: '/accounts', body: { Name: 'Second Corp' } }],
		output: (sb) => [Object.values(sb.state().accounts).find((a) => a.account.Name === 'Second Corp')!.account],
	},
	{
		chime: 'DeleteAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'delete', accountId: id(A) },
		setup: (sb) => Object.values(acct(sb).users).forEach((u) => (u.user.UserRegistrationStatus = 'Suspended')),
		requests: [{ method: 'DELETE', path: `/accounts/${A}` }],
		output: () => [{ success: true, AccountId: A }],
		state: (sb) => expect(sb.state().accounts[A]).toBeUndefined(),
	},
	{
		chime: 'GetAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'get', accountId: id(A) },
		requests: [{ method: 'GET', path: `/accounts/${A}` }],
		output: (sb) => [acct(sb).account],
	},
	{
		chime: 'ListAccounts',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'getAll', returnAll: true, filters: { userEmail: 'bob@example.com' }, options: { pageSize: 1 } },
		requests: [{ method: 'GET', path: '/accounts', query: { 'user-email': 'bob@example.com', 'max-results': '1' } }],
		output: (sb) => [acct(sb).account],
	},
	{
		chime: 'UpdateAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'update', accountId: id(A), updateFields: { name: 'Renamed', defaultLicense: 'Basic' } },
		requests: [{ method: 'POST', path: `/accounts/${A}`, body: { Name: 'Renamed', DefaultLicense: 'Basic' } }],
		output: (sb) => [acct(sb).account],
		state: (sb) => expect(acct(sb).account).toMatchObject({ Name: 'Renamed', DefaultLicense: 'Basic' }),
	},
	{
		chime: 'GetAccountSettings',
		node: 'amazonChimeAccount',
		params: { resource: 'accountSettings', operation: 'get', accountId: id(A) },
		requests: [{ method: 'GET', path: `/accounts/${A}/settings` }],
		output: () => [{ DisableRemoteControl: false, EnableDialOut: false }],
	},
	{
		chime: 'UpdateAccountSettings',
		node: 'amazonChimeAccount',
		params: { resource: 'accountSettings', operation: 'update', accountId: id(A), updateFields: { disableRemoteControl: true, enableDialOut: true } },
		requests: [{ method: 'PUT', path: `/accounts/${A}/settings`, body: { AccountSettings: { DisableRemoteControl: true, EnableDialOut: true } } }],
		output: () => [{ success: true, AccountId: A, AccountSettings: { DisableRemoteControl: true, EnableDialOut: true } }],
		state: (sb) => expect(acct(sb).settings).toEqual({ DisableRemoteControl: true, EnableDialOut: true }),
	},
	{
		chime: 'GetGlobalSettings',
		node: 'amazonChimeAccount',
		params: { resource: 'globalSettings', operation: 'get' },
		setup: (sb) => (sb.state().globalSettings.VoiceConnector = { CdrBucket: 'cdr-vc' }),
		requests: [{ method: 'GET', path: '/settings' }],
		output: () => [{ BusinessCalling: {}, VoiceConnector: { CdrBucket: 'cdr-vc' } }],
	},
	{
		chime: 'UpdateGlobalSettings',
		node: 'amazonChimeAccount',
		params: { resource: 'globalSettings', operation: 'update', updateFields: { businessCallingCdrBucket: 'cdr-bc', voiceConnectorCdrBucket: 'cdr-vc' } },
		requests: [{ method: 'PUT', path: '/settings', body: { BusinessCalling: { CdrBucket: 'cdr-bc' }, VoiceConnector: { CdrBucket: 'cdr-vc' } } }],
		output: () => [{ success: true, BusinessCalling: { CdrBucket: 'cdr-bc' }, VoiceConnector: { CdrBucket: 'cdr-vc' } }],
		state: (sb) => expect(sb.state().globalSettings).toEqual({ BusinessCalling: { CdrBucket: 'cdr-bc' }, VoiceConnector: { CdrBucket: 'cdr-vc' } }),
	},
	{
		chime: 'GetRetentionSettings',
		node: 'amazonChimeAccount',
		params: { resource: 'retentionSettings', operation: 'get', accountId: id(A) },
		setup: (sb) => (acct(sb).retention = { RetentionSettings: { RoomRetentionSettings: { RetentionDays: 30 } }, InitiateDeletionTimestamp: '2026-01-02T03:04:05.000Z' }),
		requests: [{ method: 'GET', path: `/accounts/${A}/retention-settings` }],
		output: () => [{ RetentionSettings: { RoomRetentionSettings: { RetentionDays: 30 } }, InitiateDeletionTimestamp: '2026-01-02T03:04:05.000Z' }],
	},
	{
		chime: 'PutRetentionSettings',
		node: 'amazonChimeAccount',
		params: { resource: 'retentionSettings', operation: 'update', accountId: id(A), updateFields: { roomRetentionDays: 30, conversationRetentionDays: 5475 } },
		requests: [
			{
				method: 'PUT',
				path: `/accounts/${A}/retention-settings`,
				body: { RetentionSettings: { RoomRetentionSettings: { RetentionDays: 30 }, ConversationRetentionSettings: { RetentionDays: 5475 } } },
			},
		],
		// Chime answers PutRetentionSettings with 204, with or without a body: the node shows what was set, and the same keys either way.
		output: () => [
			{
				success: true,
				AccountId: A,
				RetentionSettings: { RoomRetentionSettings: { RetentionDays: 30 }, ConversationRetentionSettings: { RetentionDays: 5475 } },
				InitiateDeletionTimestamp: null,
			},
		],
		state: (sb) =>
			expect(acct(sb).retention?.RetentionSettings).toEqual({ RoomRetentionSettings: { RetentionDays: 30 }, ConversationRetentionSettings: { RetentionDays: 5475 } }),
	},
	{
		chime: 'AssociateSigninDelegateGroupsWithAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'signinDelegateGroup', operation: 'add', accountId: id(A), groupNames: 'Staff, Contractors' },
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}`,
				query: { operation: 'associate-signin-delegate-groups' },
				body: { SigninDelegateGroups: [{ GroupName: 'Staff' }, { GroupName: 'Contractors' }] },
			},
		],
		output: () => [{ success: true, AccountId: A, SigninDelegateGroups: [{ GroupName: 'Staff' }, { GroupName: 'Contractors' }] }],
		state: (sb) => expect(acct(sb).account.SigninDelegateGroups).toEqual([{ GroupName: 'Staff' }, { GroupName: 'Contractors' }]),
	},
	{
		chime: 'DisassociateSigninDelegateGroupsFromAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'signinDelegateGroup', operation: 'remove', accountId: id(A), groupNames: 'Contractors' },
		setup: (sb) => (acct(sb).account.SigninDelegateGroups = [{ GroupName: 'Staff' }, { GroupName: 'Contractors' }]),
		requests: [
			{ method: 'POST', path: `/accounts/${A}`, query: { operation: 'disassociate-signin-delegate-groups' }, body: { GroupNames: ['Contractors'] } },
		],
		output: () => [{ success: true, AccountId: A, GroupNames: ['Contractors'] }],
		state: (sb) => expect(acct(sb).account.SigninDelegateGroups).toEqual([{ GroupName: 'Staff' }]),
	},
	// Amazon Chime User
	{
		chime: 'AssociatePhoneNumberWithUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'associatePhoneNumber', accountId: id(A), userId: byEmail('bob@example.com'), e164PhoneNumber: N.spare },
		requests: [
			{ method: 'GET', path: `/accounts/${A}/users`, query: { 'user-email': 'bob@example.com' } },
			{ method: 'POST', path: `/accounts/${A}/users/${U.bob}`, query: { operation: 'associate-phone-number' }, body: { E164PhoneNumber: N.spare } },
		],
		output: () => [{ success: true, AccountId: A, UserId: U.bob, E164PhoneNumber: N.spare }],
		state: (sb) => {
			expect(number(sb, N.spare).Status).toBe('Assigned');
			expect(user(sb, U.bob).PrimaryProvisionedNumber).toBe(N.spare);
		},
	},
	{
		chime: 'CreateUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'create', accountId: id(A), email: 'new@example.com', additionalFields: { username: 'New Hire', userType: 'PrivateUser' } },
		requests: [
			{ method: 'POST', path: `/accounts/${A}/users`, query: { operation: 'create' }, body: { Email: 'new@example.com', Username: 'New Hire', UserType: 'PrivateUser' } },
		],
		output: (sb) => [without(Object.values(acct(sb).users).find((u) => u.user.PrimaryEmail === 'new@example.com')!.user, 'PersonalPIN')],
	},
	{
		chime: 'GetUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'get', accountId: id(A), userId: byEmail('Alice@Example.com') },
		// By Email, the look-up's answer is the user: GetUser would only read it again.
		requests: [{ method: 'GET', path: `/accounts/${A}/users`, query: { 'user-email': 'Alice@Example.com' } }],
		output: (sb) => [shownUser(sb, U.alice)],
	},
	{
		chime: 'ListUsers',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'getAll', accountId: id(A), limit: 3, filters: { userType: 'PrivateUser' } },
		requests: [{ method: 'GET', path: `/accounts/${A}/users`, query: { 'user-type': 'PrivateUser', 'max-results': '3' } }],
		output: (sb) => [U.alice, U.bob, U.carol].map((u) => shownUser(sb, u)),
	},
	{
		chime: 'InviteUsers',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'invite', accountId: id(A), email: '={{ $json.email }}' },
		input: [{ email: 'hire1@example.com' }, { email: 'alice@example.com' }],
		requests: [{ method: 'POST', path: `/accounts/${A}/users`, query: { operation: 'add' }, body: { UserEmailList: ['hire1@example.com', 'alice@example.com'] } }],
		output: () => [
			{ InviteId: expect.any(String), Status: 'Pending', EmailAddress: 'hire1@example.com', EmailStatus: 'Sent' },
			{ InviteId: expect.any(String), Status: 'Accepted', EmailAddress: 'alice@example.com', EmailStatus: 'NotSent' },
		],
		state: (sb) =>
			expect(Object.values(acct(sb).users).find((u) => u.user.PrimaryEmail === 'hire1@example.com')?.user.UserInvitationStatus).toBe('Pending'),
	},
	{
		chime: 'LogoutUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'logout', accountId: id(A), userId: id(U.bob) },
		requests: [{ method: 'POST', path: `/accounts/${A}/users/${U.bob}`, query: { operation: 'logout' } }],
		output: () => [{ success: true, AccountId: A, UserId: U.bob, PrimaryEmail: null }],
		state: (sb) => expect(acct(sb).users[U.bob].logouts).toBe(1),
	},
	{
		chime: 'ResetPersonalPIN',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'resetPin', accountId: id(A), userId: id(U.bob) },
		requests: [{ method: 'POST', path: `/accounts/${A}/users/${U.bob}`, query: { operation: 'reset-personal-pin' } }],
		output: (sb) => [user(sb, U.bob)],
		state: (sb) => expect(user(sb, U.bob).PersonalPIN).toMatch(/^\d{10}$/),
	},
	{
		chime: 'BatchSuspendUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'suspend', accountId: id(A), userId: id('={{ $json.id }}') },
		input: [{ id: U.alice }, { id: 'ghost' }, { id: U.bob }],
		continueOnFail: true,
		requests: [{ method: 'POST', path: `/accounts/${A}/users`, query: { operation: 'suspend' }, body: { UserIdList: [U.alice, 'ghost', U.bob] } }],
		output: () => [
			{ success: true, AccountId: A, UserId: U.alice, PrimaryEmail: null },
			{ error: `The user ghost was not found in account ${A} (NotFound)`, details: `The user ghost does not exist in account ${A}.` },
			{ success: true, AccountId: A, UserId: U.bob, PrimaryEmail: null },
		],
		state: (sb) => expect([U.alice, U.bob].map((u) => user(sb, u).UserRegistrationStatus)).toEqual(['Suspended', 'Suspended']),
	},
	{
		chime: 'DisassociatePhoneNumberFromUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'disassociatePhoneNumber', accountId: id(A), userId: id(U.alice) },
		requests: [{ method: 'POST', path: `/accounts/${A}/users/${U.alice}`, query: { operation: 'disassociate-phone-number' } }],
		output: () => [{ success: true, AccountId: A, UserId: U.alice }],
		state: (sb) => expect(number(sb, N.alice).Status).toBe('Unassigned'),
	},
	{
		chime: 'BatchUnsuspendUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'unsuspend', accountId: id(A), userId: id(U.erin) },
		setup: (sb) => (acct(sb).account.AccountType = 'EnterpriseLWA'),
		requests: [{ method: 'POST', path: `/accounts/${A}/users`, query: { operation: 'unsuspend' }, body: { UserIdList: [U.erin] } }],
		output: () => [{ success: true, AccountId: A, UserId: U.erin, PrimaryEmail: null }],
		state: (sb) => expect(user(sb, U.erin).UserRegistrationStatus).toBe('Registered'),
	},
	{
		chime: 'UpdateUser',
		node: 'amazonChimeUser',
		params: {
			resource: 'user',
			operation: 'update',
			accountId: id(A),
			userId: id(U.bob),
			updateFields: { licenseType: 'Pro', userType: 'SharedDevice', isAlexaForBusinessEnabled: true, alexaForBusinessRoomArn: 'arn:room' },
		},
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/users/${U.bob}`,
				body: { LicenseType: 'Pro', UserType: 'SharedDevice', AlexaForBusinessMetadata: { IsAlexaForBusinessEnabled: true, AlexaForBusinessRoomArn: 'arn:room' } },
			},
		],
		output: (sb) => [shownUser(sb, U.bob)],
		state: (sb) => expect(user(sb, U.bob)).toMatchObject({ LicenseType: 'Pro', UserType: 'SharedDevice' }),
	},
	{
		chime: 'BatchUpdateUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'updateMany', accountId: id(A), userId: id('={{ $json.id }}'), updateFields: { licenseType: '={{ $json.license }}' } },
		input: [
			{ id: U.alice, license: 'Basic' },
			{ id: U.bob, license: 'Pro' },
		],
		requests: [
			{ method: 'POST', path: `/accounts/${A}/users`, body: { UpdateUserRequestItems: [{ UserId: U.alice, LicenseType: 'Basic' }, { UserId: U.bob, LicenseType: 'Pro' }] } },
		],
		output: () => [
			{ success: true, AccountId: A, UserId: U.alice, LicenseType: 'Basic' },
			{ success: true, AccountId: A, UserId: U.bob, LicenseType: 'Pro' },
		],
		state: (sb) => expect([U.alice, U.bob].map((u) => user(sb, u).LicenseType)).toEqual(['Basic', 'Pro']),
	},
	{
		chime: 'GetUserSettings',
		node: 'amazonChimeUser',
		params: { resource: 'userSettings', operation: 'get', accountId: id(A), userId: id(U.bob) },
		requests: [{ method: 'GET', path: `/accounts/${A}/users/${U.bob}/settings` }],
		output: () => [{ Telephony: { InboundCalling: true, OutboundCalling: true, SMS: true } }],
	},
	{
		chime: 'UpdateUserSettings',
		node: 'amazonChimeUser',
		params: { resource: 'userSettings', operation: 'update', accountId: id(A), userId: id(U.bob), inboundCalling: true, outboundCalling: false, sms: false },
		requests: [
			{ method: 'PUT', path: `/accounts/${A}/users/${U.bob}/settings`, body: { UserSettings: { Telephony: { InboundCalling: true, OutboundCalling: false, SMS: false } } } },
		],
		output: () => [{ success: true, AccountId: A, UserId: U.bob, UserSettings: { Telephony: { InboundCalling: true, OutboundCalling: false, SMS: false } } }],
		state: (sb) => expect(acct(sb).users[U.bob].settings).toEqual({ Telephony: { InboundCalling: true, OutboundCalling: false, SMS: false } }),
	},
	// Amazon Chime Phone Number
	{
		chime: 'DeletePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'delete', phoneNumberId: id(N.spare) },
		requests: [{ method: 'DELETE', path: `/phone-numbers/${N.spare}` }],
		output: () => [{ success: true, PhoneNumberId: N.spare }],
		state: (sb) => expect(number(sb, N.spare).Status).toBe('DeleteInProgress'),
	},
	{
		chime: 'BatchDeletePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'deleteMany', phoneNumberId: id('={{ $json.number }}') },
		input: [{ number: N.spare }, { number: N.alice }],
		continueOnFail: true,
		requests: [{ method: 'POST', path: '/phone-numbers', query: { operation: 'batch-delete' }, body: { PhoneNumberIds: [N.spare, N.alice] } }],
		output: () => [
			{ success: true, PhoneNumberId: N.spare },
			{
				error: 'Amazon Chime rejected the request as invalid (BadRequest)',
				details: `The phone number ${N.alice} must be disassociated from its user before it can be deleted.`
			},
		],
		state: (sb) => expect([number(sb, N.spare).Status, number(sb, N.alice).Status]).toEqual(['DeleteInProgress', 'Assigned']),
	},
	{
		chime: 'GetPhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'get', phoneNumberId: id(N.alice) },
		requests: [{ method: 'GET', path: `/phone-numbers/${N.alice}` }],
		output: (sb) => [number(sb, N.alice)],
	},
	{
		chime: 'ListPhoneNumbers',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'getAll', returnAll: true, filters: { status: 'Assigned', productType: 'BusinessCalling', filterName: 'UserId', filterValue: U.alice } },
		requests: [
			{
				method: 'GET',
				path: '/phone-numbers',
				query: { status: 'Assigned', 'product-type': 'BusinessCalling', 'filter-name': 'UserId', 'filter-value': U.alice, 'max-results': '99' },
			},
		],
		output: (sb) => [number(sb, N.alice)],
	},
	{
		chime: 'ListSupportedPhoneNumberCountries',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'getCountries', productType: 'VoiceConnector' },
		requests: [{ method: 'GET', path: '/phone-number-countries', query: { 'product-type': 'VoiceConnector' } }],
		output: () => [
			{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] },
			{ CountryCode: 'GB', SupportedPhoneNumberTypes: ['Local'] },
		],
	},
	{
		chime: 'RestorePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'restore', phoneNumberId: id(N.spare) },
		setup: (sb) => Object.assign(number(sb, N.spare), { Status: 'DeleteInProgress', DeletionTimestamp: '2026-12-01T00:00:00.000Z' }),
		requests: [{ method: 'POST', path: `/phone-numbers/${N.spare}`, query: { operation: 'restore' } }],
		output: (sb) => [number(sb, N.spare)],
		state: (sb) => expect(number(sb, N.spare).Status).toBe('Unassigned'),
	},
	{
		chime: 'SearchAvailablePhoneNumbers',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'search', limit: 2, filters: { areaCode: '206', city: 'Seattle', country: 'US', state: 'WA', phoneNumberType: 'Local' } },
		requests: [
			{
				method: 'GET',
				path: '/search',
				query: { type: 'phone-numbers', 'area-code': '206', city: 'Seattle', country: 'US', state: 'WA', 'phone-number-type': 'Local', 'max-results': '2' },
			},
		],
		output: () => [{ E164PhoneNumber: '+12065550102' }, { E164PhoneNumber: '+12065550103' }],
	},
	{
		chime: 'UpdatePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'update', phoneNumberId: id(N.spare), updateFields: { callingName: 'Example Corp' } },
		requests: [{ method: 'POST', path: `/phone-numbers/${N.spare}`, body: { CallingName: 'Example Corp' } }],
		output: (sb) => [number(sb, N.spare)],
		state: (sb) => expect(number(sb, N.spare).CallingName).toBe('Example Corp'),
	},
	{
		chime: 'BatchUpdatePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'updateMany', phoneNumberId: id(N.spare), updateFields: { productType: 'VoiceConnector' } },
		requests: [
			{ method: 'POST', path: '/phone-numbers', query: { operation: 'batch-update' }, body: { UpdatePhoneNumberRequestItems: [{ PhoneNumberId: N.spare, ProductType: 'VoiceConnector' }] } },
		],
		output: () => [{ success: true, PhoneNumberId: N.spare, ProductType: 'VoiceConnector' }],
		state: (sb) => expect(number(sb, N.spare).ProductType).toBe('VoiceConnector'),
	},
	{
		chime: 'CreatePhoneNumberOrder',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberOrder', operation: 'create', productType: 'BusinessCalling', e164PhoneNumbers: '+13125550100, +13125550101' },
		setup: (sb) => (sb.options.orderDelayMs = 60_000),
		requests: [{ method: 'POST', path: '/phone-number-orders', body: { ProductType: 'BusinessCalling', E164PhoneNumbers: ['+13125550100', '+13125550101'] } }],
		output: (sb) => [lastOrder(sb)],
		state: (sb) => expect(lastOrder(sb).Status).toBe('Processing'),
	},
	{
		chime: 'GetPhoneNumberOrder',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberOrder', operation: 'get', phoneNumberOrderId: id('f1000000-0000-4000-8000-000000000001') },
		requests: [{ method: 'GET', path: '/phone-number-orders/f1000000-0000-4000-8000-000000000001' }],
		output: (sb) => [sb.state().orders['f1000000-0000-4000-8000-000000000001'].order],
	},
	{
		chime: 'ListPhoneNumberOrders',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberOrder', operation: 'getAll', returnAll: true },
		requests: [{ method: 'GET', path: '/phone-number-orders', query: { 'max-results': '99' } }],
		output: (sb) => [lastOrder(sb)],
	},
	{
		chime: 'GetPhoneNumberSettings',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberSettings', operation: 'get' },
		setup: (sb) => (sb.state().phoneNumberSettings = { CallingName: 'Example Corp', CallingNameUpdatedTimestamp: '2026-01-02T03:04:05.000Z' }),
		requests: [{ method: 'GET', path: '/settings/phone-number' }],
		output: () => [{ CallingName: 'Example Corp', CallingNameUpdatedTimestamp: '2026-01-02T03:04:05.000Z' }],
	},
	{
		chime: 'UpdatePhoneNumberSettings',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberSettings', operation: 'update', callingName: 'Example Corp' },
		requests: [{ method: 'PUT', path: '/settings/phone-number', body: { CallingName: 'Example Corp' } }],
		output: () => [{ success: true, CallingName: 'Example Corp' }],
		state: (sb) => expect(sb.state().phoneNumberSettings.CallingName).toBe('Example Corp'),
	},
	// Amazon Chime Room
	{
		chime: 'CreateRoom',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'create', accountId: id(A), name: 'Support', additionalFields: { clientRequestToken: 'new-hire-42' } },
		requests: [{ method: 'POST', path: `/accounts/${A}/rooms`, body: { Name: 'Support', ClientRequestToken: 'new-hire-42' } }],
		output: (sb) => [Object.values(acct(sb).rooms).find((r) => r.room.Name === 'Support')!.room],
	},
	{
		chime: 'DeleteRoom',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'delete', accountId: id(A), roomId: id(DEMO.salesRoomId) },
		requests: [{ method: 'DELETE', path: `/accounts/${A}/rooms/${DEMO.salesRoomId}` }],
		output: () => [{ success: true, AccountId: A, RoomId: DEMO.salesRoomId }],
		state: (sb) => expect(acct(sb).rooms[DEMO.salesRoomId]).toBeUndefined(),
	},
	{
		chime: 'GetRoom',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'get', accountId: id(A), roomId: id(ROOM) },
		requests: [{ method: 'GET', path: `/accounts/${A}/rooms/${ROOM}` }],
		output: (sb) => [room(sb).room],
	},
	{
		chime: 'ListRooms',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'getAll', accountId: id(A), returnAll: true, filters: { memberId: U.alice } },
		requests: [{ method: 'GET', path: `/accounts/${A}/rooms`, query: { 'member-id': U.alice, 'max-results': '99' } }],
		output: (sb) => [room(sb).room],
	},
	{
		chime: 'RedactRoomMessage',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'redactMessage', accountId: id(A), roomId: id(ROOM), messageId: DEMO.messageId },
		requests: [{ method: 'POST', path: `/accounts/${A}/rooms/${ROOM}/messages/${DEMO.messageId}`, query: { operation: 'redact' } }],
		output: () => [{ success: true, AccountId: A, RoomId: ROOM, MessageId: DEMO.messageId }],
		state: (sb) => expect(room(sb).messages[DEMO.messageId].Redacted).toBe(true),
	},
	{
		chime: 'UpdateRoom',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'update', accountId: id(A), roomId: id(ROOM), updateFields: { name: 'Eng' } },
		requests: [{ method: 'POST', path: `/accounts/${A}/rooms/${ROOM}`, body: { Name: 'Eng' } }],
		output: (sb) => [room(sb).room],
		state: (sb) => expect(room(sb).room.Name).toBe('Eng'),
	},
	{
		chime: 'CreateRoomMembership',
		node: 'amazonChimeRoom',
		params: { resource: 'roomMembership', operation: 'create', accountId: id(A), roomId: id(ROOM), memberId: byEmail('bob@example.com'), additionalFields: { role: 'Administrator' } },
		requests: [
			{ method: 'GET', path: `/accounts/${A}/users`, query: { 'user-email': 'bob@example.com' } },
			{ method: 'POST', path: `/accounts/${A}/rooms/${ROOM}/memberships`, body: { MemberId: U.bob, Role: 'Administrator' } },
		],
		output: (sb) => [room(sb).memberships[U.bob]],
		state: (sb) => expect(room(sb).memberships[U.bob].Role).toBe('Administrator'),
	},
	{
		chime: 'BatchCreateRoomMembership',
		node: 'amazonChimeRoom',
		params: { resource: 'roomMembership', operation: 'createMany', accountId: id(A), roomId: id(DEMO.salesRoomId), memberId: id('={{ $json.id }}'), additionalFields: { role: 'Member' } },
		input: [{ id: U.alice }, { id: U.bob }],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/rooms/${DEMO.salesRoomId}/memberships`,
				query: { operation: 'batch-create' },
				body: { MembershipItemList: [{ MemberId: U.alice, Role: 'Member' }, { MemberId: U.bob, Role: 'Member' }] },
			},
		],
		output: () => [
			{ success: true, AccountId: A, RoomId: DEMO.salesRoomId, MemberId: U.alice, Role: 'Member' },
			{ success: true, AccountId: A, RoomId: DEMO.salesRoomId, MemberId: U.bob, Role: 'Member' },
		],
		state: (sb) => expect(Object.keys(room(sb, DEMO.salesRoomId).memberships).sort()).toEqual([U.alice, U.bob].sort()),
	},
	{
		chime: 'ListRoomMemberships',
		node: 'amazonChimeRoom',
		params: { resource: 'roomMembership', operation: 'getAll', accountId: id(A), roomId: id(ROOM), limit: 5 },
		requests: [{ method: 'GET', path: `/accounts/${A}/rooms/${ROOM}/memberships`, query: { 'max-results': '5' } }],
		output: (sb) => [room(sb).memberships[U.alice]],
	},
	{
		chime: 'DeleteRoomMembership',
		node: 'amazonChimeRoom',
		params: { resource: 'roomMembership', operation: 'delete', accountId: id(A), roomId: id(ROOM), memberId: id(U.alice) },
		requests: [{ method: 'DELETE', path: `/accounts/${A}/rooms/${ROOM}/memberships/${U.alice}` }],
		output: () => [{ success: true, AccountId: A, RoomId: ROOM, MemberId: U.alice }],
		state: (sb) => expect(room(sb).memberships).toEqual({}),
	},
	{
		chime: 'UpdateRoomMembership',
		node: 'amazonChimeRoom',
		params: { resource: 'roomMembership', operation: 'update', accountId: id(A), roomId: id(ROOM), memberId: id(U.alice), updateFields: { role: 'Member' } },
		requests: [{ method: 'POST', path: `/accounts/${A}/rooms/${ROOM}/memberships/${U.alice}`, body: { Role: 'Member' } }],
		output: (sb) => [room(sb).memberships[U.alice]],
		state: (sb) => expect(room(sb).memberships[U.alice].Role).toBe('Member'),
	},
	// Amazon Chime Bot
	{
		chime: 'CreateBot',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'create', accountId: id(A), displayName: 'Onboarding', additionalFields: { domain: 'example.com' } },
		requests: [{ method: 'POST', path: `/accounts/${A}/bots`, body: { DisplayName: 'Onboarding', Domain: 'example.com' } }],
		// The bot's security token is shown once, when the bot is made: its owner needs it.
		output: (sb) => [Object.values(acct(sb).bots).find((b) => b.bot.DisplayName === 'Onboarding')!.bot],
	},
	{
		chime: 'GetBot',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'get', accountId: id(A), botId: id(BOT) },
		requests: [{ method: 'GET', path: `/accounts/${A}/bots/${BOT}` }],
		output: (sb) => [without(bot(sb), 'SecurityToken')],
	},
	{
		chime: 'ListBots',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'getAll', accountId: id(A), returnAll: true },
		requests: [{ method: 'GET', path: `/accounts/${A}/bots`, query: { 'max-results': '99' } }],
		output: (sb) => [without(bot(sb), 'SecurityToken')],
	},
	{
		chime: 'RegenerateSecurityToken',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'regenerateToken', accountId: id(A), botId: id(BOT) },
		requests: [{ method: 'POST', path: `/accounts/${A}/bots/${BOT}`, query: { operation: 'regenerate-security-token' } }],
		output: (sb) => [bot(sb)],
		state: (sb) => expect(bot(sb).SecurityToken).not.toBe('demo-bot-security-token'),
	},
	{
		chime: 'UpdateBot',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'update', accountId: id(A), botId: id(BOT), updateFields: { disabled: true } },
		requests: [{ method: 'POST', path: `/accounts/${A}/bots/${BOT}`, body: { Disabled: true } }],
		output: (sb) => [without(bot(sb), 'SecurityToken')],
		state: (sb) => expect(bot(sb).Disabled).toBe(true),
	},
	{
		chime: 'DeleteEventsConfiguration',
		node: 'amazonChimeBot',
		params: { resource: 'eventsConfiguration', operation: 'delete', accountId: id(A), botId: id(BOT) },
		setup: (sb) => (acct(sb).bots[BOT].events = { BotId: BOT, OutboundEventsHTTPSEndpoint: 'https://example.com/e' }),
		requests: [{ method: 'DELETE', path: `/accounts/${A}/bots/${BOT}/events-configuration` }],
		output: () => [{ success: true, AccountId: A, BotId: BOT }],
		state: (sb) => expect(acct(sb).bots[BOT].events).toBeUndefined(),
	},
	{
		chime: 'GetEventsConfiguration',
		node: 'amazonChimeBot',
		params: { resource: 'eventsConfiguration', operation: 'get', accountId: id(A), botId: id(BOT) },
		setup: (sb) => (acct(sb).bots[BOT].events = { BotId: BOT, OutboundEventsHTTPSEndpoint: 'https://example.com/e' }),
		requests: [{ method: 'GET', path: `/accounts/${A}/bots/${BOT}/events-configuration` }],
		output: () => [{ BotId: BOT, OutboundEventsHTTPSEndpoint: 'https://example.com/e' }],
	},
	{
		chime: 'PutEventsConfiguration',
		node: 'amazonChimeBot',
		params: {
			resource: 'eventsConfiguration',
			operation: 'set',
			accountId: id(A),
			botId: id(BOT),
			additionalFields: { lambdaFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:chime' },
		},
		requests: [{ method: 'PUT', path: `/accounts/${A}/bots/${BOT}/events-configuration`, body: { LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:chime' } }],
		output: () => [{ BotId: BOT, LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:chime' }],
		state: (sb) => expect(acct(sb).bots[BOT].events?.LambdaFunctionArn).toBe('arn:aws:lambda:us-east-1:111122223333:function:chime'),
	},
	// Amazon Chime Conversation and Meeting
	{
		chime: 'RedactConversationMessage',
		node: 'amazonChimeConversation',
		params: { operation: 'redactMessage', accountId: id(A), conversationId: DEMO.conversationId, messageId: DEMO.conversationMessageId },
		requests: [
			{ method: 'POST', path: `/accounts/${A}/conversations/${DEMO.conversationId}/messages/${DEMO.conversationMessageId}`, query: { operation: 'redact' } },
		],
		output: () => [{ success: true, AccountId: A, ConversationId: DEMO.conversationId, MessageId: DEMO.conversationMessageId }],
		state: (sb) => expect(acct(sb).conversations[DEMO.conversationId].messages[DEMO.conversationMessageId].Redacted).toBe(true),
	},
	{
		chime: 'CreateMeetingDialOut',
		node: 'amazonChimeMeeting',
		params: { operation: 'dialOut', meetingId: MEETING, fromPhoneNumber: N.spare, toPhoneNumber: '+12065550199', joinToken: 'am9pbi10b2tlbg+/' },
		requests: [
			{ method: 'POST', path: `/meetings/${MEETING}/dial-outs`, body: { FromPhoneNumber: N.spare, ToPhoneNumber: '+12065550199', JoinToken: 'am9pbi10b2tlbg+/' } },
		],
		output: (sb) => [{ TransactionId: sb.state().dialOuts[0].TransactionId }],
		state: (sb) => expect(sb.state().dialOuts).toHaveLength(1),
	},
];

const bed = useNodeTestBed();

test("the table has one row for each of the SDK's 62 commands", () => {
	const commands = Object.keys(Chime)
		.filter((name) => name.endsWith('Command') && name !== '$Command')
		.map((name) => name.replace(/Command$/, ''));
	expect(commands).toHaveLength(62);
	expect(rows.map((row) => row.chime).sort()).toEqual(commands.sort());
});

test.each(rows)('$chime', async (row) => {
	row.setup?.(bed.sb);
	const result = await bed.run(row.node, row.params, row.input, { continueOnFail: row.continueOnFail });
	expect(result.error).toBeUndefined();
	expect(bed.requests.map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual(
		row.requests.map((r) => ({ query: {}, body: undefined, ...r })),
	);
	expect(result.output.Chime).toEqual(row.output(bed.sb));
	expect(result.items.Chime.map((item) => item.pairedItem)).toEqual(result.items.Chime.map((_, i) => ({ item: row.input ? i : 0 })));
	row.state?.(bed.sb);
});
