/**
 * Look-ups that tolerate lag: the sandbox's lists and gets show what was made only 3 s later
 * (`listLagMs`), and the first answer of each action is lost after Chime acted (`dropAfter`). The
 * look-up misses at first, reads again, finds what the lost attempt made, and reports it: one user,
 * account, bot, order, membership and invitation each, none doubled, none misreported. Time is faked
 * (harness/clock.ts): the sandbox's clock and the nodes' waits move together, nothing waits for real.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { LOOK_AGAIN_MS } from '../nodes/shared/reconcile';
import type { SeenRequest } from '../sandbox/server';
import { driven, useFakeTime } from './harness/clock';
import { runNode } from './harness/n8n';
import { id } from './harness/params';
import { DEMO, sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

const LAG_MS = 3000;
const LOOK_WINDOW_MS = LOOK_AGAIN_MS.reduce((a, b) => a + b, 0);
const A = DEMO.accountId;

useFakeTime();
let sb: Sandbox;
const seen: SeenRequest[] = [];
let hook: (request: SeenRequest) => void = () => {};
beforeAll(async () => {
	sb = await sandbox({ onRequest: (request) => (seen.push(request), hook(request)) });
});
afterAll(() => sb.stop());
beforeEach(() => {
	sb.reset(true);
	sb.faults.set({});
	sb.options.listLagMs = LAG_MS;
	seen.length = 0;
});

/** The first request of `action` loses its answer after acting; the rest are answered. */
function loseFirstAnswer(action: string): void {
	sb.faults.set({ actions: { [action]: { dropAfter: 1 } } });
	hook = (request) => {
		if (request.action === action) {
			hook = () => {};
			queueMicrotask(() => sb.faults.set({}));
		}
	};
}
const sent = (action: string) => seen.filter((r) => r.action === action).length;
const account = () => sb.state().accounts[A];

interface Case {
	action: string;
	/** What the look-up reads. */
	lookup: string;
	type: string;
	parameters: INodeParameters;
	input?: IDataObject[];
	/** How many of the thing exist afterwards. */
	count: () => number;
	output: (json: IDataObject) => void;
}

const cases: Case[] = [
	{
		action: 'CreateUser',
		lookup: 'ListUsers',
		type: 'amazonChimeUser',
		parameters: { resource: 'user', operation: 'create', accountId: id(A), email: 'new.hire@example.com' },
		count: () => Object.values(account().users).filter((u) => u.user.PrimaryEmail === 'new.hire@example.com').length,
		output: (json) => expect(json).toMatchObject({ PrimaryEmail: 'new.hire@example.com' }),
	},
	{
		action: 'CreateAccount',
		lookup: 'ListAccounts',
		type: 'amazonChimeAccount',
		parameters: { resource: 'account', operation: 'create', name: 'Lagging Corp' },
		count: () => Object.values(sb.state().accounts).filter((a) => a.account.Name === 'Lagging Corp').length,
		output: (json) => expect(json).toMatchObject({ Name: 'Lagging Corp' }),
	},
	{
		action: 'CreateBot',
		lookup: 'ListBots',
		type: 'amazonChimeBot',
		parameters: { resource: 'bot', operation: 'create', accountId: id(A), displayName: 'Onboarding Bot' },
		count: () => Object.values(account().bots).filter((b) => b.bot.DisplayName === 'Onboarding Bot').length,
		output: (json) => expect(json).toMatchObject({ DisplayName: 'Onboarding Bot' }),
	},
	{
		action: 'CreatePhoneNumberOrder',
		lookup: 'ListPhoneNumberOrders',
		type: 'amazonChimePhoneNumber',
		parameters: { resource: 'phoneNumberOrder', operation: 'create', productType: 'BusinessCalling', e164PhoneNumbers: '+12065550150' },
		count: () => Object.values(sb.state().orders).filter((o) => (o.order.OrderedPhoneNumbers as IDataObject[]).some((n) => n.E164PhoneNumber === '+12065550150')).length,
		output: (json) => expect(json).toMatchObject({ ProductType: 'BusinessCalling', OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550150' }] }),
	},
	{
		action: 'CreateRoomMembership',
		lookup: 'ListRoomMemberships',
		type: 'amazonChimeRoom',
		parameters: { resource: 'roomMembership', operation: 'create', accountId: id(A), roomId: id(DEMO.roomId), memberId: id(DEMO.users.bob) },
		count: () => (account().rooms[DEMO.roomId].memberships[DEMO.users.bob] ? 1 : 0),
		output: (json) => expect(json).toMatchObject({ RoomId: DEMO.roomId, Member: { MemberId: DEMO.users.bob } }),
	},
	{
		action: 'BatchCreateRoomMembership',
		lookup: 'ListRoomMemberships',
		type: 'amazonChimeRoom',
		parameters: { resource: 'roomMembership', operation: 'createMany', accountId: id(A), roomId: id(DEMO.roomId), memberId: id('={{ $json.member }}') },
		input: [{ member: DEMO.users.bob }, { member: DEMO.users.carol }],
		count: () => [DEMO.users.bob, DEMO.users.carol].filter((m) => account().rooms[DEMO.roomId].memberships[m]).length / 2,
		output: (json) => expect(json).toMatchObject({ success: true, RoomId: DEMO.roomId }),
	},
	{
		action: 'InviteUsers',
		lookup: 'ListUsers',
		type: 'amazonChimeUser',
		parameters: { resource: 'user', operation: 'invite', accountId: id(A), email: '={{ $json.email }}' },
		input: [{ email: 'first@example.com' }, { email: 'second@example.com' }],
		// Invitation emails sent: one each.
		count: () => {
			const sentTo = sb.state().invitationsSent[A] ?? {};
			return sentTo['first@example.com'] === 1 && sentTo['second@example.com'] === 1 ? 1 : -1;
		},
		output: (json) => expect(json).toMatchObject({ Status: 'Pending', EmailAddress: expect.stringMatching(/^(first|second)@example\.com$/) }),
	},
];

describe(`lists and gets ${LAG_MS} ms behind, and the first answer lost after Chime acted`, () => {
	test.each(cases.map((c) => [c.action, c] as const))('%s: made once, found when the list shows it, reported as reconciled', async (action, c) => {
		loseFirstAnswer(action);
		const { value: result, waitedMs } = await driven(runNode({ type: c.type, parameters: c.parameters }, c.input ?? [{}], sandboxCredential(sb)));
		expect(result.error).toBeUndefined();
		expect(sb.faults.report().byAction[action].lost).toBeDefined();
		expect(sent(action)).toBe(1);
		expect(c.count()).toBe(1);
		const items = result.output.Chime;
		expect(items).toHaveLength((c.input ?? [{}]).length);
		for (const json of items) {
			expect(json.reconciled).toBe(true);
			c.output(json);
		}
		// The list did not show it at once: read again, until the lag had passed, and within the window.
		expect(sent(c.lookup)).toBeGreaterThan(1);
		expect(waitedMs).toBeGreaterThanOrEqual(LAG_MS);
		expect(waitedMs).toBeLessThanOrEqual(LOOK_WINDOW_MS);
	});
});

test('with no lag, the first look-up finds it: no wait at all', async () => {
	sb.options.listLagMs = 0;
	loseFirstAnswer('CreateBot');
	const { value: result, waitedMs } = await driven(runNode({ type: cases[2].type, parameters: cases[2].parameters }, [{}], sandboxCredential(sb)));
	expect(result.output.Chime[0]).toMatchObject({ DisplayName: 'Onboarding Bot', reconciled: true });
	expect(sent('ListBots')).toBe(1);
	expect(waitedMs).toBe(0);
});
