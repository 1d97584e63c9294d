/**
 * examples/onboarding.json, exactly as it is in examples/, run through n8n's engine against the sandbox:
 * the happy paths, the run again after a crash or a hire posted twice (nobody invited, ordered a number
 * or added to the room twice), and its failure paths (a key not allowed to list users, a throttled day,
 * an order that fails, no room): each ends the run failed, naming the person and Chime's reason.
 */
import type { IDataObject, IPinData } from 'n8n-workflow';

import { DEFAULT_KEYS } from '../sandbox/server';
import { actions } from '../sandbox/model';
import { example, pin, useExampleSandbox } from './harness/examples';
import type { WorkflowJson } from './harness/n8n';
import { DEMO, seededRandom } from './harness/sandbox';

/** What n8n's Webhook node outputs when the HR system posts a new hire to /webhook/chime-new-hire. */
const posted = (body: IDataObject) => ({ 'HR system': pin({ headers: { 'content-type': 'application/json' }, params: {}, query: {}, body }) });
/** 206 is where the sandbox's demo account has a spare number; 312 has none, so a number is ordered there. */
const DANA = { name: 'Dana Example', email: 'dana@example.com', department: 'Engineering', areaCode: '206' };
const ERIK = { name: 'Erik Example', email: 'erik@example.com', department: 'Engineering', areaCode: '312' };

const bed = useExampleSandbox({ random: seededRandom(7) });

const run = (pinData: IPinData = {}, workflow: WorkflowJson = example('onboarding.json')) => bed.run(workflow, pinData);
const account = () => bed.sb.state().accounts[DEMO.accountId];
const userByEmail = (email: string) => Object.values(account().users).find((u) => u.user.PrimaryEmail === email);
const calls = (action: string) => bed.sb.faults.report().byAction[action]?.calls ?? 0;
const invitations = (email: string) => bed.sb.state().invitationsSent[DEMO.accountId]?.[email] ?? 0;
const orders = () => Object.values(bed.sb.state().orders).filter((o) => o.order.PhoneNumberOrderId !== 'f1000000-0000-4000-8000-000000000001');
const member = (roomId: string, email: string) => account().rooms[roomId].memberships[userByEmail(email)?.user.UserId as string];

/** Everything a finished onboarding leaves: invited once, the number, its calling name, settings, the room. */
function expectOnboarded(hire: typeof DANA, number: string) {
	const user = userByEmail(hire.email)!;
	expect(user.user).toMatchObject({ UserInvitationStatus: 'Pending', PrimaryProvisionedNumber: number });
	expect(invitations(hire.email)).toBe(1);
	expect(bed.sb.state().phoneNumbers[number]).toMatchObject({ Status: 'Assigned', CallingName: hire.name });
	expect(user.settings).toEqual({ Telephony: { InboundCalling: true, OutboundCalling: true, SMS: false } });
	expect(member(DEMO.roomId, hire.email)).toMatchObject({ Role: 'Member' });
}

describe('onboarding', () => {
	test('a new hire in an area code without a spare number is invited, gets a number once the order is Successful, settings, and the room', async () => {
		// Orders stay Processing for a while: Order it waits for the order (Wait for Completion).
		bed.sb.options.orderDelayMs = 1500;
		const result = await run(posted(ERIK));
		expect(result.error).toBeUndefined();
		expect(calls('GetPhoneNumberOrder')).toBeGreaterThanOrEqual(1);
		expect(result.output['Order it']).toEqual([expect.objectContaining({ Status: 'Successful', OrderedPhoneNumbers: [{ E164PhoneNumber: '+13125550100', Status: 'Acquired' }] })]);
		expectOnboarded(ERIK, '+13125550100');
		expect(result.output['Add to the room']).toEqual([expect.objectContaining({ RoomId: DEMO.roomId, Role: 'Member' })]);
	});

	test('a spare number of the account in their area code is given to them; nothing is ordered', async () => {
		const result = await run(posted(DANA));
		expect(result.error).toBeUndefined();
		expectOnboarded(DANA, DEMO.numbers.spare);
		expect(calls('SearchAvailablePhoneNumbers')).toBe(0);
		expect(calls('CreatePhoneNumberOrder')).toBe(0);
	});

	test('the HR system posts to /webhook/chime-new-hire and is answered at once, before the work (README)', () => {
		const hook = example('onboarding.json').nodes.find((n) => n.type === 'n8n-nodes-base.webhook')!;
		expect(hook.name).toBe('HR system');
		expect(hook.parameters).toMatchObject({ httpMethod: 'POST', path: 'chime-new-hire', responseMode: 'onReceived' });
		expect(example('onboarding.json').nodes.map((n) => n.type)).not.toContain('n8n-nodes-base.wait');
	});

	test('nobody with their email (NotFound on the look-up\'s error output) is invited; found, they are not', async () => {
		const result = await run(posted(DANA));
		expect(result.items['Look them up by email']).toEqual([]);
		expect(result.run.data.resultData.runData['Look them up by email'][0].data!.main[1]).toEqual([
			expect.objectContaining({ json: expect.objectContaining({ error: expect.stringMatching(/^No user with the email dana@example\.com in account /) }) }),
		]);
		expect(result.output.Invite).toEqual([expect.objectContaining({ EmailAddress: DANA.email, Status: 'Pending' })]);
		expect(invitations(DANA.email)).toBe(1);
	});

	test('someone already in Chime is not invited again', async () => {
		// An area code posted as a number works too.
		const result = await run(posted({ name: 'Bob Example', email: 'bob@example.com', department: 'Sales', areaCode: 212 }));
		expect(result.error).toBeUndefined();
		expect(result.run.data.resultData.runData.Invite).toBeUndefined();
		expect(calls('InviteUsers')).toBe(0);
		expect(userByEmail('bob@example.com')!.user.PrimaryProvisionedNumber).toBe('+12125550100');
		expect(account().rooms[DEMO.salesRoomId].memberships[DEMO.users.bob]).toBeDefined();
	});
});

describe('onboarding, run again (a crash, or the HR system posting the hire twice)', () => {
	test('a person already onboarded: the run succeeds and invites, orders and adds nobody again', async () => {
		expect((await run(posted(ERIK))).error).toBeUndefined();
		bed.sb.faults.resetCounters();
		const again = await run(posted(ERIK));
		expect(again.error).toBeUndefined();
		expect(calls('InviteUsers')).toBe(0);
		expect(calls('CreatePhoneNumberOrder')).toBe(0);
		expect(calls('AssociatePhoneNumberWithUser')).toBe(0);
		expect(calls('CreateRoomMembership')).toBe(0);
		expect(orders()).toHaveLength(1);
		expectOnboarded(ERIK, '+13125550100');
		// What the run shows: they keep their number, and are in the room already.
		expect(again.run.data.resultData.runData['Set the calling name']).toHaveLength(1);
		expect(again.run.data.resultData.runData['Add to the room']).toBeUndefined();
	});

	test('stopped while its order was Processing: the run again stops, naming the order, and orders nothing; once the order ended, its number is used', async () => {
		// What a run killed in Order it leaves: the person invited and an order of a 312 number still Processing.
		bed.sb.options.orderDelayMs = 60 * 60_000;
		const first = await run(posted(ERIK), withoutOrderWait());
		expect(first.error?.message).toBeUndefined();
		const [order] = orders();
		expect(order.order.Status).toBe('Processing');
		expect(userByEmail(ERIK.email)!.user.PrimaryProvisionedNumber).toBeUndefined();
		bed.sb.faults.resetCounters();

		const again = await run(posted(ERIK));
		expect(again.error?.message).toBe(
			`Onboarding ${ERIK.email} stopped: the phone number order ${order.order.PhoneNumberOrderId as string} for area code 312 is still Processing. Run this again once it has ended: its number is then used, not ordered again.`,
		);
		expect(again.error?.node?.name).toBe('Order still processing');
		expect(calls('CreatePhoneNumberOrder')).toBe(0);
		expect(calls('InviteUsers')).toBe(0);

		// The order ends (the sandbox's clock passes its settle time).
		order.settleAt = new Date(Date.now() - 1000).toISOString();
		const last = await run(posted(ERIK));
		expect(last.error).toBeUndefined();
		expect(orders()).toHaveLength(1);
		expect(calls('CreatePhoneNumberOrder')).toBe(0);
		expectOnboarded(ERIK, '+13125550100');
	});

	test('stopped after the number was assigned, before the room: the run again only adds them to the room', async () => {
		const workflow = example('onboarding.json');
		// The run that died: everything up to Calling settings.
		workflow.connections['Calling settings'] = { main: [[]] };
		expect((await run(posted(ERIK), workflow)).error).toBeUndefined();
		expect(member(DEMO.roomId, ERIK.email)).toBeUndefined();
		bed.sb.faults.resetCounters();
		const again = await run(posted(ERIK));
		expect(again.error).toBeUndefined();
		expect([calls('InviteUsers'), calls('CreatePhoneNumberOrder'), calls('CreateRoomMembership')]).toEqual([0, 0, 1]);
		expectOnboarded(ERIK, '+13125550100');
	});
});

/** The example with Order it not waiting: it returns the order at once, as a run killed while it waited left it. */
function withoutOrderWait(): WorkflowJson {
	const workflow = example('onboarding.json');
	const order = workflow.nodes.find((n) => n.name === 'Order it')!;
	order.parameters.options = {};
	// What a killed run never reached.
	workflow.connections['Order it'] = { main: [[]] };
	return workflow;
}

describe('onboarding failure paths: the run ends failed, naming the person and why; nothing is done from a failed step', () => {
	test('a key not allowed to list users: failed at Look them up by email (Forbidden), and nobody is invited', async () => {
		bed.sb.keys.splice(0, bed.sb.keys.length, { ...DEFAULT_KEYS, allow: actions.filter((a) => a !== 'ListUsers') });
		const result = await run(posted(ERIK));
		expect(result.error?.message).toMatch(/^Onboarding erik@example\.com failed at Look them up by email: .*\(Forbidden\)/);
		expect(result.error?.node?.name).toBe('Could not look them up');
		expect(calls('InviteUsers')).toBe(0);
		expect(invitations(ERIK.email)).toBe(0);
		expect(result.run.data.resultData.runData.Invite).toBeUndefined();
	});

	test('a throttled day: calls answered 429 now and then are sent again, and everything is done once', async () => {
		bed.sb.faults.set({ throttle: 0.3 });
		const result = await run(posted(ERIK));
		expect(result.error).toBeUndefined();
		expect(Object.values(bed.sb.faults.report().byAction).reduce((n, c) => n + (c.faults.throttle ?? 0), 0)).toBeGreaterThan(0);
		expectOnboarded(ERIK, '+13125550100');
		expect(orders()).toHaveLength(1);
	});

	test('throttled beyond Max Attempts: failed at Invite, with Chime\'s code, and no number is ordered', async () => {
		bed.sb.faults.set({ actions: { InviteUsers: { throttle: 1 } } });
		const workflow = example('onboarding.json');
		// Fewer attempts than the default 10, so the test does not wait out a minute of back-off.
		workflow.nodes.find((n) => n.name === 'Invite')!.parameters.requestOptions = { maxAttempts: 2 };
		const result = await run(posted(ERIK), workflow);
		expect(result.error?.message).toMatch(/^Onboarding erik@example\.com failed at Invite: .*\(ThrottledClient/);
		expect(calls('InviteUsers')).toBe(2);
		expect([calls('ListPhoneNumbers'), calls('CreatePhoneNumberOrder')]).toEqual([0, 0]);
	});

	test('an order that does not end Successful: failed at Order it, naming the number, before anything is assigned', async () => {
		bed.sb.options.orderDelayMs = 300;
		// The number found is gone by the time it is ordered (here: it is already Alice's).
		const result = await run({ ...posted(ERIK), 'Search a number': pin({ E164PhoneNumber: DEMO.numbers.alice }) });
		expect(result.error?.message).toMatch(
			new RegExp(`^Onboarding erik@example\\.com failed at Order it: The phone number order \\S+ ended Failed: 1 of 1 phone number failed \\(\\${DEMO.numbers.alice}\\)`),
		);
		expect(result.run.data.resultData.runData['Assign the number']).toBeUndefined();
	});

	test('no room for their department: failed, naming the department, after the rest was done', async () => {
		const result = await run(posted({ ...ERIK, department: 'Marketing' }));
		expect(result.error?.message).toBe(
			'Onboarding erik@example.com stopped: there is no chat room named Marketing in the account. Create it (department-room.json) and run this again.',
		);
		expect(userByEmail(ERIK.email)!.user.PrimaryProvisionedNumber).toBe('+13125550100');
	});
});
