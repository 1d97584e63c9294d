/**
 * Issue 16: the example workflows never hide a failure. Each runs, exactly as it is in examples/, through
 * n8n's engine against the sandbox on a bad day: a key not allowed to list users, Chime throttling past
 * Max Attempts, people already handled. Only "no user with that email" is "not found"; every other error
 * is "failed" with its reason, and a run with any failed person ends in an error that names them.
 */
import type { IDataObject, IPinData } from 'n8n-workflow';

import { actions } from '../sandbox/model';
import { DEFAULT_KEYS } from '../sandbox/server';
import { example, pin, useExampleSandbox } from './harness/examples';
import type { WorkflowJson } from './harness/n8n';
import { DEMO } from './harness/sandbox';

const bed = useExampleSandbox();

const run = (workflow: WorkflowJson, pinData: IPinData = {}) => bed.run(workflow, pinData);
const account = () => bed.sb.state().accounts[DEMO.accountId];
const user = (id: string) => account().users[id].user;
const userByEmail = (email: string) => Object.values(account().users).find((u) => u.user.PrimaryEmail === email)!;
const calls = (action: string) => bed.sb.faults.report().byAction[action]?.calls ?? 0;

/** The demo key, allowed every Chime action but these: the sandbox answers them 403 Forbidden. */
function keyWithout(...refused: string[]) {
	bed.sb.keys.splice(0, bed.sb.keys.length, { ...DEFAULT_KEYS, allow: actions.filter((action) => !refused.includes(action)) });
}

/**
 * The example with Max Attempts lowered on one Chime step: throttled every time, that step gives up after
 * two attempts instead of waiting out ten back-offs. The rest of the workflow is as shipped.
 */
function withMaxAttempts(workflow: WorkflowJson, nodeName: string, maxAttempts: number): WorkflowJson {
	const node = workflow.nodes.find((n) => n.name === nodeName)!;
	node.parameters = { ...node.parameters, requestOptions: { maxAttempts } };
	return workflow;
}

describe('offboarding', () => {
	const offboarding = () => example('offboarding.json');
	const leavers = ['carol@example.com', 'bob@example.com', 'nobody@example.com'];

	test('a key not allowed to list users: everyone is failed with why, nobody suspended, and the run ends failed naming them all', async () => {
		keyWithout('ListUsers');
		const result = await run(offboarding(), { 'Every Monday': pin({}) });
		const why = 'The AWS key is not permitted to do this in Amazon Chime (Forbidden): The client is permanently forbidden from making the request: ListUsers.';
		expect(result.output.Report).toEqual(leavers.map((email) => ({ email, result: 'failed', why })));
		expect(result.error?.node?.name).toBe('Fail the run, naming them');
		expect(result.error?.message).toBe(`Offboarding: 3 of 3 leavers failed: ${leavers.map((email) => `${email} (${why})`).join('; ')}`);
		expect(result.run.status).toBe('error');
		expect(calls('LogoutUser') + calls('BatchSuspendUser')).toBe(0);
		expect(user(DEMO.users.bob).UserRegistrationStatus).toBe('Registered');
	});

	test('a throttled day: a lookup that is still throttled when Max Attempts run out is failed, not "not found"', async () => {
		bed.sb.faults.set({ actions: { ListUsers: { throttle: 1 } } });
		const result = await run(withMaxAttempts(offboarding(), 'Find user', 2), { 'Every Monday': pin({}) });
		expect(result.output.Report.map((r) => [r.email, r.result])).toEqual(leavers.map((email) => [email, 'failed']));
		for (const row of result.output.Report) expect(row.why).toMatch(/^Amazon Chime is throttling requests: try again later or send fewer at once \(ThrottledClient, gave up after 2 attempts/);
		expect(result.error?.message).toMatch(/^Offboarding: 3 of 3 leavers failed: carol@example\.com \(Amazon Chime is throttling/);
		for (const email of leavers) expect(result.error?.message).toContain(`${email} (`);
		expect(calls('ListUsers')).toBe(6);
		expect(calls('BatchSuspendUser')).toBe(0);
	});

	test('one failure among successes: the others are done, and the run still ends failed naming only that one', async () => {
		// Bob's number is already gone from the inventory: deleting it fails.
		user(DEMO.users.bob).PrimaryProvisionedNumber = '+14155559999';
		const result = await run(offboarding(), { 'Every Monday': pin({}) });
		expect(result.output.Report).toEqual([
			{ email: 'carol@example.com', result: 'done', why: '' },
			{ email: 'nobody@example.com', result: 'not found', why: expect.stringMatching(/^No user with the email nobody@example\.com in account /) },
			{ email: 'bob@example.com', result: 'failed', why: 'The phone number +14155559999 was not found (NotFound): The phone number +14155559999 is not in your inventory.' },
		]);
		expect(result.error?.message).toBe(
			'Offboarding: 1 of 3 leavers failed: bob@example.com (The phone number +14155559999 was not found (NotFound): The phone number +14155559999 is not in your inventory.)',
		);
		expect(user(DEMO.users.carol).UserRegistrationStatus).toBe('Suspended');
		expect(user(DEMO.users.bob).UserRegistrationStatus).toBe('Registered');
	});

	test('a wrong account ID is a failure for everyone, not "not found"', async () => {
		const workflow = offboarding();
		const accountStep = workflow.nodes.find((n) => n.name === 'Chime account')!;
		accountStep.parameters = JSON.parse(JSON.stringify(accountStep.parameters).replace(DEMO.accountId, 'ffffffff-0000-4000-8000-000000000000'));
		const result = await run(workflow, { 'Every Monday': pin({}) });
		expect(result.output.Report.map((r) => r.result)).toEqual(['failed', 'failed', 'failed']);
		expect(result.output.Report[0].why).toContain('(NotFound)');
		expect(result.error?.message).toMatch(/^Offboarding: 3 of 3 leavers failed: /);
	});

	test('people already offboarded (a second run, and Erin, suspended before) are done again; "not found" alone keeps the run green', async () => {
		const workflow = offboarding();
		const list = workflow.nodes.find((n) => n.name === 'Leavers')!;
		list.parameters = JSON.parse(JSON.stringify(list.parameters).replace('\\"nobody@example.com\\"', '\\"erin@example.com\\", \\"nobody@example.com\\"'));
		const first = await run(workflow, { 'Every Monday': pin({}) });
		expect(first.error).toBeUndefined();
		const second = await run(workflow, { 'Every Monday': pin({}) });
		expect(second.error).toBeUndefined();
		expect(second.run.status).not.toBe('error');
		expect(second.output.Report.map((r) => [r.email, r.result])).toEqual([
			['carol@example.com', 'done'],
			['bob@example.com', 'done'],
			['erin@example.com', 'done'],
			['nobody@example.com', 'not found'],
		]);
		expect(second.run.data.resultData.runData['Fail the run, naming them']).toBeUndefined();
		for (const id of [DEMO.users.carol, DEMO.users.bob, DEMO.users.erin]) expect(user(id).UserRegistrationStatus).toBe('Suspended');
		expect(userByEmail('bob@example.com').user.PrimaryProvisionedNumber).toBeUndefined();
	});
});

describe('pending invitations', () => {
	const pending = () => example('pending-invitations.json');
	const sent = () => bed.sb.state().invitationsSent[DEMO.accountId] ?? {};

	test('someone suspended (offboarded) or registered whose invitation is still Pending is not invited again, nor suspended again', async () => {
		// Carol was offboarded before she accepted; Alice registered long ago, but her invitation still reads Pending.
		user(DEMO.users.carol).UserRegistrationStatus = 'Suspended';
		Object.assign(user(DEMO.users.alice), { UserInvitationStatus: 'Pending', InvitedOn: new Date(Date.now() - 20 * 86_400_000).toISOString() });
		const result = await run(pending(), { 'Every day': pin({}) });
		expect(result.error).toBeUndefined();
		expect(result.output['Still to be invited'].map((u) => u.PrimaryEmail)).toEqual(['dave@example.com']);
		expect(result.output.Report).toEqual([{ email: 'dave@example.com', result: 'suspended', why: '' }]);
		expect(sent()).toEqual({});
		expect(calls('InviteUsers')).toBe(0);
		expect(user(DEMO.users.carol).UserRegistrationStatus).toBe('Suspended');
		expect(user(DEMO.users.alice).UserRegistrationStatus).toBe('Registered');
	});

	test('the next day nobody already handled is chased again: Dave was suspended, Carol invited once', async () => {
		await run(pending(), { 'Every day': pin({}) });
		const again = await run(pending(), { 'Every day': pin({}) });
		expect(again.error).toBeUndefined();
		// Carol is still to be invited, but was invited again today: not 14 days ago.
		expect(again.output['Still to be invited'].map((u) => u.PrimaryEmail)).toEqual(['carol@example.com']);
		expect(again.run.data.resultData.runData.Report).toBeUndefined();
		expect(sent()).toEqual({ 'carol@example.com': 1 });
		expect(calls('BatchSuspendUser')).toBe(1);
	});

	test('a key not allowed to list users: the run ends failed at All users, and nothing is sent', async () => {
		keyWithout('ListUsers');
		const result = await run(pending(), { 'Every day': pin({}) });
		expect(result.error?.node?.name).toBe('All users');
		expect(result.error?.message).toBe('The AWS key is not permitted to do this in Amazon Chime (Forbidden)');
		expect(result.run.status).toBe('error');
		expect(calls('InviteUsers') + calls('BatchSuspendUser')).toBe(0);
	});

	test('a throttled day: an invitation still throttled when Max Attempts run out is failed, and the run ends failed naming that person', async () => {
		bed.sb.faults.set({ actions: { InviteUsers: { throttle: 1 } } });
		const result = await run(withMaxAttempts(pending(), 'Invite again', 2), { 'Every day': pin({}) });
		const carol = result.output.Report.find((r) => r.email === 'carol@example.com')!;
		expect(carol).toEqual({ email: 'carol@example.com', result: 'failed', why: expect.stringMatching(/^Amazon Chime is throttling requests: try again later or send fewer at once \(ThrottledClient, gave up after 2 attempts/) });
		expect(result.output.Report).toContainEqual({ email: 'dave@example.com', result: 'suspended', why: '' });
		expect(result.error?.node?.name).toBe('Fail the run, naming them');
		expect(result.error?.message).toBe(`Pending invitations: 1 of 2 people failed: carol@example.com (${carol.why})`);
		expect(sent()).toEqual({});
		expect(user(DEMO.users.dave).UserRegistrationStatus).toBe('Suspended');
	});

	test('a list that lags behind: someone who registered meanwhile is reported "already accepted", and no email goes out', async () => {
		// AWS lists may lag behind writes: the list still shows Bob's invitation Pending, but he has registered.
		const stale = { ...user(DEMO.users.bob), UserRegistrationStatus: 'Unregistered', UserInvitationStatus: 'Pending', InvitedOn: new Date(Date.now() - 20 * 86_400_000).toISOString() };
		const result = await run(pending(), { 'Every day': pin({}), 'All users': pin(stale as IDataObject) });
		expect(result.error).toBeUndefined();
		expect(result.output.Report).toEqual([
			{ email: 'bob@example.com', result: 'already accepted', why: 'Amazon Chime did not send the invitation email: invitation Accepted, email NotSent' },
		]);
		expect(sent()).toEqual({});
	});
});

describe('license change', () => {
	const team = (emails: string[]) => ({ Team: pin({ license: 'Pro', emails }) });

	test('a key not allowed to list users: everyone is failed with why, no license changed, and the run ends failed naming them all', async () => {
		keyWithout('ListUsers');
		const result = await run(example('license-change.json'), team(['bob@example.com', 'alice@example.com']));
		expect(result.output.Report.map((r) => [r.email, r.result])).toEqual([
			['bob@example.com', 'failed'],
			['alice@example.com', 'failed'],
		]);
		expect(result.error?.node?.name).toBe('Fail the run, naming them');
		expect(result.error?.message).toMatch(/^License change: 2 of 2 members failed: bob@example\.com \(The AWS key is not permitted to do this in Amazon Chime \(Forbidden\): .*\); alice@example\.com \(The AWS key/);
		expect(calls('BatchUpdateUser')).toBe(0);
		expect(user(DEMO.users.bob).LicenseType).toBe('Basic');
	});

	test('a throttled day: an update still throttled when Max Attempts run out is failed, and the run ends failed', async () => {
		bed.sb.faults.set({ actions: { BatchUpdateUser: { throttle: 1 } } });
		const result = await run(withMaxAttempts(example('license-change.json'), 'Change license', 2), team(['bob@example.com', 'nobody@example.com']));
		expect(result.output.Report).toEqual([
			{ email: 'nobody@example.com', result: 'not found', why: expect.stringMatching(/^No user with the email nobody@example\.com/) },
			{ email: 'bob@example.com', result: 'failed', why: expect.stringMatching(/^Amazon Chime is throttling requests: .*\(ThrottledClient, gave up after 2 attempts/) },
		]);
		expect(result.error?.message).toMatch(/^License change: 1 of 2 members failed: bob@example\.com \(Amazon Chime is throttling/);
		expect(user(DEMO.users.bob).LicenseType).toBe('Basic');
	});

	test('members already on the license (a second run) are changed again, and the run stays green', async () => {
		await run(example('license-change.json'), team(['bob@example.com']));
		const again = await run(example('license-change.json'), team(['bob@example.com']));
		expect(again.error).toBeUndefined();
		expect(again.output.Report).toEqual([{ email: 'bob@example.com', result: 'changed', why: '' }]);
		expect(user(DEMO.users.bob).LicenseType).toBe('Pro');
	});
});

describe('department room', () => {
	const design = (members: string[]) => ({ Department: pin({ department: 'Design', members }) });
	const designRoom = () => Object.values(account().rooms).find((r) => r.room.Name === 'Design');

	test('a key not allowed to list users: the room is made, every member is failed with why, and the run ends failed naming them', async () => {
		keyWithout('ListUsers');
		const result = await run(example('department-room.json'), design(['alice@example.com', 'bob@example.com']));
		expect(result.output.Report.map((r) => [r.email, r.result])).toEqual([
			['alice@example.com', 'failed'],
			['bob@example.com', 'failed'],
		]);
		expect(result.error?.message).toMatch(/^Department room: 2 of 2 members failed: alice@example\.com \(The AWS key is not permitted to do this in Amazon Chime \(Forbidden\)/);
		expect(designRoom()!.memberships).toEqual({});
	});

	test('a throttled day: members still throttled when Max Attempts run out are failed; someone not in Chime is only "not found"', async () => {
		bed.sb.faults.set({ actions: { BatchCreateRoomMembership: { throttle: 1 } } });
		const result = await run(withMaxAttempts(example('department-room.json'), 'Add the members', 2), design(['alice@example.com', 'nobody@example.com']));
		expect(result.output.Report).toEqual([
			{ email: 'nobody@example.com', result: 'not found', why: expect.stringMatching(/^No user with the email nobody@example\.com/) },
			{ email: 'alice@example.com', result: 'failed', why: expect.stringMatching(/^Amazon Chime is throttling requests: .*\(ThrottledClient, gave up after 2 attempts/) },
		]);
		expect(result.error?.message).toMatch(/^Department room: 1 of 2 members failed: alice@example\.com \(Amazon Chime is throttling/);
		expect(designRoom()!.memberships).toEqual({});
	});

	test('someone not in Chime does not fail the run', async () => {
		const result = await run(example('department-room.json'), design(['alice@example.com', 'nobody@example.com']));
		expect(result.error).toBeUndefined();
		expect(result.output.Report.map((r) => [r.email, r.result])).toEqual([
			['alice@example.com', 'added'],
			['nobody@example.com', 'not found'],
		]);
		expect(Object.keys(designRoom()!.memberships)).toEqual([DEMO.users.alice]);
	});
});
