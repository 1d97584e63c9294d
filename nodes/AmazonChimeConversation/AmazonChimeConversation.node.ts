import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { conversationSpec } from './operations';
import { amazonChimeApiTest } from '../shared/chime/credentialTest';
import { executeChime } from '../shared/pipeline/execute';
import { listSearch } from '../shared/panel/locators';
import { nodeProperties, operationSubtitle } from '../shared/panel/properties';

export class AmazonChimeConversation implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Chime Conversation',
		name: 'amazonChimeConversation',
		icon: { light: 'file:../../icons/chime.svg', dark: 'file:../../icons/chime.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(conversationSpec),
		description: 'Redact a message in an Amazon Chime conversation (a chat outside rooms): its text is removed for everyone',
		defaults: { name: 'Amazon Chime Conversation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonChimeApi', required: true, testedBy: 'amazonChimeApiTest' }],
		properties: nodeProperties(conversationSpec),
	};

	methods = { listSearch, credentialTest: { amazonChimeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeChime.call(this, conversationSpec);
	}
}
