/** Fault injection through the admin endpoint, and the SDK's retries seen in the counters. */
import { GetAccountCommand, GetUserCommand, ListUsersCommand } from '@aws-sdk/client-chime';

import { Faults, type ActionCounter, type FaultConfig } from '../../sandbox/faults';
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

describe('the order of the draws', () => {
	/** The faults 200 calls of `action` get, and how many random numbers they took. */
	function draws(config: FaultConfig, action = 'GetUser') {
		const seeded = seededRandom(7);
		let taken = 0;
		const faults = new Faults(config, () => {
			taken++;
			return seeded();
		});
		const got = Array.from({ length: 200 }, () => {
			const fault = faults.draw(action);
			faults.delayMs(action);
			return fault;
		});
		return { got, taken };
	}

	test('dropAfter and stall at 0, or not set, take no random numbers: seeded runs draw the same faults as before', () => {
		const before = { throttle: 0.3, serverError: 0.2, reset: 0.1, jitterMs: 5 };
		const reference = draws(before);
		// What sandbox/faults.ts drew before dropAfter and stall existed, for this seed and these settings.
		expect(reference.taken).toBe(671);
		const count = (fault?: string) => reference.got.filter((f) => f === fault).length;
		expect([count('throttle'), count('serverError'), count('reset'), count(undefined)]).toEqual([49, 31, 14, 106]);
		expect(reference.got.slice(0, 12)).toEqual(['throttle', undefined, undefined, 'throttle', undefined, 'throttle', 'throttle', 'throttle', 'throttle', 'throttle', 'reset', undefined]);
		expect(draws({ ...before, dropAfter: 0, stall: 0 })).toEqual(reference);
		expect(draws({ ...before, actions: { GetUser: { dropAfter: 0, stall: 0 } } })).toEqual(reference);
		// Set for another action, they change nothing here either.
		expect(draws({ ...before, actions: { CreateUser: { dropAfter: 1, stall: 1 } } })).toEqual(reference);
	});

	test('dropAfter and stall are drawn after throttle, serverError and reset, in that order', () => {
		const only = (config: FaultConfig) => [...new Set(draws(config).got)];
		expect(only({ throttle: 1, dropAfter: 1, stall: 1 })).toEqual(['throttle']);
		expect(only({ serverError: 1, dropAfter: 1, stall: 1 })).toEqual(['serverError']);
		expect(only({ reset: 1, dropAfter: 1, stall: 1 })).toEqual(['reset']);
		expect(only({ dropAfter: 1, stall: 1 })).toEqual(['dropAfter']);
		expect(only({ stall: 1 })).toEqual(['stall']);
		// One number per fault set, in order: 0.9 misses throttle (0.5), 0.1 hits dropAfter (0.5).
		const scripted = [0.9, 0.1];
		expect(new Faults({ throttle: 0.5, dropAfter: 0.5, stall: 0.5 }, () => scripted.shift()!).draw('GetUser')).toBe('dropAfter');
		expect(scripted).toEqual([]);
	});
});
