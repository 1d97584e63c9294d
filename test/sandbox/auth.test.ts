/** SigV4: the sandbox refuses what AWS refuses, with the errors AWS gives. */
import { GetUserCommand, ListAccountsCommand, UpdateAccountCommand } from '@aws-sdk/client-chime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { DEFAULT_KEYS } from '../../sandbox/server';
import { client, DEMO, sandbox, type Sandbox } from '../harness/sandbox';

let sb: Sandbox;
beforeAll(async () => {
	sb = await sandbox();
});
afterAll(() => sb.stop());

const refused = (name: string, message: RegExp | string) =>
	expect.objectContaining({ name, message: expect.stringMatching(message), $metadata: expect.objectContaining({ httpStatusCode: 403 }) });

test('the right keys are accepted', async () => {
	const { Accounts } = await client(sb).send(new ListAccountsCommand({}));
	expect(Accounts?.map((a) => a.AccountId)).toEqual([DEMO.accountId]);
});

test('a wrong secret is refused', async () => {
	const c = client(sb, { credentials: { accessKeyId: DEFAULT_KEYS.accessKeyId, secretAccessKey: 'not-the-secret' }, maxAttempts: 1 });
	await expect(c.send(new ListAccountsCommand({}))).rejects.toEqual(refused('InvalidSignatureException', /^The request signature we calculated does not match/));
});

test('an unknown key is refused', async () => {
	const c = client(sb, { credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }, maxAttempts: 1 });
	await expect(c.send(new ListAccountsCommand({}))).rejects.toEqual(refused('UnrecognizedClientException', 'The security token included in the request is invalid.'));
});

test.each([
	['6 minutes slow', -6, /^Signature expired: \d{8}T\d{6}Z is now earlier than/],
	['6 minutes fast', 6, /^Signature not yet current: \d{8}T\d{6}Z is still later than/],
])('a clock %s is refused', async (_, minutes, message) => {
	const skewed = await sandbox({ clock: () => new Date(Date.now() - minutes * 60_000) });
	// The SDK corrects its clock from the server's Date header and retries; one attempt shows the refusal.
	const c = client(skewed, { maxAttempts: 1 });
	await expect(c.send(new ListAccountsCommand({}))).rejects.toEqual(refused('InvalidSignatureException', message));
	await skewed.stop();
});

test('a clock 4 minutes off is within the tolerance', async () => {
	const skewed = await sandbox({ clock: () => new Date(Date.now() + 4 * 60_000) });
	await expect(client(skewed, { maxAttempts: 1 }).send(new ListAccountsCommand({}))).resolves.toBeDefined();
	await skewed.stop();
});

test('a body altered after signing is refused, and nothing changes', async () => {
	const tamper = new NodeHttpHandler();
	const c = client(sb, {
		maxAttempts: 1,
		requestHandler: {
			handle: (request, options) => {
				request.body = Buffer.from(request.body as Uint8Array).toString().replace('Honest', 'Forged');
				return tamper.handle(request, options);
			},
		} as NodeHttpHandler,
	});
	await expect(c.send(new UpdateAccountCommand({ AccountId: DEMO.accountId, Name: 'Honest Name' }))).rejects.toEqual(
		refused('InvalidSignatureException', /^The request signature we calculated does not match/),
	);
	expect(sb.state().accounts[DEMO.accountId].account.Name).toBe('Example Corp');
});

test('signing for another region is refused', async () => {
	const c = client(sb, { region: 'eu-west-1', maxAttempts: 1 });
	await expect(c.send(new ListAccountsCommand({}))).rejects.toEqual(refused('InvalidSignatureException', /^Credential should be scoped to a valid region/));
});

test('a request without a signature is refused', async () => {
	const res = await fetch(`${sb.url}/accounts`);
	expect(res.status).toBe(403);
	expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
	expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
});

test('keys with a session token need the token', async () => {
	const keys = { accessKeyId: 'ASIATEMPORARY0000001', secretAccessKey: 'temporary/secret', sessionToken: 'session-token-1' };
	const temp = await sandbox({ keys: [keys] });
	const withToken = client(temp, { credentials: keys, maxAttempts: 1 });
	await expect(withToken.send(new GetUserCommand({ AccountId: DEMO.accountId, UserId: DEMO.users.bob }))).resolves.toBeDefined();
	const without = client(temp, { credentials: { ...keys, sessionToken: undefined }, maxAttempts: 1 });
	await expect(without.send(new ListAccountsCommand({}))).rejects.toEqual(refused('UnrecognizedClientException', /security token/));
	const wrong = client(temp, { credentials: { ...keys, sessionToken: 'other' }, maxAttempts: 1 });
	await expect(wrong.send(new ListAccountsCommand({}))).rejects.toEqual(refused('UnrecognizedClientException', /security token/));
	await temp.stop();
});

test('a key limited to some actions gets 403 Forbidden for the others; a suspended key 401 Unauthorized', async () => {
	const limited = { accessKeyId: 'AKIAREADONLY00000001', secretAccessKey: 'read-only', allow: ['Get*', 'List*'] };
	const suspended = { accessKeyId: 'AKIASUSPENDED0000001', secretAccessKey: 'suspended', suspended: true };
	const put = await fetch(`${sb.url}/_sandbox/keys`, { method: 'PUT', body: JSON.stringify([DEFAULT_KEYS, limited, suspended]) });
	expect(put.status).toBe(200);
	const reader = client(sb, { credentials: limited, maxAttempts: 1 });
	await expect(reader.send(new GetUserCommand({ AccountId: DEMO.accountId, UserId: DEMO.users.bob }))).resolves.toBeDefined();
	await expect(reader.send(new UpdateAccountCommand({ AccountId: DEMO.accountId, Name: 'x' }))).rejects.toMatchObject({
		name: 'ForbiddenException',
		Code: 'Forbidden',
		message: 'The client is permanently forbidden from making the request: UpdateAccount.',
		$metadata: { httpStatusCode: 403 },
	});
	await expect(client(sb, { credentials: suspended, maxAttempts: 1 }).send(new ListAccountsCommand({}))).rejects.toMatchObject({
		name: 'UnauthorizedClientException',
		Code: 'UnauthorizedClient',
		$metadata: { httpStatusCode: 401 },
	});
	const listed = (await (await fetch(`${sb.url}/_sandbox/keys`)).json()) as Array<Record<string, unknown>>;
	expect(JSON.stringify(listed)).not.toContain('read-only');
	expect(sb.state().accounts[DEMO.accountId].account.Name).toBe('Example Corp');
});
