/**
 * Issue 16 point 2, end to end in a real n8n 2.x (n8n-local/, Node 24) with this package: Unsuspend on a
 * Team account is explained before running (the notice in the node description the editor is served)
 * and after (the item's error, from `n8n execute` against the sandbox, whose demo account is a Team one).
 * Run with `npx jest -c jest.e2e.config.js --runInBand test/e2e/unsuspend.e2e.test.ts` (after `npm run build`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_KEYS, startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/seed';

import * as local from '../../scripts/local-n8n.cjs';

type LocalN8n = typeof local;
let sandbox: Sandbox;
let env: Record<string, string>;
let server: ReturnType<LocalN8n['startN8nServer']> | undefined;
let url: string;

const WORKFLOW_ID = 'chimeUnsuspendTeam1';
const NOTICE = 'Unsuspend works only in EnterpriseLWA accounts (Enterprise, Login with Amazon). In a Team account, a suspended user comes back by being invited again: User → Invite.';

/** Manual Trigger → User → Unsuspend Erin (suspended, in the demo's Team account), By Email; errors go on as items. */
const workflow = (credentialId: string) => ({
	id: WORKFLOW_ID,
	name: 'Unsuspend in a Team account',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: { Start: { main: [[{ node: 'Unsuspend Erin', type: 'main', index: 0 }]] } },
	nodes: [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'unsuspend',
			name: 'Unsuspend Erin',
			type: 'n8n-nodes-amazon-chime.amazonChimeUser',
			typeVersion: 1,
			position: [220, 0],
			onError: 'continueRegularOutput',
			credentials: { amazonChimeApi: { id: credentialId, name: 'Amazon Chime sandbox' } },
			parameters: {
				resource: 'user',
				operation: 'unsuspend',
				accountId: { __rl: true, mode: 'list', value: DEMO.accountId, cachedResultName: 'Example Corp' },
				userId: { __rl: true, mode: 'email', value: 'erin@example.com' },
			},
		},
	],
});

beforeAll(async () => {
	local.ensureInstalled();
	sandbox = await startSandbox({ seed: true });
	const dataDir = mkdtempSync(join(tmpdir(), 'chime-e2e-unsuspend-'));
	local.installPackage(dataDir);
	const port = await local.freePort();
	url = `http://127.0.0.1:${port}`;
	env = local.n8nEnv({ port, dataDir, brokerPort: await local.freePort() });
	await local.importFixtures(env, sandbox.url, DEFAULT_KEYS);
	const file = join(dataDir, 'unsuspend.json');
	writeFileSync(file, JSON.stringify(workflow(local.CREDENTIAL_ID)));
	await local.n8nCommand(['import:workflow', `--input=${file}`], env);
}, 15 * 60_000);

afterAll(async () => {
	await local.stopChild(server);
	await sandbox?.stop();
});

/** `n8n execute --rawOutput` prints the run's JSON through its logger: it starts at the first line that is `{`. */
function runData(output: string): Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> {
	const lines = output.split('\n');
	return JSON.parse(lines.slice(lines.indexOf('{')).join('\n')).data.resultData.runData;
}

test('after running: the item says Chime unsuspends only in EnterpriseLWA accounts, and that a Team user is invited again', async () => {
	const output = await local.n8nCommand(['execute', '--id', WORKFLOW_ID, '--rawOutput'], { ...env, N8N_RUNNERS_BROKER_PORT: String(await local.freePort()) });
	const items = runData(output)['Unsuspend Erin'][0].data.main[0].map((item) => item.json);
	expect(items).toEqual([
		{
			error:
				'Amazon Chime unsuspends users only in EnterpriseLWA accounts (Enterprise, Login with Amazon): in a Team account, invite the user again instead (User → Invite) (BadRequest)',
			details: 'Only users on EnterpriseLWA accounts can be unsuspended.',
		},
	]);
	// Looked up by email, then refused: Erin is still suspended.
	expect(sandbox.state().accounts[DEMO.accountId].users[DEMO.users.erin].user.UserRegistrationStatus).toBe('Suspended');
}, 180_000);

test('before running: the editor is served the notice, shown on Unsuspend only', async () => {
	server = local.startN8nServer({ ...env, N8N_RUNNERS_BROKER_PORT: String(await local.freePort()) });
	await local.waitUntilReady(url, server);
	// The editor's own request for node descriptions, signed in as the owner `npm start` creates.
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': 'e2e' },
		body: JSON.stringify({ emailOrLdapLoginId: local.OWNER.email, password: local.OWNER.password }),
	});
	expect(login.status).toBe(200);
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const served = await fetch(`${url}/types/nodes.json`, { headers: { cookie, 'browser-id': 'e2e' } });
	expect(served.status).toBe(200);
	const types = (await served.json()) as Array<{ name: string; properties: Array<{ type: string; displayName: string; displayOptions?: unknown }> }>;
	const user = types.find((type) => type.name === 'n8n-nodes-amazon-chime.amazonChimeUser');
	expect(user).toBeDefined();
	const notices = user!.properties.filter((p) => p.type === 'notice');
	expect(notices.filter((p) => p.displayName === NOTICE)).toEqual([
		expect.objectContaining({ displayOptions: { show: { resource: ['user'], operation: ['unsuspend'] } } }),
	]);
}, 5 * 60_000);
