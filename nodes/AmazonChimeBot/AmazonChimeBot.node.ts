import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { botSpec } from './operations';
import { amazonChimeApiTest } from '../shared/chime/credentialTest';
import { executeChime } from '../shared/pipeline/execute';
import { listSearch } from '../shared/panel/locators';
import { nodeProperties, operationSubtitle } from '../shared/panel/properties';

export class AmazonChimeBot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Chime Bot',
		name: 'amazonChimeBot',
		icon: { light: 'file:../../icons/chime.svg', dark: 'file:../../icons/chime.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(botSpec),
		description: 'Manage Amazon Chime bots and their events configuration',
		// n8n names a dropped node after its operation's action, and an AI tool "<action> in <this>".
		defaults: { name: 'Amazon Chime' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonChimeApi', required: true, testedBy: 'amazonChimeApiTest' }],
		properties: nodeProperties(botSpec),
	};

	methods = { listSearch, credentialTest: { amazonChimeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeChime.call(this, botSpec);
	}
}
