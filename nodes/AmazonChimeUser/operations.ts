import { ACCOUNT, USER, userType } from '../shared/panel/common.fields';
import type { Field, NodeSpec } from '../shared/types';

/** BatchUpdateUser takes the same fields as UpdateUser, one entry per input item. */
const ENTRY = 'UpdateUserRequestItems[]';
const updateFields = (prefix: string): Field[] => [
	{ path: `${prefix}LicenseType`, description: "The user's new license" },
	userType(`${prefix}UserType`),
	{
		path: `${prefix}AlexaForBusinessMetadata.IsAlexaForBusinessEnabled`,
		displayName: 'Alexa for Business',
		description: 'Whether Alexa for Business is turned on for the user',
	},
	{
		path: `${prefix}AlexaForBusinessMetadata.AlexaForBusinessRoomArn`,
		displayName: 'Alexa Room',
		description: "The Alexa for Business room the user's calls go through, as its ARN (AlexaForBusinessRoomArn)",
	},
];

export const userSpec: NodeSpec = {
	resources: [
		{ name: 'User', value: 'user' },
		{ name: 'User Setting', value: 'userSettings' },
	],
	operations: [
		{
			resource: 'user',
			value: 'associatePhoneNumber',
			name: 'Assign Phone Number',
			action: 'Assign one of your phone numbers to a user',
			chime: 'AssociatePhoneNumberWithUser',
			repeat: 'safe',
			fields: [
				ACCOUNT,
				USER,
				{
					path: 'E164PhoneNumber',
					displayName: 'Phone Number',
					placeholder: 'e.g. +12065550100',
					description: 'The number to give the user, in E.164 format: one of your Unassigned numbers',
				},
			],
		},
		{
			resource: 'user',
			value: 'create',
			name: 'Create',
			action: 'Create a user by email',
			chime: 'CreateUser',
			repeat: { reconcile: 'user' },
			uncertain: { done: 'created the user' },
			fields: [
				ACCOUNT,
				// The model leaves it optional; a user made without one cannot be found by email, and HR always has it.
				{ path: 'Email', placeholder: 'e.g. jane.doe@example.com', required: true, description: "The new user's email address" },
				{ path: 'Username', description: "The user's name in Amazon Chime" },
				userType('UserType'),
			],
		},
		{
			resource: 'user',
			value: 'get',
			name: 'Get',
			action: "Get a user's status, license and email",
			chime: 'GetUser',
			repeat: 'safe',
			answeredByLookUp: true,
			fields: [ACCOUNT, USER],
		},
		{
			resource: 'user',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many users of an account',
			chime: 'ListUsers',
			repeat: 'safe',
			list: 'Users',
			optionalIn: 'filters',
			fields: [
				ACCOUNT,
				{ path: 'UserEmail', displayName: 'Email', placeholder: 'e.g. jane.doe@example.com', description: 'Only the user with this email address' },
				userType('UserType', 'Only users of this type'),
			],
		},
		{
			resource: 'user',
			value: 'invite',
			name: 'Invite',
			action: 'Invite people to an account by email',
			chime: 'InviteUsers',
			repeat: { reconcile: 'invitation' },
			uncertain: { done: 'sent the invitations' },
			notice: 'Invite works only in Team accounts.',
			batch: { member: 'UserEmailList', id: 'EmailAddress', results: 'Invites' },
			fields: [
				ACCOUNT,
				{
					path: 'UserEmailList[]',
					name: 'email',
					displayName: 'Email',
					description: 'The email address to invite, one per input item (Amazon Chime is sent 50 at a time)',
					placeholder: 'e.g. jane.doe@example.com',
				},
				userType('UserType'),
			],
		},
		{
			resource: 'user',
			value: 'logout',
			name: 'Log Out',
			action: 'Sign a user out of all their devices',
			chime: 'LogoutUser',
			repeat: 'safe',
			outputEmail: true,
			fields: [ACCOUNT, USER],
		},
		{
			resource: 'user',
			value: 'resetPin',
			name: 'Reset PIN',
			action: "Reset a user's meeting PIN and output it",
			chime: 'ResetPersonalPIN',
			repeat: 'renew',
			reveals: ['PersonalPIN'],
			fields: [ACCOUNT, USER],
		},
		{
			resource: 'user',
			value: 'suspend',
			name: 'Suspend',
			action: 'Suspend users, blocking their sign-in',
			chime: 'BatchSuspendUser',
			repeat: 'safe',
			notice:
				'Suspend works in Team and EnterpriseLWA accounts. A user suspended from a Team account leaves it, and comes back only by being invited again (User → Invite).',
			outputEmail: true,
			batch: { member: 'UserIdList', id: 'UserId', errors: 'UserErrors' },
			fields: [
				ACCOUNT,
				{ ...USER, path: 'UserIdList[]', description: 'The user to suspend, one per input item (Amazon Chime is sent 50 at a time)' },
			],
		},
		{
			resource: 'user',
			value: 'disassociatePhoneNumber',
			name: 'Unassign Phone Number',
			action: "Take a user's phone number away",
			chime: 'DisassociatePhoneNumberFromUser',
			repeat: 'delete', // sent again after it worked, Chime answers NotFound
			fields: [ACCOUNT, USER],
		},
		{
			resource: 'user',
			value: 'unsuspend',
			name: 'Unsuspend',
			action: 'Unsuspend users, allowing sign-in again',
			chime: 'BatchUnsuspendUser',
			repeat: 'safe',
			notice:
				'Unsuspend works only in EnterpriseLWA accounts (Enterprise, Login with Amazon). In a Team account, a suspended user comes back by being invited again: User → Invite.',
			refusals: [
				{
					code: 'BadRequest',
					says: 'EnterpriseLWA',
					sentence:
						'Amazon Chime unsuspends users only in EnterpriseLWA accounts (Enterprise, Login with Amazon): in a Team account, invite the user again instead (User → Invite)',
				},
			],
			outputEmail: true,
			batch: { member: 'UserIdList', id: 'UserId', errors: 'UserErrors' },
			fields: [
				ACCOUNT,
				{ ...USER, path: 'UserIdList[]', description: 'The user to unsuspend, one per input item (Amazon Chime is sent 50 at a time)' },
			],
		},
		{
			resource: 'user',
			value: 'update',
			name: 'Update',
			action: "Change a user's license or user type",
			chime: 'UpdateUser',
			repeat: 'safe',
			optionalIn: 'updateFields',
			fields: [ACCOUNT, USER, ...updateFields('')],
		},
		{
			resource: 'user',
			value: 'updateMany',
			name: 'Update Many',
			action: "Change many users' licenses, 20 per call",
			chime: 'BatchUpdateUser',
			repeat: 'safe',
			optionalIn: 'updateFields',
			batch: { member: 'UpdateUserRequestItems', id: 'UserId', errors: 'UserErrors' },
			fields: [
				ACCOUNT,
				{ ...USER, path: `${ENTRY}.UserId`, description: 'The user to update, one per input item (Amazon Chime is sent 20 at a time)' },
				...updateFields(`${ENTRY}.`),
			],
		},
		{
			resource: 'userSettings',
			value: 'get',
			name: 'Get',
			action: "Get a user's calling and texting settings",
			chime: 'GetUserSettings',
			repeat: 'safe',
			fields: [ACCOUNT, USER],
		},
		{
			resource: 'userSettings',
			value: 'update',
			name: 'Update',
			action: "Turn a user's calling and texting on or off",
			chime: 'UpdateUserSettings',
			repeat: 'safe',
			fields: [
				ACCOUNT,
				USER,
				{ path: 'UserSettings.Telephony.InboundCalling', default: true, description: 'Whether the user can receive calls' },
				{ path: 'UserSettings.Telephony.OutboundCalling', default: true, description: 'Whether the user can make calls' },
				{ path: 'UserSettings.Telephony.SMS', displayName: 'SMS', default: true, description: 'Whether the user can send and receive text messages' },
			],
		},
	],
};
