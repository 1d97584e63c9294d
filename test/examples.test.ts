/**
 * The example workflows, exactly as they are in examples/ (n8n's export format), run through n8n's
 * engine against the sandbox; each test checks what the workflow changed in the sandbox.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IPinData } from 'n8n-workflow';

import { addUser } from '../sandbox/backend/users';
import { example, pin, useExampleSandbox } from './harness/examples';
import { DEMO } from './harness/sandbox';

const bed = useExampleSandbox();

const run = (file: string, pinData: IPinData = {}) => bed.run(example(file), pinData);
const account = () => bed.sb.state().accounts[DEMO.accountId];
const userByEmail = (email: string) => Object.values(account().users).find((u) => u.user.PrimaryEmail === email);

test('every example names only our credential and nodes that exist', () => {
	for (const file of ['onboarding.json', 'offboarding.json', 'license-change.json', 'department-room.json', 'pending-invitations.json']) {
		for (const node of example(file).nodes.filter((n) => n.type.startsWith('n8n-nodes-amazon-chime.'))) {
			expect(node.credentials).toEqual({ amazonChimeApi: { id: 'chimeSandbox0001', name: 'Amazon Chime sandbox' } });
		}
	}
});

// The onboarding example's tests are in examples-onboarding.test.ts.

describe('offboarding', () => {
	test('several hundred leavers: found ones logged out, numbers released, suspended in batches; a report per person', async () => {
		const record = account();
		const leavers: string[] = [];
		for (let i = 0; i < 300; i++) {
			const email = `leaver${i}@example.com`;
			const user = addUser(record, email, { UserRegistrationStatus: 'Registered' });
			leavers.push(email);
			if (i % 3 === 0) {
				// A third of them have a number.
				const number = `+1415555${String(1000 + i).padStart(4, '0')}`;
				bed.sb.state().phoneNumbers[number] = { PhoneNumberId: number, E164PhoneNumber: number, ProductType: 'BusinessCalling', Status: 'Assigned', Associations: [] };
				user.user.PrimaryProvisionedNumber = number;
			}
		}
		// One whose number is already gone from the inventory: deleting it fails, and the report says why.
		userByEmail('leaver1@example.com')!.user.PrimaryProvisionedNumber = '+14155559999';
		const unknown = ['gone1@example.com', 'gone2@example.com'];
		const result = await run('offboarding.json', {
			'Every Monday': pin({}),
			Leavers: pin({ emails: [...leavers, ...unknown] }),
		});
		// One leaver failed: the run ends in an error naming them, after the report.
		const leaver1Why = 'The phone number +14155559999 was not found (NotFound): The phone number +14155559999 is not in your inventory.';
		expect(result.error?.message).toBe(`Offboarding: 1 of 302 leavers failed: leaver1@example.com (${leaver1Why})`);

		const report = result.output.Report;
		expect(report).toHaveLength(302);
		const byEmail = new Map(report.map((r) => [r.email, r]));
		expect(byEmail.get('gone1@example.com')).toEqual({
			email: 'gone1@example.com',
			result: 'not found',
			why: expect.stringMatching(new RegExp(`^No user with the email gone1@example\\.com in account ${DEMO.accountId} \\(NotFound\\)$`)),
		});
		expect(byEmail.get('leaver1@example.com')).toEqual({ email: 'leaver1@example.com', result: 'failed', why: leaver1Why });
		expect(report.filter((r) => r.result === 'done')).toHaveLength(299);

		for (const email of leavers) {
			const user = userByEmail(email)!;
			expect(user.logouts).toBe(1);
			if (email !== 'leaver1@example.com') expect(user.user.UserRegistrationStatus).toBe('Suspended');
		}
		const numbers = Object.values(bed.sb.state().phoneNumbers).filter((n) => String(n.PhoneNumberId).startsWith('+1415555'));
		expect(numbers).toHaveLength(100);
		expect(numbers.every((n) => n.Status === 'DeleteInProgress')).toBe(true);
		// 299 suspensions went out 50 to a call; 101 number deletions 100 to a call.
		const calls = bed.sb.faults.report().byAction;
		expect(calls.BatchSuspendUser.calls).toBe(6);
		expect(calls.BatchDeletePhoneNumber.calls).toBe(2);
	});
});

test('license change: every member of the team moves to the new license; a report per person', async () => {
	const result = await run('license-change.json', {
		Team: pin({ license: 'Pro', emails: ['bob@example.com', 'alice@example.com', 'nobody@example.com'] }),
	});
	expect(result.error).toBeUndefined();
	expect([DEMO.users.alice, DEMO.users.bob].map((id) => account().users[id].user.LicenseType)).toEqual(['Pro', 'Pro']);
	expect(result.output['Change license']).toEqual([
		{ success: true, AccountId: DEMO.accountId, UserId: DEMO.users.bob, LicenseType: 'Pro' },
		{ success: true, AccountId: DEMO.accountId, UserId: DEMO.users.alice, LicenseType: 'Pro' },
	]);
	// Someone not in Chime is reported, and does not fail the run.
	expect(result.output.Report).toEqual([
		{ email: 'bob@example.com', result: 'changed', why: '' },
		{ email: 'alice@example.com', result: 'changed', why: '' },
		{ email: 'nobody@example.com', result: 'not found', why: expect.stringMatching(new RegExp(`^No user with the email nobody@example\\.com in account ${DEMO.accountId} \\(NotFound\\)$`)) },
	]);
});

test('department room: created once, members added; running again adds no second room', async () => {
	const first = await run('department-room.json');
	expect(first.error).toBeUndefined();
	expect(first.output.Report).toEqual([
		{ email: 'alice@example.com', result: 'added', why: '' },
		{ email: 'bob@example.com', result: 'added', why: '' },
	]);
	const result = await run('department-room.json');
	const rooms = Object.values(account().rooms).filter((r) => r.room.Name === 'Design');
	expect(rooms).toHaveLength(1);
	expect(Object.keys(rooms[0].memberships).sort()).toEqual([DEMO.users.alice, DEMO.users.bob].sort());
	// The second run finds everyone already in the room: Chime says so per member (Conflict), and that is no failure.
	expect(result.error).toBeUndefined();
	expect(result.output.Report).toEqual([
		{ email: 'alice@example.com', result: 'already in the room', why: '' },
		{ email: 'bob@example.com', result: 'already in the room', why: '' },
	]);
});

test('pending invitations: over 14 days invited again, over 30 days suspended, and a report per person', async () => {
	const carolInvited = account().users[DEMO.users.carol].user.InvitedOn;
	const result = await run('pending-invitations.json', { 'Every day': pin({}) });
	expect(result.error).toBeUndefined();
	expect(account().users[DEMO.users.dave].user.UserRegistrationStatus).toBe('Suspended');
	expect(account().users[DEMO.users.carol].user.InvitedOn).not.toBe(carolInvited);
	expect(bed.sb.state().invitationsSent[DEMO.accountId]).toEqual({ 'carol@example.com': 1 });
	expect(result.output.Suspend).toEqual([{ success: true, AccountId: DEMO.accountId, UserId: DEMO.users.dave, PrimaryEmail: null }]);
	expect(result.output['Invite again']).toEqual([expect.objectContaining({ EmailAddress: 'carol@example.com', Status: 'Pending', EmailStatus: 'Sent' })]);
	expect(result.output.Report).toEqual([
		{ email: 'dave@example.com', result: 'suspended', why: '' },
		{ email: 'carol@example.com', result: 'invited again', why: '' },
	]);
});

describe('examples a person can adapt', () => {
	const files = ['onboarding.json', 'offboarding.json', 'license-change.json', 'department-room.json', 'pending-invitations.json'];

	test.each(files)('%s sets the account ID in one place, the Chime account step, and every Chime step reads it from there', (file) => {
		const text = readFileSync(join(__dirname, '..', 'examples', file), 'utf8');
		expect(text.split(DEMO.accountId)).toHaveLength(2);
		const workflow = example(file);
		const account = workflow.nodes.find((n) => n.name === 'Chime account')!;
		expect(JSON.stringify(account.parameters)).toContain(DEMO.accountId);
		const chime = workflow.nodes.filter((n) => n.type.startsWith('n8n-nodes-amazon-chime.') && n.parameters.accountId);
		expect(chime.length).toBeGreaterThan(0);
		for (const node of chime) expect(node.parameters.accountId).toEqual({ __rl: true, mode: 'id', value: "={{ $('Chime account').first().json.accountId }}" });
	});
});
