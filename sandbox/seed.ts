/**
 * Demo data: an account with users in every state, phone numbers, rooms, a bot and a conversation.
 * IDs are fixed so that example workflows and the README can name them.
 */
import { createAccount } from './backend/accounts';
import { createRoom } from './backend/rooms';
import { settleOrders } from './backend/phoneNumbers';
import type { Ctx, Obj } from './backend/state';
import { addUser } from './backend/users';
import { iso } from './backend/util';

export const DEMO = {
	accountId: '2f1c6d0e-8a3b-4c5d-9e7f-0a1b2c3d4e01',
	users: {
		alice: 'a1000000-0000-4000-8000-000000000001',
		bob: 'a1000000-0000-4000-8000-000000000002',
		carol: 'a1000000-0000-4000-8000-000000000003',
		dave: 'a1000000-0000-4000-8000-000000000004',
		erin: 'a1000000-0000-4000-8000-000000000005',
	},
	roomId: 'd1000000-0000-4000-8000-000000000001',
	salesRoomId: 'd1000000-0000-4000-8000-000000000002',
	botId: 'b1000000-0000-4000-8000-000000000001',
	conversationId: 'c1000000-0000-4000-8000-000000000001',
	messageId: 'e1000000-0000-4000-8000-000000000001',
	conversationMessageId: 'e1000000-0000-4000-8000-000000000002',
	numbers: { alice: '+12065550100', spare: '+12065550101', tollFree: '+18445550100' },
};

const DAY = 24 * 3600 * 1000;

export function seed(ctx: Ctx): typeof DEMO {
	const record = createAccount(ctx, 'Example Corp');
	delete ctx.state.accounts[record.account.AccountId as string];
	record.account.AccountId = DEMO.accountId;
	ctx.state.accounts[DEMO.accountId] = record;

	const person = (key: keyof typeof DEMO.users, email: string, name: string, fields: Obj) => {
		const user = addUser(record, email, { DisplayName: name, ...fields });
		delete record.users[user.user.UserId as string];
		user.user.UserId = DEMO.users[key];
		record.users[DEMO.users[key]] = user;
		return user;
	};
	const registered = { UserRegistrationStatus: 'Registered', RegisteredOn: iso(ctx, -90 * DAY) };
	person('alice', 'alice@example.com', 'Alice Example', registered);
	person('bob', 'bob@example.com', 'Bob Example', { ...registered, LicenseType: 'Basic' });
	person('carol', 'carol@example.com', 'Carol Example', {
		UserRegistrationStatus: 'Unregistered',
		UserInvitationStatus: 'Pending',
		InvitedOn: iso(ctx, -20 * DAY),
	});
	person('dave', 'dave@example.com', 'Dave Example', {
		UserRegistrationStatus: 'Unregistered',
		UserInvitationStatus: 'Pending',
		InvitedOn: iso(ctx, -40 * DAY),
	});
	person('erin', 'erin@example.com', 'Erin Example', { ...registered, UserRegistrationStatus: 'Suspended' });

	// Numbers arrive through an order that has already settled, as they would in Chime.
	ctx.state.orders['f1000000-0000-4000-8000-000000000001'] = {
		order: {
			PhoneNumberOrderId: 'f1000000-0000-4000-8000-000000000001',
			ProductType: 'BusinessCalling',
			Status: 'Processing',
			OrderedPhoneNumbers: [DEMO.numbers.alice, DEMO.numbers.spare].map((E164PhoneNumber) => ({ E164PhoneNumber, Status: 'Processing' })),
			CreatedTimestamp: iso(ctx, -30 * DAY),
			UpdatedTimestamp: iso(ctx, -30 * DAY),
		},
		settleAt: iso(ctx, -30 * DAY),
		reserved: [DEMO.numbers.alice, DEMO.numbers.spare],
	};
	settleOrders(ctx);
	const aliceNumber = ctx.state.phoneNumbers[DEMO.numbers.alice];
	Object.assign(aliceNumber, {
		Status: 'Assigned',
		Associations: [
			{ Value: DEMO.users.alice, Name: 'UserId', AssociatedTimestamp: iso(ctx, -29 * DAY) },
			{ Value: DEMO.accountId, Name: 'AccountId', AssociatedTimestamp: iso(ctx, -29 * DAY) },
		],
	});
	record.users[DEMO.users.alice].user.PrimaryProvisionedNumber = DEMO.numbers.alice;

	for (const [roomId, name] of [
		[DEMO.roomId, 'Engineering'],
		[DEMO.salesRoomId, 'Sales'],
	]) {
		const room = createRoom(ctx, record, name);
		delete record.rooms[room.room.RoomId as string];
		room.room.RoomId = roomId;
		record.rooms[roomId] = room;
	}
	const engineering = record.rooms[DEMO.roomId];
	engineering.memberships[DEMO.users.alice] = {
		RoomId: DEMO.roomId,
		Member: { MemberId: DEMO.users.alice, MemberType: 'User', Email: 'alice@example.com', FullName: 'Alice Example', AccountId: DEMO.accountId },
		Role: 'Administrator',
		InvitedBy: 'admin',
		UpdatedTimestamp: iso(ctx, -60 * DAY),
	};
	// One message in a room and one in a conversation, for the redaction actions.
	const message = (MessageId: string, Content: string, Sender: string) => ({
		[MessageId]: { MessageId, Content, Sender, CreatedTimestamp: iso(ctx, -DAY), Redacted: false },
	});
	engineering.messages = message(DEMO.messageId, 'The staging password is hunter2', DEMO.users.alice);
	record.conversations[DEMO.conversationId] = {
		messages: message(DEMO.conversationMessageId, 'Call me on my personal number', DEMO.users.bob),
	};
	record.bots[DEMO.botId] = {
		bot: {
			BotId: DEMO.botId,
			UserId: 'b1000000-0000-4000-8000-0000000000f1',
			DisplayName: 'Helpdesk',
			BotType: 'ChatBot',
			Disabled: false,
			CreatedTimestamp: iso(ctx, -60 * DAY),
			UpdatedTimestamp: iso(ctx, -60 * DAY),
			BotEmail: 'helpdesk-0a1b2c@bots.chime.example',
			SecurityToken: 'demo-bot-security-token',
		},
	};
	return DEMO;
}
