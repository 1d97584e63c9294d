import type { NodeSpec } from '../shared/types';

export const meetingSpec: NodeSpec = {
	operations: [
		{
			value: 'dialOut',
			name: 'Dial Out',
			action: 'Phone a number and connect it to a meeting',
			chime: 'CreateMeetingDialOut',
			repeat: 'never',
			uncertain: {
				done: 'placed the call',
				advice: 'Placing it again could ring the number twice, and Amazon Chime offers no way to check for a call. Check the meeting before running this item again.',
			},
			fields: [
				{ path: 'MeetingId', displayName: 'Meeting ID', placeholder: 'e.g. 0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', description: 'The Amazon Chime SDK meeting to call into' },
				{ path: 'FromPhoneNumber', placeholder: 'e.g. +12065550100', description: 'One of your numbers, shown as the caller ID, in E.164 format' },
				{ path: 'ToPhoneNumber', placeholder: 'e.g. +12065550199', description: 'The number to call into the meeting, in E.164 format' },
				{ path: 'JoinToken', password: true, description: "The attendee's join token from the meeting" },
			],
		},
	],
};
