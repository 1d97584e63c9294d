import { ORDERED_NUMBERS, orderWait, SEARCH_FILTERS } from './orders';
import { bothServices } from './service';
import { voicePhoneNumberSpec } from './voiceOperations';
import { PHONE_NUMBER, productType } from '../shared/panel/common.fields';
import type { NodeSpec } from '../shared/types';

const BATCH_UPDATE = 'UpdatePhoneNumberRequestItems[]';

/** The operations on Amazon Chime (Service: Amazon Chime), as before Chime SDK Voice came in. */
export const chimePhoneNumberSpec: NodeSpec = {
	resources: [
		{ name: 'Phone Number', value: 'phoneNumber' },
		{ name: 'Phone Number Order', value: 'phoneNumberOrder' },
		{ name: 'Phone Number Setting', value: 'phoneNumberSettings' },
	],
	operations: [
		{
			resource: 'phoneNumber',
			value: 'delete',
			name: 'Delete',
			action: 'Delete a phone number (restorable for 7 days)',
			chime: 'DeletePhoneNumber',
			repeat: 'delete',
			fields: [PHONE_NUMBER],
		},
		{
			resource: 'phoneNumber',
			value: 'deleteMany',
			name: 'Delete Many',
			action: 'Delete many phone numbers, 100 per call',
			chime: 'BatchDeletePhoneNumber',
			repeat: 'delete',
			batch: { member: 'PhoneNumberIds', id: 'PhoneNumberId', errors: 'PhoneNumberErrors' },
			fields: [{ ...PHONE_NUMBER, path: 'PhoneNumberIds[]', description: 'The number to delete, one per input item (Amazon Chime is sent 100 at a time)' }],
		},
		{
			resource: 'phoneNumber',
			value: 'get',
			name: 'Get',
			action: "Get a phone number's status and who has it",
			chime: 'GetPhoneNumber',
			repeat: 'safe',
			fields: [PHONE_NUMBER],
		},
		{
			resource: 'phoneNumber',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many of your phone numbers',
			chime: 'ListPhoneNumbers',
			repeat: 'safe',
			list: 'PhoneNumbers',
			optionalIn: 'filters',
			fields: [
				{ path: 'Status', description: 'Only numbers in this state' },
				productType('ProductType', 'Only numbers for this use'),
				{
					path: 'FilterName',
					displayName: 'Associated With',
					description: 'Only numbers associated with this kind of resource; give its ID in Associated ID (AWS: a Phone System Link is a Voice Connector, a Call Routing Rule a SIP rule)',
					needs: 'FilterValue',
					optionNames: {
						AccountId: 'Account',
						UserId: 'User',
						VoiceConnectorId: 'Phone System Link',
						VoiceConnectorGroupId: 'Phone System Link Group',
						SipRuleId: 'Call Routing Rule',
					},
				},
				{ path: 'FilterValue', displayName: 'Associated ID', description: 'The ID of the resource chosen in Associated With, e.g. a user ID', needs: 'FilterName' },
			],
		},
		{
			resource: 'phoneNumber',
			value: 'getCountries',
			name: 'Get Supported Countries',
			action: 'Get the countries numbers can be ordered in',
			chime: 'ListSupportedPhoneNumberCountries',
			repeat: 'safe',
			list: 'PhoneNumberCountries',
			fields: [productType('ProductType', 'The use to list countries for')],
		},
		{
			resource: 'phoneNumber',
			value: 'restore',
			name: 'Restore',
			action: 'Restore a deleted phone number',
			chime: 'RestorePhoneNumber',
			repeat: { reconcile: 'restoredNumber' }, // sent again after it worked, Chime answers BadRequest: check the number first
			uncertain: { done: 'restored the number' },
			fields: [PHONE_NUMBER],
		},
		{
			resource: 'phoneNumber',
			value: 'search',
			name: 'Search Available',
			action: 'Search phone numbers available to order',
			chime: 'SearchAvailablePhoneNumbers',
			repeat: 'safe',
			list: 'E164PhoneNumbers',
			listItemKey: 'E164PhoneNumber',
			optionalIn: 'filters',
			fields: SEARCH_FILTERS,
		},
		{
			resource: 'phoneNumber',
			value: 'update',
			name: 'Update',
			action: "Change a phone number's calling name or use",
			chime: 'UpdatePhoneNumber',
			repeat: 'safe',
			optionalIn: 'updateFields',
			fields: [
				PHONE_NUMBER,
				productType('ProductType'),
				{
					path: 'CallingName',
					placeholder: 'e.g. Example Corp',
					description: 'Name shown to the people this number calls: 2 to 15 letters, digits or spaces',
				},
			],
		},
		{
			resource: 'phoneNumber',
			value: 'updateMany',
			name: 'Update Many',
			action: 'Change many phone numbers, 100 per call',
			chime: 'BatchUpdatePhoneNumber',
			repeat: 'safe',
			optionalIn: 'updateFields',
			batch: { member: 'UpdatePhoneNumberRequestItems', id: 'PhoneNumberId', errors: 'PhoneNumberErrors' },
			fields: [
				{ ...PHONE_NUMBER, path: `${BATCH_UPDATE}.PhoneNumberId`, description: 'The number to update, one per input item (Amazon Chime is sent 100 at a time)' },
				productType(`${BATCH_UPDATE}.ProductType`),
				{
					path: `${BATCH_UPDATE}.CallingName`,
					placeholder: 'e.g. Example Corp',
					description: 'Name shown to the people this number calls: 2 to 15 letters, digits or spaces',
				},
			],
		},
		{
			resource: 'phoneNumberOrder',
			value: 'create',
			name: 'Create',
			action: 'Order phone numbers (AWS bills them)',
			chime: 'CreatePhoneNumberOrder',
			repeat: { reconcile: 'phoneNumberOrder' },
			uncertain: { done: 'placed the order' },
			waitFor: orderWait('GetPhoneNumberOrder', 'Amazon Chime'),
			fields: [
				productType('ProductType'),
				ORDERED_NUMBERS,
			],
		},
		{
			resource: 'phoneNumberOrder',
			value: 'get',
			name: 'Get',
			action: "Get a phone number order's status",
			chime: 'GetPhoneNumberOrder',
			repeat: 'safe',
			fields: [{ path: 'PhoneNumberOrderId', locator: 'phoneNumberOrder', description: 'The order, as Create or Get Many returned it' }],
		},
		{
			resource: 'phoneNumberOrder',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many phone number orders',
			chime: 'ListPhoneNumberOrders',
			repeat: 'safe',
			list: 'PhoneNumberOrders',
			fields: [],
		},
		{
			resource: 'phoneNumberSettings',
			value: 'get',
			name: 'Get',
			action: 'Get the default calling name',
			chime: 'GetPhoneNumberSettings',
			repeat: 'safe',
			fields: [],
		},
		{
			resource: 'phoneNumberSettings',
			value: 'update',
			name: 'Update',
			action: 'Set the default calling name',
			chime: 'UpdatePhoneNumberSettings',
			repeat: 'safe',
			fields: [
				{
					path: 'CallingName',
					displayName: 'Default Calling Name',
					description: 'The default outbound calling name for the AWS account: 2 to 15 letters, digits or spaces. To clear it, use the expression {{ "" }}.',
				},
			],
		},
	],
};

/** Every operation of the node, both services': what runs, and what schemas, docs and tests go through. */
export const phoneNumberSpec = bothServices(chimePhoneNumberSpec, voicePhoneNumberSpec);
