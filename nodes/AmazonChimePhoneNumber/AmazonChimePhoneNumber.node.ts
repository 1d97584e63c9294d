import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { chimePhoneNumberSpec, phoneNumberSpec } from './operations';
import { serviceProperties } from './service';
import { voicePhoneNumberSpec } from './voiceOperations';
import { amazonChimeApiTest } from '../shared/chime/credentialTest';
import { executeChime } from '../shared/pipeline/execute';
import { listSearch } from '../shared/panel/locators';
import { operationSubtitle } from '../shared/panel/properties';

export class AmazonChimePhoneNumber implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Chime Phone Number',
		name: 'amazonChimePhoneNumber',
		icon: { light: 'file:../../icons/chime.svg', dark: 'file:../../icons/chime.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(phoneNumberSpec),
		description: 'Search, order, update, delete and restore phone numbers on Amazon Chime or Amazon Chime SDK Voice',
		// n8n names a dropped node after its operation's action, and an AI tool "<action> in <this>".
		defaults: { name: 'Amazon Chime' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonChimeApi', required: true, testedBy: 'amazonChimeApiTest' }],
		properties: serviceProperties(chimePhoneNumberSpec, voicePhoneNumberSpec),
	};

	methods = { listSearch, credentialTest: { amazonChimeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeChime.call(this, phoneNumberSpec);
	}
}
