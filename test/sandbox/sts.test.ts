/**
 * The sandbox's STS, called by AWS's own SDK client: AssumeRole's trust list and external ID, the
 * temporary keys Chime's routes then accept, ExpiredTokenException once they expire, the counters.
 */
import { GetUserCommand, ListAccountsCommand } from '@aws-sdk/client-chime';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

import { client, DEMO, sandbox, type Sandbox } from '../harness/sandbox';

const ROLE = 'arn:aws:iam::123456789012:role/n8n-chime';
const OPEN_ROLE = 'arn:aws:iam::123456789012:role/no-external-id';
const SOURCE = { accessKeyId: 'AKIASOURCEKEY0000001', secretAccessKey: 'source/secret/0000000000000000000000000', allow: [] };
const STRANGER = { accessKeyId: 'AKIASTRANGER00000001', secretAccessKey: 'stranger/secret/000000000000000000000000' };

let sb: Sandbox;
beforeAll(async () => {
	sb = await sandbox({
		keys: [SOURCE, STRANGER],
		roles: [
			{ arn: ROLE, trust: [SOURCE.accessKeyId], externalId: 'acme-7', allow: ['List*'] },
			{ arn: OPEN_ROLE, trust: [SOURCE.accessKeyId], maxSessionSeconds: 7200 },
		],
	});
});
afterAll(() => sb.stop());
beforeEach(() => sb.sts.resetCounters());

const sts = (keys: { accessKeyId: string; secretAccessKey: string }) =>
	new STSClient({ region: 'us-east-1', endpoint: `${sb.url}/_sts`, credentials: keys, maxAttempts: 1 });
const assume = (keys: typeof SOURCE | typeof STRANGER, input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) =>
	sts(keys).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'test', ExternalId: 'acme-7', ...input }));
const refusal = (promise: Promise<unknown>) => promise.then(() => 'no error', (e: Error) => `${e.name}: ${e.message}`);

test('a trusted key with the right external ID gets temporary keys that Chime accepts, for the role\'s actions only', async () => {
	const answer = await assume(SOURCE, { DurationSeconds: 900 });
	const keys = answer.Credentials!;
	expect(keys.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
	expect(keys.Expiration!.getTime() - Date.now()).toBeGreaterThan(890_000);
	expect(keys.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
	expect(answer.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/n8n-chime/test');
	const chime = client(sb, {
		maxAttempts: 1,
		credentials: { accessKeyId: keys.AccessKeyId!, secretAccessKey: keys.SecretAccessKey!, sessionToken: keys.SessionToken! },
	});
	expect((await chime.send(new ListAccountsCommand({}))).Accounts?.map((a) => a.AccountId)).toContain(DEMO.accountId);
	expect(await refusal(chime.send(new GetUserCommand({ AccountId: DEMO.accountId, UserId: DEMO.users.bob })))).toMatch(/^ForbiddenException: .*GetUser/);
	expect(sb.sts.counters).toEqual({ calls: 1, issued: 1, refused: 0, expiredRefusals: 0 });

	sb.sts.expireAll();
	expect(await refusal(chime.send(new ListAccountsCommand({})))).toBe('ExpiredTokenException: The security token included in the request is expired');
	expect(sb.sts.counters.expiredRefusals).toBe(1);
});

test.each([
	['a key the role does not trust', () => assume(STRANGER), `AccessDenied: User: ${STRANGER.accessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`],
	['a wrong external ID', () => assume(SOURCE, { ExternalId: 'acme-8' }), `AccessDenied: User: ${SOURCE.accessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`],
	['no external ID', () => assume(SOURCE, { ExternalId: undefined }), `AccessDenied: User: ${SOURCE.accessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`],
	['an unknown key', () => assume({ ...STRANGER, accessKeyId: 'AKIANOBODY0000000001' }), 'InvalidClientTokenId: The security token included in the request is invalid.'],
	['a wrong secret', () => assume({ ...SOURCE, secretAccessKey: 'wrong' }), /^SignatureDoesNotMatch: The request signature we calculated/],
	['a duration past the role\'s maximum', () => assume(SOURCE, { DurationSeconds: 3601 }), 'ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'],
	['a session name with a space', () => assume(SOURCE, { RoleSessionName: 'my session' }), /^ValidationError: 1 validation error detected: Value at 'roleSessionName'/],
])('%s is refused as AWS refuses it', async (_, call, expected) => {
	const message = await refusal(call());
	if (typeof expected === 'string') expect(message).toBe(expected);
	else expect(message).toMatch(expected);
	expect(sb.sts.counters).toMatchObject({ calls: 1, issued: 0, refused: 1 });
});

test('a role without an external ID condition ignores one, and allows its own maximum duration', async () => {
	const answer = await assume(SOURCE, { RoleArn: OPEN_ROLE, ExternalId: 'anything', DurationSeconds: 7200 });
	expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA/);
});

test('the counters on the admin endpoint', async () => {
	await assume(SOURCE);
	await refusal(assume(STRANGER));
	expect(await (await fetch(`${sb.url}/_sandbox/sts`)).json()).toEqual({ calls: 2, issued: 1, refused: 1, expiredRefusals: 0 });
});
