/** "Test connection" makes one signed ListAccounts and says plainly what is wrong. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { AmazonChimeApi } from '../credentials/AmazonChimeApi.credentials';
import { amazonChimeApiTest } from '../nodes/shared/chime/credentialTest';
import { credentialTestContext } from './harness/n8n';
import { TEST_KEYS } from './harness/params';
import { chimeError, Recorder, type Reply } from './harness/recorder';
import { sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

const recorder = new Recorder();
let endpoint: string;
beforeAll(async () => {
	endpoint = await recorder.start();
});
afterAll(() => recorder.stop());

async function testWith(reply: Reply, data: Record<string, string> = {}) {
	recorder.reset(() => reply);
	const credential = { id: '1', name: 'Chime', type: 'amazonChimeApi', data: { ...TEST_KEYS, endpoint, ...data } };
	return amazonChimeApiTest.call(credentialTestContext(), credential);
}

const awsError = (status: number, type: string, message: string): Reply => ({
	status,
	headers: { 'x-amzn-ErrorType': type },
	body: { message },
});

describe('against the sandbox', () => {
	let sb: Sandbox;
	const requests: string[] = [];
	const actions: string[] = [];
	beforeAll(async () => {
		sb = await sandbox({
			onRequest: (r) => {
				requests.push(`${r.method} ${r.path} ${JSON.stringify(r.query)}`);
				actions.push(r.action);
			},
		});
	});
	afterAll(() => sb.stop());
	const test_ = (data: Record<string, string>) =>
		amazonChimeApiTest.call(credentialTestContext(), { id: '1', name: 'Chime', type: 'amazonChimeApi', data: { ...sandboxCredential(sb), ...data } });

	test('the right keys: OK, after one signed ListAccounts with MaxResults 1', async () => {
		requests.length = 0;
		expect(await test_({})).toEqual({ status: 'OK', message: `Connection successful: Amazon Chime answered at ${sb.url}` });
		expect(requests).toEqual(['GET /accounts {"max-results":"1"}']);
	});

	test('an unknown key', async () => {
		expect(await test_({ accessKeyId: 'AKIAUNKNOWN000000000' })).toEqual({
			status: 'Error',
			message: 'The Access Key ID is not known to AWS. Check that it was copied whole. Chime said: The security token included in the request is invalid.',
		});
	});

	test('keys that are valid but not permitted', async () => {
		const [key] = sb.keys;
		sb.keys.splice(0, 1, { ...key, allow: ['GetUser'] });
		const result = await test_({});
		sb.keys.splice(0, 1, key);
		expect(result).toEqual({
			status: 'Error',
			message:
				'The keys are valid but not permitted to use Amazon Chime: allow chime:ListAccounts for them. Chime said: The client is permanently forbidden from making the request: ListAccounts.',
		});
	});

	test('keys allowed only phone numbers, after the Amazon Chime application ended: OK for Amazon Chime SDK Voice, saying why Chime itself refused', async () => {
		const [key] = sb.keys;
		sb.keys.splice(0, 1, { ...key, allow: ['ListPhoneNumbers'] });
		actions.length = 0;
		const result = await test_({ voiceEndpoint: `${sb.url}/voice` });
		sb.keys.splice(0, 1, key);
		expect(result).toEqual({
			status: 'OK',
			message: `Connection successful for the Phone Number node on Amazon Chime SDK Voice: it answered at ${sb.url}/voice. Amazon Chime itself did not: The keys are valid but not permitted to use Amazon Chime: allow chime:ListAccounts for them. Chime said: The client is permanently forbidden from making the request: ListAccounts.`,
		});
		expect(actions).toEqual(['ListAccounts', 'voice:ListPhoneNumbers']);
	});

	test('a wrong secret', async () => {
		const result = await test_({ secretAccessKey: 'wrong' });
		expect(result.message).toMatch(/^The Secret Access Key does not match the Access Key ID \(bad signature\)\. Chime said: The request signature/);
		expect(result.message).not.toContain('wrong');
	});
});

test('a working key: one signed ListAccounts with MaxResults 1', async () => {
	const result = await testWith({ status: 200, body: { Accounts: [] } });
	expect(result).toEqual({ status: 'OK', message: `Connection successful: Amazon Chime answered at ${endpoint}` });
	expect(recorder.requests).toHaveLength(1);
	expect(recorder.requests[0]).toMatchObject({ method: 'GET', path: '/accounts', query: { 'max-results': '1' } });
	expect(recorder.requests[0].headers.authorization).toContain('/us-east-1/chime/aws4_request');
});

test('a session token is sent', async () => {
	await testWith({ status: 200, body: {} }, { sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
	expect(recorder.requests[0].headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLE');
});

test.each([
	['unknown key', awsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'), /^The Access Key ID is not known to AWS/],
	['bad signature', awsError(403, 'InvalidSignatureException', 'The request signature we calculated does not match'), /^The Secret Access Key does not match the Access Key ID \(bad signature\)/],
	['not permitted', chimeError(403, 'Forbidden', 'User is not authorized to perform chime:ListAccounts'), /^The keys are valid but not permitted to use Amazon Chime/],
	['expired session', awsError(403, 'ExpiredTokenException', 'The security token included in the request is expired'), /^The Session Token has expired/],
	['server failure, not retried', chimeError(500, 'ServiceFailure', 'Internal'), /^Amazon Chime failed to process the request \(ServiceFailure\)\. Chime said: Internal$/],
])('%s', async (_, reply, message) => {
	const result = await testWith(reply);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(message);
	expect(result.message).not.toContain(TEST_KEYS.secretAccessKey);
	expect(recorder.requests).toHaveLength(1);
});

test('an unreachable endpoint', async () => {
	const result = await testWith({}, { endpoint: 'http://127.0.0.1:9' });
	expect(result).toEqual({ status: 'Error', message: 'Could not reach Amazon Chime at http://127.0.0.1:9 (ECONNREFUSED).' });
});

test('a custom endpoint that is not a URL', async () => {
	const result = await testWith({}, { endpoint: 'chime.local' });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/^The Custom Endpoint "chime.local" is not a URL/);
});

test('the credential asks for keys, a session token, the role to assume and an endpoint, secrets hidden', () => {
	const fields = Object.fromEntries(new AmazonChimeApi().properties.map((p) => [p.name, p]));
	expect(Object.keys(fields)).toEqual([
		'authentication',
		'accessKeyId',
		'secretAccessKey',
		'sessionToken',
		'roleArn',
		'externalId',
		'roleSessionName',
		'durationSeconds',
		'stsEndpoint',
		'endpoint',
		'voiceEndpoint',
	]);
	// Credentials saved before Assume Role existed have no authentication value: they keep signing with their keys.
	expect(fields.authentication.default).toBe('accessKeys');
	for (const name of ['roleArn', 'externalId', 'roleSessionName', 'durationSeconds', 'stsEndpoint']) {
		expect(fields[name].displayOptions).toEqual({ show: { authentication: ['assumeRole'] } });
	}
	expect(fields.secretAccessKey.typeOptions?.password).toBe(true);
	expect(fields.sessionToken.typeOptions?.password).toBe(true);
});

describe('Assume Role: Test connection says which step failed', () => {
	const ROLE = 'arn:aws:iam::123456789012:role/n8n-chime';
	const LIMITED_ROLE = 'arn:aws:iam::123456789012:role/n8n-chime-limited';
	const SOURCE = { accessKeyId: 'AKIASOURCEKEY0000001', secretAccessKey: 'source/secret/0000000000000000000000000', allow: [] };
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await sandbox({
			keys: [SOURCE],
			roles: [
				{ arn: ROLE, trust: [SOURCE.accessKeyId], externalId: 'acme-7' },
				{ arn: LIMITED_ROLE, trust: [SOURCE.accessKeyId], allow: ['GetUser'] },
			],
		});
	});
	afterAll(() => sb.stop());
	const test_ = (data: Record<string, string>) =>
		amazonChimeApiTest.call(credentialTestContext(), {
			id: '1',
			name: 'Chime',
			type: 'amazonChimeApi',
			data: { authentication: 'assumeRole', ...SOURCE, roleArn: ROLE, externalId: 'acme-7', stsEndpoint: `${sb.url}/_sts`, endpoint: sb.url, ...data },
		});

	test('the role assumed and Chime answering: OK, after a fresh AssumeRole', async () => {
		sb.sts.resetCounters();
		expect(await test_({})).toEqual({ status: 'OK', message: `Connection successful: Amazon Chime answered at ${sb.url} as the role ${ROLE}` });
		expect(await test_({})).toMatchObject({ status: 'OK' });
		// Each test asks STS again: a cached session would hide a trust policy changed since.
		expect(sb.sts.counters.issued).toBe(2);
	});

	test('the keys: unknown to STS', async () => {
		expect(await test_({ accessKeyId: 'AKIANOBODY0000000001' })).toEqual({
			status: 'Error',
			message:
				'Assume Role failed at its first step: AWS STS does not know the Access Key ID. Check that it was copied whole. STS said: The security token included in the request is invalid.',
		});
	});

	test('the keys: a wrong secret', async () => {
		const result = await test_({ secretAccessKey: 'wrong-secret' });
		expect(result.message).toMatch(/^Assume Role failed at its first step: the Secret Access Key does not match the Access Key ID \(bad signature\)\. STS said: The request signature/);
		expect(result.message).not.toContain('wrong-secret');
	});

	test('the role\'s trust: AccessDenied', async () => {
		sb.sts.roles.find((r) => r.arn === ROLE)!.trust = [];
		const result = await test_({ externalId: '' });
		sb.sts.roles.find((r) => r.arn === ROLE)!.trust = [SOURCE.accessKeyId];
		expect(result).toEqual({
			status: 'Error',
			message: `The keys are valid, but the role ${ROLE} does not trust them: its trust policy must allow sts:AssumeRole for them. If the policy asks for an External ID, enter it. STS said: User: *** is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
		});
	});

	test('the external ID: AccessDenied with one given', async () => {
		const result = await test_({ externalId: 'acme-8' });
		expect(result).toEqual({
			status: 'Error',
			message: `The keys are valid, but the role ${ROLE} refused them with this External ID. Check that the External ID is the one in the role's trust policy (its sts:ExternalId condition), and that the policy trusts these keys. STS said: User: *** is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
		});
		// The key ID in STS's words is scrubbed, as every key in the credential is.
	});

	test('Chime itself: the role assumed, but not allowed ListAccounts', async () => {
		expect(await test_({ roleArn: LIMITED_ROLE, externalId: '' })).toEqual({
			status: 'Error',
			message: `The role ${LIMITED_ROLE} was assumed, but Amazon Chime refused it: allow chime:ListAccounts (and the chime: actions your workflows use) in the role's permissions policy (Forbidden). Chime said: The client is permanently forbidden from making the request: ListAccounts.`,
		});
	});

	test('STS out of reach', async () => {
		expect(await test_({ stsEndpoint: 'http://127.0.0.1:9/_sts' })).toEqual({
			status: 'Error',
			message: 'Could not reach AWS STS at http://127.0.0.1:9/_sts to assume the role (ECONNREFUSED).',
		});
	});

	test('no Role ARN, or an STS Endpoint that is not a URL: nothing is sent', async () => {
		sb.sts.resetCounters();
		expect(await test_({ roleArn: '' })).toEqual({ status: 'Error', message: 'Enter the Role ARN, e.g. arn:aws:iam::123456789012:role/n8n-chime' });
		expect((await test_({ stsEndpoint: 'sts.local' })).message).toMatch(/^The STS Endpoint "sts.local" is not a URL/);
		expect(sb.sts.counters.calls).toBe(0);
	});
});

describe('Assume Role: an STS endpoint that does not answer as STS', () => {
	let server: Server;
	let url: string;
	let reply: { status: number; body: string } = { status: 200, body: '' };
	let requests: Array<{ body: string; authorization: string }> = [];
	beforeAll(async () => {
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				requests.push({ body, authorization: String(req.headers.authorization) });
				res.writeHead(reply.status, { 'content-type': 'text/html' });
				res.end(reply.body);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));
	const test_ = () =>
		amazonChimeApiTest.call(credentialTestContext(), {
			id: '1',
			name: 'Chime',
			type: 'amazonChimeApi',
			data: { authentication: 'assumeRole', ...TEST_KEYS, roleArn: 'arn:aws:iam::123456789012:role/r', stsEndpoint: url, endpoint: url },
		});

	test('the request is STS AssumeRole, signed for sts in us-east-1', async () => {
		requests = [];
		reply = { status: 200, body: '<html>proxy login</html>' };
		await test_();
		expect(requests[0].body).toBe('Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=n8n-amazon-chime&DurationSeconds=3600');
		expect(requests[0].authorization).toMatch(/\/us-east-1\/sts\/aws4_request, /);
	});

	test.each([
		['a 200 page without temporary keys', { status: 200, body: '<html>proxy login</html>' }, /^The STS Endpoint http:\/\/127\.0\.0\.1:\d+ did not answer as AWS STS does \(NotStsAnswer\)\. STS said: The answer to AssumeRole holds no temporary keys with an expiry: is the STS Endpoint right\?$/],
		['keys without an expiry', { status: 200, body: '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken></Credentials></AssumeRoleResult></AssumeRoleResponse>' }, /\(NotStsAnswer\)/],
		['an error page that is not STS\'s', { status: 404, body: '<html>Not Found</html>' }, /^The STS Endpoint http:\/\/127\.0\.0\.1:\d+ did not answer as AWS STS does \(HTTP404\)\. STS said: STS answered 404 without an STS error/],
	])('%s: refused in words, Chime never called', async (_, answer, expected) => {
		requests = [];
		reply = answer;
		const result = await test_();
		expect(result.status).toBe('Error');
		if (typeof expected === 'string') expect(result.message).toBe(expected);
		else expect(result.message).toMatch(expected);
		// One AssumeRole (a 4xx or a bad 200 is not asked again), and no Chime call after it.
		expect(requests).toHaveLength(1);
	});
});
