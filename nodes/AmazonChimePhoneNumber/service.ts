/**
 * The Phone Number node's Service choice: Amazon Chime (as before; workflows saved without a Service
 * stay on it) or Amazon Chime SDK Voice in a Region. Each service's panel is the engine's, shown for it.
 */
import type { INodeProperties } from 'n8n-workflow';

import { nodeProperties } from '../shared/panel/properties';
import type { NodeSpec } from '../shared/types';
import { DEFAULT_VOICE_REGION, REGION_PARAMETER, SERVICE_PARAMETER, VOICE_REGIONS } from '../shared/chime/voice';

const serviceProperty: INodeProperties = {
	displayName: 'Service',
	name: SERVICE_PARAMETER,
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Amazon Chime',
			value: 'chime',
			description: 'The Amazon Chime administration API, where AWS still serves it for your account',
		},
		{
			name: 'Amazon Chime SDK Voice',
			value: 'voice',
			description: 'Where phone numbers live on after the Amazon Chime application ended (2026-02-20)',
		},
	],
	default: 'chime',
	description: 'Which AWS service to work with: phone numbers continue on Amazon Chime SDK Voice',
};

const regionProperty: INodeProperties = {
	displayName: 'Region',
	name: REGION_PARAMETER,
	type: 'options',
	options: VOICE_REGIONS,
	default: DEFAULT_VOICE_REGION,
	description: 'The AWS Region your Amazon Chime SDK Voice phone numbers are in',
	displayOptions: { show: { [SERVICE_PARAMETER]: ['voice'] } },
};

/** A property shown only for one service, on top of what it is shown for already. */
function shownFor(service: string, property: INodeProperties): INodeProperties {
	const show = { ...property.displayOptions?.show, [SERVICE_PARAMETER]: [service] };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

/** Service and Region first, then each service's panel under it; the Settings tab's Request Options once. */
export function serviceProperties(chime: NodeSpec, voice: NodeSpec): INodeProperties[] {
	const isSetting = (p: INodeProperties) => p.isNodeSetting === true;
	const chimePanel = nodeProperties(chime);
	const voicePanel = nodeProperties(voice).filter((p) => !isSetting(p));
	return [
		serviceProperty,
		regionProperty,
		...chimePanel.filter((p) => !isSetting(p)).map((p) => shownFor('chime', p)),
		...voicePanel.map((p) => shownFor('voice', p)),
		...chimePanel.filter(isSetting),
	];
}

/** Both services' operations in one spec: the run finds the selected one by its resource (each service has its own values). */
export function bothServices(chime: NodeSpec, voice: NodeSpec): NodeSpec {
	return { resources: [...(chime.resources ?? []), ...(voice.resources ?? [])], operations: [...chime.operations, ...voice.operations] };
}
