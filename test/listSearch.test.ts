/** The From List pickers: one page from Chime, filtered by what the user typed, paging on. */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { listSearch } from '../nodes/shared/locators';
import { TEST_KEYS } from './harness/params';
import { Recorder } from './harness/recorder';

const recorder = new Recorder();
let endpoint: string;
beforeAll(async () => {
	endpoint = await recorder.start();
});
afterAll(() => recorder.stop());

/** The part of n8n's load-options context the pickers use. */
function context(accountId: string): ILoadOptionsFunctions {
	return {
		getCredentials: async () => ({ ...TEST_KEYS, endpoint }),
		getCurrentNodeParameter: (name: string) => (name === 'accountId' ? accountId : undefined),
		getNode: () => ({ id: 'n', name: 'Chime', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
	} as unknown as ILoadOptionsFunctions;
}

test('users: name and email shown, filtered by what was typed, next page token passed on', async () => {
	recorder.reset(() => ({
		status: 200,
		body: {
			Users: [
				{ UserId: 'u-1', DisplayName: 'Jane Doe', PrimaryEmail: 'jane@example.com' },
				{ UserId: 'u-2', PrimaryEmail: 'bob@example.com' },
			],
			NextToken: 'next',
		},
	}));
	const result = await listSearch.searchUsers.call(context('acc-1'), 'JANE', 'token-1');
	expect(recorder.requests[0]).toMatchObject({
		path: '/accounts/acc-1/users',
		query: { 'max-results': '200', 'next-token': 'token-1' },
	});
	expect(result).toEqual({ results: [{ name: 'Jane Doe <jane@example.com>', value: 'u-1' }], paginationToken: 'next' });
});

test('phone numbers show number and status', async () => {
	recorder.reset(() => ({ status: 200, body: { PhoneNumbers: [{ PhoneNumberId: '+12065550100', E164PhoneNumber: '+12065550100', Status: 'Assigned' }] } }));
	const result = await listSearch.searchPhoneNumbers.call(context(''));
	expect(result.results).toEqual([{ name: '+12065550100 (Assigned)', value: '+12065550100' }]);
});

test('pickers inside an account ask for the account first', async () => {
	recorder.reset();
	await expect(listSearch.searchRooms.call(context(''))).rejects.toThrow('Choose the Account first');
	expect(recorder.requests).toEqual([]);
});
