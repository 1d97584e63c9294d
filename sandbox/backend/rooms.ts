/** Chat rooms, their members, and redaction of room and conversation messages. */
import { conflict, notFound, resourceLimitExceeded } from '../errors';
import type { AccountRecord, Ctx, Handler, Message, Obj, RoomRecord } from './state';
import { account, iso, newId, page, perMember, str } from './util';

/** Chime's published quotas: rooms per account, members per room. */
export const ROOMS_PER_ACCOUNT = 1500;
export const MEMBERSHIPS_PER_ROOM = 1000;

function findRoom(record: AccountRecord, roomId: unknown): RoomRecord {
	const found = record.rooms[String(roomId)];
	if (!found) throw notFound(`The room ${String(roomId)} does not exist.`);
	return found;
}

/** A room member is a user or a bot of the room's account. */
function member(record: AccountRecord, memberId: string): Obj {
	const user = record.users[memberId]?.user;
	if (user) {
		return { MemberId: memberId, MemberType: 'User', Email: user.PrimaryEmail, FullName: user.DisplayName, AccountId: record.account.AccountId };
	}
	const bot = Object.values(record.bots).find((b) => b.bot.BotId === memberId || b.bot.UserId === memberId)?.bot;
	if (bot) return { MemberId: memberId, MemberType: 'Bot', Email: bot.BotEmail, FullName: bot.DisplayName, AccountId: record.account.AccountId };
	throw notFound(`No user or bot ${memberId} in account ${String(record.account.AccountId)}.`);
}

function addMember(ctx: Ctx, record: AccountRecord, room: RoomRecord, memberId: string, role: unknown): Obj {
	if (room.memberships[memberId]) throw conflict(`${memberId} is already a member of the room.`);
	if (Object.keys(room.memberships).length >= MEMBERSHIPS_PER_ROOM) {
		throw resourceLimitExceeded(`The room ${String(room.room.RoomId)} already has ${MEMBERSHIPS_PER_ROOM} members, the most a room can have.`);
	}
	const membership = {
		RoomId: room.room.RoomId,
		Member: member(record, memberId),
		Role: role ?? 'Member',
		InvitedBy: 'admin',
		UpdatedTimestamp: iso(ctx),
	};
	room.memberships[memberId] = membership;
	return membership;
}

function findMembership(room: RoomRecord, memberId: unknown): Obj {
	const found = room.memberships[String(memberId)];
	if (!found) throw notFound(`${String(memberId)} is not a member of the room.`);
	return found;
}

function redact(messages: Record<string, Message>, messageId: unknown, where: string): Obj {
	const message = messages[String(messageId)];
	if (!message) throw notFound(`The message ${String(messageId)} does not exist in ${where}.`);
	message.Redacted = true;
	delete message.Content;
	return {};
}

export function createRoom(ctx: Ctx, record: AccountRecord, name: string, token?: string): RoomRecord {
	if (Object.keys(record.rooms).length >= ROOMS_PER_ACCOUNT) {
		throw resourceLimitExceeded(`The account ${String(record.account.AccountId)} already has ${ROOMS_PER_ACCOUNT} rooms, the most an account can have.`);
	}
	const room: RoomRecord = {
		room: {
			RoomId: newId(),
			Name: name,
			AccountId: record.account.AccountId,
			CreatedBy: 'admin',
			CreatedTimestamp: iso(ctx),
			UpdatedTimestamp: iso(ctx),
		},
		clientRequestToken: token,
		memberships: {},
		messages: {},
	};
	record.rooms[room.room.RoomId as string] = room;
	return room;
}

export const roomHandlers: Record<string, Handler> = {
	CreateRoom: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const token = str(input, 'ClientRequestToken');
		// The same client request token makes the same room once.
		const existing = token && Object.values(record.rooms).find((r) => r.clientRequestToken === token);
		return { Room: (existing || createRoom(ctx, record, String(input.Name), token)).room };
	},

	GetRoom: (ctx, input) => ({ Room: findRoom(account(ctx, input.AccountId), input.RoomId).room }),

	ListRooms: (ctx, input) => {
		const rooms = Object.values(account(ctx, input.AccountId).rooms)
			.filter((r) => input.MemberId === undefined || r.memberships[String(input.MemberId)])
			.map((r) => r.room);
		return page('ListRooms', input, rooms, 'Rooms');
	},

	UpdateRoom: (ctx, input) => {
		const room = findRoom(account(ctx, input.AccountId), input.RoomId);
		if (input.Name !== undefined) room.room.Name = input.Name;
		room.room.UpdatedTimestamp = iso(ctx);
		return { Room: room.room };
	},

	DeleteRoom: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		findRoom(record, input.RoomId);
		delete record.rooms[String(input.RoomId)];
		return undefined;
	},

	CreateRoomMembership: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		return { RoomMembership: addMember(ctx, record, findRoom(record, input.RoomId), String(input.MemberId), input.Role) };
	},

	BatchCreateRoomMembership: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const room = findRoom(record, input.RoomId);
		const items = input.MembershipItemList as Obj[];
		return { Errors: perMember(items, 'MemberId', (item) => item.MemberId, (item) => addMember(ctx, record, room, String(item.MemberId), item.Role)) };
	},

	ListRoomMemberships: (ctx, input) => {
		const room = findRoom(account(ctx, input.AccountId), input.RoomId);
		return page('ListRoomMemberships', input, Object.values(room.memberships), 'RoomMemberships');
	},

	UpdateRoomMembership: (ctx, input) => {
		const membership = findMembership(findRoom(account(ctx, input.AccountId), input.RoomId), input.MemberId);
		if (input.Role !== undefined) membership.Role = input.Role;
		membership.UpdatedTimestamp = iso(ctx);
		return { RoomMembership: membership };
	},

	DeleteRoomMembership: (ctx, input) => {
		const room = findRoom(account(ctx, input.AccountId), input.RoomId);
		findMembership(room, input.MemberId);
		delete room.memberships[String(input.MemberId)];
		return undefined;
	},

	RedactRoomMessage: (ctx, input) => {
		const room = findRoom(account(ctx, input.AccountId), input.RoomId);
		return redact(room.messages, input.MessageId, `room ${String(input.RoomId)}`);
	},

	RedactConversationMessage: (ctx, input) => {
		const conversation = account(ctx, input.AccountId).conversations[String(input.ConversationId)];
		if (!conversation) throw notFound(`The conversation ${String(input.ConversationId)} does not exist.`);
		return redact(conversation.messages, input.MessageId, `conversation ${String(input.ConversationId)}`);
	},
};
