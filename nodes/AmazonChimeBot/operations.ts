import { ACCOUNT, BOT } from '../shared/common.fields';
import type { NodeSpec } from '../shared/types';

export const botSpec: NodeSpec = {
	resources: [
		{ name: 'Bot', value: 'bot' },
		{ name: 'Events Configuration', value: 'eventsConfiguration' },
	],
	operations: [
		{
			resource: 'bot',
			value: 'create',
			name: 'Create',
			action: 'Create a bot',
			chime: 'CreateBot',
			fields: [ACCOUNT, { path: 'DisplayName' }, { path: 'Domain', placeholder: 'e.g. example.com' }],
		},
		{
			resource: 'bot',
			value: 'get',
			name: 'Get',
			action: 'Get a bot',
			chime: 'GetBot',
			fields: [ACCOUNT, BOT],
		},
		{
			resource: 'bot',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many bots',
			chime: 'ListBots',
			list: 'Bots',
			fields: [ACCOUNT],
		},
		{
			resource: 'bot',
			value: 'regenerateToken',
			name: 'Regenerate Security Token',
			action: "Regenerate a bot's security token",
			chime: 'RegenerateSecurityToken',
			reveals: ['SecurityToken'],
			fields: [ACCOUNT, BOT],
		},
		{
			resource: 'bot',
			value: 'update',
			name: 'Update',
			action: 'Update a bot',
			chime: 'UpdateBot',
			optionalIn: 'updateFields',
			fields: [ACCOUNT, BOT, { path: 'Disabled', description: 'Whether the bot is turned off' }],
		},
		{
			resource: 'eventsConfiguration',
			value: 'delete',
			name: 'Delete',
			action: "Delete a bot's events configuration",
			chime: 'DeleteEventsConfiguration',
			fields: [ACCOUNT, BOT],
		},
		{
			resource: 'eventsConfiguration',
			value: 'get',
			name: 'Get',
			action: "Get a bot's events configuration",
			chime: 'GetEventsConfiguration',
			fields: [ACCOUNT, BOT],
		},
		{
			resource: 'eventsConfiguration',
			value: 'set',
			name: 'Set',
			action: "Set a bot's events configuration",
			chime: 'PutEventsConfiguration',
			fields: [
				ACCOUNT,
				BOT,
				{
					path: 'OutboundEventsHTTPSEndpoint',
					displayName: 'HTTPS Endpoint',
					placeholder: 'e.g. https://example.com/chime-events',
				},
				{ path: 'LambdaFunctionArn', displayName: 'Lambda Function ARN' },
			],
		},
	],
};
