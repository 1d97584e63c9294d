import type { Field } from './types';

/** The pickers most operations start with. */
export const ACCOUNT: Field = { path: 'AccountId', locator: 'account' };
export const USER: Field = { path: 'UserId', locator: 'user' };
export const ROOM: Field = { path: 'RoomId', locator: 'room' };
export const BOT: Field = { path: 'BotId', locator: 'bot' };
export const PHONE_NUMBER: Field = { path: 'PhoneNumberId', locator: 'phoneNumber' };
/** Room members are users (or bots, By ID). */
export const MEMBER: Field = { path: 'MemberId', locator: 'user', name: 'memberId', displayName: 'Member' };
