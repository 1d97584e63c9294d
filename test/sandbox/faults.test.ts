/** Fault injection through the admin endpoint, and the SDK's retries seen in the counters. */
import { GetAccountCommand, GetUserCommand, ListUsersCommand } from '@aws-sdk/client-chime';

import type { ActionCounter } from '../../sandbox/faults';
import { client, DEMO, sandbox, seededRandom, type Sandbox } from '../harness/sandbox';

let sb: Sandbox;
beforeAll(async () => {
	sb = await sandbox({ random: seededRandom(7) });
});
afterAll(() => sb.stop());
beforeEach(async () => {
	await admin('PUT', '/faults', {});
	await admin('DELETE', '/counters');
});

async function admin(method: string, path: string, body?: unknown) {
	const res = await fetch(`${sb.url}/_sandbox${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
	return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const counters = async () => (await admin('GET', '/counters')).json as { calls: number; faults: number; byAction: Record<string, ActionCounter> };

/** Runs `count` calls, `parallel` at a time. */
async function script(count: number, parallel: number, call: (i: number) => Promise<unknown>) {
	let next = 0;
	await Promise.all(Array.from({ length: parallel }, async () => {
		while (next < count) await call(next++);
	}));
}

test('with 30% throttling a 200-call script completes through the SDK retries, and the counters show them', async () => {
	expect((await admin('PUT', '/faults', { throttle: 0.3 })).status).toBe(200);
	const chime = client(sb, { maxAttempts: 10 });
	const users = Object.values(DEMO.users);
	await script(200, 10, (i) =>
		i % 2 === 0
			? chime.send(new GetUserCommand({ AccountId: DEMO.accountId, UserId: users[i % users.length] }))
			: chime.send(new ListUsersCommand({ AccountId: DEMO.accountId })),
	);
	const { byAction } = await counters();
	for (const action of ['GetUser', 'ListUsers']) {
		const c = byAction[action];
		expect(c.statuses['200']).toBe(100);
		expect(c.faults.throttle).toBeGreaterThan(10);
		expect(c.statuses['429']).toBe(c.faults.throttle);
		expect(c.calls).toBe(100 + c.faults.throttle!);
	}
	chime.destroy();
});

test('server errors and dropped connections are retried too', async () => {
	await admin('PUT', '/faults', { serverError: 0.2, reset: 0.1 });
	const chime = client(sb, { maxAttempts: 10 });
	await script(60, 5, () => chime.send(new GetAccountCommand({ AccountId: DEMO.accountId })));
	const c = (await counters()).byAction.GetAccount;
	expect(c.statuses['200']).toBe(60);
	expect((c.statuses['500'] ?? 0) + (c.statuses['503'] ?? 0)).toBe(c.faults.serverError);
	expect(c.faults.serverError).toBeGreaterThan(0);
	expect(c.faults.reset).toBeGreaterThan(0);
	expect(c.calls).toBe(60 + c.faults.serverError! + c.faults.reset!);
	chime.destroy();
});

test('faults can target chosen actions only', async () => {
	await admin('PUT', '/faults', { actions: { ListUsers: { throttle: 1 } } });
	const chime = client(sb, { maxAttempts: 2 });
	await expect(chime.send(new GetUserCommand({ AccountId: DEMO.accountId, UserId: DEMO.users.bob }))).resolves.toBeDefined();
	await expect(chime.send(new ListUsersCommand({ AccountId: DEMO.accountId }))).rejects.toMatchObject({
		name: 'ThrottledClientException',
		Code: 'Throttled',
		$metadata: { httpStatusCode: 429 },
	});
	const { byAction } = await counters();
	expect(byAction.GetUser).toEqual({ calls: 1, statuses: { 200: 1 }, faults: {} });
	expect(byAction.ListUsers).toEqual({ calls: 2, statuses: { 429: 2 }, faults: { throttle: 2 } });
	chime.destroy();
});

test('the admin endpoint refuses fault settings that make no sense', async () => {
	expect(await admin('PUT', '/faults', { throttle: 2 })).toEqual({ status: 400, json: { message: 'throttle must be a probability from 0 to 1' } });
	expect(await admin('PUT', '/faults', { actions: { GetUser: { latencyMs: -1 } } })).toEqual({
		status: 400,
		json: { message: 'latencyMs must be a number of milliseconds' },
	});
});

test('reset, seed and state', async () => {
	await admin('POST', '/reset', { seed: false });
	expect((await admin('GET', '/state')).json.accounts).toEqual({});
	const seeded = await admin('POST', '/seed');
	expect(seeded.json.accountId).toBe(DEMO.accountId);
	expect(Object.keys((await admin('GET', '/state')).json.accounts as object)).toEqual([DEMO.accountId]);
});
