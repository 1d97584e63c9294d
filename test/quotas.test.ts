/**
 * Chime's published quotas, as the nodes meet them in the sandbox: 1,500 rooms an account (Create
 * Room) and 1,000 members a room (Add Many: the member over the quota fails on its own item, the
 * others are added). The error is Chime's ResourceLimitExceeded, in words.
 */
import { createRoom, MEMBERSHIPS_PER_ROOM, ROOMS_PER_ACCOUNT } from '../sandbox/backend/rooms';
import { addUser } from '../sandbox/backend/users';
import { runNode } from './harness/n8n';
import { id } from './harness/params';
import { DEMO, sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

const A = DEMO.accountId;
let sb: Sandbox;
beforeAll(async () => {
	sb = await sandbox();
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset(true));

const account = () => sb.state().accounts[A];

test('Create Room in an account that has 1,500 rooms: the limit, in words, and no room made', async () => {
	const ctx = { state: sb.state(), now: new Date(), options: sb.options };
	while (Object.keys(account().rooms).length < ROOMS_PER_ACCOUNT) createRoom(ctx, account(), `Room ${Object.keys(account().rooms).length}`);
	const result = await runNode({ type: 'amazonChimeRoom', parameters: { resource: 'room', operation: 'create', accountId: id(A), name: 'One too many' } }, [{}], sandboxCredential(sb));
	expect(result.error?.message).toBe('An Amazon Chime limit was reached (ResourceLimitExceeded)');
	expect(Object.values(account().rooms).filter((r) => r.room.Name === 'One too many')).toHaveLength(0);
});

test('Add Many to a room one short of 1,000 members: the first is added, the second fails on its own item', async () => {
	const room = account().rooms[DEMO.roomId];
	for (let i = 0; Object.keys(room.memberships).length < MEMBERSHIPS_PER_ROOM - 1; i++) {
		const user = addUser(account(), `member${i}@example.com`, {});
		room.memberships[user.user.UserId as string] = { RoomId: DEMO.roomId, Member: { MemberId: user.user.UserId }, Role: 'Member' };
	}
	const [first, second] = ['last@example.com', 'over@example.com'].map((email) => addUser(account(), email, {}).user.UserId as string);
	const result = await runNode(
		{
			type: 'amazonChimeRoom',
			parameters: { resource: 'roomMembership', operation: 'createMany', accountId: id(A), roomId: id(DEMO.roomId), memberId: id('={{ $json.member }}') },
			continueOnFail: true,
		},
		[{ member: first }, { member: second }],
		sandboxCredential(sb),
	);
	expect(result.output.Chime).toEqual([
		{ success: true, AccountId: A, RoomId: DEMO.roomId, MemberId: first },
		{ error: 'An Amazon Chime limit was reached (ResourceLimitExceeded)', details: `The room ${DEMO.roomId} already has 1000 members, the most a room can have.` },
	]);
	expect(Object.keys(room.memberships)).toHaveLength(MEMBERSHIPS_PER_ROOM);
	expect(room.memberships[second]).toBeUndefined();
});
