import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** AWS access keys, signed with SigV4 for us-east-1 (the only region Chime's API answers in). */
export class AmazonChimeApi implements ICredentialType {
	name = 'amazonChimeApi';

	displayName = 'Amazon Chime API';

	icon = { light: 'file:../icons/chime.svg', dark: 'file:../icons/chime.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-amazon-chime/n8n-nodes-amazon-chime/blob/main/docs/credentials.md';

	properties: INodeProperties[] = [
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
			displayName: 'Custom Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://chime.us-east-1.amazonaws.com',
			description:
				'Leave empty for Amazon Chime itself (https://chime.us-east-1.amazonaws.com). Set it only for a proxy or for the local Chime sandbox. Requests are always signed for us-east-1.',
		},
	];
}
