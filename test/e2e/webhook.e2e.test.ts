/**
 * End to end, issue 11: onboarding from a webhook. A real n8n 2.41 set up as `npm start` sets it up (our
 * package from its npm pack tarball, the sandbox credential, the examples imported and those that start
 * from a Webhook published before the server starts) is sent a new hire the way an HR system sends one:
 * a plain HTTP POST of JSON to /webhook/chime-new-hire. n8n answers at once; the workflow then finds or
 * invites the person, orders a number and waits for the order (Wait for Completion), assigns it and adds
 * them to their department's room, all checked in the sandbox. Run with `npm run test:e2e` (after
 * `npm run build`).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_KEYS, startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/seed';
import { launchBrowser, signIn } from '../harness/editor';

// The same helpers `npm start` uses.
import * as local from '../../scripts/local-n8n.cjs';

/** Orders stay Processing this long: the workflow has to wait for them, after n8n has answered. */
const ORDER_DELAY_MS = 1500;

let sandbox: Sandbox;
let server: ChildProcess | undefined;
let dataDir: string;
let hookUrl: string;
let url: string;
let serverLog = '';

beforeAll(async () => {
	local.ensureInstalled();
	sandbox = await startSandbox({ seed: true, orderDelayMs: ORDER_DELAY_MS });
	dataDir = mkdtempSync(join(tmpdir(), 'chime-e2e-webhook-'));
	local.installPackage(dataDir);
	const port = await local.freePort();
	const env = local.n8nEnv({ port, dataDir, brokerPort: await local.freePort() });
	await local.importFixtures(env, sandbox.url, DEFAULT_KEYS);
	const [hook] = local.webhookExamples();
	expect(hook).toMatchObject({ id: 'chimeOnboarding1', method: 'POST', path: '/webhook/chime-new-hire' });
	await local.publishWebhookExamples(env);
	url = `http://127.0.0.1:${port}`;
	hookUrl = `${url}${hook.path}`;
	server = local.startN8nServer({ ...env, N8N_RUNNERS_BROKER_PORT: String(await local.freePort()) }, (chunk: Buffer) => {
		serverLog += chunk.toString();
	});
	await local.waitUntilReady(url, server);
}, 15 * 60_000);

afterAll(async () => {
	await local.stopChild(server);
	await sandbox?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const account = () => sandbox.state().accounts[DEMO.accountId];
const userByEmail = (email: string) => Object.values(account().users).find((u) => u.user.PrimaryEmail === email);

/** POSTs a new hire as an HR system does; until n8n has activated the workflow its URL answers 404. */
async function postNewHire(body: Record<string, unknown>): Promise<{ status: number; json: unknown; ms: number }> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const started = Date.now();
		const response = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const text = await response.text();
		if (response.status !== 404 || Date.now() > deadline) return { status: response.status, json: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Waits until `done()` holds in the sandbox: the workflow goes on after n8n has answered. */
async function until(done: () => boolean, what: string, seconds = 60): Promise<void> {
	const deadline = Date.now() + seconds * 1000;
	while (!done()) {
		if (Date.now() > deadline) throw new Error(`not within ${seconds} s: ${what}\n--- n8n's last output:\n${serverLog.split('\n').slice(-30).join('\n')}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

test('a new hire posted to /webhook/chime-new-hire is answered at once, then invited, given a number (ordered: no spare one in 312) and put in their room', async () => {
	const ordersBefore = sandbox.faults.report().byAction.GetPhoneNumberOrder?.calls ?? 0;
	const answer = await postNewHire({ name: 'Dana Example', email: 'dana@example.com', department: 'Engineering', areaCode: '312' });
	expect(answer).toMatchObject({ status: 200, json: { message: 'Workflow was started' } });
	// Answered before the work: the order alone takes ORDER_DELAY_MS.
	expect(answer.ms).toBeLessThan(ORDER_DELAY_MS);
	expect(userByEmail('dana@example.com')?.user.PrimaryProvisionedNumber).toBeUndefined();

	await until(() => !!userByEmail('dana@example.com') && !!account().rooms[DEMO.roomId].memberships[userByEmail('dana@example.com')!.user.UserId as string], 'Dana in the Engineering room');
	const dana = userByEmail('dana@example.com')!;
	expect(dana.user).toMatchObject({ UserInvitationStatus: 'Pending', PrimaryProvisionedNumber: '+13125550100' });
	expect(sandbox.state().phoneNumbers['+13125550100']).toMatchObject({ Status: 'Assigned', CallingName: 'Dana Example' });
	expect(dana.settings).toEqual({ Telephony: { InboundCalling: true, OutboundCalling: true, SMS: false } });
	expect(account().rooms[DEMO.roomId].memberships[dana.user.UserId as string]).toMatchObject({ Role: 'Member' });
	// Order it waited for the order: it read it until it was Successful.
	const order = Object.values(sandbox.state().orders).find((o) => (o.order.OrderedPhoneNumbers as Array<{ E164PhoneNumber: string }>)[0].E164PhoneNumber === '+13125550100');
	expect(order?.order.Status).toBe('Successful');
	expect((sandbox.faults.report().byAction.GetPhoneNumberOrder?.calls ?? 0) - ordersBefore).toBeGreaterThanOrEqual(1);
}, 120_000);

test('someone already in Chime (an area code posted as a number) is found, not invited again', async () => {
	const invitesBefore = sandbox.faults.report().byAction.InviteUsers?.calls ?? 0;
	const answer = await postNewHire({ name: 'Bob Example', email: 'bob@example.com', department: 'Sales', areaCode: 212 });
	expect(answer.status).toBe(200);
	await until(() => !!account().rooms[DEMO.salesRoomId].memberships[DEMO.users.bob], 'Bob in the Sales room');
	expect(account().users[DEMO.users.bob].user.PrimaryProvisionedNumber).toBe('+12125550100');
	expect(sandbox.state().phoneNumbers['+12125550100'].Status).toBe('Assigned');
	expect(sandbox.faults.report().byAction.InviteUsers?.calls ?? 0).toBe(invitesBefore);
}, 120_000);

test("the editor shows Order it's Wait for Completion under Options, and Wait Timeout (Seconds) to add once it is on", async () => {
	const browser = await launchBrowser();
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		const pageErrors: string[] = [];
		page.on('pageerror', (error) => pageErrors.push(error.message));
		await signIn(page, url);
		await page.goto(`${url}/workflow/chimeOnboarding1`);
		await page.locator('[data-test-id="canvas-node"]', { hasText: 'Order it' }).dblclick();
		const parameters = page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]');
		await parameters.waitFor({ timeout: 30_000 });
		for (const label of ['Options', 'Wait for Completion']) await parameters.getByText(label, { exact: true }).first().waitFor({ timeout: 15_000 });
		await expect(page.locator('[data-test-id="ndv"] [data-test-id="parameter-issues"], [data-test-id="ndv"] [data-test-id="node-issues"]').count()).resolves.toBe(0);
		// Not added yet, so not shown; offered under Add Option because Wait for Completion is on (the only option left).
		await expect(parameters.getByText('Wait Timeout (Seconds)', { exact: true }).count()).resolves.toBe(0);
		await parameters.locator('[data-test-id="collection-parameter-add"]').first().click();
		await page.locator('[data-test-id="collection-parameter-option"]', { hasText: 'Wait Timeout (Seconds)' }).first().click({ timeout: 15_000 });
		await parameters.getByText('Wait Timeout (Seconds)', { exact: true }).first().waitFor({ timeout: 15_000 });
		await expect(parameters.locator('[data-test-id="parameter-input-waitTimeout"] input').first().inputValue()).resolves.toBe('300');
		expect(pageErrors).toEqual([]);
	} finally {
		await browser.close();
	}
}, 120_000);
