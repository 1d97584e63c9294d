/** The From List pickers against the sandbox: one page from Chime, filtered by what the user typed. */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { listSearch } from '../nodes/shared/locators';
import { useNodeTestBed } from './harness/chime';
import { DEMO, sandboxCredential } from './harness/sandbox';

const bed = useNodeTestBed();

/** The part of n8n's load-options context the pickers use. */
function context(accountId: string): ILoadOptionsFunctions {
	return {
		getCredentials: async () => sandboxCredential(bed.sb),
		getCurrentNodeParameter: (name: string) => (name === 'accountId' ? accountId : undefined),
		getNode: () => ({ id: 'n', name: 'Chime', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
	} as unknown as ILoadOptionsFunctions;
}

test('users: name and email shown, filtered by what was typed', async () => {
	const result = await listSearch.searchUsers.call(context(DEMO.accountId), 'ALICE');
	expect(bed.requests[0]).toMatchObject({ path: `/accounts/${DEMO.accountId}/users`, query: { 'max-results': '200' } });
	expect(result).toEqual({ results: [{ name: 'Alice Example <alice@example.com>', value: DEMO.users.alice }] });
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
