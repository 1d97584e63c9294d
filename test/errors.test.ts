/** Chime's errors reach the user as NodeApiError with Chime's code, the HTTP status and a plain sentence. */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from './harness/n8n';
import { id, TEST_KEYS } from './harness/params';
import { chimeError, Recorder } from './harness/recorder';

const recorder = new Recorder();
let endpoint: string;
beforeAll(async () => {
	endpoint = await recorder.start();
});
afterAll(() => recorder.stop());

const getUser = { resource: 'user', operation: 'get', accountId: id('acc-1'), userId: id('user-1') };

test.each([
	[404, 'NotFound', 'Amazon Chime could not find what the request names (NotFound)'],
	[400, 'BadRequest', 'Amazon Chime rejected the request as invalid (BadRequest)'],
	[409, 'Conflict', 'Amazon Chime refused because it conflicts with what already exists (Conflict)'],
	[403, 'Forbidden', 'The AWS key is not permitted to do this in Amazon Chime (Forbidden)'],
	[401, 'UnauthorizedClient', 'The AWS key is not authorized to use Amazon Chime (UnauthorizedClient)'],
])('HTTP %i %s', async (status, code, sentence) => {
	recorder.reset(() => chimeError(status, code, `Chime says ${code}`));
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, [{}], { ...TEST_KEYS, endpoint });
	const error = result.error as unknown as { message: string; description: string; httpCode: string; errorResponse: IDataObject };
	expect(error.message).toBe(sentence);
	expect(error.description).toBe(`Chime says ${code}`);
	expect(error.httpCode).toBe(String(status));
	expect(error.errorResponse.code).toBe(code);
	expect(recorder.requests).toHaveLength(1);
});

test('throttling and server errors are retried by the SDK before they reach the user', async () => {
	let calls = 0;
	recorder.reset(() => (++calls < 3 ? chimeError(429, 'Throttled', 'Slow down') : { status: 200, body: { User: { UserId: 'user-1' } } }));
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, [{}], { ...TEST_KEYS, endpoint });
	expect(result.error).toBeUndefined();
	expect(result.output.Chime).toEqual([{ UserId: 'user-1' }]);
	expect(recorder.requests).toHaveLength(3);
});

test('a Chime message that quotes the keys is scrubbed', async () => {
	recorder.reset(() =>
		chimeError(403, 'Forbidden', `Key ${TEST_KEYS.accessKeyId} with secret ${TEST_KEYS.secretAccessKey} is not allowed`),
	);
	const result = await runNode(
		{ type: 'amazonChimeUser', parameters: getUser, continueOnFail: true },
		[{}],
		{ ...TEST_KEYS, endpoint },
	);
	const shown = JSON.stringify(result.output.Chime);
	expect(shown).toContain('is not allowed');
	expect(shown).not.toContain(TEST_KEYS.accessKeyId);
	expect(shown).not.toContain(TEST_KEYS.secretAccessKey);
});

test('an unreachable endpoint says so', async () => {
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, [{}], {
		...TEST_KEYS,
		endpoint: 'http://127.0.0.1:9',
	});
	expect(result.error?.message).toBe('Could not reach Amazon Chime at http://127.0.0.1:9 (ECONNREFUSED)');
});

test('personal PINs and bot tokens stay out of output unless the action exists to return them', async () => {
	recorder.reset((request) =>
		request.path.includes('/bots')
			? { status: 200, body: { Bot: { BotId: 'b', SecurityToken: 'bot-token-1' } } }
			: { status: 200, body: { User: { UserId: 'user-1', PersonalPIN: '13579246' } } },
	);
	const keys = { ...TEST_KEYS, endpoint };
	const got = await runNode({ type: 'amazonChimeUser', parameters: getUser }, [{}], keys);
	const bot = await runNode(
		{ type: 'amazonChimeBot', parameters: { resource: 'bot', operation: 'get', accountId: id('a'), botId: id('b') } },
		[{}],
		keys,
	);
	expect(JSON.stringify(got.output)).not.toContain('13579246');
	expect(JSON.stringify(bot.output)).not.toContain('bot-token-1');
	const reset = await runNode({ type: 'amazonChimeUser', parameters: { ...getUser, operation: 'resetPin' } }, [{}], keys);
	expect(reset.output.Chime).toEqual([{ UserId: 'user-1', PersonalPIN: '13579246' }]);
});
