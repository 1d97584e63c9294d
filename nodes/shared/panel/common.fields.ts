import type { Field } from '../types';

/** The pickers most operations start with. */
export const ACCOUNT: Field = { path: 'AccountId', locator: 'account', description: 'The Amazon Chime account to work in' };
export const USER: Field = { path: 'UserId', locator: 'user', description: 'The user: from the list, by ID or by email address' };
export const ROOM: Field = { path: 'RoomId', locator: 'room', description: 'The chat room' };
export const BOT: Field = { path: 'BotId', locator: 'bot', description: 'The bot' };
export const PHONE_NUMBER: Field = { path: 'PhoneNumberId', locator: 'phoneNumber', description: 'The phone number' };
/** Room members are users (or bots, By ID): any user of the account can be added. */
export const MEMBER: Field = {
	path: 'MemberId',
	locator: 'user',
	name: 'memberId',
	displayName: 'Member',
	description: 'The user to add (a bot: by its ID)',
};
/** Who is in the room already: Update and Remove pick from the room's own members. */
export const ROOM_MEMBER: Field = {
	path: 'MemberId',
	locator: 'roomMember',
	description: 'A member of the room: a user or a bot',
};

/** A room role; added, it starts at Member: leaving it as it is never makes anyone an administrator. */
export const role = (path: string, description: string): Field => ({ path, default: 'Member', description });

/** What a phone number is used for: plain names in the list, Amazon Chime's product names in the hint. */
export const productType = (path: string, description = 'What the number is for'): Field => ({
	path,
	displayName: 'Used For',
	description: `${description}: Chime Users (AWS: Business Calling), Your Phone System (AWS: Voice Connector) or Call App Dial-In (AWS: SIP Media Application Dial-In)`,
	optionNames: { BusinessCalling: 'Chime Users', VoiceConnector: 'Your Phone System', SipMediaApplicationDialIn: 'Call App Dial-In' },
});

/** A person's account or a shared device's (a conference room phone). */
export const userType = (path: string, description = 'Private User for a person, Shared Device for a device such as a conference room phone'): Field => ({
	path,
	description,
});
