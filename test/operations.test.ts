/**
 * Every Chime action, run through n8n's engine and the real SDK over HTTP: the exact request Chime
 * receives (method, path, query, body) and the items the node outputs. One row per action.
 */
import * as Chime from '@aws-sdk/client-chime';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from './harness/n8n';
import { byEmail, id, TEST_KEYS } from './harness/params';
import { Recorder, type Recorded, type Reply } from './harness/recorder';

interface Row {
	chime: string;
	node: string;
	params: INodeParameters;
	input?: IDataObject[];
	continueOnFail?: boolean;
	/** Replies in order; the last repeats. */
	replies?: Reply[];
	requests: Array<Pick<Recorded, 'method' | 'path'> & Partial<Pick<Recorded, 'query' | 'body'>>>;
	output: IDataObject[];
}

const A = 'acc-1';
const U = 'user-1';
const P = '+12065550100';
const ORDER = '6b7d3a52-2f0e-4a53-9c39-8c1b7c1d2e3f';
const MEETING = '0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const WHEN = '2026-01-02T03:04:05Z';
const without = (object: IDataObject, key: string) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
const WHEN_ISO = '2026-01-02T03:04:05.000Z';

const account = { AccountId: A, Name: 'Example Corp', AccountType: 'Team', CreatedTimestamp: WHEN };
const accountOut = { ...account, CreatedTimestamp: WHEN_ISO };
const user = { UserId: U, AccountId: A, PrimaryEmail: 'jane@example.com', LicenseType: 'Pro', PersonalPIN: '482913' };
const userOut = without(user, 'PersonalPIN');
const phone = { PhoneNumberId: P, E164PhoneNumber: P, Status: 'Unassigned', ProductType: 'BusinessCalling' };
const room = { RoomId: 'room-1', Name: 'Engineering', AccountId: A, CreatedTimestamp: WHEN };
const roomOut = { ...room, CreatedTimestamp: WHEN_ISO };
const membership = { RoomId: 'room-1', Member: { MemberId: U, MemberType: 'User' }, Role: 'Administrator' };
const bot = { BotId: 'bot-1', DisplayName: 'Helper', BotType: 'ChatBot', Disabled: false, SecurityToken: 'bot-secret-token' };
const botOut = without(bot, 'SecurityToken');
const ok = (body: unknown = {}, status = 200): Reply => ({ status, body });
const none: Reply = { status: 204 };

const rows: Row[] = [
	// Amazon Chime Account
	{
		chime: 'CreateAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'create', name: 'Example Corp' },
		replies: [ok({ Account: account }, 201)],
		requests: [{ method: 'POST', path: '/accounts', body: { Name: 'Example Corp' } }],
		output: [accountOut],
	},
	{
		chime: 'DeleteAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'delete', accountId: id(A) },
		replies: [none],
		requests: [{ method: 'DELETE', path: `/accounts/${A}` }],
		output: [{ success: true, AccountId: A }],
	},
	{
		chime: 'GetAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'get', accountId: id(A) },
		replies: [ok({ Account: account })],
		requests: [{ method: 'GET', path: `/accounts/${A}` }],
		output: [accountOut],
	},
	{
		chime: 'ListAccounts',
		node: 'amazonChimeAccount',
		params: { resource: 'account', operation: 'getAll', returnAll: true, filters: { userEmail: 'jane@example.com' } },
		replies: [ok({ Accounts: [account], NextToken: 'page-2' }), ok({ Accounts: [{ ...account, AccountId: 'acc-2' }] })],
		requests: [
			{ method: 'GET', path: '/accounts', query: { 'user-email': 'jane@example.com', 'max-results': '200' } },
			{
				method: 'GET',
				path: '/accounts',
				query: { 'user-email': 'jane@example.com', 'max-results': '200', 'next-token': 'page-2' },
			},
		],
		output: [accountOut, { ...accountOut, AccountId: 'acc-2' }],
	},
	{
		chime: 'UpdateAccount',
		node: 'amazonChimeAccount',
		params: {
			resource: 'account',
			operation: 'update',
			accountId: id(A),
			updateFields: { name: 'Renamed', defaultLicense: 'Pro' },
		},
		replies: [ok({ Account: { ...account, Name: 'Renamed' } })],
		requests: [{ method: 'POST', path: `/accounts/${A}`, body: { Name: 'Renamed', DefaultLicense: 'Pro' } }],
		output: [{ ...accountOut, Name: 'Renamed' }],
	},
	{
		chime: 'GetAccountSettings',
		node: 'amazonChimeAccount',
		params: { resource: 'accountSettings', operation: 'get', accountId: id(A) },
		replies: [ok({ AccountSettings: { DisableRemoteControl: false, EnableDialOut: true } })],
		requests: [{ method: 'GET', path: `/accounts/${A}/settings` }],
		output: [{ DisableRemoteControl: false, EnableDialOut: true }],
	},
	{
		chime: 'UpdateAccountSettings',
		node: 'amazonChimeAccount',
		params: {
			resource: 'accountSettings',
			operation: 'update',
			accountId: id(A),
			updateFields: { disableRemoteControl: true, enableDialOut: false },
		},
		replies: [none],
		requests: [
			{
				method: 'PUT',
				path: `/accounts/${A}/settings`,
				body: { AccountSettings: { DisableRemoteControl: true, EnableDialOut: false } },
			},
		],
		output: [{ success: true, AccountId: A, AccountSettings: { DisableRemoteControl: true, EnableDialOut: false } }],
	},
	{
		chime: 'GetGlobalSettings',
		node: 'amazonChimeAccount',
		params: { resource: 'globalSettings', operation: 'get' },
		replies: [ok({ BusinessCalling: { CdrBucket: 'cdr-bc' }, VoiceConnector: { CdrBucket: 'cdr-vc' } })],
		requests: [{ method: 'GET', path: '/settings' }],
		output: [{ BusinessCalling: { CdrBucket: 'cdr-bc' }, VoiceConnector: { CdrBucket: 'cdr-vc' } }],
	},
	{
		chime: 'UpdateGlobalSettings',
		node: 'amazonChimeAccount',
		params: {
			resource: 'globalSettings',
			operation: 'update',
			updateFields: { businessCallingCdrBucket: 'cdr-bc', voiceConnectorCdrBucket: 'cdr-vc' },
		},
		replies: [none],
		requests: [
			{
				method: 'PUT',
				path: '/settings',
				body: { BusinessCalling: { CdrBucket: 'cdr-bc' }, VoiceConnector: { CdrBucket: 'cdr-vc' } },
			},
		],
		output: [{ success: true, BusinessCalling: { CdrBucket: 'cdr-bc' }, VoiceConnector: { CdrBucket: 'cdr-vc' } }],
	},
	{
		chime: 'GetRetentionSettings',
		node: 'amazonChimeAccount',
		params: { resource: 'retentionSettings', operation: 'get', accountId: id(A) },
		replies: [
			ok({ RetentionSettings: { RoomRetentionSettings: { RetentionDays: 30 } }, InitiateDeletionTimestamp: WHEN }),
		],
		requests: [{ method: 'GET', path: `/accounts/${A}/retention-settings` }],
		output: [{ RetentionSettings: { RoomRetentionSettings: { RetentionDays: 30 } }, InitiateDeletionTimestamp: WHEN_ISO }],
	},
	{
		chime: 'PutRetentionSettings',
		node: 'amazonChimeAccount',
		params: {
			resource: 'retentionSettings',
			operation: 'update',
			accountId: id(A),
			updateFields: { roomRetentionDays: 30, conversationRetentionDays: 5475 },
		},
		replies: [
			ok({
				RetentionSettings: {
					RoomRetentionSettings: { RetentionDays: 30 },
					ConversationRetentionSettings: { RetentionDays: 5475 },
				},
				InitiateDeletionTimestamp: WHEN,
			}),
		],
		requests: [
			{
				method: 'PUT',
				path: `/accounts/${A}/retention-settings`,
				body: {
					RetentionSettings: {
						RoomRetentionSettings: { RetentionDays: 30 },
						ConversationRetentionSettings: { RetentionDays: 5475 },
					},
				},
			},
		],
		output: [
			{
				RetentionSettings: {
					RoomRetentionSettings: { RetentionDays: 30 },
					ConversationRetentionSettings: { RetentionDays: 5475 },
				},
				InitiateDeletionTimestamp: WHEN_ISO,
			},
		],
	},
	{
		chime: 'AssociateSigninDelegateGroupsWithAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'signinDelegateGroup', operation: 'add', accountId: id(A), groupNames: 'Staff, Contractors' },
		replies: [ok()],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}`,
				query: { operation: 'associate-signin-delegate-groups' },
				body: { SigninDelegateGroups: [{ GroupName: 'Staff' }, { GroupName: 'Contractors' }] },
			},
		],
		output: [
			{ success: true, AccountId: A, SigninDelegateGroups: [{ GroupName: 'Staff' }, { GroupName: 'Contractors' }] },
		],
	},
	{
		chime: 'DisassociateSigninDelegateGroupsFromAccount',
		node: 'amazonChimeAccount',
		params: { resource: 'signinDelegateGroup', operation: 'remove', accountId: id(A), groupNames: 'Contractors' },
		replies: [ok()],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}`,
				query: { operation: 'disassociate-signin-delegate-groups' },
				body: { GroupNames: ['Contractors'] },
			},
		],
		output: [{ success: true, AccountId: A, GroupNames: ['Contractors'] }],
	},
	// Amazon Chime User
	{
		chime: 'AssociatePhoneNumberWithUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'associatePhoneNumber', accountId: id(A), userId: id(U), e164PhoneNumber: P },
		replies: [ok()],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/users/${U}`,
				query: { operation: 'associate-phone-number' },
				body: { E164PhoneNumber: P },
			},
		],
		output: [{ success: true, AccountId: A, UserId: U, E164PhoneNumber: P }],
	},
	{
		chime: 'CreateUser',
		node: 'amazonChimeUser',
		params: {
			resource: 'user',
			operation: 'create',
			accountId: id(A),
			additionalFields: { email: 'jane@example.com', username: 'jane', userType: 'PrivateUser' },
		},
		replies: [ok({ User: user }, 201)],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/users`,
				query: { operation: 'create' },
				body: { Email: 'jane@example.com', Username: 'jane', UserType: 'PrivateUser' },
			},
		],
		output: [userOut],
	},
	{
		chime: 'GetUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'get', accountId: id(A), userId: byEmail('Jane@Example.com') },
		replies: [ok({ Users: [user] }), ok({ User: user })],
		requests: [
			{ method: 'GET', path: `/accounts/${A}/users`, query: { 'user-email': 'Jane@Example.com' } },
			{ method: 'GET', path: `/accounts/${A}/users/${U}` },
		],
		output: [userOut],
	},
	{
		chime: 'ListUsers',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'getAll', accountId: id(A), limit: 2, filters: { userType: 'PrivateUser' } },
		replies: [ok({ Users: [user, { ...user, UserId: 'user-2' }], NextToken: 'more' })],
		requests: [
			{ method: 'GET', path: `/accounts/${A}/users`, query: { 'user-type': 'PrivateUser', 'max-results': '2' } },
		],
		output: [userOut, { ...userOut, UserId: 'user-2' }],
	},
	{
		chime: 'InviteUsers',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'invite', accountId: id(A), email: '={{ $json.email }}' },
		input: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
		replies: [
			ok(
				{
					Invites: [
						{ InviteId: 'inv-1', Status: 'Pending', EmailAddress: 'a@example.com', EmailStatus: 'Sent' },
						{ InviteId: 'inv-2', Status: 'Pending', EmailAddress: 'b@example.com', EmailStatus: 'Sent' },
					],
				},
				201,
			),
		],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/users`,
				query: { operation: 'add' },
				body: { UserEmailList: ['a@example.com', 'b@example.com'] },
			},
		],
		output: [
			{ InviteId: 'inv-1', Status: 'Pending', EmailAddress: 'a@example.com', EmailStatus: 'Sent' },
			{ InviteId: 'inv-2', Status: 'Pending', EmailAddress: 'b@example.com', EmailStatus: 'Sent' },
		],
	},
	{
		chime: 'LogoutUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'logout', accountId: id(A), userId: id(U) },
		replies: [none],
		requests: [{ method: 'POST', path: `/accounts/${A}/users/${U}`, query: { operation: 'logout' } }],
		output: [{ success: true, AccountId: A, UserId: U }],
	},
	{
		chime: 'ResetPersonalPIN',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'resetPin', accountId: id(A), userId: id(U) },
		replies: [ok({ User: { ...user, PersonalPIN: '777123' } })],
		requests: [{ method: 'POST', path: `/accounts/${A}/users/${U}`, query: { operation: 'reset-personal-pin' } }],
		output: [{ ...userOut, PersonalPIN: '777123' }],
	},
	{
		chime: 'BatchSuspendUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'suspend', accountId: id(A), userId: id('={{ $json.id }}') },
		input: [{ id: 'u-1' }, { id: 'u-2' }, { id: 'u-3' }],
		continueOnFail: true,
		replies: [ok({ UserErrors: [{ UserId: 'u-2', ErrorCode: 'NotFound', ErrorMessage: 'User u-2 not found' }] })],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/users`,
				query: { operation: 'suspend' },
				body: { UserIdList: ['u-1', 'u-2', 'u-3'] },
			},
		],
		output: [
			{ success: true, AccountId: A, UserId: 'u-1' },
			{
				error: 'Amazon Chime could not find what the request names (NotFound)',
				details: 'User u-2 not found',
				errorCode: 'NotFound',
			},
			{ success: true, AccountId: A, UserId: 'u-3' },
		],
	},
	{
		chime: 'DisassociatePhoneNumberFromUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'disassociatePhoneNumber', accountId: id(A), userId: id(U) },
		replies: [ok()],
		requests: [
			{ method: 'POST', path: `/accounts/${A}/users/${U}`, query: { operation: 'disassociate-phone-number' } },
		],
		output: [{ success: true, AccountId: A, UserId: U }],
	},
	{
		chime: 'BatchUnsuspendUser',
		node: 'amazonChimeUser',
		params: { resource: 'user', operation: 'unsuspend', accountId: id(A), userId: id(U) },
		replies: [ok({ UserErrors: [] })],
		requests: [
			{ method: 'POST', path: `/accounts/${A}/users`, query: { operation: 'unsuspend' }, body: { UserIdList: [U] } },
		],
		output: [{ success: true, AccountId: A, UserId: U }],
	},
	{
		chime: 'UpdateUser',
		node: 'amazonChimeUser',
		params: {
			resource: 'user',
			operation: 'update',
			accountId: id(A),
			userId: id(U),
			updateFields: { licenseType: 'Basic', userType: 'SharedDevice', isAlexaForBusinessEnabled: true, alexaForBusinessRoomArn: 'arn:room' },
		},
		replies: [ok({ User: { ...user, LicenseType: 'Basic' } })],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/users/${U}`,
				body: {
					LicenseType: 'Basic',
					UserType: 'SharedDevice',
					AlexaForBusinessMetadata: { IsAlexaForBusinessEnabled: true, AlexaForBusinessRoomArn: 'arn:room' },
				},
			},
		],
		output: [{ ...userOut, LicenseType: 'Basic' }],
	},
	{
		chime: 'BatchUpdateUser',
		node: 'amazonChimeUser',
		params: {
			resource: 'user',
			operation: 'updateMany',
			accountId: id(A),
			userId: id('={{ $json.id }}'),
			updateFields: { licenseType: '={{ $json.license }}' },
		},
		input: [
			{ id: 'u-1', license: 'Pro' },
			{ id: 'u-2', license: 'Basic' },
		],
		replies: [ok({ UserErrors: [] })],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/users`,
				body: {
					UpdateUserRequestItems: [
						{ UserId: 'u-1', LicenseType: 'Pro' },
						{ UserId: 'u-2', LicenseType: 'Basic' },
					],
				},
			},
		],
		output: [
			{ success: true, AccountId: A, UserId: 'u-1', LicenseType: 'Pro' },
			{ success: true, AccountId: A, UserId: 'u-2', LicenseType: 'Basic' },
		],
	},
	{
		chime: 'GetUserSettings',
		node: 'amazonChimeUser',
		params: { resource: 'userSettings', operation: 'get', accountId: id(A), userId: id(U) },
		replies: [ok({ UserSettings: { Telephony: { InboundCalling: true, OutboundCalling: true, SMS: false } } })],
		requests: [{ method: 'GET', path: `/accounts/${A}/users/${U}/settings` }],
		output: [{ Telephony: { InboundCalling: true, OutboundCalling: true, SMS: false } }],
	},
	{
		chime: 'UpdateUserSettings',
		node: 'amazonChimeUser',
		params: {
			resource: 'userSettings',
			operation: 'update',
			accountId: id(A),
			userId: id(U),
			inboundCalling: true,
			outboundCalling: false,
			sms: true,
		},
		replies: [none],
		requests: [
			{
				method: 'PUT',
				path: `/accounts/${A}/users/${U}/settings`,
				body: { UserSettings: { Telephony: { InboundCalling: true, OutboundCalling: false, SMS: true } } },
			},
		],
		output: [
			{
				success: true,
				AccountId: A,
				UserId: U,
				UserSettings: { Telephony: { InboundCalling: true, OutboundCalling: false, SMS: true } },
			},
		],
	},
	// Amazon Chime Phone Number
	{
		chime: 'DeletePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'delete', phoneNumberId: id(P) },
		replies: [none],
		requests: [{ method: 'DELETE', path: `/phone-numbers/${P}` }],
		output: [{ success: true, PhoneNumberId: P }],
	},
	{
		chime: 'BatchDeletePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'deleteMany', phoneNumberId: id('={{ $json.number }}') },
		input: [{ number: P }, { number: '+12065550101' }],
		replies: [ok({ PhoneNumberErrors: [] })],
		requests: [
			{
				method: 'POST',
				path: '/phone-numbers',
				query: { operation: 'batch-delete' },
				body: { PhoneNumberIds: [P, '+12065550101'] },
			},
		],
		output: [
			{ success: true, PhoneNumberId: P },
			{ success: true, PhoneNumberId: '+12065550101' },
		],
	},
	{
		chime: 'GetPhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'get', phoneNumberId: id(P) },
		replies: [ok({ PhoneNumber: { ...phone, CreatedTimestamp: WHEN } })],
		requests: [{ method: 'GET', path: `/phone-numbers/${P}` }],
		output: [{ ...phone, CreatedTimestamp: WHEN_ISO }],
	},
	{
		chime: 'ListPhoneNumbers',
		node: 'amazonChimePhoneNumber',
		params: {
			resource: 'phoneNumber',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'Unassigned', productType: 'BusinessCalling', filterName: 'UserId', filterValue: U },
		},
		replies: [ok({ PhoneNumbers: [phone] })],
		requests: [
			{
				method: 'GET',
				path: '/phone-numbers',
				query: {
					status: 'Unassigned',
					'product-type': 'BusinessCalling',
					'filter-name': 'UserId',
					'filter-value': U,
					'max-results': '99',
				},
			},
		],
		output: [phone],
	},
	{
		chime: 'ListSupportedPhoneNumberCountries',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'getCountries', productType: 'VoiceConnector' },
		replies: [ok({ PhoneNumberCountries: [{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] }] })],
		requests: [{ method: 'GET', path: '/phone-number-countries', query: { 'product-type': 'VoiceConnector' } }],
		output: [{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] }],
	},
	{
		chime: 'RestorePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumber', operation: 'restore', phoneNumberId: id(P) },
		replies: [ok({ PhoneNumber: phone })],
		requests: [{ method: 'POST', path: `/phone-numbers/${P}`, query: { operation: 'restore' } }],
		output: [phone],
	},
	{
		chime: 'SearchAvailablePhoneNumbers',
		node: 'amazonChimePhoneNumber',
		params: {
			resource: 'phoneNumber',
			operation: 'search',
			limit: 2,
			filters: {
				areaCode: '206',
				city: 'Seattle',
				country: 'US',
				state: 'WA',
				phoneNumberType: 'Local',
			},
		},
		replies: [ok({ E164PhoneNumbers: [P, '+12065550101'], NextToken: 'more' })],
		requests: [
			{
				method: 'GET',
				path: '/search',
				query: {
					type: 'phone-numbers',
					'area-code': '206',
					city: 'Seattle',
					country: 'US',
					state: 'WA',
					'phone-number-type': 'Local',
					'max-results': '2',
				},
			},
		],
		output: [{ E164PhoneNumber: P }, { E164PhoneNumber: '+12065550101' }],
	},
	{
		chime: 'UpdatePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: {
			resource: 'phoneNumber',
			operation: 'update',
			phoneNumberId: id(P),
			updateFields: { callingName: 'Example Corp' },
		},
		replies: [ok({ PhoneNumber: { ...phone, CallingName: 'Example Corp' } })],
		requests: [{ method: 'POST', path: `/phone-numbers/${P}`, body: { CallingName: 'Example Corp' } }],
		output: [{ ...phone, CallingName: 'Example Corp' }],
	},
	{
		chime: 'BatchUpdatePhoneNumber',
		node: 'amazonChimePhoneNumber',
		params: {
			resource: 'phoneNumber',
			operation: 'updateMany',
			phoneNumberId: id(P),
			updateFields: { productType: 'VoiceConnector' },
		},
		replies: [ok({ PhoneNumberErrors: [] })],
		requests: [
			{
				method: 'POST',
				path: '/phone-numbers',
				query: { operation: 'batch-update' },
				body: { UpdatePhoneNumberRequestItems: [{ PhoneNumberId: P, ProductType: 'VoiceConnector' }] },
			},
		],
		output: [{ success: true, PhoneNumberId: P, ProductType: 'VoiceConnector' }],
	},
	{
		chime: 'CreatePhoneNumberOrder',
		node: 'amazonChimePhoneNumber',
		params: {
			resource: 'phoneNumberOrder',
			operation: 'create',
			productType: 'BusinessCalling',
			e164PhoneNumbers: `${P}, +12065550101`,
		},
		replies: [ok({ PhoneNumberOrder: { PhoneNumberOrderId: ORDER, Status: 'Processing', CreatedTimestamp: WHEN } }, 201)],
		requests: [
			{
				method: 'POST',
				path: '/phone-number-orders',
				body: { ProductType: 'BusinessCalling', E164PhoneNumbers: [P, '+12065550101'] },
			},
		],
		output: [{ PhoneNumberOrderId: ORDER, Status: 'Processing', CreatedTimestamp: WHEN_ISO }],
	},
	{
		chime: 'GetPhoneNumberOrder',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberOrder', operation: 'get', phoneNumberOrderId: ORDER },
		replies: [ok({ PhoneNumberOrder: { PhoneNumberOrderId: ORDER, Status: 'Successful' } })],
		requests: [{ method: 'GET', path: `/phone-number-orders/${ORDER}` }],
		output: [{ PhoneNumberOrderId: ORDER, Status: 'Successful' }],
	},
	{
		chime: 'ListPhoneNumberOrders',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberOrder', operation: 'getAll', returnAll: true },
		replies: [ok({ PhoneNumberOrders: [{ PhoneNumberOrderId: ORDER, Status: 'Successful' }] })],
		requests: [{ method: 'GET', path: '/phone-number-orders', query: { 'max-results': '99' } }],
		output: [{ PhoneNumberOrderId: ORDER, Status: 'Successful' }],
	},
	{
		chime: 'GetPhoneNumberSettings',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberSettings', operation: 'get' },
		replies: [ok({ CallingName: 'Example Corp', CallingNameUpdatedTimestamp: WHEN })],
		requests: [{ method: 'GET', path: '/settings/phone-number' }],
		output: [{ CallingName: 'Example Corp', CallingNameUpdatedTimestamp: WHEN_ISO }],
	},
	{
		chime: 'UpdatePhoneNumberSettings',
		node: 'amazonChimePhoneNumber',
		params: { resource: 'phoneNumberSettings', operation: 'update', callingName: 'Example Corp' },
		replies: [none],
		requests: [{ method: 'PUT', path: '/settings/phone-number', body: { CallingName: 'Example Corp' } }],
		output: [{ success: true, CallingName: 'Example Corp' }],
	},
	// Amazon Chime Room
	{
		chime: 'CreateRoom',
		node: 'amazonChimeRoom',
		params: {
			resource: 'room',
			operation: 'create',
			accountId: id(A),
			name: 'Engineering',
			additionalFields: { clientRequestToken: 'new-hire-42' },
		},
		replies: [ok({ Room: room }, 201)],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/rooms`,
				body: { Name: 'Engineering', ClientRequestToken: 'new-hire-42' },
			},
		],
		output: [roomOut],
	},
	{
		chime: 'DeleteRoom',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'delete', accountId: id(A), roomId: id('room-1') },
		replies: [none],
		requests: [{ method: 'DELETE', path: `/accounts/${A}/rooms/room-1` }],
		output: [{ success: true, AccountId: A, RoomId: 'room-1' }],
	},
	{
		chime: 'GetRoom',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'get', accountId: id(A), roomId: id('room-1') },
		replies: [ok({ Room: room })],
		requests: [{ method: 'GET', path: `/accounts/${A}/rooms/room-1` }],
		output: [roomOut],
	},
	{
		chime: 'ListRooms',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'getAll', accountId: id(A), returnAll: true, filters: { memberId: U } },
		replies: [ok({ Rooms: [room] })],
		requests: [{ method: 'GET', path: `/accounts/${A}/rooms`, query: { 'member-id': U, 'max-results': '99' } }],
		output: [roomOut],
	},
	{
		chime: 'RedactRoomMessage',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'redactMessage', accountId: id(A), roomId: id('room-1'), messageId: 'msg-1' },
		replies: [ok()],
		requests: [{ method: 'POST', path: `/accounts/${A}/rooms/room-1/messages/msg-1`, query: { operation: 'redact' } }],
		output: [{ success: true, AccountId: A, RoomId: 'room-1', MessageId: 'msg-1' }],
	},
	{
		chime: 'UpdateRoom',
		node: 'amazonChimeRoom',
		params: { resource: 'room', operation: 'update', accountId: id(A), roomId: id('room-1'), updateFields: { name: 'Eng' } },
		replies: [ok({ Room: { ...room, Name: 'Eng' } })],
		requests: [{ method: 'POST', path: `/accounts/${A}/rooms/room-1`, body: { Name: 'Eng' } }],
		output: [{ ...roomOut, Name: 'Eng' }],
	},
	{
		chime: 'CreateRoomMembership',
		node: 'amazonChimeRoom',
		params: {
			resource: 'roomMembership',
			operation: 'create',
			accountId: id(A),
			roomId: id('room-1'),
			memberId: id(U),
			additionalFields: { role: 'Administrator' },
		},
		replies: [ok({ RoomMembership: membership }, 201)],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/rooms/room-1/memberships`,
				body: { MemberId: U, Role: 'Administrator' },
			},
		],
		output: [membership],
	},
	{
		chime: 'BatchCreateRoomMembership',
		node: 'amazonChimeRoom',
		params: {
			resource: 'roomMembership',
			operation: 'createMany',
			accountId: id(A),
			roomId: id('room-1'),
			memberId: id('={{ $json.id }}'),
			additionalFields: { role: 'Member' },
		},
		input: [{ id: 'u-1' }, { id: 'u-2' }],
		replies: [ok({ Errors: [] }, 201)],
		requests: [
			{
				method: 'POST',
				path: `/accounts/${A}/rooms/room-1/memberships`,
				query: { operation: 'batch-create' },
				body: {
					MembershipItemList: [
						{ MemberId: 'u-1', Role: 'Member' },
						{ MemberId: 'u-2', Role: 'Member' },
					],
				},
			},
		],
		output: [
			{ success: true, AccountId: A, RoomId: 'room-1', MemberId: 'u-1', Role: 'Member' },
			{ success: true, AccountId: A, RoomId: 'room-1', MemberId: 'u-2', Role: 'Member' },
		],
	},
	{
		chime: 'ListRoomMemberships',
		node: 'amazonChimeRoom',
		params: { resource: 'roomMembership', operation: 'getAll', accountId: id(A), roomId: id('room-1'), limit: 5 },
		replies: [ok({ RoomMemberships: [membership] })],
		requests: [{ method: 'GET', path: `/accounts/${A}/rooms/room-1/memberships`, query: { 'max-results': '5' } }],
		output: [membership],
	},
	{
		chime: 'DeleteRoomMembership',
		node: 'amazonChimeRoom',
		params: { resource: 'roomMembership', operation: 'delete', accountId: id(A), roomId: id('room-1'), memberId: id(U) },
		replies: [none],
		requests: [{ method: 'DELETE', path: `/accounts/${A}/rooms/room-1/memberships/${U}` }],
		output: [{ success: true, AccountId: A, RoomId: 'room-1', MemberId: U }],
	},
	{
		chime: 'UpdateRoomMembership',
		node: 'amazonChimeRoom',
		params: {
			resource: 'roomMembership',
			operation: 'update',
			accountId: id(A),
			roomId: id('room-1'),
			memberId: id(U),
			updateFields: { role: 'Member' },
		},
		replies: [ok({ RoomMembership: { ...membership, Role: 'Member' } })],
		requests: [{ method: 'POST', path: `/accounts/${A}/rooms/room-1/memberships/${U}`, body: { Role: 'Member' } }],
		output: [{ ...membership, Role: 'Member' }],
	},
	// Amazon Chime Bot
	{
		chime: 'CreateBot',
		node: 'amazonChimeBot',
		params: {
			resource: 'bot',
			operation: 'create',
			accountId: id(A),
			displayName: 'Helper',
			additionalFields: { domain: 'example.com' },
		},
		replies: [ok({ Bot: bot }, 201)],
		requests: [{ method: 'POST', path: `/accounts/${A}/bots`, body: { DisplayName: 'Helper', Domain: 'example.com' } }],
		output: [botOut],
	},
	{
		chime: 'GetBot',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'get', accountId: id(A), botId: id('bot-1') },
		replies: [ok({ Bot: bot })],
		requests: [{ method: 'GET', path: `/accounts/${A}/bots/bot-1` }],
		output: [botOut],
	},
	{
		chime: 'ListBots',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'getAll', accountId: id(A), returnAll: true },
		replies: [ok({ Bots: [bot] })],
		requests: [{ method: 'GET', path: `/accounts/${A}/bots`, query: { 'max-results': '99' } }],
		output: [botOut],
	},
	{
		chime: 'RegenerateSecurityToken',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'regenerateToken', accountId: id(A), botId: id('bot-1') },
		replies: [ok({ Bot: { ...bot, SecurityToken: 'fresh-token' } })],
		requests: [{ method: 'POST', path: `/accounts/${A}/bots/bot-1`, query: { operation: 'regenerate-security-token' } }],
		output: [{ ...botOut, SecurityToken: 'fresh-token' }],
	},
	{
		chime: 'UpdateBot',
		node: 'amazonChimeBot',
		params: { resource: 'bot', operation: 'update', accountId: id(A), botId: id('bot-1'), updateFields: { disabled: true } },
		replies: [ok({ Bot: { ...bot, Disabled: true } })],
		requests: [{ method: 'POST', path: `/accounts/${A}/bots/bot-1`, body: { Disabled: true } }],
		output: [{ ...botOut, Disabled: true }],
	},
	{
		chime: 'DeleteEventsConfiguration',
		node: 'amazonChimeBot',
		params: { resource: 'eventsConfiguration', operation: 'delete', accountId: id(A), botId: id('bot-1') },
		replies: [none],
		requests: [{ method: 'DELETE', path: `/accounts/${A}/bots/bot-1/events-configuration` }],
		output: [{ success: true, AccountId: A, BotId: 'bot-1' }],
	},
	{
		chime: 'GetEventsConfiguration',
		node: 'amazonChimeBot',
		params: { resource: 'eventsConfiguration', operation: 'get', accountId: id(A), botId: id('bot-1') },
		replies: [ok({ EventsConfiguration: { BotId: 'bot-1', OutboundEventsHTTPSEndpoint: 'https://example.com/e' } })],
		requests: [{ method: 'GET', path: `/accounts/${A}/bots/bot-1/events-configuration` }],
		output: [{ BotId: 'bot-1', OutboundEventsHTTPSEndpoint: 'https://example.com/e' }],
	},
	{
		chime: 'PutEventsConfiguration',
		node: 'amazonChimeBot',
		params: {
			resource: 'eventsConfiguration',
			operation: 'set',
			accountId: id(A),
			botId: id('bot-1'),
			additionalFields: { lambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:chime' },
		},
		replies: [ok({ EventsConfiguration: { BotId: 'bot-1', LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:chime' } }, 201)],
		requests: [
			{
				method: 'PUT',
				path: `/accounts/${A}/bots/bot-1/events-configuration`,
				body: { LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:chime' },
			},
		],
		output: [{ BotId: 'bot-1', LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:chime' }],
	},
	// Amazon Chime Conversation and Meeting
	{
		chime: 'RedactConversationMessage',
		node: 'amazonChimeConversation',
		params: { operation: 'redactMessage', accountId: id(A), conversationId: 'conv-1', messageId: 'msg-9' },
		replies: [ok()],
		requests: [
			{ method: 'POST', path: `/accounts/${A}/conversations/conv-1/messages/msg-9`, query: { operation: 'redact' } },
		],
		output: [{ success: true, AccountId: A, ConversationId: 'conv-1', MessageId: 'msg-9' }],
	},
	{
		chime: 'CreateMeetingDialOut',
		node: 'amazonChimeMeeting',
		params: {
			operation: 'dialOut',
			meetingId: MEETING,
			fromPhoneNumber: P,
			toPhoneNumber: '+12065550199',
			joinToken: 'am9pbi10b2tlbg+/',
		},
		replies: [ok({ TransactionId: ORDER }, 201)],
		requests: [
			{
				method: 'POST',
				path: `/meetings/${MEETING}/dial-outs`,
				body: { FromPhoneNumber: P, ToPhoneNumber: '+12065550199', JoinToken: 'am9pbi10b2tlbg+/' },
			},
		],
		output: [{ TransactionId: ORDER }],
	},
];

const recorder = new Recorder();
let endpoint: string;

beforeAll(async () => {
	endpoint = await recorder.start();
});
afterAll(() => recorder.stop());

test('the table has one row for each of the SDK\'s 62 commands', () => {
	const commands = Object.keys(Chime)
		.filter((name) => name.endsWith('Command') && name !== '$Command')
		.map((name) => name.replace(/Command$/, ''))
		.sort();
	expect(commands).toHaveLength(62);
	expect(rows.map((row) => row.chime).sort()).toEqual(commands);
});

test.each(rows)('$chime', async (row) => {
	let call = 0;
	const replies = row.replies ?? [{ status: 200, body: {} }];
	recorder.reset(() => replies[Math.min(call++, replies.length - 1)]);
	const result = await runNode(
		{ type: row.node, parameters: row.params, continueOnFail: row.continueOnFail },
		row.input ?? [{}],
		{ ...TEST_KEYS, endpoint },
	);
	expect(result.error).toBeUndefined();
	expect(
		recorder.requests.map(({ method, path, query, body }) => ({ method, path, query, body })),
	).toEqual(row.requests.map((r) => ({ query: {}, body: undefined, ...r })));
	for (const request of recorder.requests) {
		expect(request.headers.authorization).toMatch(
			new RegExp(`^AWS4-HMAC-SHA256 Credential=${TEST_KEYS.accessKeyId}/\\d{8}/us-east-1/chime/aws4_request`),
		);
	}
	expect(result.output.Chime).toEqual(row.output);
	expect(result.items.Chime.map((item) => item.pairedItem)).toEqual(
		row.output.map((_, i) => ({ item: row.input ? i : 0 })),
	);
});
