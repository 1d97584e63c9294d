/**
 * The sandbox's read lag (`listLagMs`, `--list-lag-ms`): lists and gets show what a write made,
 * changed or deleted only N ms later (at most N/10 more), while writes act on the state as it is.
 * The test moves the sandbox's clock instead of waiting. And Chime's published quotas: 1,500 rooms
 * an account, 1,000 members a room (ResourceLimitExceeded; per member in a batch).
 */
import * as C from '@aws-sdk/client-chime';

import { addUser } from '../../sandbox/backend/users';
import { createRoom, MEMBERSHIPS_PER_ROOM, ROOMS_PER_ACCOUNT } from '../../sandbox/backend/rooms';
import { client, DEMO, sandbox, type Sandbox } from '../harness/sandbox';

const A = DEMO.accountId;
const LAG = 3000;
let now = Date.now();
let sb: Sandbox;
let chime: C.ChimeClient;
beforeAll(async () => {
	sb = await sandbox({ clock: () => new Date(now) });
	chime = client(sb, { maxAttempts: 1 });
});
afterAll(async () => {
	chime.destroy();
	await sb.stop();
});
beforeEach(() => {
	sb.reset(true);
	sb.options.listLagMs = LAG;
});

const send = (command: unknown) => chime.send(command as Parameters<C.ChimeClient['send']>[0]) as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const emails = async () => ((await send(new C.ListUsersCommand({ AccountId: A }))).Users as Array<{ PrimaryEmail: string }>).map((u) => u.PrimaryEmail);
const admin = async (method: string, path: string, body?: unknown) => {
	const res = await fetch(`${sb.url}/_sandbox${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
	return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

describe('the read lag', () => {
	test('a new user shows in lists and gets only once the lag has passed; the state has it at once', async () => {
		const { User } = await send(new C.CreateUserCommand({ AccountId: A, Email: 'late@example.com' }));
		expect(Object.values(sb.state().accounts[A].users).some((u) => u.user.UserId === User.UserId)).toBe(true);
		expect(await emails()).not.toContain('late@example.com');
		await expect(send(new C.GetUserCommand({ AccountId: A, UserId: User.UserId }))).rejects.toMatchObject({ name: 'NotFoundException' });
		now += LAG - 1;
		expect(await emails()).not.toContain('late@example.com');
		now += LAG / 10 + 1;
		expect(await emails()).toContain('late@example.com');
		await expect(send(new C.GetUserCommand({ AccountId: A, UserId: User.UserId }))).resolves.toMatchObject({ User: { PrimaryEmail: 'late@example.com' } });
	});

	test('a change shows as before until the lag has passed', async () => {
		await send(new C.UpdateUserCommand({ AccountId: A, UserId: DEMO.users.bob, LicenseType: 'Pro' }));
		const license = async () => (await send(new C.GetUserCommand({ AccountId: A, UserId: DEMO.users.bob }))).User.LicenseType;
		expect(await license()).toBe('Basic');
		now += LAG + LAG / 10;
		expect(await license()).toBe('Pro');
	});

	test('writes act on the state as it is: a second user with the same email is a Conflict while lists do not show the first', async () => {
		await send(new C.CreateUserCommand({ AccountId: A, Email: 'twice@example.com' }));
		expect(await emails()).not.toContain('twice@example.com');
		await expect(send(new C.CreateUserCommand({ AccountId: A, Email: 'twice@example.com' }))).rejects.toMatchObject({ name: 'ConflictException' });
	});

	test('set at run time through PUT /_sandbox/options; a bad value is refused and changes nothing', async () => {
		expect(await admin('PUT', '/options', { listLagMs: 0 })).toEqual({ status: 200, json: { orderDelayMs: 0, listLagMs: 0 } });
		await send(new C.CreateUserCommand({ AccountId: A, Email: 'now@example.com' }));
		expect(await emails()).toContain('now@example.com');
		expect(await admin('PUT', '/options', { listLagMs: -5 })).toEqual({ status: 400, json: { message: 'listLagMs must be a number of milliseconds' } });
		expect(await admin('PUT', '/options', { listLagMS: 5 })).toEqual({ status: 400, json: { message: 'Unknown option listLagMS; the options are orderDelayMs, listLagMs' } });
		expect((await admin('GET', '/options')).json).toEqual({ orderDelayMs: 0, listLagMs: 0 });
	});
});

describe("Chime's quotas", () => {
	beforeEach(() => {
		sb.options.listLagMs = 0;
	});

	test(`an account holds at most ${ROOMS_PER_ACCOUNT} rooms: the next is ResourceLimitExceeded, and not made`, async () => {
		expect(ROOMS_PER_ACCOUNT).toBe(1500);
		const record = sb.state().accounts[A];
		const ctx = { state: sb.state(), now: new Date(now), options: sb.options };
		while (Object.keys(record.rooms).length < ROOMS_PER_ACCOUNT) createRoom(ctx, record, `Room ${Object.keys(record.rooms).length}`);
		await expect(send(new C.CreateRoomCommand({ AccountId: A, Name: 'One too many' }))).rejects.toMatchObject({
			name: 'ResourceLimitExceededException',
			$metadata: { httpStatusCode: 400 },
			message: `The account ${A} already has 1500 rooms, the most an account can have.`,
		});
		expect(Object.keys(record.rooms)).toHaveLength(ROOMS_PER_ACCOUNT);
	});

	test(`a room holds at most ${MEMBERSHIPS_PER_ROOM} members: one more is refused, and a batch lists it per member`, async () => {
		expect(MEMBERSHIPS_PER_ROOM).toBe(1000);
		const record = sb.state().accounts[A];
		const room = record.rooms[DEMO.roomId];
		for (let i = 0; Object.keys(room.memberships).length < MEMBERSHIPS_PER_ROOM - 1; i++) {
			const user = addUser(record, `member${i}@example.com`, {});
			room.memberships[user.user.UserId as string] = { RoomId: DEMO.roomId, Member: { MemberId: user.user.UserId }, Role: 'Member' };
		}
		const [one, two] = ['last@example.com', 'over@example.com'].map((email) => addUser(record, email, {}).user.UserId as string);
		const { Errors } = await send(new C.BatchCreateRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MembershipItemList: [{ MemberId: one }, { MemberId: two }] }));
		// The first fills the room; the second is over the quota.
		expect(Errors).toEqual([{ MemberId: two, ErrorCode: 'ResourceLimitExceeded', ErrorMessage: `The room ${DEMO.roomId} already has 1000 members, the most a room can have.` }]);
		expect(Object.keys(room.memberships)).toHaveLength(MEMBERSHIPS_PER_ROOM);
		await expect(send(new C.CreateRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MemberId: two }))).rejects.toMatchObject({
			name: 'ResourceLimitExceededException',
			$metadata: { httpStatusCode: 400 },
		});
		expect(room.memberships[two]).toBeUndefined();
	});
});

test('what the admin endpoint sets up shows at once, lag or not', async () => {
	sb.reset(true);
	sb.options.listLagMs = LAG;
	await send(new C.CreateUserCommand({ AccountId: A, Email: 'before@example.com' }));
	const { json } = await admin('POST', '/accounts', { Name: 'Fixture Corp' });
	const made = (json.Account as { AccountId: string }).AccountId;
	await expect(send(new C.GetAccountCommand({ AccountId: made }))).resolves.toMatchObject({ Account: { Name: 'Fixture Corp' } });
});
