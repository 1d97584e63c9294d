import { ACCOUNT } from '../shared/common.fields';
import type { NodeSpec } from '../shared/types';

export const conversationSpec: NodeSpec = {
	operations: [
		{
			value: 'redactMessage',
			name: 'Redact Message',
			action: 'Redact a conversation message',
			chime: 'RedactConversationMessage',
			fields: [
				ACCOUNT,
				{ path: 'ConversationId', displayName: 'Conversation ID' },
				{ path: 'MessageId', displayName: 'Message ID' },
			],
		},
	],
};
