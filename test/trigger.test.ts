/**
 * The Amazon Chime Trigger, polled by n8n-core's PollTriggerExecutor with n8n 2.x's staged static
 * data (test/harness/poll.ts), against the sandbox changed through the AWS SDK, over several polls:
 * the first records a baseline, each later one emits exactly what changed, once, across restarts.
 */
import {
	AssociatePhoneNumberWithUserCommand,
	BatchSuspendUserCommand,
	CreateAccountCommand,
	CreatePhoneNumberOrderCommand,
	CreateUserCommand,
	DeletePhoneNumberCommand,
	DisassociatePhoneNumberFromUserCommand,
	InviteUsersCommand,
	UpdateUserCommand,
} from '@aws-sdk/client-chime';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { EVENT_OPTIONS } from '../nodes/AmazonChimeTrigger/events';
import { AmazonChimeTrigger } from '../nodes/AmazonChimeTrigger/AmazonChimeTrigger.node';
import type { SeenRequest } from '../sandbox/server';
import { addUser } from '../sandbox/backend/users';
import { id } from './harness/params';
import { pollingTrigger, type PollingTrigger } from './harness/poll';
import { client, DEMO, sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

const A = DEMO.accountId;
const U = DEMO.users;
const N = DEMO.numbers;
const ALL_EVENTS = EVENT_OPTIONS.map((option) => option.value);

let sb: Sandbox;
const requests: SeenRequest[] = [];
beforeAll(async () => {
	sb = await sandbox({ onRequest: (request) => requests.push(request) });
});
afterAll(() => sb.stop());
beforeEach(() => {
	sb.reset(true);
	sb.options.orderDelayMs = 0;
	sb.faults.set({});
	requests.length = 0;
});

const chime = () => client(sb);
const account = () => sb.state().accounts[A];
const user = (userId: string) => account().users[userId].user;
const trigger = (events: string[], parameters: INodeParameters = {}) =>
	pollingTrigger({ events, accountId: id(A), ...parameters }, sandboxCredential(sb));
/** The emitted items' json, or [] when the poll emitted nothing. */
const poll = async (t: PollingTrigger) => ((await t.poll()) ?? []).map((item) => item.json);
/** A user as the trigger outputs it: as the sandbox holds it, without the personal PIN. */
const shown = (userId: string) => Object.fromEntries(Object.entries(user(userId)).filter(([key]) => key !== 'PersonalPIN'));
const calls = (action: string) => requests.filter((r) => r.action === action).length;

/** What Chime does when the person follows their invitation link. */
function acceptInvitation(userId: string) {
	Object.assign(user(userId), {
		UserRegistrationStatus: 'Registered',
		UserInvitationStatus: 'Accepted',
		RegisteredOn: new Date().toISOString(),
	});
}

describe('users', () => {
	test('the first poll records a baseline and emits nothing; a new user is emitted once', async () => {
		const t = trigger(['newUser']);
		expect(await poll(t)).toEqual([]);
		expect(await poll(t)).toEqual([]);

		const created = await chime().send(new CreateUserCommand({ AccountId: A, Email: 'frank@example.com', Username: 'Frank Example' }));
		await chime().send(new InviteUsersCommand({ AccountId: A, UserEmailList: ['grace@example.com'] }));
		const grace = Object.values(account().users).find((u) => u.user.PrimaryEmail === 'grace@example.com')!.user;
		expect(await poll(t)).toEqual([
			{ event: 'New User', eventId: 'newUser', ...shown(created.User!.UserId!) },
			{ event: 'New User', eventId: 'newUser', ...shown(grace.UserId as string) },
		]);
		expect(await poll(t)).toEqual([]);
	});

	test('an accepted invitation is emitted with what the user was before; unsuspending is not an acceptance', async () => {
		const t = trigger(['invitationAccepted']);
		await poll(t);
		acceptInvitation(U.carol);
		// Erin was suspended; unsuspended, she is Registered again, but she accepted nothing.
		user(U.erin).UserRegistrationStatus = 'Registered';
		expect(await poll(t)).toEqual([
			{
				event: 'Invitation Accepted', eventId: 'invitationAccepted',
				...shown(U.carol),
				previous: { UserRegistrationStatus: 'Unregistered', UserInvitationStatus: 'Pending' },
			},
		]);
		expect(await poll(t)).toEqual([]);
	});

	test('someone invited and accepted between two polls is new and accepted', async () => {
		const t = trigger(['newUser', 'invitationAccepted']);
		await poll(t);
		await chime().send(new InviteUsersCommand({ AccountId: A, UserEmailList: ['heidi@example.com'] }));
		const heidi = Object.values(account().users).find((u) => u.user.PrimaryEmail === 'heidi@example.com')!.user.UserId as string;
		acceptInvitation(heidi);
		expect(await poll(t)).toEqual([
			{ event: 'New User', eventId: 'newUser', ...shown(heidi) },
			{ event: 'Invitation Accepted', eventId: 'invitationAccepted', ...shown(heidi) },
		]);
	});

	test('a suspension and a license change, each with the previous values', async () => {
		const t = trigger(['userSuspended', 'userLicenseChanged']);
		await poll(t);
		await chime().send(new BatchSuspendUserCommand({ AccountId: A, UserIdList: [U.alice] }));
		await chime().send(new UpdateUserCommand({ AccountId: A, UserId: U.bob, LicenseType: 'Pro' }));
		expect(await poll(t)).toEqual([
			{ event: 'User Suspended', eventId: 'userSuspended', ...shown(U.alice), previous: { UserRegistrationStatus: 'Registered' } },
			{ event: 'User License Changed', eventId: 'userLicenseChanged', ...shown(U.bob), previous: { LicenseType: 'Basic', UserType: 'PrivateUser' } },
		]);
		expect(await poll(t)).toEqual([]);
		// A user type change is a license change too.
		await chime().send(new UpdateUserCommand({ AccountId: A, UserId: U.bob, UserType: 'SharedDevice' }));
		expect(await poll(t)).toEqual([
			{ event: 'User License Changed', eventId: 'userLicenseChanged', ...shown(U.bob), previous: { LicenseType: 'Pro', UserType: 'PrivateUser' } },
		]);
	});

	test('only the chosen events are emitted', async () => {
		const t = trigger(['userSuspended']);
		await poll(t);
		await chime().send(new CreateUserCommand({ AccountId: A, Email: 'ivan@example.com' }));
		await chime().send(new UpdateUserCommand({ AccountId: A, UserId: U.bob, LicenseType: 'Pro' }));
		acceptInvitation(U.dave);
		expect(await poll(t)).toEqual([]);
		await chime().send(new BatchSuspendUserCommand({ AccountId: A, UserIdList: [U.bob] }));
		expect(await poll(t)).toEqual([expect.objectContaining({ event: 'User Suspended', eventId: 'userSuspended', UserId: U.bob })]);
	});

	test('each poll lists the users once, 200 to a page, and nothing else', async () => {
		const t = trigger(['newUser']);
		await poll(t);
		expect(requests.map((r) => [r.action, r.query])).toEqual([['ListUsers', { 'max-results': '200' }]]);
	});
});

describe('phone numbers', () => {
	test('an order is emitted once it completes: Successful, Partial or Failed', async () => {
		const t = trigger(['phoneNumberOrderCompleted']);
		sb.options.orderDelayMs = 60_000;
		const order = (numbers: string[]) =>
			chime().send(new CreatePhoneNumberOrderCommand({ ProductType: 'BusinessCalling', E164PhoneNumbers: numbers }));
		const successful = (await order(['+12125550100'])).PhoneNumberOrder!.PhoneNumberOrderId!;
		expect(await poll(t)).toEqual([]);
		// Still processing: nothing to say yet.
		expect(await poll(t)).toEqual([]);
		// The spare number is taken already: that order fails, the mixed one is Partial.
		const failed = (await order([N.spare])).PhoneNumberOrder!.PhoneNumberOrderId!;
		const partial = (await order(['+13125550100', N.alice])).PhoneNumberOrder!.PhoneNumberOrderId!;
		expect(await poll(t)).toEqual([]);
		for (const record of Object.values(sb.state().orders)) record.settleAt = new Date(0).toISOString();
		const orders = sb.state().orders;
		expect(await poll(t)).toEqual([
			{ event: 'Phone Number Order Completed', eventId: 'phoneNumberOrderCompleted', ...orders[successful].order, previous: { Status: 'Processing' } },
			{ event: 'Phone Number Order Completed', eventId: 'phoneNumberOrderCompleted', ...orders[failed].order, previous: { Status: 'Processing' } },
			{ event: 'Phone Number Order Completed', eventId: 'phoneNumberOrderCompleted', ...orders[partial].order, previous: { Status: 'Processing' } },
		]);
		expect([successful, failed, partial].map((o) => orders[o].order.Status)).toEqual(['Successful', 'Failed', 'Partial']);
		expect(await poll(t)).toEqual([]);
		// An order placed and completed between two polls.
		sb.options.orderDelayMs = 0;
		const quick = (await order(['+14155550100'])).PhoneNumberOrder!.PhoneNumberOrderId!;
		expect(await poll(t)).toEqual([{ event: 'Phone Number Order Completed', eventId: 'phoneNumberOrderCompleted', ...orders[quick].order }]);
	});

	test('a number assigned, released, then queued for deletion: one item each, with who had it', async () => {
		const t = trigger(['phoneNumberAssignedOrReleased']);
		await poll(t);
		await chime().send(new AssociatePhoneNumberWithUserCommand({ AccountId: A, UserId: U.bob, E164PhoneNumber: N.spare }));
		await chime().send(new DisassociatePhoneNumberFromUserCommand({ AccountId: A, UserId: U.alice }));
		const number = (e164: string) => sb.state().phoneNumbers[e164];
		expect(await poll(t)).toEqual([
			{ event: 'Number Assigned or Released', eventId: 'phoneNumberAssignedOrReleased', change: 'released', ...number(N.alice), previous: { Status: 'Assigned', Associations: [{ Name: 'UserId', Value: U.alice }] } },
			{ event: 'Number Assigned or Released', eventId: 'phoneNumberAssignedOrReleased', change: 'assigned', ...number(N.spare), previous: { Status: 'Unassigned', Associations: [] } },
		]);
		expect(await poll(t)).toEqual([]);
		await chime().send(new DeletePhoneNumberCommand({ PhoneNumberId: N.alice }));
		expect(await poll(t)).toEqual([
			{ event: 'Number Assigned or Released', eventId: 'phoneNumberAssignedOrReleased', change: 'released', ...number(N.alice), previous: { Status: 'Unassigned', Associations: [] } },
		]);
		expect(await poll(t)).toEqual([]);
	});
});

describe('across polls and restarts', () => {
	test('after a restart nothing is missed and nothing repeated; the static data is all there is', async () => {
		const t = trigger(ALL_EVENTS);
		await poll(t);
		t.restart();
		expect(await poll(t)).toEqual([]);
		await chime().send(new BatchSuspendUserCommand({ AccountId: A, UserIdList: [U.bob] }));
		acceptInvitation(U.carol);
		// n8n is down while things change, and comes back with only what it had saved.
		t.restart();
		expect((await poll(t)).map((item) => [item.event, item.UserId])).toEqual([
			['User Suspended', U.bob],
			['Invitation Accepted', U.carol],
		]);
		t.restart();
		expect(await poll(t)).toEqual([]);
	});

	test('a poll whose execution was not recorded commits nothing: the next poll emits the same items', async () => {
		const t = trigger(['userSuspended']);
		await poll(t);
		await chime().send(new BatchSuspendUserCommand({ AccountId: A, UserIdList: [U.alice] }));
		t.loseNextExecution = true;
		const first = await poll(t);
		expect(first).toHaveLength(1);
		expect(await poll(t)).toEqual(first);
		expect(await poll(t)).toEqual([]);
	});

	test('a failed listing changes nothing: once Chime answers again, the change is emitted', async () => {
		const t = trigger(['userSuspended', 'phoneNumberOrderCompleted']);
		await poll(t);
		const saved = t.savedStaticData;
		await chime().send(new BatchSuspendUserCommand({ AccountId: A, UserIdList: [U.alice] }));
		sb.faults.set({ actions: { ListPhoneNumberOrders: { serverError: 1 } } });
		await expect(t.poll()).rejects.toThrow(/^Amazon Chime .*\(Service(Failure|Unavailable).* after 5 attempts/);
		expect(t.savedStaticData).toBe(saved);
		sb.faults.set({});
		expect((await poll(t)).map((item) => item.eventId)).toEqual(['userSuspended']);
	});

	test('watching another account starts from a new baseline', async () => {
		const t = trigger(['newUser']);
		await poll(t);
		const other = await chime().send(new CreateAccountCommand({ Name: 'Second Corp' }));
		const B = other.Account!.AccountId!;
		await chime().send(new CreateUserCommand({ AccountId: B, Email: 'judy@example.com' }));
		t.restart({ accountId: id(B) });
		expect(await poll(t)).toEqual([]);
		const ken = await chime().send(new CreateUserCommand({ AccountId: B, Email: 'ken@example.com' }));
		expect(await poll(t)).toEqual([expect.objectContaining({ event: 'New User', eventId: 'newUser', UserId: ken.User!.UserId, AccountId: B })]);
	});
});

describe('a test run (manual mode)', () => {
	test('returns a recent example per chosen event and leaves the static data alone', async () => {
		const t = trigger(ALL_EVENTS);
		const items = ((await t.testRun()) ?? []).map((item) => item.json);
		expect(items.map((item) => [item.event, item.UserId ?? item.PhoneNumberOrderId ?? item.PhoneNumberId])).toEqual([
			['Invitation Accepted', U.bob],
			['New User', U.carol],
			['User License Changed', U.carol],
			['User Suspended', U.erin],
			['Phone Number Order Completed', 'f1000000-0000-4000-8000-000000000001'],
			['Number Assigned or Released', N.alice],
		]);
		// What the sample was before is not known: no `previous` that reads as values it had.
		expect(items[0]).toEqual({ event: 'Invitation Accepted', eventId: 'invitationAccepted', ...shown(U.bob) });
		expect(items.find((item) => item.eventId === 'userSuspended')).not.toHaveProperty('previous');
		expect(t.savedStaticData).toBe('{}');
		// A test run is no baseline: the first real poll still records one.
		await chime().send(new CreateUserCommand({ AccountId: A, Email: 'ken@example.com' }));
		expect(await poll(t)).toEqual([]);
	});
});

/** The error a test run ends with (n8n shows it in the panel). */
async function testRunError(t: PollingTrigger): Promise<{ message: string; description?: string }> {
	const outcome = await t.testRun().then(
		(items) => ({ message: `no error: ${JSON.stringify(items)}`, description: undefined }),
		(error: { message: string; description?: string }) => error,
	);
	return { message: outcome.message, description: outcome.description };
}

describe('a test run with nothing to show', () => {
	test('the panel gets an error that stays, naming the event, the account and what to do; nothing is recorded', async () => {
		user(U.erin).UserRegistrationStatus = 'Registered';
		const t = trigger(['userSuspended']);
		const failure = await testRunError(t);
		expect(failure.message).toBe(`No sample to show for User Suspended: Amazon Chime has no suspended user in account ${A} yet`);
		expect(failure.description).toMatch(/^Fetch Test Event shows .* Once the workflow is published/);
		expect(t.savedStaticData).toBe('{}');
	});

	test('with several events and none to show, each says what it found none of', async () => {
		user(U.erin).UserRegistrationStatus = 'Registered';
		for (const order of Object.keys(sb.state().orders)) delete sb.state().orders[order];
		expect((await testRunError(trigger(['phoneNumberOrderCompleted', 'userSuspended']))).message).toBe(
			`No sample to show for User Suspended or Phone Number Order Completed: Amazon Chime has no suspended user in account ${A}; no completed phone number order in the AWS account yet`,
		);
	});

	test('events that have a sample are shown, even when another has none', async () => {
		user(U.erin).UserRegistrationStatus = 'Registered';
		const items = ((await trigger(['newUser', 'userSuspended']).testRun()) ?? []).map((item) => item.json.eventId);
		expect(items).toEqual(['newUser']);
	});
});

test("the trigger's notice speaks of publishing, as n8n 2.x does, not of activation", () => {
	const notice = new AmazonChimeTrigger().description.properties.find((p) => p.type === 'notice')!;
	expect(notice.displayName).toMatch(/^Once the workflow is published, its first poll only records/);
	expect(notice.displayName).not.toMatch(/activat/i);
});

describe('a large account', () => {
	const USERS = 20_000;

	test(`${USERS} users cost ${USERS / 200} ListUsers calls per poll, and under 190 KB of static data`, async () => {
		const record = account();
		for (let i = Object.keys(record.users).length; i < USERS; i++) {
			addUser(record, `person${i}@example.com`, { UserRegistrationStatus: 'Registered', LicenseType: i % 3 ? 'Pro' : 'Basic' });
		}
		const t = trigger(['newUser', 'userSuspended', 'userLicenseChanged']);
		expect(await poll(t)).toEqual([]);
		expect(calls('ListUsers')).toBe(100);
		expect(requests).toHaveLength(100);

		const last = Object.values(record.users)[USERS - 1].user.UserId as string;
		await chime().send(new BatchSuspendUserCommand({ AccountId: A, UserIdList: [last] }));
		requests.length = 0;
		expect((await poll(t)).map((item) => [item.event, item.UserId])).toEqual([['User Suspended', last]]);
		expect(calls('ListUsers')).toBe(100);
		expect(requests).toHaveLength(100);

		// 9 characters a user (an 8-character key and 1 for the watched values): 180,000 and a little JSON.
		const size = Buffer.byteLength(t.savedStaticData);
		expect(size).toBeGreaterThan(USERS * 9);
		expect(size).toBeLessThan(190_000);
	});
});

test('the canvas subtitle names the chosen events', () => {
	const subtitle = new AmazonChimeTrigger().description.subtitle!.replace(/^=\{\{ /, '').replace(/ \}\}$/, '');
	const evaluate = new Function('$parameter', `return ${subtitle};`) as (p: IDataObject) => string;
	expect(evaluate({ events: ['invitationAccepted', 'userSuspended'] })).toBe('Invitation Accepted, User Suspended');
});

test('descriptions end without a period', () => {
	const { description, properties } = new AmazonChimeTrigger().description;
	const texts = [description, ...properties.map((p) => p.description), ...EVENT_OPTIONS.map((o) => o.description)];
	expect(texts.filter((text) => text?.endsWith('.'))).toEqual([]);
});
