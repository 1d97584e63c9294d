/**
 * Signing is the credential's (issue 18): every request of a node run, a trigger's poll and a From
 * List picker goes through n8n's httpRequestWithAuthentication, and the credential's `authenticate`
 * signs it, as n8n's own CredentialsHelper calls it. Node code signs nothing but Test connection's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { IHttpRequestOptions } from 'n8n-workflow';

import { AmazonChimeApi } from '../credentials/AmazonChimeApi.credentials';
import { listSearch } from '../nodes/shared/panel/locators';
import { DEFAULT_KEYS } from '../sandbox/server';
import { loadOptionsContext, runNode } from './harness/n8n';
import { id } from './harness/params';
import { pollingTrigger } from './harness/poll';
import { DEMO, sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

let sb: Sandbox;
/** Chime requests that got past the sandbox's signature check. */
let accepted = 0;
const ROLE = 'arn:aws:iam::123456789012:role/n8n-chime';
const SOURCE = { accessKeyId: 'AKIASOURCEKEY0000002', secretAccessKey: 'source/secret/0000000000000000000000002', allow: [] };
beforeAll(async () => {
	sb = await sandbox({ keys: [DEFAULT_KEYS, SOURCE], roles: [{ arn: ROLE, trust: [SOURCE.accessKeyId] }], onRequest: () => accepted++ });
});
afterAll(() => sb.stop());

const authenticate = jest.spyOn(AmazonChimeApi.prototype, 'authenticate');
beforeEach(() => {
	accepted = 0;
	authenticate.mockClear();
});
/** The service each request the credential signed was signed for. */
const signedFor = () => authenticate.mock.calls.map(([, options]: [unknown, IHttpRequestOptions]) => (options.qs?._service as string | undefined) ?? 'chime');

const getUser = { resource: 'user', operation: 'get', accountId: id(DEMO.accountId), userId: id(DEMO.users.bob) };

test("a node run's requests are signed by the credential, through n8n's engine", async () => {
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, [{}, {}], sandboxCredential(sb));
	expect(result.error).toBeUndefined();
	expect(result.output.Chime.map((user) => user.UserId)).toEqual([DEMO.users.bob, DEMO.users.bob]);
	expect(signedFor()).toEqual(['chime', 'chime']);
	expect(accepted).toBe(2);
});

test('a wrong secret in the credential: Chime refuses the signature, and the secret is nowhere in the error', async () => {
	const credential = { ...sandboxCredential(sb), secretAccessKey: 'not/the/secret/00000000000000000000000' };
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, [{}], credential);
	expect(result.error?.message).toMatch(/InvalidSignature/);
	expect(JSON.stringify({ message: result.error?.message, description: result.error?.description })).not.toContain(credential.secretAccessKey);
	expect(authenticate).toHaveBeenCalledTimes(1);
	expect(accepted).toBe(0);
});

test("Assume Role: the credential signs AssumeRole with the source keys (sts), then Chime's calls with the session's", async () => {
	const credential = { authentication: 'assumeRole', ...SOURCE, roleArn: ROLE, roleSessionName: 'signing-test', stsEndpoint: `${sb.url}/_sts`, endpoint: sb.url };
	const result = await runNode({ type: 'amazonChimeUser', parameters: getUser }, [{}], credential);
	expect(result.error).toBeUndefined();
	expect(signedFor()).toEqual(['sts', 'chime']);
	const [[sourceSigned], [sessionSigned]] = authenticate.mock.calls;
	expect(sourceSigned.accessKeyId).toBe(SOURCE.accessKeyId);
	expect(sessionSigned.accessKeyId).not.toBe(SOURCE.accessKeyId);
	expect(sessionSigned.sessionToken).toEqual(expect.any(String));
	expect(accepted).toBe(1);
});

test("a trigger's poll and a From List picker are signed by the credential too", async () => {
	await pollingTrigger({ events: ['newUser'], accountId: id(DEMO.accountId) }, sandboxCredential(sb)).poll();
	const polled = accepted;
	expect(polled).toBeGreaterThan(0);
	await listSearch.searchAccounts.call(loadOptionsContext('amazonChimeUser', {}, sandboxCredential(sb)));
	expect(accepted).toBe(polled + 1);
	expect(signedFor()).toEqual(Array.from({ length: accepted }, () => 'chime'));
});

/** Source files under a folder, by path from the repository. */
function sources(folder: string): Record<string, string> {
	const root = join(__dirname, '..');
	const files = readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
	return Object.fromEntries(files.map((file) => [relative(root, join(root, folder, file)), readFileSync(join(root, folder, file), 'utf8')]));
}

test("node code signs nothing: only Test connection signs (n8n's legacy helper calls no authenticate), and requests go through httpRequestWithAuthentication", () => {
	const nodes = sources('nodes');
	const signing = Object.keys(nodes).filter((file) => /\bsignRequest\b/.test(nodes[file]) && !file.endsWith('chime/sigv4.ts'));
	expect(signing).toEqual(['nodes/shared/chime/credentialTest.ts']);
	const plainHelpers = Object.keys(nodes).filter((file) => /helpers\.httpRequest\b(?!WithAuthentication)|\.request\(/.test(nodes[file]));
	expect(plainHelpers).toEqual(['nodes/shared/chime/http.ts']);
	// …where `helpers.request` is Test connection's legacy helper, and every other request is authenticated.
	expect(nodes['nodes/shared/chime/http.ts'].match(/helpers\.\w+/g)).toEqual(['helpers.httpRequestWithAuthentication', 'helpers.request']);
	expect(Object.keys(sources('credentials')).filter((file) => /\bsignRequest\(/.test(sources('credentials')[file]))).toEqual([
		'credentials/AmazonChimeApi.credentials.ts',
	]);
});
