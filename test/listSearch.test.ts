/** The From List pickers against the sandbox: one page from Chime, filtered by what the user typed. */
import { NodeHelpers, type INode } from 'n8n-workflow';

import { AmazonChimePhoneNumber } from '../nodes/AmazonChimePhoneNumber/AmazonChimePhoneNumber.node';
import { AmazonChimeRoom } from '../nodes/AmazonChimeRoom/AmazonChimeRoom.node';
import { listSearch } from '../nodes/shared/panel/locators';
import { addUser } from '../sandbox/backend/users';
import { useNodeTestBed } from './harness/chime';
import { loadOptionsContext } from './harness/n8n';
import { DEMO, sandboxCredential } from './harness/sandbox';

const bed = useNodeTestBed();

/** n8n's own load-options context, as the editor's From List asks it, on a User node in this account. */
const context = (accountId: string) =>
	loadOptionsContext('amazonChimeUser', { accountId: { __rl: true, mode: 'id', value: accountId } }, sandboxCredential(bed.sb));

test('users: name and email shown, filtered by what was typed', async () => {
	const result = await listSearch.searchUsers.call(context(DEMO.accountId), 'ALICE');
	expect(bed.requests[0]).toMatchObject({ path: `/accounts/${DEMO.accountId}/users`, query: { 'max-results': '200' } });
	expect(result).toEqual({ results: [{ name: 'Alice Example <alice@example.com> (Registered)', value: DEMO.users.alice }] });
});

test('accounts come a page of 200 at a time, and the next page token is passed on', async () => {
	for (let i = 0; i < 200; i++) {
		await fetch(`${bed.sb.url}/_sandbox/accounts`, { method: 'POST', body: JSON.stringify({ Name: `Corp ${i}` }) });
	}
	const first = await listSearch.searchAccounts.call(context(''));
	expect(first.results).toHaveLength(200);
	expect(first.results[0]).toEqual({ name: 'Example Corp', value: DEMO.accountId });
	const second = await listSearch.searchAccounts.call(context(''), undefined, first.paginationToken);
	expect(second.results.map((r) => r.name)).toEqual(['Corp 199']);
	expect(bed.requests.map((r) => r.query['next-token'])).toEqual([undefined, first.paginationToken]);
});

test('rooms, bots and phone numbers', async () => {
	expect((await listSearch.searchRooms.call(context(DEMO.accountId), 'eng')).results).toEqual([{ name: 'Engineering', value: DEMO.roomId }]);
	expect((await listSearch.searchBots.call(context(DEMO.accountId))).results).toEqual([{ name: 'Helpdesk', value: DEMO.botId }]);
	expect((await listSearch.searchPhoneNumbers.call(context(''))).results).toEqual([
		{ name: `${DEMO.numbers.alice} (Assigned)`, value: DEMO.numbers.alice },
		{ name: `${DEMO.numbers.spare} (Unassigned)`, value: DEMO.numbers.spare },
	]);
});

test('pickers inside an account ask for the account first', async () => {
	await expect(listSearch.searchRooms.call(context(''))).rejects.toThrow('Choose the Account first');
	expect(bed.requests).toEqual([]);
});

describe('From List finds what is typed, in big accounts too', () => {
	/** An account as big as the issue's: 20,000 users, the one looked for near the end. */
	function bigAccount(): string {
		const record = bed.sb.state().accounts[DEMO.accountId];
		for (let i = 0; i < 20_000; i++) addUser(record, `staff${i}@example.com`, { DisplayName: `Staff Member ${i}` });
		return addUser(record, 'zoe.quinn@example.com', { DisplayName: 'Zoe Quinn' }).user.UserId as string;
	}

	test('an email address is looked up by Chime (ListUsers UserEmail): one call, whatever the size of the account', async () => {
		const zoe = bigAccount();
		const result = await listSearch.searchUsers.call(context(DEMO.accountId), ' Zoe.Quinn@example.com ');
		expect(result).toEqual({ results: [{ name: 'Zoe Quinn <zoe.quinn@example.com>', value: zoe }] });
		expect(bed.requests.map((r) => r.query)).toEqual([{ 'user-email': 'Zoe.Quinn@example.com' }]);
	});

	test('a name is matched page after page until found: the last of 20,005 users', async () => {
		const zoe = bigAccount();
		const result = await listSearch.searchUsers.call(context(DEMO.accountId), 'quinn');
		expect(result.results).toEqual([{ name: 'Zoe Quinn <zoe.quinn@example.com>', value: zoe }]);
		expect(bed.requests.length).toBe(101);
		expect(result.paginationToken).toBeUndefined();
	});

	test('a name that matches many stops at a screenful, and scrolling reads on from there', async () => {
		bigAccount();
		const first = await listSearch.searchUsers.call(context(DEMO.accountId), 'staff member 1');
		expect(first.results.length).toBeGreaterThanOrEqual(20);
		expect(first.paginationToken).toBeDefined();
		const calls = bed.requests.length;
		const next = await listSearch.searchUsers.call(context(DEMO.accountId), 'staff member 1', first.paginationToken);
		expect(next.results.length).toBeGreaterThan(0);
		expect(bed.requests[calls].query['next-token']).toBe(first.paginationToken);
	});

	test("Room Membership's Member lists the room's members, not every user of the account", async () => {
		const room = loadOptionsContext(
			'amazonChimeRoom',
			{ accountId: { __rl: true, mode: 'id', value: DEMO.accountId }, roomId: { __rl: true, mode: 'id', value: DEMO.roomId } },
			sandboxCredential(bed.sb),
		);
		const result = await listSearch.searchRoomMembers.call(room);
		expect(result.results).toEqual([{ name: 'Alice Example <alice@example.com> (Administrator)', value: DEMO.users.alice }]);
		expect(bed.requests[0].path).toBe(`/accounts/${DEMO.accountId}/rooms/${DEMO.roomId}/memberships`);
		const member = new AmazonChimeRoom().description.properties.filter((p) => p.name === 'memberId');
		const search = (op: string) => member.find((p) => p.displayOptions?.show?.operation?.includes(op))?.modes?.[0].typeOptions?.searchListMethod;
		expect([search('update'), search('delete'), search('create')]).toEqual(['searchRoomMembers', 'searchRoomMembers', 'searchUsers']);
	});

	test("By ID is checked against the model's format where it has one: a phone number order's GUID", () => {
		const node = new AmazonChimePhoneNumber();
		const order = (value: string): INode => ({
			id: 'n',
			name: 'Order',
			type: 'n8n-nodes-amazon-chime.amazonChimePhoneNumber',
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'phoneNumberOrder', operation: 'get', phoneNumberOrderId: { __rl: true, mode: 'id', value } },
		});
		// With the defaults filled in (Service: Amazon Chime, for a node saved without it), as n8n's Workflow holds a node's parameters.
		const resolved = (n: INode): INode => ({ ...n, parameters: NodeHelpers.getNodeParameters(node.description.properties, n.parameters, true, false, n, node.description) ?? {} });
		const issues = (value: string) => NodeHelpers.getNodeParametersIssues(node.description.properties, resolved(order(value)), node.description)?.parameters ?? {};
		expect(issues('order-1')).toEqual({ phoneNumberOrderId: ['Must be an ID in the form 1ab2c3d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d'] });
		expect(issues('f1000000-0000-4000-8000-000000000001')).toEqual({});
	});

	test('phone number orders From List', async () => {
		const result = await listSearch.searchPhoneNumberOrders.call(context(''));
		expect(result.results).toEqual([{ name: expect.stringMatching(/^\+1\d{10}.* \(Successful, \d{4}-\d\d-\d\d\)$/), value: 'f1000000-0000-4000-8000-000000000001' }]);
	});
});
