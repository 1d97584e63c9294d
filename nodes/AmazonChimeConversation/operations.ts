import { ACCOUNT } from '../shared/panel/common.fields';
import type { NodeSpec } from '../shared/types';

export const conversationSpec: NodeSpec = {
	operations: [
		{
			value: 'redactMessage',
			name: 'Redact Message',
			action: 'Redact a message, removing its text for everyone',
			chime: 'RedactConversationMessage',
			repeat: 'safe',
			fields: [
				ACCOUNT,
				{ path: 'ConversationId', displayName: 'Conversation ID', description: 'The conversation the message is in' },
				{ path: 'MessageId', displayName: 'Message ID', description: 'The message to redact' },
			],
		},
	],
};
