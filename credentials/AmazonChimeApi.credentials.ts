import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { keysOf } from '../nodes/shared/chime/client';
import { signRequest } from '../nodes/shared/chime/sigv4';
import type { SigningScope } from '../nodes/shared/chime/types';

/**
 * AWS access keys, signed with SigV4 for us-east-1 (the only region Chime's API answers in; Chime SDK Voice:
 * the Phone Number node's Region); or, with
 * Assume Role, keys that assume an IAM role whose temporary keys sign instead (nodes/shared/chime/sts.ts).
 * The nodes send through n8n's `httpRequestWithAuthentication`, and `authenticate` below signs.
 */
export class AmazonChimeApi implements ICredentialType {
	name = 'amazonChimeApi';

	displayName = 'Amazon Chime API';

	icon = { light: 'file:../icons/chime.svg', dark: 'file:../icons/chime.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-amazon-chime/n8n-nodes-amazon-chime/blob/main/docs/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Access Keys', value: 'accessKeys', description: 'The keys below sign every request' },
				{
					name: 'Assume Role',
					value: 'assumeRole',
					description: 'The keys below assume an IAM role; its temporary keys sign the requests and are renewed before they expire',
				},
			],
			default: 'accessKeys',
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. AKIAIOSFODNN7EXAMPLE',
			description:
				'From the AWS console: IAM → Users → your n8n user → Security credentials → Create access key. The user needs the chime: permissions of the operations your workflows use (see the docs link).',
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once, when the access key is created; if it is lost, create a new key',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (from AWS STS or SSO)',
		},
		{
			displayName: 'Role ARN',
			name: 'roleArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. arn:aws:iam::123456789012:role/n8n-chime',
			description: "The role to assume. Its trust policy must allow the keys above (sts:AssumeRole), and its permissions policy the chime: actions your workflows use.",
			displayOptions: { show: { authentication: ['assumeRole'] } },
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: "Only if the role's trust policy asks for one (an sts:ExternalId condition)",
			displayOptions: { show: { authentication: ['assumeRole'] } },
		},
		{
			displayName: 'Role Session Name',
			name: 'roleSessionName',
			type: 'string',
			default: 'n8n-amazon-chime',
			description: "Shown in AWS CloudTrail for this credential's calls. Letters, digits and +=,.@- only, 2 to 64 characters.",
			displayOptions: { show: { authentication: ['assumeRole'] } },
		},
		{
			displayName: 'Session Duration (Seconds)',
			name: 'durationSeconds',
			type: 'number',
			typeOptions: { minValue: 900, maxValue: 43200 },
			default: 3600,
			description: "How long each set of temporary keys lasts, 900 to the role's maximum session duration (3600 unless raised). They are renewed 5 minutes before they end.",
			displayOptions: { show: { authentication: ['assumeRole'] } },
		},
		{
			displayName: 'STS Endpoint',
			name: 'stsEndpoint',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://sts.us-east-1.amazonaws.com',
			description: 'Leave empty for AWS STS (https://sts.amazonaws.com). Set it only for a proxy or for the local Chime sandbox (its URL followed by /_sts). Signed for us-east-1.',
			displayOptions: { show: { authentication: ['assumeRole'] } },
		},
		{
			displayName: 'Custom Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://chime.us-east-1.amazonaws.com',
			description:
				'Leave empty for Amazon Chime itself (https://chime.us-east-1.amazonaws.com). Set it only for a proxy or for the local Chime sandbox. Requests are always signed for us-east-1.',
		},
		{
			displayName: 'Custom Voice Endpoint',
			name: 'voiceEndpoint',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4599/voice',
			description:
				"Leave empty for Amazon Chime SDK Voice itself (https://voice-chime.<region>.amazonaws.com, the Phone Number node's Region). Set it only for a proxy or for the local Chime sandbox (its URL followed by /voice). Signed for the node's Region.",
		},
	];

	/**
	 * Signs a request with SigV4 exactly as it will be sent: method, URL, headers and the text body. For
	 * Chime (`chime`, us-east-1) unless `qs` says otherwise (SigningScope: `sts` for AssumeRole with the
	 * source keys, a region for Chime SDK Voice), which is taken out first. With Assume Role the nodes
	 * hand n8n this credential holding the role session's keys, which then sign.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const { qs, ...options } = requestOptions;
		const { _service, _region, ...query } = (qs ?? {}) as SigningScope & IDataObject;
		const body = options.body ?? '';
		// Anything else would go out unsigned, or differ from what was signed.
		if (Object.keys(query).length > 0 || typeof body !== 'string' || options.baseURL) {
			throw new Error('The Amazon Chime credential signs requests with a full URL and a text body only');
		}
		const headers = signRequest(
			{ method: options.method ?? 'GET', url: options.url, headers: (options.headers ?? {}) as Record<string, string>, body },
			keysOf(credentials),
			new Date(),
			_service,
			_region,
		);
		return { ...options, headers };
	}
}
