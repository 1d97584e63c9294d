/**
 * examples/invitation-accepted-room.json: its Amazon Chime Trigger, configured as the example has it,
 * is polled as an active workflow would be; what it emits runs the rest of the workflow through n8n's
 * engine, and the sandbox's rooms show who was added where.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { InviteUsersCommand } from '@aws-sdk/client-chime';

import { runWorkflow, type WorkflowJson } from './harness/n8n';
import { pollingTrigger } from './harness/poll';
import { client, DEMO, sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

const FILE = 'invitation-accepted-room.json';
const TRIGGER = 'Invitation accepted';
const example = JSON.parse(readFileSync(join(__dirname, '..', 'examples', FILE), 'utf8')) as WorkflowJson & { id: string };

let sb: Sandbox;
beforeAll(async () => {
	sb = await sandbox();
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset(true));

const account = () => sb.state().accounts[DEMO.accountId];
const membersOf = (roomId: string) => Object.keys(account().rooms[roomId].memberships).sort();
const userByEmail = (email: string) => Object.values(account().users).find((u) => u.user.PrimaryEmail === email)!.user;

/** What Chime does when the person follows their invitation link. */
function accept(email: string) {
	Object.assign(userByEmail(email), { UserRegistrationStatus: 'Registered', UserInvitationStatus: 'Accepted', RegisteredOn: new Date().toISOString() });
}

test('the example has its fixed id, our credential, and the trigger watching Invitation Accepted', () => {
	expect(example.id).toBe('chimeInviteRoom1');
	const chimeNodes = example.nodes.filter((n) => n.type.startsWith('n8n-nodes-amazon-chime.'));
	for (const node of chimeNodes) expect(node.credentials).toEqual({ amazonChimeApi: { id: 'chimeSandbox0001', name: 'Amazon Chime sandbox' } });
	expect(example.nodes.find((n) => n.name === TRIGGER)).toMatchObject({
		type: 'n8n-nodes-amazon-chime.amazonChimeTrigger',
		parameters: { events: ['invitationAccepted'], accountId: { mode: 'id', value: DEMO.accountId } },
	});
});

test('people who accept their invitation join their department room; someone not in the list joins none', async () => {
	const triggerNode = example.nodes.find((n) => n.name === TRIGGER)!;
	const trigger = pollingTrigger(triggerNode.parameters, sandboxCredential(sb));
	const roomsBefore = { engineering: membersOf(DEMO.roomId), sales: membersOf(DEMO.salesRoomId) };
	expect(await trigger.poll()).toBeNull();

	await client(sb).send(new InviteUsersCommand({ AccountId: DEMO.accountId, UserEmailList: ['zoe@example.com'] }));
	for (const email of ['carol@example.com', 'dave@example.com', 'zoe@example.com']) accept(email);
	const accepted = (await trigger.poll())!;
	expect(accepted.map((item) => [item.json.event, item.json.PrimaryEmail])).toEqual([
		['Invitation Accepted', 'carol@example.com'],
		['Invitation Accepted', 'dave@example.com'],
		['Invitation Accepted', 'zoe@example.com'],
	]);

	const result = await runWorkflow(example, { chimeSandbox0001: sandboxCredential(sb) }, { [TRIGGER]: accepted });
	expect(result.error).toBeUndefined();
	expect(result.output.Department.map((item) => item.department)).toEqual(['Engineering', 'Sales', null]);
	expect(result.output['Add to the room']).toEqual([
		expect.objectContaining({ RoomId: DEMO.roomId, Role: 'Member', Member: expect.objectContaining({ MemberId: DEMO.users.carol }) }),
		expect.objectContaining({ RoomId: DEMO.salesRoomId, Role: 'Member', Member: expect.objectContaining({ MemberId: DEMO.users.dave }) }),
	]);
	expect(membersOf(DEMO.roomId)).toEqual([...roomsBefore.engineering, DEMO.users.carol].sort());
	expect(membersOf(DEMO.salesRoomId)).toEqual([...roomsBefore.sales, DEMO.users.dave].sort());
	const zoe = userByEmail('zoe@example.com').UserId as string;
	expect(Object.values(account().rooms).filter((room) => room.memberships[zoe])).toEqual([]);

	// The next poll has nothing new: nobody is added twice.
	expect(await trigger.poll()).toBeNull();
});
