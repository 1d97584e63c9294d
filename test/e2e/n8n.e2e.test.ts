/**
 * End to end: a real n8n 2.x (installed into n8n-local/ on first use, on Node 24) with this package,
 * the sandbox credential and the example workflows. `n8n execute` runs one; a headless Chromium opens
 * the editor, checks our nodes and their icons on the canvas, opens a node's parameters, and takes a
 * screenshot of the onboarding example: to a temporary folder, or to docs/onboarding.png with
 * REFRESH_DOCS=1. Run with `npm run test:e2e` (after `npm run build`).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { DEFAULT_KEYS, startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/seed';
import { launchBrowser, signIn } from '../harness/editor';

// The same helpers `npm start` uses.
import * as local from '../../scripts/local-n8n.cjs';

type LocalN8n = typeof local;
const SHOTS = process.env.REFRESH_DOCS === '1' ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'chime-shots-'));
let sandbox: Sandbox;
let env: Record<string, string>;
let server: ReturnType<LocalN8n['startN8nServer']> | undefined;
let url: string;
let serverLog = '';

beforeAll(async () => {
	local.ensureInstalled();
	sandbox = await startSandbox({ seed: true, orderDelayMs: 500 });
	const dataDir = mkdtempSync(join(tmpdir(), 'chime-e2e-'));
	local.installPackage(dataDir);
	const port = await local.freePort();
	url = `http://127.0.0.1:${port}`;
	env = local.n8nEnv({ port, dataDir, brokerPort: await local.freePort() });
	await local.importFixtures(env, sandbox.url, DEFAULT_KEYS);
}, 15 * 60_000);

afterAll(async () => {
	await local.stopChild(server);
	await sandbox?.stop();
});

/** `n8n execute --rawOutput` prints the run's JSON through its logger: it starts at the first line that is `{`. */
function runResult(output: string): { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } } } {
	const lines = output.split('\n');
	return JSON.parse(lines.slice(lines.indexOf('{')).join('\n'));
}

// Onboarding starts from its Webhook (test/e2e/webhook.e2e.test.ts posts to it); `n8n execute` needs a Manual trigger.
test('n8n execute runs the department room example against the sandbox', async () => {
	const output = await local.n8nCommand(['execute', '--id', 'chimeDeptRoom001', '--rawOutput'], {
		...env,
		N8N_RUNNERS_BROKER_PORT: String(await local.freePort()),
	});
	const runData = runResult(output).data.resultData.runData;
	const added = runData['Add the members'][0].data.main[0].map((item) => item.json);
	expect(added).toEqual([expect.objectContaining({ MemberId: DEMO.users.alice }), expect.objectContaining({ MemberId: DEMO.users.bob })]);
	const room = Object.values(sandbox.state().accounts[DEMO.accountId].rooms).find((r) => r.room.Name === 'Design');
	expect(Object.keys(room?.memberships ?? {}).sort()).toEqual([DEMO.users.alice, DEMO.users.bob].sort());
}, 120_000);

describe('the editor', () => {
	let browser: Browser;
	let page: Page;
	const pageErrors: string[] = [];

	beforeAll(async () => {
		server = local.startN8nServer({ ...env, N8N_RUNNERS_BROKER_PORT: String(await local.freePort()) }, (chunk: Buffer) => {
			serverLog += chunk.toString();
		});
		await local.waitUntilReady(url, server);
		browser = await launchBrowser();
		page = await browser.newPage({ viewport: { width: 1440, height: 760 }, deviceScaleFactor: 2 });
		page.on('pageerror', (error) => pageErrors.push(error.message));
		await signIn(page, url);
	}, 5 * 60_000);

	afterAll(async () => {
		await browser?.close();
	});

	test('shows the onboarding workflow with our nodes and their icons', async () => {
		await page.goto(`${url}/workflow/chimeOnboarding1`);
		const nodes = page.locator('[data-test-id="canvas-node"]');
		await nodes.first().waitFor({ timeout: 60_000 });
		const chimeNode = nodes.filter({ hasText: 'Assign the number' });
		await expect(chimeNode.count()).resolves.toBe(1);
		// Every Chime node's icon is our SVG, loaded.
		const icons = await page.$$eval('[data-test-id="canvas-node"] img', (imgs) =>
			imgs.map((img) => {
				const image = img as unknown as { src: string; naturalWidth: number };
				return { src: image.src, loaded: image.naturalWidth > 0 };
			}),
		);
		const ours = icons.filter((icon) => icon.src.includes('chime'));
		const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'onboarding.json'), 'utf8')) as { nodes: Array<{ type: string }> };
		expect(ours).toHaveLength(example.nodes.filter((node) => node.type.startsWith('n8n-nodes-amazon-chime.')).length);
		expect(ours.every((icon) => icon.loaded)).toBe(true);
		await page.locator('[data-test-id="canvas-wrapper"], .vue-flow').first().waitFor();
		await page.waitForTimeout(1000);
		await page.screenshot({ path: join(SHOTS, 'onboarding.png') });
	}, 120_000);

	test("opens a Chime node's parameters without errors", async () => {
		await page.locator('[data-test-id="canvas-node"]', { hasText: 'Assign the number' }).dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor({ timeout: 30_000 });
		for (const label of ['Resource', 'Operation', 'Account', 'User', 'Phone Number']) {
			await expect(panel.getByText(label, { exact: true }).first().isVisible()).resolves.toBe(true);
		}
		await expect(page.locator('.el-notification--error, [data-test-id="node-issues"]').count()).resolves.toBe(0);
		expect(pageErrors).toEqual([]);
		// n8n logs a package it cannot load as `Failed to load package "…"` (a missing file or dependency) or
		// `Skipping package …`, and goes on without its nodes.
		expect(serverLog).not.toMatch(/Failed to load package|Skipping package|Error loading package|Unknown node type|n8n-nodes-amazon-chime.*(failed|error)/i);
	}, 60_000);

	/**
	 * Issue 10: every node's panel, for an operation that shows what the issue changed, renders in the real
	 * editor with no parameter issue and no console error; and a From List loads from the sandbox.
	 */
	describe('every node panel', () => {
		const A = { __rl: true, mode: 'id', value: DEMO.accountId };
		const byId = (value: string) => ({ __rl: true, mode: 'id', value });
		const panels: Array<{ type: string; parameters: Record<string, unknown>; labels: string[] }> = [
			{
				type: 'amazonChimeAccount',
				parameters: { resource: 'retentionSettings', operation: 'update', accountId: { __rl: true, mode: 'list', value: '' }, updateFields: { roomRetentionDays: 5475 } },
				labels: ['Account', 'Update Fields', 'Room Retention Days'],
			},
			{ type: 'amazonChimeUser', parameters: { resource: 'user', operation: 'create', accountId: A, email: 'new.hire@example.com' }, labels: ['Account', 'Email', 'Additional Fields'] },
			{ type: 'amazonChimePhoneNumber', parameters: { resource: 'phoneNumberOrder', operation: 'get', phoneNumberOrderId: byId('f1000000-0000-4000-8000-000000000001') }, labels: ['Order'] },
			{ type: 'amazonChimeRoom', parameters: { resource: 'roomMembership', operation: 'update', accountId: A, roomId: byId(DEMO.roomId), memberId: byId(DEMO.users.alice), updateFields: { role: 'Member' } }, labels: ['Room', 'Member', 'Update Fields'] },
			{ type: 'amazonChimeBot', parameters: { resource: 'bot', operation: 'create', accountId: A, displayName: 'Helper' }, labels: ['Account', 'Display Name'] },
			{ type: 'amazonChimeConversation', parameters: { operation: 'redactMessage', accountId: A, conversationId: DEMO.conversationId, messageId: DEMO.conversationMessageId }, labels: ['Conversation ID', 'Message ID'] },
			{ type: 'amazonChimeMeeting', parameters: { operation: 'dialOut', meetingId: '0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', fromPhoneNumber: DEMO.numbers.spare, toPhoneNumber: '+12065550199', joinToken: 'am9pbi10b2tlbg' }, labels: ['Meeting ID', 'Join Token'] },
		];
		const consoleErrors: string[] = [];
		let workflowId: string;

		beforeAll(async () => {
			page.on('console', (message) => {
				if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url}`);
			});
			// The Settings tab asks the public npm registry whether the package has a newer version; this test
			// has no internet, so the registry's answer is given here: this very version, the latest.
			const { name, version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };
			await page.route(`https://registry.npmjs.org/${name}`, (route) =>
				route.fulfill({ json: { name, 'dist-tags': { latest: version }, versions: { [version]: { name, version } } } }),
			);
			const body = {
				name: 'Chime panels',
				active: false,
				settings: { executionOrder: 'v1' },
				connections: {},
				nodes: panels.map((panel, i) => ({
					id: `panel-${i}`,
					name: panel.type,
					type: `n8n-nodes-amazon-chime.${panel.type}`,
					typeVersion: 1,
					position: [i * 240, 0],
					parameters: panel.parameters,
					credentials: { amazonChimeApi: { id: local.CREDENTIAL_ID, name: 'Amazon Chime sandbox' } },
				})),
			};
			// Made through n8n's own REST API from the signed-in page, as the editor saves a workflow.
			workflowId = (await page.evaluate(`(async () => {
				const response = await fetch('/rest/workflows', {
					method: 'POST',
					credentials: 'include',
					headers: { 'Content-Type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') ?? '' },
					body: ${JSON.stringify(JSON.stringify(body))},
				});
				if (!response.ok) throw new Error('POST /rest/workflows: ' + response.status + ' ' + (await response.text()));
				return (await response.json()).data.id;
			})()`)) as string;
			await page.goto(`${url}/workflow/${workflowId}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
		}, 120_000);

		test.each(panels.map((panel) => [panel.type, panel] as const))('%s: the panel renders, with no parameter issue and no console error', async (type, panel) => {
			consoleErrors.length = 0;
			await page.locator('[data-test-id="canvas-node"]', { hasText: type }).dblclick();
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.waitFor({ timeout: 30_000 });
			try {
				const parameters = ndv.locator('[data-test-id="node-parameters"]');
				await parameters.waitFor({ timeout: 30_000 });
				for (const label of panel.labels) await parameters.getByText(label, { exact: true }).first().waitFor({ timeout: 15_000 });
				if (type === 'amazonChimeAccount') {
					// From List for real: the accounts come from the sandbox; choosing one leaves no issue behind.
					await parameters.locator('[data-test-id="rlc-input"]').first().click();
					await page.locator('[data-test-id="rlc-item"]', { hasText: 'Example Corp' }).first().click({ timeout: 30_000 });
				}
				await expect(ndv.locator('[data-test-id="parameter-issues"], [data-test-id="node-issues"]').count()).resolves.toBe(0);
				if (type === 'amazonChimeAccount') {
					// Request Options sit in the node's Settings tab.
					await ndv.getByText('Settings', { exact: true }).first().click();
					await ndv.getByText('Request Options', { exact: true }).first().waitFor({ timeout: 15_000 });
				}
				expect(consoleErrors).toEqual([]);
				expect(pageErrors).toEqual([]);
			} finally {
				// Closed whatever happened, so that the next panel opens on the canvas.
				await page.keyboard.press('Escape');
				if (await ndv.isVisible()) await page.locator('[data-test-id="ndv-close-button"], [data-test-id="ndv-backdrop"]').first().click({ force: true }).catch(() => undefined);
				await ndv.waitFor({ state: 'hidden', timeout: 15_000 });
			}
		}, 90_000);
	});
});
