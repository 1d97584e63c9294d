/**
 * examples/invitation-accepted-room.json: its Amazon Chime Trigger, configured as the example has it,
 * is polled as an active workflow would be; what it emits runs the rest of the workflow through n8n's
 * engine, and the sandbox's rooms show who was added where; and on a bad day, that no failure is hidden.
 */
import { CreateRoomMembershipCommand, InviteUsersCommand } from '@aws-sdk/client-chime';

import { example as exampleFile, useExampleSandbox } from './harness/examples';
import { runWorkflow, type WorkflowJson } from './harness/n8n';
import { pollingTrigger } from './harness/poll';
import { client, DEMO, sandboxCredential } from './harness/sandbox';
import { actions } from '../sandbox/model';
import { DEFAULT_KEYS } from '../sandbox/server';

const FILE = 'invitation-accepted-room.json';
const TRIGGER = 'Invitation accepted';
const example = exampleFile(FILE);
const bed = useExampleSandbox();

const account = () => bed.sb.state().accounts[DEMO.accountId];
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
	const trigger = pollingTrigger(triggerNode.parameters, sandboxCredential(bed.sb));
	const roomsBefore = { engineering: membersOf(DEMO.roomId), sales: membersOf(DEMO.salesRoomId) };
	expect(await trigger.poll()).toBeNull();

	await client(bed.sb).send(new InviteUsersCommand({ AccountId: DEMO.accountId, UserEmailList: ['zoe@example.com'] }));
	for (const email of ['carol@example.com', 'dave@example.com', 'zoe@example.com']) accept(email);
	const accepted = (await trigger.poll())!;
	expect(accepted.map((item) => [item.json.event, item.json.PrimaryEmail])).toEqual([
		['Invitation Accepted', 'carol@example.com'],
		['Invitation Accepted', 'dave@example.com'],
		['Invitation Accepted', 'zoe@example.com'],
	]);

	const result = await runWorkflow(example, { chimeSandbox0001: sandboxCredential(bed.sb) }, { [TRIGGER]: accepted });
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

describe('failures are never hidden', () => {
	/** What the trigger emits once these people (invited in the seed) have accepted, as an active workflow would poll it. */
	async function accepted(...emails: string[]) {
		const trigger = pollingTrigger(example.nodes.find((n) => n.name === TRIGGER)!.parameters, sandboxCredential(bed.sb));
		expect(await trigger.poll()).toBeNull();
		for (const email of emails) accept(email);
		return (await trigger.poll())!;
	}
	const run = async (workflow: WorkflowJson, emails: string[]) => runWorkflow(workflow, { chimeSandbox0001: sandboxCredential(bed.sb) }, { [TRIGGER]: await accepted(...emails) });
	const copy = () => JSON.parse(JSON.stringify(example)) as WorkflowJson;

	test('someone already in their room (added by an admin before they accepted) is "already in the room", and the run stays green', async () => {
		await client(bed.sb).send(new CreateRoomMembershipCommand({ AccountId: DEMO.accountId, RoomId: DEMO.roomId, MemberId: DEMO.users.carol }));
		const result = await run(example, ['carol@example.com', 'dave@example.com']);
		expect(result.error).toBeUndefined();
		expect(result.output.Report).toEqual([
			{ email: 'dave@example.com', result: 'added', why: '' },
			{ email: 'carol@example.com', result: 'already in the room', why: '' },
		]);
	});

	test('a department with no room of that name is failed, not dropped: the run ends failed naming the person', async () => {
		delete account().rooms[DEMO.salesRoomId];
		const result = await run(example, ['carol@example.com', 'dave@example.com']);
		expect(result.output.Report).toEqual([
			{ email: 'carol@example.com', result: 'added', why: '' },
			{ email: 'dave@example.com', result: 'failed', why: 'No room named Sales in the account' },
		]);
		expect(result.error?.node?.name).toBe('Fail the run, naming them');
		expect(result.error?.message).toBe('Department rooms: 1 of 2 people failed: dave@example.com (No room named Sales in the account)');
		expect(membersOf(DEMO.roomId)).toContain(DEMO.users.carol);
	});

	test('a key not allowed to list rooms: the run ends failed at List rooms, and nobody is added', async () => {
		const items = await accepted('carol@example.com');
		bed.sb.keys.splice(0, bed.sb.keys.length, { ...DEFAULT_KEYS, allow: actions.filter((action) => action !== 'ListRooms') });
		const result = await runWorkflow(example, { chimeSandbox0001: sandboxCredential(bed.sb) }, { [TRIGGER]: items });
		expect(result.error?.node?.name).toBe('List rooms');
		expect(result.error?.message).toBe('The AWS key is not permitted to do this in Amazon Chime (Forbidden)');
		expect(membersOf(DEMO.roomId)).not.toContain(DEMO.users.carol);
	});

	test('a throttled day: adding someone still throttled when Max Attempts run out is failed, and the run ends failed naming them', async () => {
		const workflow = copy();
		const add = workflow.nodes.find((n) => n.name === 'Add to the room')!;
		// Two attempts instead of ten back-offs: the rest of the workflow is as shipped.
		add.parameters = { ...add.parameters, requestOptions: { maxAttempts: 2 } };
		const items = await accepted('carol@example.com');
		bed.sb.faults.set({ actions: { CreateRoomMembership: { throttle: 1 } } });
		const result = await runWorkflow(workflow, { chimeSandbox0001: sandboxCredential(bed.sb) }, { [TRIGGER]: items });
		expect(result.output.Report).toEqual([
			{ email: 'carol@example.com', result: 'failed', why: expect.stringMatching(/^Amazon Chime is throttling requests: .*\(ThrottledClient, gave up after 2 attempts/) },
		]);
		expect(result.error?.message).toMatch(/^Department rooms: 1 of 1 people failed: carol@example\.com \(Amazon Chime is throttling/);
		expect(membersOf(DEMO.roomId)).not.toContain(DEMO.users.carol);
	});
});
