/**
 * Trust no answer (issue 17): whatever a server sends back, the nodes bound each attempt by its
 * Timeout, read no more than the size cap, use nothing that is not the model's shape, treat a cut-off
 * answer as one that may have acted, and say in words what happened. Each case runs the real node
 * through n8n's engine and n8n's own request helper against a scripted server (test/harness/misbehaving.ts),
 * which forwards to the sandbox where the action must really happen.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { amazonChimeApiTest } from '../nodes/shared/chime/credentialTest';
import { MAX_ANSWER_BYTES, n8nLegacySend, n8nSend } from '../nodes/shared/chime/http';
import type { HttpRequest } from '../nodes/shared/chime/types';
import { DEFAULT_KEYS } from '../sandbox/server';
import { cutOff, drip, endlessPage, forward, json, Misbehaving, raw } from './harness/misbehaving';
import { credentialTestContext, loadOptionsContext, runNode } from './harness/n8n';
import { id } from './harness/params';
import { DEMO, sandbox, type Sandbox } from './harness/sandbox';

/**
 * n8n's own helpers as a node's run has them (n8n-core's, of a From List search, and the run's Stop
 * signal): httpRequestWithAuthentication then sends with the run's Stop signal, here none, in place of ours.
 */
const inARun = () => Object.assign(loadOptionsContext('amazonChimeUser', {}, { ...DEFAULT_KEYS, endpoint }), { getExecutionCancelSignal: () => undefined });

const A = DEMO.accountId;
const server = new Misbehaving();
let sb: Sandbox;
let endpoint: string;
beforeAll(async () => {
	sb = await sandbox();
	server.upstream = sb.url;
	endpoint = await server.start();
});
afterAll(async () => {
	await server.stop();
	await sb.stop();
});
beforeEach(() => sb.reset(true));

const ATTEMPTS = "Max Attempts, under Request Options in the node's Settings";
const fast = (maxAttempts: number, timeout = 5000) => ({ requestOptions: { timeout, maxAttempts } });

function run(type: string, parameters: INodeParameters, options: { cancelAfterMs?: number; input?: IDataObject[] } = {}) {
	return runNode({ type, parameters }, options.input ?? [{}], { ...DEFAULT_KEYS, endpoint }, { cancelAfterMs: options.cancelAfterMs });
}

const getUser = { resource: 'user', operation: 'get', accountId: id(A), userId: id(DEMO.users.bob) };
const listUsers = { resource: 'user', operation: 'getAll', accountId: id(A), returnAll: false, limit: 10 };
const createUser = (email: string) => ({ resource: 'user', operation: 'create', accountId: id(A), email });
const dialOut = {
	operation: 'dialOut',
	meetingId: '0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
	fromPhoneNumber: DEMO.numbers.spare,
	toPhoneNumber: '+12065550199',
	joinToken: 'abc',
};
const users = (email: string) => Object.values(sb.state().accounts[A].users).filter((u) => u.user.PrimaryEmail === email);
const gets = () => server.count('GET', `/accounts/${A}/users/`);
const lists = () => server.count('GET', new RegExp(`^/accounts/${A}/users(\\?|$)`));
const creates = () => server.count('POST', `/accounts/${A}/users?operation=create`);

/** Runs `work` on a fake clock (Date and timers); sockets stay real, and `io` lets them work between ticks. */
async function onFakeClock(work: () => Promise<void>): Promise<void> {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
	try {
		await work();
	} finally {
		jest.useRealTimers();
	}
}

/** Turns of the event loop (real I/O, no fake time passing) until `until` holds: they deliver what was sent. */
async function io(until: () => boolean = () => false): Promise<void> {
	for (let turn = 0; turn < 1000 && !until(); turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** A GetUser request as the transport is given it, with its Timeout. */
const userRequest = (userId: string, timeoutMs: number): HttpRequest => ({ method: 'GET', url: `${endpoint}/accounts/${A}/users/${userId}`, headers: {}, body: '', timeoutMs });

/** A call's answer or error once it has one (undefined while in flight); `done` when it has. */
function watch(call: Promise<unknown>): { outcome: unknown; done: Promise<void> } {
	const watched = {
		outcome: undefined as unknown,
		done: call.then(
			(answer) => void (watched.outcome = answer),
			(error: unknown) => void (watched.outcome = error),
		),
	};
	return watched;
}

describe('1. the Timeout bounds an attempt from sending to the last byte', () => {
	test('a body that drips a byte every 20 ms without end: each attempt is cut at the Timeout, the call gives up after Max Attempts', async () => {
		server.script([], drip());
		// 1 s, not less: on a loaded machine a shorter deadline can pass before the request is even out.
		const result = await run('amazonChimeUser', { ...getUser, ...fast(2, 1000) });
		// An endless drip ends only because the client ends it: the run is over, and it hung up on both.
		expect(result.error?.message).toBe(
			`Amazon Chime at ${endpoint} did not answer GetUser within the Timeout of 1000 ms (ETIMEDOUT, gave up after 2 attempts (${ATTEMPTS}))`,
		);
		await server.settled(2);
		expect(server.seen.map((s) => s.closedEarly)).toEqual([true, true]);
		expect(result.output.Chime ?? []).toEqual([]);
	});

	test.each([
		['n8n\'s request helper (the nodes)', () => n8nSend(inARun(), { ...DEFAULT_KEYS, endpoint })],
		['n8n\'s legacy helper (Test connection), which takes no abort signal', () => n8nLegacySend(credentialTestContext().helpers)],
	])('on a fake clock, through %s: the attempt ends exactly at its Timeout, however many bytes drip in before', async (_, sender) => {
		server.script([], drip(200, 20));
		await onFakeClock(async () => {
			const call = watch(sender()(userRequest('x', 1000)));
			await io(() => server.seen.length === 1);
			for (let ms = 0; ms < 980; ms += 20) {
				jest.advanceTimersByTime(20); // a byte drips each time
				await io();
			}
			jest.advanceTimersByTime(19);
			await io();
			expect(call.outcome).toBeUndefined();
			expect(server.seen[0].closedEarly).toBe(false);
			jest.advanceTimersByTime(1);
			await io(() => call.outcome !== undefined && server.seen[0].closedEarly);
			await call.done;
			expect(call.outcome).toMatchObject({ code: 'ETIMEDOUT', message: 'No complete answer within 1000 ms' });
			expect(server.seen[0].closedEarly).toBe(true);
		});
	});

	test('on a fake clock, a server that takes the request and never answers, in a From List search: the attempt ends at the Timeout and the connection is closed', async () => {
		// No headers ever: n8n's `timeout` (its own timer until headers) and the deadline end it at the same moment.
		server.script([], () => {});
		await onFakeClock(async () => {
			const search = loadOptionsContext('amazonChimeUser', {}, { ...DEFAULT_KEYS, endpoint });
			const call = watch(n8nSend(search, { ...DEFAULT_KEYS, endpoint })(userRequest('x', 1000)));
			await io(() => server.seen.length === 1);
			jest.advanceTimersByTime(999);
			await io();
			expect(call.outcome).toBeUndefined();
			jest.advanceTimersByTime(1);
			await io(() => call.outcome !== undefined && server.seen[0].closedEarly);
			await call.done;
			expect(call.outcome).toMatchObject({ code: 'ETIMEDOUT', message: 'No complete answer within 1000 ms' });
			expect(server.seen[0].closedEarly).toBe(true);
		});
	});

	test('on a fake clock, attempts of one sender sent at different times each end at their own Timeout, and no timer outlives them', async () => {
		server.script([drip(200, 20), drip(200, 20)], json(200, { User: { UserId: 'c' } }));
		await onFakeClock(async () => {
			const send = n8nSend(inARun(), { ...DEFAULT_KEYS, endpoint });
			const ended: Array<[string, number, unknown]> = [];
			const start = Date.now();
			const attempt = (name: string, timeoutMs: number) =>
				send(userRequest(name, timeoutMs)).then(
					() => ended.push([name, Date.now() - start, 'answered']),
					(error: { code?: string }) => ended.push([name, Date.now() - start, error.code]),
				);
			const step = async (ms: number) => {
				for (let done = 0; done < ms; done += 20) {
					jest.advanceTimersByTime(20);
					await io();
				}
			};
			// Timers set before (not ours) are the ones there must be at the end.
			const before = jest.getTimerCount();
			const first = attempt('a', 1000);
			await io(() => server.seen.length === 1);
			await step(300);
			// The later one is due first: its deadline is earlier than the one already in flight.
			const second = attempt('b', 500);
			await io(() => server.seen.length === 2);
			await step(520);
			await io(() => ended.length === 1 && server.seen[1].closedEarly);
			expect(ended).toEqual([['b', 800, 'ETIMEDOUT']]);
			expect(server.seen.map((s) => s.closedEarly)).toEqual([false, true]);
			await step(200);
			await io(() => ended.length === 2 && server.seen[0].closedEarly);
			await Promise.all([first, second]);
			expect(ended).toEqual([
				['b', 800, 'ETIMEDOUT'],
				['a', 1000, 'ETIMEDOUT'],
			]);
			expect(server.seen.map((s) => s.closedEarly)).toEqual([true, true]);
			// One answered before its deadline: with nothing in flight, the alarm is called off, not left to ring.
			const third = attempt('c', 1000);
			await io(() => ended.length === 3);
			await third;
			expect(ended[2]).toEqual(['c', expect.any(Number), 'answered']);
			expect(jest.getTimerCount()).toBe(before);
		});
	});

	test('a dial-out whose answer drips: abandoned at the Timeout, never placed again, the item says it may have been', async () => {
		server.script([], drip(201));
		const result = await run('amazonChimeMeeting', { ...dialOut, ...fast(3, 1000) });
		expect(result.error?.message).toBe(
			'Amazon Chime may have placed the call: the request reached it but no clear answer came back, so it was not sent again (ETIMEDOUT)',
		);
		await server.settled(1);
		expect(server.seen).toHaveLength(1);
		expect(server.seen[0].closedEarly).toBe(true);
	});

	test('a drip that then answers well: the next attempt is used', async () => {
		server.script([drip()], forward());
		const result = await run('amazonChimeUser', { ...getUser, ...fast(2, 1000) });
		expect(result.error).toBeUndefined();
		expect(result.output.Chime.map((u) => u.UserId)).toEqual([DEMO.users.bob]);
		expect(gets()).toBe(2);
	});

	test('Stop during a drip ends the attempt at once, with a Timeout far away', async () => {
		server.script([], drip());
		const result = await run('amazonChimeUser', { ...getUser, ...fast(5, 600_000) }, { cancelAfterMs: 300 });
		expect(result.error?.message).toBe('The execution was stopped before Amazon Chime answered (Cancelled)');
		await server.settled(1);
		expect(server.seen).toHaveLength(1);
		expect(server.seen[0].closedEarly).toBe(true);
		expect(result.output.Chime ?? []).toEqual([]);
	});
});

describe('2. no answer is read past the size cap', () => {
	const tooLarge = () => `The endpoint ${endpoint} answered ListUsers (HTTP 200), but not as Amazon Chime would: the answer is larger than 8 MiB (AnswerTooLarge)`;

	test('a ListUsers page that never ends: stopped at 8 MiB with an error naming the action, not retried', async () => {
		server.script([], endlessPage());
		const result = await run('amazonChimeUser', { ...listUsers, ...fast(3, 30_000) });
		expect(result.error?.message).toBe(tooLarge());
		await server.settled(1);
		expect(server.seen).toHaveLength(1);
		expect(server.seen[0].closedEarly).toBe(true);
		expect(result.output.Chime ?? []).toEqual([]);
	});

	test('a gzip body that inflates without end: counted after decompression, stopped the same way', async () => {
		server.script([], endlessPage(true));
		const result = await run('amazonChimeUser', { ...listUsers, ...fast(3, 30_000) });
		expect(result.error?.message).toBe(tooLarge());
		await server.settled(1);
		expect(server.seen).toHaveLength(1);
		expect(server.seen[0].closedEarly).toBe(true);
	});

	test('a Content-Length over the cap: refused before a byte of the body is read', async () => {
		server.script([], ({ res }) => {
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) });
			res.write('{"Users":[');
		});
		const result = await run('amazonChimeUser', { ...listUsers, ...fast(3, 30_000) });
		expect(result.error?.message).toBe(tooLarge());
		expect(server.seen).toHaveLength(1);
	});

	test('an answer just under the cap is read', async () => {
		const padding = ' '.repeat(MAX_ANSWER_BYTES - 100);
		server.script([], json(200, `{"Users":[{"UserId":"u-1"}]${padding}}`));
		const result = await run('amazonChimeUser', listUsers);
		expect(result.error).toBeUndefined();
		expect(result.output.Chime.map((u) => u.UserId)).toEqual(['u-1']);
	});
});

describe('3. every answer is checked against the model before it is used', () => {
	const shape = (detail: string) =>
		`Amazon Chime at ${endpoint} answered ListUsers (HTTP 200) with something that is not its documented shape: ${detail} (AnswerNotDocumentedShape)`;
	test.each([
		['Users as text', { Users: 'abcdefghij' }, 'Users is not a list (got text)'],
		['Users as an object', { Users: { UserId: 'u-1' } }, 'Users is not a list (got an object)'],
		['a user as text', { Users: [{ UserId: 'u-1' }, 'u-2'] }, 'Users[1] is not an object (got text)'],
		['a user ID as a number', { Users: [{ UserId: 'u-1' }, { UserId: 2 }] }, 'Users[1].UserId is not text (got a number)'],
		['a date that is no date', { Users: [{ UserId: 'u-1', UserInvitationStatus: 'Accepted', InvitedOn: 'yesterday' }] }, 'Users[0].InvitedOn is not a date (got "yesterday")'],
		['NextToken as an object', { Users: [], NextToken: { page: 2 } }, 'NextToken is not text (got an object)'],
		['a JSON null body', null, 'the answer is not an object (got null)'],
		['a JSON list body', [{ UserId: 'u-1' }], 'the answer is not an object (got a list)'],
	])('%s: one clear error, no items, not retried', async (_, body, detail) => {
		server.script([], json(200, JSON.stringify(body)));
		const result = await run('amazonChimeUser', { ...listUsers, ...fast(3) });
		expect(result.error?.message).toBe(shape(detail));
		expect(result.output.Chime ?? []).toEqual([]);
		expect(server.seen).toHaveLength(1);
	});

	test('with Continue On Fail the error is on the item, with the action and the status', async () => {
		server.script([], json(200, { Users: 'abc' }));
		const result = await runNode({ type: 'amazonChimeUser', parameters: listUsers, continueOnFail: true }, [{}], { ...DEFAULT_KEYS, endpoint });
		expect(result.error).toBeUndefined();
		expect(result.output.Chime).toEqual([{ error: shape('Users is not a list (got text)') }]);
	});
});

describe('5. cut-off and unreadable answers are uncertain: retried when safe, looked up when not', () => {
	test('a GetUser cut off after 100 of 5000 bytes is sent again and answered', async () => {
		server.script([cutOff(200, `{"User":{"UserId":"${DEMO.users.bob}"${' '.repeat(60)}`)], forward());
		const result = await run('amazonChimeUser', { ...getUser, ...fast(3) });
		expect(result.error).toBeUndefined();
		expect(result.output.Chime.map((u) => u.UserId)).toEqual([DEMO.users.bob]);
		expect(gets()).toBe(2);
	});

	test('every attempt cut off: the error says so, with the bytes, the status and the attempts', async () => {
		server.script([], cutOff(200, '{"User":{', 5000));
		const result = await run('amazonChimeUser', { ...getUser, ...fast(2) });
		expect(result.error?.message).toBe(
			`The endpoint ${endpoint} answered GetUser (HTTP 200), but not as Amazon Chime would: the answer broke off after 9 of 5000 bytes (AnswerCutOff, gave up after 2 attempts (${ATTEMPTS}))`,
		);
		expect(gets()).toBe(2);
	});

	test("a CreateUser whose 201 is cut off (the user exists): looked up, found, reported once, not created twice", async () => {
		const email = 'cut.off@example.com';
		server.script([forward((real) => cutOff(real.status, real.body.slice(0, 100), 5000))], forward());
		const result = await run('amazonChimeUser', { ...createUser(email), ...fast(3) });
		expect(result.error).toBeUndefined();
		expect(users(email)).toHaveLength(1);
		expect(result.output.Chime).toEqual([expect.objectContaining({ PrimaryEmail: email, reconciled: true })]);
		expect(creates()).toBe(1);
		expect(lists()).toBe(1);
	});

	test('a CreateUser answered with an unreadable 201 (an HTML page): looked up the same way', async () => {
		const email = 'html.answer@example.com';
		server.script([forward(() => raw(201, { 'content-type': 'text/html' }, '<!DOCTYPE html><html><title>Welcome</title></html>'))], forward());
		const result = await run('amazonChimeUser', { ...createUser(email), ...fast(3) });
		expect(result.error).toBeUndefined();
		expect(users(email)).toHaveLength(1);
		expect(result.output.Chime).toEqual([expect.objectContaining({ PrimaryEmail: email, reconciled: true })]);
		expect(creates()).toBe(1);
	});

	test('a dial-out cut off: placed once, not placed again, the item says it may have been', async () => {
		server.script([forward((real) => cutOff(real.status, real.body.slice(0, 10), 5000))], forward());
		const result = await run('amazonChimeMeeting', { ...dialOut, ...fast(3) });
		expect(result.error?.message).toBe(
			'Amazon Chime may have placed the call: the request reached it but no clear answer came back, so it was not sent again (AnswerCutOff)',
		);
		expect(server.seen).toHaveLength(1);
		expect(sb.state().dialOuts).toHaveLength(1);
	});

	test('a success that is not JSON on a read: sent again; every attempt so: the error names the page', async () => {
		const page = raw(200, { 'content-type': 'text/html' }, '<!DOCTYPE html><html><head><title>Sign in</title></head></html>');
		server.script([page], forward());
		const ok = await run('amazonChimeUser', { ...getUser, ...fast(2) });
		expect(ok.output.Chime.map((u) => u.UserId)).toEqual([DEMO.users.bob]);
		expect(gets()).toBe(2);

		server.script([], page);
		const result = await run('amazonChimeUser', { ...getUser, ...fast(2) });
		expect(result.error?.message).toBe(
			`The endpoint ${endpoint} answered GetUser (HTTP 200), but not as Amazon Chime would: the answer is not JSON but an HTML page titled "Sign in" (AnswerNotJson, gave up after 2 attempts (${ATTEMPTS}))`,
		);
		expect(gets()).toBe(2);
	});
});

describe('8. words for what happened', () => {
	test('a redirect: named, with where to, and not followed', async () => {
		const elsewhere = new Misbehaving();
		const target = await elsewhere.start();
		try {
			server.script([], raw(302, { location: `${target}/steal` }));
			const result = await run('amazonChimeUser', { ...getUser, ...fast(3) });
			expect(result.error?.message).toBe(`The endpoint ${endpoint} answered GetUser (HTTP 302): redirected to ${target}/steal — not followed (Redirect)`);
			expect(server.seen).toHaveLength(1);
			expect(elsewhere.seen).toHaveLength(0);
		} finally {
			await elsewhere.stop();
		}
	});

	test("a proxy's 502 page: retried like a 5xx, then named as what it is, never Unknown", async () => {
		server.script([], raw(502, { 'content-type': 'text/html' }, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'));
		const result = await run('amazonChimeUser', { ...getUser, ...fast(2) });
		expect(result.error?.message).toBe(
			`The endpoint ${endpoint} answered GetUser (HTTP 502), but not as Amazon Chime would: an HTML page titled "502 Bad Gateway" (NotChimeAnswer, gave up after 2 attempts (${ATTEMPTS}))`,
		);
		expect(gets()).toBe(2);
	});

	test("a web server's 404 page is not Chime's NotFound: not read as \"not found\", not retried", async () => {
		server.script([], raw(404, { 'content-type': 'text/plain' }, 'Cannot GET /accounts'));
		const result = await run('amazonChimeUser', { ...getUser, ...fast(3) });
		expect(result.error?.message).toBe(
			`The endpoint ${endpoint} answered GetUser (HTTP 404), but not as Amazon Chime would: a text/plain answer ("Cannot GET /accounts") (NotChimeAnswer)`,
		);
		expect(server.seen).toHaveLength(1);
	});

	test('a page that echoes the request: the keys are scrubbed from the words', async () => {
		server.script([], ({ req, res }) => {
			res.writeHead(400, { 'content-type': 'text/plain' });
			res.end(`Bad request from ${req.headers.authorization}`);
		});
		const result = await run('amazonChimeUser', { ...getUser, ...fast(1) });
		expect(result.error?.message).toMatch(/^The endpoint .* answered GetUser \(HTTP 400\), but not as Amazon Chime would: a text\/plain answer \("Bad request from AWS4-HMAC-SHA256 Credential=\*\*\*\//);
		expect(result.error?.message).not.toContain(DEFAULT_KEYS.accessKeyId);
	});

	describe('Test connection against a server that is not Chime', () => {
		const testConnection = () =>
			amazonChimeApiTest.call(credentialTestContext(), { id: '1', name: 'Chime', type: 'amazonChimeApi', data: { ...DEFAULT_KEYS, endpoint } });

		test('a web page with 200: says it answered, but not as Amazon Chime would', async () => {
			server.script([], raw(200, { 'content-type': 'text/html' }, '<!DOCTYPE html><html><head><title>Example Domain</title></head></html>'));
			expect(await testConnection()).toEqual({
				status: 'Error',
				message: `The endpoint ${endpoint} answered ListAccounts (HTTP 200), but not as Amazon Chime would: the answer is not JSON but an HTML page titled "Example Domain" (AnswerNotJson).`,
			});
			expect(server.seen).toHaveLength(1);
		});

		test('a 404 page: the same words, with its status', async () => {
			server.script([], raw(404, { 'content-type': 'text/html' }, '<!DOCTYPE html><html><head><title>Not Found</title></head></html>'));
			expect(await testConnection()).toEqual({
				status: 'Error',
				message: `The endpoint ${endpoint} answered ListAccounts (HTTP 404), but not as Amazon Chime would: an HTML page titled "Not Found" (NotChimeAnswer).`,
			});
		});

		test('an answer cut off: named as one', async () => {
			server.script([], cutOff(200, '{"Accounts":[', 400));
			expect(await testConnection()).toEqual({
				status: 'Error',
				message: `The endpoint ${endpoint} answered ListAccounts (HTTP 200), but not as Amazon Chime would: the answer broke off after 13 of 400 bytes (AnswerCutOff).`,
			});
		});
	});
});

describe('a user found By Email is checked like an ID typed in', () => {
	test('a ListUsers answer whose UserId would change the request path: refused on the item, nothing sent for it', async () => {
		server.script([json(200, { Users: [{ UserId: '../../accounts', PrimaryEmail: 'leaver@example.com' }] })], forward());
		const logOut = { resource: 'user', operation: 'logout', accountId: id(A), userId: { __rl: true, mode: 'email', value: 'leaver@example.com' } };
		const result = await run('amazonChimeUser', logOut);
		expect(result.error?.message).toBe(`Invalid "User" [item 1]: must be an ID, not "." or ".." (which would change the request's path) (got "../../accounts")`);
		expect(server.seen.map((s) => s.method)).toEqual(['GET']);
	});
});
