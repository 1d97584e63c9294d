import { ACCOUNT, BOT } from '../shared/panel/common.fields';
import type { NodeSpec } from '../shared/types';

export const botSpec: NodeSpec = {
	resources: [
		{ name: 'Bot', value: 'bot' },
		// AWS: a bot's events configuration.
		{ name: 'Event Delivery', value: 'eventsConfiguration' },
	],
	operations: [
		{
			resource: 'bot',
			value: 'create',
			name: 'Create',
			action: 'Create a bot and output its security token',
			chime: 'CreateBot',
			repeat: { reconcile: 'bot' },
			uncertain: { done: 'created the bot' },
			// Chime shows a bot's security token when it is made; the bot's owner needs it to sign its messages.
			reveals: ['SecurityToken'],
			fields: [
				ACCOUNT,
				{ path: 'DisplayName', placeholder: 'e.g. Helpdesk', description: 'The name people see for the bot' },
				{ path: 'Domain', placeholder: 'e.g. example.com', description: 'Domain of the Amazon Chime Enterprise account' },
			],
		},
		{
			resource: 'bot',
			value: 'get',
			name: 'Get',
			action: "Get a bot's name, status and email",
			chime: 'GetBot',
			repeat: 'safe',
			fields: [ACCOUNT, BOT],
		},
		{
			resource: 'bot',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many bots of an account',
			chime: 'ListBots',
			repeat: 'safe',
			list: 'Bots',
			fields: [ACCOUNT],
		},
		{
			resource: 'bot',
			value: 'regenerateToken',
			name: 'Regenerate Security Token',
			action: "Replace a bot's security token and output it",
			chime: 'RegenerateSecurityToken',
			repeat: 'renew',
			reveals: ['SecurityToken'],
			fields: [ACCOUNT, BOT],
		},
		{
			resource: 'bot',
			value: 'update',
			name: 'Update',
			action: 'Turn a bot on or off',
			chime: 'UpdateBot',
			repeat: 'safe',
			optionalIn: 'updateFields',
			fields: [ACCOUNT, BOT, { path: 'Disabled', description: 'Whether the bot is turned off' }],
		},
		{
			resource: 'eventsConfiguration',
			value: 'delete',
			name: 'Delete',
			action: 'Stop sending a bot its events',
			chime: 'DeleteEventsConfiguration',
			repeat: 'delete',
			fields: [ACCOUNT, BOT],
		},
		{
			resource: 'eventsConfiguration',
			value: 'get',
			name: 'Get',
			action: "Get where a bot's events are sent",
			chime: 'GetEventsConfiguration',
			repeat: 'safe',
			fields: [ACCOUNT, BOT],
		},
		{
			resource: 'eventsConfiguration',
			value: 'set',
			name: 'Set',
			action: "Set where a bot's events are sent",
			chime: 'PutEventsConfiguration',
			repeat: 'safe',
			fields: [
				ACCOUNT,
				BOT,
				{
					path: 'OutboundEventsHTTPSEndpoint',
					displayName: 'HTTPS Endpoint',
					placeholder: 'e.g. https://example.com/chime-events',
					description: "Where Amazon Chime sends the bot's events: an HTTPS address",
				},
				{
					path: 'LambdaFunctionArn',
					displayName: 'Lambda Function',
					placeholder: 'e.g. arn:aws:lambda:us-east-1:111122223333:function:chime-bot',
					description: "The AWS Lambda function Amazon Chime sends the bot's events to, as its ARN",
				},
			],
		},
	],
};
