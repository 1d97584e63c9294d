import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { meetingSpec } from './operations';
import { amazonChimeApiTest } from '../shared/chime/credentialTest';
import { executeChime } from '../shared/pipeline/execute';
import { listSearch } from '../shared/panel/locators';
import { nodeProperties, operationSubtitle } from '../shared/panel/properties';

export class AmazonChimeMeeting implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Chime Meeting',
		name: 'amazonChimeMeeting',
		icon: { light: 'file:../../icons/chime.svg', dark: 'file:../../icons/chime.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(meetingSpec),
		description: 'Phone a number and connect it to an Amazon Chime SDK meeting, from one of your numbers: places a real call',
		defaults: { name: 'Amazon Chime Meeting' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonChimeApi', required: true, testedBy: 'amazonChimeApiTest' }],
		properties: nodeProperties(meetingSpec),
	};

	methods = { listSearch, credentialTest: { amazonChimeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeChime.call(this, meetingSpec);
	}
}
