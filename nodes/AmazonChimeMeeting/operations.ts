import type { NodeSpec } from '../shared/types';

export const meetingSpec: NodeSpec = {
	operations: [
		{
			value: 'dialOut',
			name: 'Dial Out',
			action: 'Call a phone number into a meeting',
			chime: 'CreateMeetingDialOut',
			fields: [
				{ path: 'MeetingId', displayName: 'Meeting ID' },
				{ path: 'FromPhoneNumber', placeholder: 'e.g. +12065550100' },
				{ path: 'ToPhoneNumber', placeholder: 'e.g. +12065550199' },
				{ path: 'JoinToken', password: true, description: "The attendee's join token from the meeting" },
			],
		},
	],
};
