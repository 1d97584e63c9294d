/**
 * Assume Role through n8n's engine against the sandbox's STS: temporary keys fetched once for a long
 * run, renewed before they expire or when Chime calls them expired, without a failed item, and never
 * in the output.
 */
import { runNode } from './harness/n8n';
import { id } from './harness/params';
import { DEMO, sandbox, type Sandbox } from './harness/sandbox';

const ROLE = 'arn:aws:iam::123456789012:role/n8n-chime';
// Keys that may call nothing in Chime themselves: only the role's keys can.
const SOURCE = { accessKeyId: 'AKIASOURCEKEY0000001', secretAccessKey: 'source/secret/0000000000000000000000000', allow: [] };

let sb: Sandbox;
/** The Chime requests that got past the signature check, in order. */
let chimeRequests = 0;
let onChimeRequest: (count: number) => void = () => {};
beforeAll(async () => {
	sb = await sandbox({
		keys: [SOURCE],
		roles: [{ arn: ROLE, trust: [SOURCE.accessKeyId], externalId: 'acme-7' }],
		onRequest: () => onChimeRequest(++chimeRequests),
	});
});
afterAll(() => sb.stop());
beforeEach(() => {
	sb.sts.resetCounters();
	chimeRequests = 0;
	onChimeRequest = () => {};
});

/** Each test has its own session name, and so its own cached session. */
const credential = (roleSessionName: string) => ({
	authentication: 'assumeRole',
	accessKeyId: SOURCE.accessKeyId,
	secretAccessKey: SOURCE.secretAccessKey,
	roleArn: ROLE,
	externalId: 'acme-7',
	roleSessionName,
	durationSeconds: 3600,
	stsEndpoint: `${sb.url}/_sts`,
	endpoint: sb.url,
});
const getUser = { resource: 'user', operation: 'get', accountId: id(DEMO.accountId), userId: id('={{ $json.id }}') };
const bobs = (n: number) => Array.from({ length: n }, () => ({ id: DEMO.users.bob }));

test('a run of 1,000 items assumes the role once', async () => {
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, bobs(1000), credential('thousand'));
	expect(result.error).toBeUndefined();
	expect(result.output.Chime).toHaveLength(1000);
	expect(result.output.Chime.every((user) => user.UserId === DEMO.users.bob)).toBe(true);
	expect(chimeRequests).toBe(1000);
	expect(sb.sts.counters).toEqual({ calls: 1, issued: 1, refused: 0, expiredRefusals: 0 });
});

test('the next run reuses the session: no second AssumeRole', async () => {
	await runNode({ type: 'amazonChimeUser', parameters: getUser }, bobs(3), credential('reused'));
	await runNode({ type: 'amazonChimeUser', parameters: getUser }, bobs(3), credential('reused'));
	expect(sb.sts.counters.issued).toBe(1);
});

test('a session that Chime calls expired mid-run is renewed once, and no item fails', async () => {
	// After the 100th call, every key issued so far ends: the calls signed with it are refused.
	onChimeRequest = (count) => count === 100 && sb.sts.expireAll();
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, bobs(300), credential('expiring'));
	expect(result.error).toBeUndefined();
	expect(result.output.Chime).toHaveLength(300);
	expect(result.output.Chime.every((user) => user.UserId === DEMO.users.bob)).toBe(true);
	expect(sb.sts.counters.issued).toBe(2);
	expect(sb.sts.counters.expiredRefusals).toBeGreaterThan(0);
	// Every item was answered once: a refused call was sent again, not an item dropped or doubled.
	expect(chimeRequests).toBe(300);
});

test('keys with less than 5 minutes left are renewed before they are used', async () => {
	// Only Date is faked, so that the run's own waits and sockets go on as usual.
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'queueMicrotask', 'hrtime', 'performance'] });
	try {
		// 56 minutes into the hour's session (the sandbox's clock too): still valid, but about to end. One
		// call at a time, so that no call signed before the jump is checked after it.
		onChimeRequest = (count) => count === 100 && jest.setSystemTime(Date.now() + 56 * 60_000);
		const parameters = { ...getUser, requestOptions: { concurrency: 1 } };
		const result = await runNode({ type: 'amazonChimeUser', parameters }, bobs(150), credential('renewed-early'));
		expect(result.error).toBeUndefined();
		expect(result.output.Chime).toHaveLength(150);
		expect(chimeRequests).toBe(150);
		expect(sb.sts.counters).toMatchObject({ issued: 2, expiredRefusals: 0 });
	} finally {
		jest.useRealTimers();
	}
});

test('the role refusing fails every item with STS\'s words after one AssumeRole, and sends nothing to Chime', async () => {
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser, continueOnFail: true }, bobs(25), { ...credential('refused-each'), externalId: 'acme-8' });
	expect(result.output.Chime).toHaveLength(25);
	expect(result.output.Chime.every((item) => /^AWS STS did not let the credential's keys assume the role: check the role's trust policy and the External ID \(AccessDenied\)/.test(String(item.error)))).toBe(true);
	expect(sb.sts.counters).toMatchObject({ calls: 1, refused: 1 });
	expect(chimeRequests).toBe(0);
});

test('STS out of reach: the error names STS\'s endpoint, not Chime\'s', async () => {
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, bobs(1), { ...credential('unreachable'), stsEndpoint: 'http://127.0.0.1:9/_sts' });
	expect(`${result.error?.message} ${result.error?.description}`).toContain('Could not reach AWS STS at http://127.0.0.1:9/_sts');
	expect(chimeRequests).toBe(0);
});

test('the role refusing fails the run with STS\'s words, and sends nothing to Chime', async () => {
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, bobs(5), { ...credential('refused'), externalId: 'acme-8' });
	expect(result.error?.message).toMatch(/^AWS STS did not let the credential's keys assume the role: check the role's trust policy and the External ID \(AccessDenied\)/);
	expect(`${result.error?.message} ${result.error?.description}`).toContain(`is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
	expect(chimeRequests).toBe(0);
	expect(JSON.stringify(result.run)).not.toContain(SOURCE.secretAccessKey);
});

test('temporary keys never reach the output or the run data', async () => {
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, bobs(2), credential('secret'));
	const issued = sb.keys.filter((key) => key.accessKeyId.startsWith('ASIA'));
	expect(issued.length).toBeGreaterThan(0);
	const run = JSON.stringify(result.run);
	for (const key of issued) {
		expect(run).not.toContain(key.secretAccessKey);
		expect(run).not.toContain(key.sessionToken);
	}
});
