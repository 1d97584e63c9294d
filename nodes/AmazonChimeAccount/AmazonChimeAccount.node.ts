import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { accountSpec } from './operations';
import { amazonChimeApiTest } from '../shared/credentialTest';
import { executeChime } from '../shared/execute';
import { listSearch } from '../shared/locators';
import { nodeProperties, operationSubtitle } from '../shared/properties';

export class AmazonChimeAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Chime Account',
		name: 'amazonChimeAccount',
		icon: { light: 'file:../../icons/chime.svg', dark: 'file:../../icons/chime.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(accountSpec),
		description: 'Manage Amazon Chime accounts, their settings, retention and sign-in delegate groups',
		defaults: { name: 'Amazon Chime Account' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonChimeApi', required: true, testedBy: 'amazonChimeApiTest' }],
		properties: nodeProperties(accountSpec),
	};

	methods = { listSearch, credentialTest: { amazonChimeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeChime.call(this, accountSpec);
	}
}
