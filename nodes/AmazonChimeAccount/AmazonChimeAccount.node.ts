import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { accountSpec } from './operations';
import { amazonChimeApiTest } from '../shared/chime/credentialTest';
import { executeChime } from '../shared/pipeline/execute';
import { listSearch } from '../shared/panel/locators';
import { nodeProperties, operationSubtitle } from '../shared/panel/properties';

export class AmazonChimeAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Chime Account',
		name: 'amazonChimeAccount',
		icon: { light: 'file:../../icons/chime.svg', dark: 'file:../../icons/chime.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(accountSpec),
		description: 'Create, rename and delete Amazon Chime accounts; set dial-out, message retention, call record buckets and which Active Directory groups may sign in',
		// n8n names a dropped node after its operation's action, and an AI tool "<action> in <this>".
		defaults: { name: 'Amazon Chime' },
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
