/**
 * Amazon Chime SDK Voice: where the phone-number actions live on after the Amazon Chime application
 * ended (2026-02-20). Same action names and routes as Amazon Chime's, signed as `chime`, but regional:
 * `https://voice-chime.<region>.amazonaws.com`, signed for that region.
 */
import { NodeOperationError, type ICredentialDataDecryptedObject, type IExecuteFunctions, type ILoadOptionsFunctions, type INodePropertyOptions } from 'n8n-workflow';

import { serviceOf, voiceAction, type Service } from './model';

/** The AWS regions that serve Amazon Chime SDK Voice (botocore's endpoints for `voice-chime`). */
export const VOICE_REGIONS: INodePropertyOptions[] = [
	{ name: 'Asia Pacific (Seoul)', value: 'ap-northeast-2' },
	{ name: 'Asia Pacific (Singapore)', value: 'ap-southeast-1' },
	{ name: 'Asia Pacific (Sydney)', value: 'ap-southeast-2' },
	{ name: 'Asia Pacific (Tokyo)', value: 'ap-northeast-1' },
	{ name: 'Canada (Central)', value: 'ca-central-1' },
	{ name: 'Europe (Frankfurt)', value: 'eu-central-1' },
	{ name: 'Europe (Ireland)', value: 'eu-west-1' },
	{ name: 'Europe (London)', value: 'eu-west-2' },
	{ name: 'US East (N. Virginia)', value: 'us-east-1' },
	{ name: 'US West (Oregon)', value: 'us-west-2' },
];

export const DEFAULT_VOICE_REGION = 'us-east-1';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The region as the node gives it; anything else than a region's code is refused before a URL is made of it. */
export function checkedVoiceRegion(region: unknown): string {
	const text = String(region ?? '').trim() || DEFAULT_VOICE_REGION;
	if (!REGION.test(text)) throw new Error(`Region must be an AWS region code such as eu-central-1 (got ${JSON.stringify(text)})`);
	return text;
}

/** The credential's Custom Voice Endpoint (a proxy, the sandbox's `/voice`), else AWS's for the region. */
export function voiceEndpointOf(credentials: ICredentialDataDecryptedObject, region: string): string {
	return String(credentials.voiceEndpoint ?? '').trim() || `https://voice-chime.${region}.amazonaws.com`;
}

/** The node parameter that picks the service: Amazon Chime unless said (workflows saved before it existed). */
export const SERVICE_PARAMETER = 'service';
export const REGION_PARAMETER = 'region';

/**
 * What a run of `action` needs to reach Amazon Chime SDK Voice: its client sends plain action names
 * (reconcile.ts's look-ups) there too, signed for the node's Region. Nothing for Amazon Chime's actions.
 */
export function voiceRun(fns: IExecuteFunctions, action: string): { service?: Service; voiceRegion?: string } {
	if (serviceOf(action) !== 'voice') return {};
	const region = fns.getNodeParameter(REGION_PARAMETER, 0, DEFAULT_VOICE_REGION);
	try {
		return { service: 'voice', voiceRegion: checkedVoiceRegion(region) };
	} catch (error) {
		throw new NodeOperationError(fns.getNode(), (error as Error).message, { itemIndex: 0 });
	}
}

/** A panel's list look-up for the service and region the node has chosen: `ListPhoneNumbers` or `voice:ListPhoneNumbers`. */
export function chosenService(fns: ILoadOptionsFunctions, action: string): { action: string; voiceRegion?: string } {
	if (fns.getCurrentNodeParameter(SERVICE_PARAMETER) !== 'voice') return { action };
	return { action: voiceAction(action), voiceRegion: checkedVoiceRegion(fns.getCurrentNodeParameter(REGION_PARAMETER)) };
}
