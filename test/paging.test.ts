/**
 * The one paging loop (nodes/shared/chime/paging.ts), against a scripted server that pages badly: a
 * NextToken that is not text, the same NextToken again (page after page, or in a cycle), and a list
 * that never ends. Every list stops with an error that names the action, after a known number of
 * calls, with nothing output twice: Get Many, a look-up after a lost answer, a From List picker and
 * the trigger, all through n8n's own request helper.
 */
import type { IDataObject } from 'n8n-workflow';

import { listSearch } from '../nodes/shared/panel/locators';
import { chimeClient } from '../nodes/shared/chime/client';
import { MAX_PAGES, pages } from '../nodes/shared/chime/paging';
import { n8nSend } from '../nodes/shared/chime/http';
import { loadOptionsContext, runNode } from './harness/n8n';
import { id, TEST_KEYS } from './harness/params';
import { pollingTrigger } from './harness/poll';
import { chimeError, Recorder, type Recorded, type Reply } from './harness/recorder';

const recorder = new Recorder();
let credential: typeof TEST_KEYS & { endpoint: string };
beforeAll(async () => {
	credential = { ...TEST_KEYS, endpoint: await recorder.start() };
});
afterAll(() => recorder.stop());

const ACCOUNT = 'acc-1';
const user = (n: number) => ({ UserId: `user-${n}`, AccountId: ACCOUNT, PrimaryEmail: `user${n}@example.com` });

/** Lists answer page after page from `nextOf(token sent)`: each page holds one user, numbered by the call. */
function lister(nextOf: (token: string | undefined, call: number) => unknown, others: (request: Recorded) => Reply | undefined = () => undefined) {
	let calls = 0;
	return (request: Recorded): Reply => {
		const other = others(request);
		if (other) return other;
		calls++;
		const next = nextOf(request.query['next-token'], calls);
		const key = request.path.endsWith('/bots') ? 'Bots' : 'Users';
		return { body: { [key]: [user(calls)], ...(next === undefined ? {} : { NextToken: next }) } };
	};
}
const listCalls = () => recorder.requests.filter((r) => r.method === 'GET').length;
const tokensSent = () => recorder.requests.filter((r) => r.method === 'GET').map((r) => r.query['next-token']);

const getMany = { resource: 'user', operation: 'getAll', accountId: id(ACCOUNT), returnAll: true };
const run = (parameters: IDataObject) => runNode({ type: 'amazonChimeUser', parameters: parameters as never }, [{}], credential);

describe('Get Many', () => {
	test('a NextToken that is not text stops the list at once: it is never sent as "[object Object]"', async () => {
		recorder.reset(lister(() => ({ token: 'abc' })));
		const result = await run(getMany);
		// The model check (chime/wire.ts) refuses it before the paging loop sees it.
		expect(result.error?.message).toMatch(/answered ListUsers \(HTTP 200\) with something that is not its documented shape: NextToken is not text \(got an object\) \(AnswerNotDocumentedShape\)$/);
		expect(listCalls()).toBe(1);
		expect(result.output.Chime ?? []).toEqual([]);
	});

	test('the same NextToken page after page stops after the second page, and no user is output twice', async () => {
		recorder.reset(lister(() => 'same'));
		const result = await run(getMany);
		expect(result.error?.message).toBe('Amazon Chime sent the same NextToken twice while listing ListUsers: stopped after 2 pages');
		expect(tokensSent()).toEqual([undefined, 'same']);
		expect(result.output.Chime ?? []).toEqual([]);
	});

	test('a cycle of tokens (a → b → a) stops when a comes back', async () => {
		recorder.reset(lister((token) => (token === 'b' ? 'a' : token === 'a' ? 'b' : 'a')));
		const result = await run(getMany);
		expect(result.error?.message).toBe('Amazon Chime sent the same NextToken twice while listing ListUsers: stopped after 3 pages');
		expect(tokensSent()).toEqual([undefined, 'a', 'b']);
	});

	test('a good list is read to its end, every user once, in order', async () => {
		recorder.reset(lister((_, call) => (call < 3 ? `t${call}` : undefined)));
		const result = await run(getMany);
		expect(result.error).toBeUndefined();
		expect(result.output.Chime).toEqual([user(1), user(2), user(3)]);
		expect(tokensSent()).toEqual([undefined, 't1', 't2']);
	});

	test('with a Limit, reading stops at the limit even when the list goes on', async () => {
		recorder.reset(lister((_, call) => `t${call}`));
		const result = await run({ ...getMany, returnAll: false, limit: 2 });
		expect(result.output.Chime).toEqual([user(1), user(2)]);
		expect(listCalls()).toBe(2);
	});
});

describe('a list that never ends', () => {
	test('the bound is 10,000 pages: 2,000,000 users at 200 a page, far beyond any real account', () => {
		expect(MAX_PAGES).toBe(10_000);
	});

	test('stops at the bound with an error, after exactly that many calls (a bound of 25 here, through n8n\'s helper)', async () => {
		recorder.reset(lister((_, call) => `t${call}`));
		const client = chimeClient(n8nSend(loadOptionsContext('amazonChimeUser', {}, credential), credential), credential, { maxAttempts: 1 });
		const seen: unknown[] = [];
		const read = (token: string | undefined) => client.call('ListUsers', { AccountId: ACCOUNT, NextToken: token });
		const listing = (async () => {
			for await (const page of pages('ListUsers', 'Users', read, { maxPages: 25 })) for (const entry of page.entries) seen.push(entry);
		})();
		await expect(listing).rejects.toThrow('Amazon Chime still had more to list after 25 pages of ListUsers, more than any real account holds: stopped');
		expect(listCalls()).toBe(25);
		// What was read before the bound was yielded once per page, never again.
		expect(seen).toHaveLength(24);
	});
});

describe('a look-up after a lost answer (Create Bot, then ListBots)', () => {
	test('a repeated NextToken ends the look-up after two pages: the item says the bot may have been made, and it is not sent again', async () => {
		recorder.reset(lister(() => 'same', (request) => (request.method === 'POST' ? chimeError(500, 'ServiceFailure', 'failed after acting') : undefined)));
		const result = await runNode(
			{ type: 'amazonChimeBot', parameters: { resource: 'bot', operation: 'create', accountId: id(ACCOUNT), displayName: 'Helpdesk' } as never },
			[{}],
			credential,
		);
		expect(result.error?.message).toBe(
			'Amazon Chime may have created the bot: the request reached it but no clear answer came back, so it was not sent again (ServiceFailure)',
		);
		expect(result.error?.description).toMatch(/^Looking for it in Amazon Chime failed too\./);
		expect(recorder.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
	});
});

describe('the From List user picker', () => {
	const context = () => loadOptionsContext('amazonChimeUser', { accountId: id(ACCOUNT) }, credential);

	test('a name search over a list that repeats its NextToken stops after two pages with an error', async () => {
		recorder.reset(lister(() => 'same'));
		await expect(listSearch.searchUsers.call(context(), 'nobody')).rejects.toThrow(
			'Amazon Chime sent the same NextToken twice while listing ListUsers: stopped after 2 pages',
		);
		expect(listCalls()).toBe(2);
	});

	test('a token that is not text is never handed to n8n for the next page', async () => {
		recorder.reset(lister(() => 42));
		await expect(listSearch.searchRooms.call(context())).rejects.toThrow(
			'answered ListRooms (HTTP 200) with something that is not its documented shape: NextToken is not text (got a number)',
		);
	});
});

describe('the trigger', () => {
	test('a poll over a list that repeats its NextToken fails with the error and commits nothing', async () => {
		recorder.reset(lister(() => 'same'));
		const trigger = pollingTrigger({ events: ['newUser'], accountId: id(ACCOUNT) }, credential);
		await expect(trigger.poll()).rejects.toThrow('Amazon Chime sent the same NextToken twice while listing ListUsers: stopped after 2 pages');
		expect(listCalls()).toBe(2);
		expect(trigger.savedStaticData).toBe('{}');
	});
});
