import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { EVENT_OPTIONS, USER_EVENTS } from './events';
import { pollChime } from './poll';
import { amazonChimeApiTest } from '../shared/chime/credentialTest';
import { listSearch, locatorProperty } from '../shared/panel/locators';

/** The canvas subtitle: the chosen events' names. */
const eventNames = JSON.stringify(Object.fromEntries(EVENT_OPTIONS.map((option) => [option.value, option.name])));

export class AmazonChimeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Chime Trigger',
		name: 'amazonChimeTrigger',
		icon: { light: 'file:../../icons/chime.svg', dark: 'file:../../icons/chime.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ($parameter["events"] || []).map((event) => (${eventNames})[event]).join(", ") }}`,
		description:
			'Starts the workflow when Amazon Chime users join, accept their invitation, are suspended or change license, and when phone number orders complete or numbers are assigned or released',
		defaults: { name: 'Amazon Chime Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonChimeApi', required: true, testedBy: 'amazonChimeApiTest' }],
		properties: [
			{
				displayName:
					'Once the workflow is published, its first poll only records what is in Amazon Chime; events start with the next one. Fetch Test Event shows a recent sample per event.',
				name: 'baselineNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: EVENT_OPTIONS,
				description: 'What starts the workflow; each event found is one output item',
			},
			{
				...locatorProperty('account', {
					displayName: 'Account',
					name: 'accountId',
					required: true,
					description: 'The Amazon Chime account whose users to watch',
				}),
				displayOptions: { show: { events: USER_EVENTS } },
			},
		],
	};

	methods = { listSearch, credentialTest: { amazonChimeApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollChime.call(this);
	}
}
