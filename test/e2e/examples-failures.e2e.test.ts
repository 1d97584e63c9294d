/**
 * End to end, issue 16: the examples never hide a failure, in a real n8n 2.x (n8n-local/) with this
 * package installed as a community package and the examples imported as `npm start` imports them. Each
 * is run the way a user does it in the editor (*Execute workflow*, `POST /rest/workflows/:id/run`), and
 * read back from n8n's executions list through its public API, as the *Executions* page shows it.
 * Run with `npx jest -c jest.e2e.config.js --runInBand test/e2e/examples-failures.e2e.test.ts` (after `npm run build`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { addUser } from '../../sandbox/backend/users';
import { actions } from '../../sandbox/model';
import { DEFAULT_KEYS, startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/seed';

// The same helpers `npm start` uses.
import * as local from '../../scripts/local-n8n.cjs';
import * as queue from '../../scripts/queue.cjs';

type LocalN8n = typeof local;
let sandbox: Sandbox;
let server: ReturnType<LocalN8n['startN8nServer']> | undefined;
let url: string;
let dataDir: string;
let rest: queue.RestSession;
let apiKey: string;
let serverLog = '';

interface Execution {
	id: string;
	status: string;
	finished: boolean;
	data?: {
		resultData: {
			error?: { message: string; node?: { name: string } };
			runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>>;
		};
	};
}

beforeAll(async () => {
	local.ensureInstalled();
	sandbox = await startSandbox({ seed: true, orderDelayMs: 0 });
	dataDir = mkdtempSync(join(tmpdir(), 'chime-failures-e2e-'));
	local.installPackage(dataDir);
	const port = await local.freePort();
	url = `http://127.0.0.1:${port}`;
	const env = local.n8nEnv({ port, dataDir, brokerPort: await local.freePort() });
	await local.importFixtures(env, sandbox.url, DEFAULT_KEYS);
	server = local.startN8nServer(env, (chunk: Buffer) => {
		serverLog += chunk.toString();
	});
	await local.waitUntilReady(url, server);
	rest = await queue.restSession(url);
	// The public API, for the executions list and an execution's data (Settings → n8n API → Create an API key).
	apiKey = (await rest.post<{ rawApiKey: string }>('/api-keys', { label: 'failures e2e', expiresAt: null, scopes: ['execution:read', 'execution:list'] })).rawApiKey;
}, 15 * 60_000);

afterAll(async () => {
	await local.stopChild(server);
	await sandbox?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

beforeEach(() => {
	sandbox.reset(true);
	sandbox.keys.splice(0, sandbox.keys.length, DEFAULT_KEYS);
});

const account = () => sandbox.state().accounts[DEMO.accountId];
const api = async <T>(path: string): Promise<T> => {
	const response = await fetch(`${url}/api/v1${path}`, { headers: { 'X-N8N-API-KEY': apiKey } });
	if (!response.ok) throw new Error(`GET /api/v1${path}: ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
};

/** *Execute workflow* in the editor, from the example's schedule trigger; resolves once n8n has finished it. */
async function execute(workflowId: string, trigger: string): Promise<Execution> {
	const { executionId } = await rest.post<{ executionId: string }>(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } });
	let last: Execution | undefined;
	await queue.waitFor(`execution ${executionId}`, async () => {
		last = await api<Execution>(`/executions/${executionId}?includeData=true`);
		return !['new', 'running', 'waiting'].includes(last.status);
	}, server, 120);
	return last!;
}

/** The status the *Executions* list shows for an execution of this workflow. */
async function listed(workflowId: string, id: string): Promise<string | undefined> {
	const { data } = await api<{ data: Array<{ id: string; status: string }> }>(`/executions?workflowId=${workflowId}&limit=50`);
	return data.find((execution) => String(execution.id) === String(id))?.status;
}

const output = (run: Execution, node: string) => run.data!.resultData.runData[node]?.[0].data.main[0].map((item) => item.json);

test('offboarding with a key not allowed to list users ends failed in the executions list, naming every leaver; nobody is suspended', async () => {
	// Every Chime action but ListUsers: the lookups by email are refused (403 Forbidden).
	sandbox.keys.splice(0, sandbox.keys.length, { ...DEFAULT_KEYS, allow: actions.filter((action) => action !== 'ListUsers') });
	const run = await execute('chimeOffboarding', 'Every Monday');

	expect(run.status).toBe('error');
	expect(await listed('chimeOffboarding', run.id)).toBe('error');
	const error = run.data!.resultData.error!;
	expect(error.node?.name).toBe('Fail the run, naming them');
	expect(error.message).toMatch(/^Offboarding: 3 of 3 leavers failed: /);
	for (const email of ['carol@example.com', 'bob@example.com', 'nobody@example.com']) {
		expect(error.message).toContain(`${email} (The AWS key is not permitted to do this in Amazon Chime (Forbidden)`);
	}
	expect(output(run, 'Report')!.map((row) => row.result)).toEqual(['failed', 'failed', 'failed']);
	expect(account().users[DEMO.users.bob].user.UserRegistrationStatus).toBe('Registered');
	expect(account().users[DEMO.users.carol].user.UserRegistrationStatus).toBe('Unregistered');
	expect(sandbox.faults.report().byAction.BatchSuspendUser?.calls ?? 0).toBe(0);
}, 180_000);

test('pending invitations leaves a suspended user whose invitation is still Pending alone, and invites the one still to be invited', async () => {
	// Carol was offboarded before she accepted her invitation (20 days ago); Frank is still to be invited.
	account().users[DEMO.users.carol].user.UserRegistrationStatus = 'Suspended';
	const frank = addUser(account(), 'frank@example.com', { UserRegistrationStatus: 'Unregistered' });
	Object.assign(frank.user, { UserInvitationStatus: 'Pending', InvitedOn: new Date(Date.now() - 20 * 86_400_000).toISOString() });
	const run = await execute('chimePendingInv1', 'Every day');

	expect(run.status).toBe('success');
	expect(await listed('chimePendingInv1', run.id)).toBe('success');
	expect(sandbox.state().invitationsSent[DEMO.accountId]).toEqual({ 'frank@example.com': 1 });
	expect(account().users[DEMO.users.carol].user.UserRegistrationStatus).toBe('Suspended');
	expect(output(run, 'Report')).toEqual([
		{ email: 'dave@example.com', result: 'suspended', why: '' },
		{ email: 'frank@example.com', result: 'invited again', why: '' },
	]);
	expect(serverLog).not.toMatch(/Failed to load package|Unknown node type/i);
}, 180_000);
