import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { phoneNumberSpec } from './operations';
import { amazonChimeApiTest } from '../shared/credentialTest';
import { executeChime } from '../shared/execute';
import { listSearch } from '../shared/locators';
import { nodeProperties, operationSubtitle } from '../shared/properties';

export class AmazonChimePhoneNumber implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Chime Phone Number',
		name: 'amazonChimePhoneNumber',
		icon: { light: 'file:../../icons/chime.svg', dark: 'file:../../icons/chime.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(phoneNumberSpec),
		description: 'Search, order, update, delete and restore Amazon Chime phone numbers',
		// n8n names a dropped node after its operation's action, and an AI tool "<action> in <this>".
		defaults: { name: 'Amazon Chime' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonChimeApi', required: true, testedBy: 'amazonChimeApiTest' }],
		properties: nodeProperties(phoneNumberSpec),
	};

	methods = { listSearch, credentialTest: { amazonChimeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeChime.call(this, phoneNumberSpec);
	}
}
