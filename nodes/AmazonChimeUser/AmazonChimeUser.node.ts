import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { userSpec } from './operations';
import { amazonChimeApiTest } from '../shared/chime/credentialTest';
import { executeChime } from '../shared/pipeline/execute';
import { listSearch } from '../shared/panel/locators';
import { nodeProperties, operationSubtitle } from '../shared/panel/properties';

export class AmazonChimeUser implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Chime User',
		name: 'amazonChimeUser',
		icon: { light: 'file:../../icons/chime.svg', dark: 'file:../../icons/chime.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(userSpec),
		description: 'Create, invite, update, suspend and log out Amazon Chime users, and assign their phone numbers',
		// n8n names a dropped node after its operation's action, and an AI tool "<action> in <this>".
		defaults: { name: 'Amazon Chime' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonChimeApi', required: true, testedBy: 'amazonChimeApiTest' }],
		properties: nodeProperties(userSpec),
	};

	methods = { listSearch, credentialTest: { amazonChimeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeChime.call(this, userSpec);
	}
}
