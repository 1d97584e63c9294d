/**
 * The Phone Number node's operations on Amazon Chime SDK Voice (Service: Amazon Chime SDK Voice): the 16
 * phone-number actions that live on there, read from its own model (voice-model.json). Their resources
 * have values of their own (`voicePhoneNumber`…), so that n8n finds each its own output schema
 * (`__schema__/v1.0.0/voicePhoneNumber/get.json`) beside Amazon Chime's.
 */
import { PHONE_NUMBER } from '../shared/panel/common.fields';
import { ORDERED_NUMBERS, orderWait, SEARCH_FILTERS } from './orders';
import { voiceAction } from '../shared/chime/model';
import type { Field, NodeSpec } from '../shared/types';

const BATCH_UPDATE = 'UpdatePhoneNumberRequestItems[]';

/** Voice numbers are for your phone system or for call apps: it has no Amazon Chime users. */
const productType = (path: string, description = 'What the number is for'): Field => ({
	path,
	displayName: 'Used For',
	description: `${description}: Your Phone System (AWS: Voice Connector) or Call App Dial-In (AWS: SIP Media Application Dial-In)`,
	optionNames: { VoiceConnector: 'Your Phone System', SipMediaApplicationDialIn: 'Call App Dial-In' },
});

const numberName = (path: string, description: string): Field => ({ path, displayName: 'Number Name', placeholder: 'e.g. Front desk', description });

const CALLING_NAME = 'Name shown to the people this number calls: 2 to 15 letters, digits or spaces';

const voicePhoneNumberResources = [
	{ name: 'Global Setting', value: 'voiceGlobalSettings' },
	{ name: 'Phone Number', value: 'voicePhoneNumber' },
	{ name: 'Phone Number Order', value: 'voicePhoneNumberOrder' },
	{ name: 'Phone Number Setting', value: 'voicePhoneNumberSettings' },
];

export const voicePhoneNumberSpec: NodeSpec = {
	resources: voicePhoneNumberResources,
	operations: [
		{
			resource: 'voiceGlobalSettings',
			value: 'get',
			name: 'Get',
			action: 'Get the bucket call records are saved to (Chime SDK Voice)',
			chime: voiceAction('GetGlobalSettings'),
			repeat: 'safe',
			fields: [],
		},
		{
			resource: 'voiceGlobalSettings',
			value: 'update',
			name: 'Update',
			action: 'Change the bucket call records are saved to (Chime SDK Voice)',
			chime: voiceAction('UpdateGlobalSettings'),
			repeat: 'safe',
			optionalIn: 'updateFields',
			fields: [
				{
					path: 'VoiceConnector.CdrBucket',
					name: 'voiceConnectorCdrBucket',
					displayName: 'Trunk Call Records Bucket',
					description: 'S3 bucket for the call detail records (CDRs) of Voice Connectors: calls of your own phone system',
				},
			],
		},
		{
			resource: 'voicePhoneNumber',
			value: 'delete',
			name: 'Delete',
			action: 'Delete a phone number (restorable for 7 days) (Chime SDK Voice)',
			chime: voiceAction('DeletePhoneNumber'),
			repeat: 'delete',
			fields: [PHONE_NUMBER],
		},
		{
			resource: 'voicePhoneNumber',
			value: 'deleteMany',
			name: 'Delete Many',
			action: 'Delete many phone numbers, 100 per call (Chime SDK Voice)',
			chime: voiceAction('BatchDeletePhoneNumber'),
			repeat: 'delete',
			batch: { member: 'PhoneNumberIds', id: 'PhoneNumberId', errors: 'PhoneNumberErrors' },
			fields: [{ ...PHONE_NUMBER, path: 'PhoneNumberIds[]', description: 'The number to delete, one per input item (sent 100 at a time)' }],
		},
		{
			resource: 'voicePhoneNumber',
			value: 'get',
			name: 'Get',
			action: "Get a phone number's status and where it is used (Chime SDK Voice)",
			chime: voiceAction('GetPhoneNumber'),
			repeat: 'safe',
			fields: [PHONE_NUMBER],
		},
		{
			resource: 'voicePhoneNumber',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many of your phone numbers (Chime SDK Voice)',
			chime: voiceAction('ListPhoneNumbers'),
			repeat: 'safe',
			list: 'PhoneNumbers',
			optionalIn: 'filters',
			fields: [
				{ path: 'Status', description: 'Only numbers in this state, e.g. Assigned or Unassigned' },
				productType('ProductType', 'Only numbers for this use'),
				{
					path: 'FilterName',
					displayName: 'Associated With',
					description: 'Only numbers associated with this kind of resource; give its ID in Associated ID (AWS: a Phone System Link is a Voice Connector, a Call Routing Rule a SIP rule)',
					needs: 'FilterValue',
					optionNames: { VoiceConnectorId: 'Phone System Link', VoiceConnectorGroupId: 'Phone System Link Group', SipRuleId: 'Call Routing Rule' },
				},
				{ path: 'FilterValue', displayName: 'Associated ID', description: 'The ID of the resource chosen in Associated With', needs: 'FilterName' },
			],
		},
		{
			resource: 'voicePhoneNumber',
			value: 'getCountries',
			name: 'Get Supported Countries',
			action: 'Get the countries numbers can be ordered in (Chime SDK Voice)',
			chime: voiceAction('ListSupportedPhoneNumberCountries'),
			repeat: 'safe',
			list: 'PhoneNumberCountries',
			fields: [productType('ProductType', 'The use to list countries for')],
		},
		{
			resource: 'voicePhoneNumber',
			value: 'restore',
			name: 'Restore',
			action: 'Restore a deleted phone number (Chime SDK Voice)',
			chime: voiceAction('RestorePhoneNumber'),
			repeat: { reconcile: 'restoredNumber' },
			uncertain: { done: 'restored the number' },
			fields: [PHONE_NUMBER],
		},
		{
			resource: 'voicePhoneNumber',
			value: 'search',
			name: 'Search Available',
			action: 'Search phone numbers available to order (Chime SDK Voice)',
			chime: voiceAction('SearchAvailablePhoneNumbers'),
			repeat: 'safe',
			list: 'E164PhoneNumbers',
			listItemKey: 'E164PhoneNumber',
			optionalIn: 'filters',
			fields: SEARCH_FILTERS,
		},
		{
			resource: 'voicePhoneNumber',
			value: 'update',
			name: 'Update',
			action: "Change a phone number's name, calling name or use (Chime SDK Voice)",
			chime: voiceAction('UpdatePhoneNumber'),
			repeat: 'safe',
			optionalIn: 'updateFields',
			fields: [
				PHONE_NUMBER,
				productType('ProductType'),
				{ path: 'CallingName', placeholder: 'e.g. Example Corp', description: CALLING_NAME },
				numberName('Name', 'A name of your own for the number: letters, digits, spaces, commas, periods, underscores or hyphens'),
			],
		},
		{
			resource: 'voicePhoneNumber',
			value: 'updateMany',
			name: 'Update Many',
			action: 'Change many phone numbers, 100 per call (Chime SDK Voice)',
			chime: voiceAction('BatchUpdatePhoneNumber'),
			repeat: 'safe',
			optionalIn: 'updateFields',
			batch: { member: 'UpdatePhoneNumberRequestItems', id: 'PhoneNumberId', errors: 'PhoneNumberErrors' },
			fields: [
				{ ...PHONE_NUMBER, path: `${BATCH_UPDATE}.PhoneNumberId`, description: 'The number to update, one per input item (sent 100 at a time)' },
				productType(`${BATCH_UPDATE}.ProductType`),
				{ path: `${BATCH_UPDATE}.CallingName`, placeholder: 'e.g. Example Corp', description: CALLING_NAME },
				numberName(`${BATCH_UPDATE}.Name`, 'A name of your own for the number: letters, digits, spaces, commas, periods, underscores or hyphens'),
			],
		},
		{
			resource: 'voicePhoneNumberOrder',
			value: 'create',
			name: 'Create',
			action: 'Order phone numbers (AWS bills them) (Chime SDK Voice)',
			chime: voiceAction('CreatePhoneNumberOrder'),
			repeat: { reconcile: 'phoneNumberOrder' },
			uncertain: { done: 'placed the order' },
			waitFor: orderWait(voiceAction('GetPhoneNumberOrder'), 'Amazon Chime SDK Voice'),
			fields: [
				productType('ProductType'),
				ORDERED_NUMBERS,
				numberName('Name', 'A name of your own for the ordered numbers: letters, digits, spaces, commas, periods, underscores or hyphens'),
			],
		},
		{
			resource: 'voicePhoneNumberOrder',
			value: 'get',
			name: 'Get',
			action: "Get a phone number order's status (Chime SDK Voice)",
			chime: voiceAction('GetPhoneNumberOrder'),
			repeat: 'safe',
			fields: [{ path: 'PhoneNumberOrderId', locator: 'phoneNumberOrder', description: 'The order, as Create or Get Many returned it' }],
		},
		{
			resource: 'voicePhoneNumberOrder',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many phone number orders (Chime SDK Voice)',
			chime: voiceAction('ListPhoneNumberOrders'),
			repeat: 'safe',
			list: 'PhoneNumberOrders',
			fields: [],
		},
		{
			resource: 'voicePhoneNumberSettings',
			value: 'get',
			name: 'Get',
			action: 'Get the default calling name (Chime SDK Voice)',
			chime: voiceAction('GetPhoneNumberSettings'),
			repeat: 'safe',
			fields: [],
		},
		{
			resource: 'voicePhoneNumberSettings',
			value: 'update',
			name: 'Update',
			action: 'Set the default calling name (Chime SDK Voice)',
			chime: voiceAction('UpdatePhoneNumberSettings'),
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
