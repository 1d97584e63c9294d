/**
 * Issue 19 point 4, end to end: a real n8n 2.x with this package serves the output schemas it ships
 * (nodes/*\/__schema__, copied into dist by the build), and its editor lists an unexecuted Chime node's
 * output fields for mapping in the next node. The screenshot goes to a temporary folder, or to
 * docs/schema-preview.png with REFRESH_DOCS=1. Run after `npm run build`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { DEFAULT_KEYS, startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/seed';
import { launchBrowser, signIn } from '../harness/editor';

import * as local from '../../scripts/local-n8n.cjs';

const ROOT = join(__dirname, '..', '..');
const SHOTS = process.env.REFRESH_DOCS === '1' ? join(ROOT, 'docs') : mkdtempSync(join(tmpdir(), 'chime-shots-'));
const USER_GET = 'n8n-nodes-amazon-chime.amazonChimeUser/1.0.0/user/get.json';

let sandbox: Sandbox;
/** What reached Amazon Chime (the sandbox): for the preview, nothing may. */
const sandboxRequests: string[] = [];
let server: ReturnType<typeof local.startN8nServer> | undefined;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	local.ensureInstalled();
	sandbox = await startSandbox({ seed: true, onRequest: (request) => sandboxRequests.push(`${request.method} ${request.path}`) });
	const dataDir = mkdtempSync(join(tmpdir(), 'chime-e2e-schemas-'));
	local.installPackage(dataDir);
	const port = await local.freePort();
	url = `http://127.0.0.1:${port}`;
	const env = local.n8nEnv({ port, dataDir, brokerPort: await local.freePort() });
	await local.importFixtures(env, sandbox.url, DEFAULT_KEYS);
	server = local.startN8nServer(env);
	await local.waitUntilReady(url, server);
	browser = await launchBrowser();
	page = await browser.newPage({ viewport: { width: 1440, height: 760 }, deviceScaleFactor: 2 });
	await signIn(page, url);
}, 15 * 60_000);

afterAll(async () => {
	await browser?.close();
	await local.stopChild(server);
	await sandbox?.stop();
});

test("n8n serves Get User's schema, the file the package ships", async () => {
	// The path the editor asks for: the node's full type, the version as x.y.z, resource, operation.
	const response = await fetch(`${url}/schemas/${USER_GET}`);
	expect(response.status).toBe(200);
	const shipped = JSON.parse(readFileSync(join(ROOT, 'nodes', 'AmazonChimeUser', '__schema__', 'v1.0.0', 'user', 'get.json'), 'utf8'));
	expect(await response.json()).toEqual(shipped);
	expect(shipped.properties).toHaveProperty('PrimaryEmail');
	// Every other operation of the node too, and nothing for one it does not have.
	expect((await fetch(`${url}/schemas/n8n-nodes-amazon-chime.amazonChimeUser/1.0.0/userSettings/update.json`)).status).toBe(200);
	expect((await fetch(`${url}/schemas/n8n-nodes-amazon-chime.amazonChimeMeeting/1.0.0/dialOut.json`)).status).toBe(200);
	expect((await fetch(`${url}/schemas/n8n-nodes-amazon-chime.amazonChimeUser/1.0.0/user/fly.json`)).status).toBe(404);
}, 60_000);

test("the editor lists an unexecuted Get User's output fields for mapping into the next node", async () => {
	const body = {
		name: 'Schema preview',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'chime',
				name: 'Find the new hire',
				type: 'n8n-nodes-amazon-chime.amazonChimeUser',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'user',
					operation: 'get',
					accountId: { __rl: true, mode: 'id', value: DEMO.accountId },
					userId: { __rl: true, mode: 'email', value: 'alice@example.com' },
				},
				credentials: { amazonChimeApi: { id: local.CREDENTIAL_ID, name: 'Amazon Chime sandbox' } },
			},
			{ id: 'set', name: 'Welcome email', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [480, 0], parameters: {} },
		],
		connections: {
			Start: { main: [[{ node: 'Find the new hire', type: 'main', index: 0 }]] },
			'Find the new hire': { main: [[{ node: 'Welcome email', type: 'main', index: 0 }]] },
		},
	};
	const workflowId = (await page.evaluate(`(async () => {
		const response = await fetch('/rest/workflows', {
			method: 'POST',
			credentials: 'include',
			headers: { 'Content-Type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') ?? '' },
			body: ${JSON.stringify(JSON.stringify(body))},
		});
		if (!response.ok) throw new Error('POST /rest/workflows: ' + response.status + ' ' + (await response.text()));
		return (await response.json()).data.id;
	})()`)) as string;
	const asked: string[] = [];
	page.on('response', (response) => {
		if (response.url().includes('/schemas/')) asked.push(`${response.status()} ${new URL(response.url()).pathname}`);
	});
	await page.goto(`${url}/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await page.locator('[data-test-id="canvas-node"]', { hasText: 'Welcome email' }).dblclick();
	const input = page.locator('[data-test-id="ndv-input-panel"]');
	await input.waitFor({ timeout: 30_000 });
	// Nothing ran: the fields come from the schema, the way the editor marks a preview.
	for (const field of ['UserId', 'PrimaryEmail', 'LicenseType', 'UserRegistrationStatus']) {
		await input.getByText(field, { exact: true }).first().waitFor({ timeout: 30_000 });
	}
	// The editor's own words for a preview from a schema, not from a run.
	await input.getByText('Usually outputs the following fields', { exact: false }).first().waitFor({ timeout: 15_000 });
	expect(asked).toContain(`200 /schemas/${USER_GET}`);
	// Secrets are not in Get User's output, so not offered for mapping either.
	await expect(input.getByText('PersonalPIN', { exact: true }).count()).resolves.toBe(0);
	// The Chime node never ran: Chime was not asked for the user.
	expect(sandboxRequests).toEqual([]);
	await page.waitForTimeout(500);
	await page.screenshot({ path: join(SHOTS, 'schema-preview.png') });
}, 180_000);
