/**
 * Amazon Chime SDK Voice: where the phone-number actions live on after the Amazon Chime application
 * ended (2026-02-20). Same action names and routes as Amazon Chime's, signed as `chime`, but regional:
 * `https://voice-chime.<region>.amazonaws.com`, signed for that region.
 */
import type { ICredentialDataDecryptedObject, INodePropertyOptions } from 'n8n-workflow';

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
