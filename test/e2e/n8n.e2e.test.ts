/**
 * End to end: a real n8n 2.x (installed into n8n-local/ on first use, on Node 24) with this package,
 * the sandbox credential and the example workflows. `n8n execute` runs one; a headless Chromium opens
 * the editor, checks our nodes and their icons on the canvas, opens a node's parameters, and saves
 * docs/onboarding.png. Run with `npm run test:e2e` (after `npm run build`).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { DEFAULT_KEYS, startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/seed';

// The same helpers `npm start` uses.
import * as local from '../../scripts/local-n8n.cjs';

type LocalN8n = typeof local;
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
	if (server && server.exitCode === null) {
		const exited = new Promise((resolve) => server!.once('exit', resolve));
		server.kill('SIGTERM');
		await exited;
	}
	await sandbox?.stop();
});

/** `n8n execute --rawOutput` prints the run's JSON through its logger: it starts at the first line that is `{`. */
function runResult(output: string): { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } } } {
	const lines = output.split('\n');
	return JSON.parse(lines.slice(lines.indexOf('{')).join('\n'));
}

test('n8n execute runs the onboarding example against the sandbox', async () => {
	const output = await local.n8nCommand(['execute', '--id', 'chimeOnboarding1', '--rawOutput'], {
		...env,
		N8N_RUNNERS_BROKER_PORT: String(await local.freePort()),
	});
	const runData = runResult(output).data.resultData.runData;
	const added = runData['Add to the room'][0].data.main[0].map((item) => item.json);
	expect(added).toEqual([expect.objectContaining({ RoomId: DEMO.roomId, Role: 'Member', Member: expect.objectContaining({ Email: 'dana@example.com' }) })]);
	const dana = Object.values(sandbox.state().accounts[DEMO.accountId].users).find((u) => u.user.PrimaryEmail === 'dana@example.com');
	expect(dana?.user.PrimaryProvisionedNumber).toBe('+12065550102');
	expect(sandbox.state().phoneNumbers['+12065550102'].Status).toBe('Assigned');
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
		browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		page = await browser.newPage({ viewport: { width: 1440, height: 760 }, deviceScaleFactor: 2 });
		page.on('pageerror', (error) => pageErrors.push(error.message));
		await page.goto(`${url}/signin`);
		await page.getByLabel('Email').fill(local.OWNER.email);
		await page.getByLabel('Password').fill(local.OWNER.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60_000 });
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
		await page.screenshot({ path: join(__dirname, '..', '..', 'docs', 'onboarding.png') });
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
});
