/**
 * The lost answer and the stall: `dropAfter` acts and then drops the connection, so the client cannot
 * know Chime acted, and the state shows that it did; `stall` never answers, so a client's own request
 * timeout is what ends the call, and the sandbox still stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';

import * as C from '@aws-sdk/client-chime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { client, DEMO, sandbox, useSandbox } from '../harness/sandbox';

const A = DEMO.accountId;
const U = DEMO.users;

const env = useSandbox();
beforeEach(() => {
	env.sb.faults.set({});
	env.sb.reset(true);
});

const account = () => env.sb.state().accounts[A];
const usersWith = (email: string) => Object.values(account().users).filter((u) => u.user.PrimaryEmail === email);
/** What the SDK says when the connection closes without an answer: no HTTP status, a socket error. */
const connectionError = expect.objectContaining({ message: expect.stringMatching(/socket hang up|ECONNRESET/) });

/**
 * A request handler that gives up after `ms`. With @smithy/node-http-handler 4.x, `requestTimeout`
 * alone only logs a warning and keeps waiting: `throwOnRequestTimeout` makes it end the call.
 */
const timeoutAfter = (ms: number) => new NodeHttpHandler({ requestTimeout: ms, throwOnRequestTimeout: true });

async function admin(method: string, path: string, body?: unknown) {
	const res = await fetch(`${env.sb.url}/_sandbox${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
	return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('dropAfter: the action happens, the answer is lost', () => {
	test('CreateUser: the client gets a connection error, and the user exists', async () => {
		env.sb.faults.set({ actions: { CreateUser: { dropAfter: 1 } } });
		const error = await env.send(new C.CreateUserCommand({ AccountId: A, Email: 'lost@example.com' })).catch((e: unknown) => e);
		expect(error).toEqual(connectionError);
		expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBeUndefined();
		expect(usersWith('lost@example.com')).toHaveLength(1);
		expect(usersWith('lost@example.com')[0].user).toMatchObject({ UserRegistrationStatus: 'Registered' });
		// The counters tell the lost answer from a reset: a dropAfter fault, and the 201 that was never sent.
		expect(env.sb.faults.report().byAction.CreateUser).toEqual({ calls: 1, statuses: {}, faults: { dropAfter: 1 }, lost: { 201: 1 } });
	});

	test('set for one action, it leaves the others alone', async () => {
		await admin('PUT', '/faults', { actions: { CreateUser: { dropAfter: 1 } } });
		await expect(env.send(new C.GetUserCommand({ AccountId: A, UserId: U.bob }))).resolves.toMatchObject({ User: { UserId: U.bob } });
		await expect(env.send(new C.InviteUsersCommand({ AccountId: A, UserEmailList: ['fine@example.com'] }))).resolves.toBeDefined();
		await expect(env.send(new C.CreateUserCommand({ AccountId: A, Email: 'lost@example.com' }))).rejects.toEqual(connectionError);
		const { byAction } = (await admin('GET', '/counters')).json as { byAction: Record<string, unknown> };
		expect(byAction).toEqual({
			GetUser: { calls: 1, statuses: { 200: 1 }, faults: {} },
			InviteUsers: { calls: 1, statuses: { 201: 1 }, faults: {} },
			CreateUser: { calls: 1, statuses: {}, faults: { dropAfter: 1 }, lost: { 201: 1 } },
		});
	});

	test('reset drops before acting: the connection error is the same, but nothing was made, and the counters say which', async () => {
		env.sb.faults.set({ actions: { CreateUser: { reset: 1 } } });
		await expect(env.send(new C.CreateUserCommand({ AccountId: A, Email: 'never@example.com' }))).rejects.toEqual(connectionError);
		expect(usersWith('never@example.com')).toHaveLength(0);
		expect(env.sb.faults.report().byAction.CreateUser).toEqual({ calls: 1, statuses: {}, faults: { reset: 1 } });
	});

	test('an action that fails under dropAfter changes nothing, and its lost answer is counted by its status', async () => {
		env.sb.faults.set({ dropAfter: 1 });
		await expect(env.send(new C.CreateUserCommand({ AccountId: A, Email: 'alice@example.com' }))).rejects.toEqual(connectionError);
		expect(usersWith('alice@example.com')).toHaveLength(1);
		expect(env.sb.faults.report().byAction.CreateUser.lost).toEqual({ 409: 1 });
	});

	test('retried by the SDK, a lost CreateUser made the user once and the retry met a conflict', async () => {
		// The first attempt's answer is lost; the SDK retries; the second attempt is answered.
		let first = true;
		const flaky = client(env.sb, { maxAttempts: 2 });
		env.sb.faults.set({ actions: { CreateUser: { dropAfter: 1 } } });
		flaky.middlewareStack.add(
			(next) => async (args) => {
				if (!first) env.sb.faults.set({});
				first = false;
				return next(args);
			},
			{ step: 'finalizeRequest' },
		);
		await expect(flaky.send(new C.CreateUserCommand({ AccountId: A, Email: 'twice@example.com' }))).rejects.toMatchObject({ name: 'ConflictException' });
		flaky.destroy();
		expect(usersWith('twice@example.com')).toHaveLength(1);
		expect(env.sb.faults.report().byAction.CreateUser).toEqual({ calls: 2, statuses: { 409: 1 }, faults: { dropAfter: 1 }, lost: { 201: 1 } });
	});

	/** Each action that makes something, its call, and what a test counts in the state afterwards. */
	const creators: Array<{ action: string; call: () => unknown; made: () => number }> = [
		{
			action: 'CreateUser',
			call: () => new C.CreateUserCommand({ AccountId: A, Email: 'new@example.com' }),
			made: () => usersWith('new@example.com').length,
		},
		{
			action: 'InviteUsers',
			call: () => new C.InviteUsersCommand({ AccountId: A, UserEmailList: ['Hire@Example.com'] }),
			made: () => env.sb.state().invitationsSent[A]?.['hire@example.com'] ?? 0,
		},
		{
			action: 'CreatePhoneNumberOrder',
			call: () => new C.CreatePhoneNumberOrderCommand({ ProductType: 'BusinessCalling', E164PhoneNumbers: ['+13125550100'] }),
			made: () =>
				Object.values(env.sb.state().orders).filter((o) => JSON.stringify(o.order.OrderedPhoneNumbers).includes('+13125550100')).length,
		},
		{
			action: 'CreateMeetingDialOut',
			call: () =>
				new C.CreateMeetingDialOutCommand({
					MeetingId: '6f1c6d0e-8a3b-4c5d-9e7f-0a1b2c3d4e99',
					FromPhoneNumber: DEMO.numbers.alice,
					ToPhoneNumber: '+12065550199',
					JoinToken: 'joinToken0001',
				}),
			made: () => env.sb.state().dialOuts.filter((d) => d.ToPhoneNumber === '+12065550199' && d.FromPhoneNumber === DEMO.numbers.alice).length,
		},
		{
			action: 'BatchCreateRoomMembership',
			call: () => new C.BatchCreateRoomMembershipCommand({ AccountId: A, RoomId: DEMO.salesRoomId, MembershipItemList: [{ MemberId: U.bob }] }),
			made: () => (account().rooms[DEMO.salesRoomId].memberships[U.bob] ? 1 : 0),
		},
		{
			action: 'CreateRoomMembership',
			call: () => new C.CreateRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MemberId: U.bob }),
			made: () => (account().rooms[DEMO.roomId].memberships[U.bob] ? 1 : 0),
		},
		{
			action: 'CreateBot',
			call: () => new C.CreateBotCommand({ AccountId: A, DisplayName: 'Lost Bot' }),
			made: () => Object.values(account().bots).filter((b) => b.bot.DisplayName === 'Lost Bot').length,
		},
		{
			action: 'CreateAccount',
			call: () => new C.CreateAccountCommand({ Name: 'Lost Corp' }),
			made: () => Object.values(env.sb.state().accounts).filter((a) => a.account.Name === 'Lost Corp').length,
		},
	];

	test.each(creators)('$action: made exactly once although the answer was lost, and countable in the state', async ({ action, call, made }) => {
		expect(made()).toBe(0);
		env.sb.faults.set({ actions: { [action]: { dropAfter: 1 } } });
		await expect(env.send(call())).rejects.toEqual(connectionError);
		expect(made()).toBe(1);
		expect(env.sb.faults.report().byAction[action].faults).toEqual({ dropAfter: 1 });
	});

	test('every InviteUsers call that sends an invitation counts one; an accepted invitation sends none', async () => {
		const invite = (...emails: string[]) => env.send(new C.InviteUsersCommand({ AccountId: A, UserEmailList: emails }));
		await invite('hire@example.com', 'alice@example.com');
		expect(env.sb.state().invitationsSent).toEqual({ [A]: { 'hire@example.com': 1 } });
		await invite('HIRE@example.com', 'carol@example.com');
		expect(env.sb.state().invitationsSent).toEqual({ [A]: { 'hire@example.com': 2, 'carol@example.com': 1 } });
		expect(((await admin('GET', '/state')).json.invitationsSent as Record<string, unknown>)[A]).toEqual({ 'hire@example.com': 2, 'carol@example.com': 1 });
		env.sb.reset(true);
		expect(env.sb.state().invitationsSent).toEqual({});
	});

	test('a dial-out is recorded with its numbers, meeting and time', async () => {
		const MeetingId = '6f1c6d0e-8a3b-4c5d-9e7f-0a1b2c3d4e99';
		const { TransactionId } = await env.send(
			new C.CreateMeetingDialOutCommand({ MeetingId, FromPhoneNumber: DEMO.numbers.alice, ToPhoneNumber: '+12065550199', JoinToken: 'joinToken0001' }),
		);
		expect(env.sb.state().dialOuts).toEqual([
			{ TransactionId, MeetingId, FromPhoneNumber: DEMO.numbers.alice, ToPhoneNumber: '+12065550199', CreatedTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
		]);
	});
});

describe('stall: the request is read and never answered', () => {
	test("a client's 500 ms request timeout ends the call, and the sandbox still stops afterwards", async () => {
		const own = await sandbox({ faults: { actions: { GetAccount: { stall: 1 } } } });
		const patient = client(own, { maxAttempts: 1, requestHandler: timeoutAfter(500) });
		const error = await patient.send(new C.GetAccountCommand({ AccountId: A })).catch((e: unknown) => e as Error);
		// The client's own timeout ended it: the sandbox neither answered nor hung up.
		expect(error).toMatchObject({ name: 'TimeoutError' });
		// Other actions are answered meanwhile.
		await expect(patient.send(new C.ListAccountsCommand({}))).resolves.toBeDefined();
		expect(own.faults.report().byAction).toEqual({
			GetAccount: { calls: 1, statuses: {}, faults: { stall: 1 } },
			ListAccounts: { calls: 1, statuses: { 200: 1 }, faults: {} },
		});
		patient.destroy();
		// A stop that waited for the stalled request would never return (the test would time out).
		await own.stop();
	});

	test('a client that never gives up is cut off by stop(), which returns', async () => {
		let seen = () => {};
		const stalled = new Promise<void>((resolve) => (seen = resolve));
		const own = await sandbox({ faults: { stall: 1 }, onRequest: () => seen() });
		const patient = client(own, { maxAttempts: 1 });
		const outcome = patient.send(new C.ListAccountsCommand({})).then(
			() => 'answered',
			(e: Error) => e.message,
		);
		await stalled;
		expect(own.faults.report().byAction.ListAccounts.faults.stall).toBe(1);
		// The client has no timeout: only stop() ends its request, and stop() returns rather than wait for it.
		await own.stop();
		expect(await outcome).toMatch(/socket hang up|ECONNRESET/);
		patient.destroy();
	});

	test('a stall waits as long as the client does, while the admin endpoint still answers', async () => {
		let seen = () => {};
		const stalled = new Promise<void>((resolve) => (seen = resolve));
		const own = await sandbox({ faults: { stall: 1 }, onRequest: () => seen() });
		const patient = client(own, { maxAttempts: 1, requestHandler: timeoutAfter(1500) });
		let ended = false;
		const outcome = patient
			.send(new C.ListAccountsCommand({}))
			.catch((e: Error) => e)
			.finally(() => (ended = true));
		await stalled;
		expect((await fetch(`${own.url}/_sandbox/health`)).status).toBe(200);
		// Answered while the stalled request is still open; then the client's timeout, not the sandbox, ends it.
		expect(ended).toBe(false);
		expect(await outcome).toMatchObject({ name: 'TimeoutError' });
		patient.destroy();
		await own.stop();
	});
});

describe('the fault settings', () => {
	test('the admin endpoint takes dropAfter and stall, for all actions or chosen ones, and shows them back', async () => {
		const config = { dropAfter: 0.25, stall: 0.5, actions: { CreateUser: { dropAfter: 1, stall: 0 } } };
		expect(await admin('PUT', '/faults', config)).toEqual({ status: 200, json: config });
		expect(await admin('GET', '/faults')).toEqual({ status: 200, json: config });
		expect(env.sb.faults.spec('CreateUser')).toEqual({ dropAfter: 1, stall: 0 });
		expect(env.sb.faults.spec('GetUser')).toEqual({ dropAfter: 0.25, stall: 0.5 });
	});

	test.each([
		[{ dropAfter: 2 }, 'dropAfter must be a probability from 0 to 1'],
		[{ stall: 2 }, 'stall must be a probability from 0 to 1'],
		[{ stall: -0.1 }, 'stall must be a probability from 0 to 1'],
		[{ dropAfter: '1' }, 'dropAfter must be a probability from 0 to 1'],
		[{ actions: { CreateUser: { dropAfter: 2 } } }, 'dropAfter must be a probability from 0 to 1'],
		[{ actions: { CreateUser: { stall: 2 } } }, 'stall must be a probability from 0 to 1'],
		[{ dropafter: 1 }, 'the fault settings has an unknown setting dropafter; the settings are latencyMs, jitterMs, throttle, serverError, reset, dropAfter, stall'],
		[{ actions: { CreateUser: { drop: 1 } } }, 'actions.CreateUser has an unknown setting drop; the settings are latencyMs, jitterMs, throttle, serverError, reset, dropAfter, stall'],
		[{ actions: { CreateUsers: { dropAfter: 1 } } }, 'actions names CreateUsers, which is not a Chime action'],
	])('the admin endpoint refuses %j', async (config, message) => {
		await admin('PUT', '/faults', { throttle: 0.1 });
		expect(await admin('PUT', '/faults', config)).toEqual({ status: 400, json: { message } });
		// A refused setting leaves the previous ones in place.
		expect((await admin('GET', '/faults')).json).toEqual({ throttle: 0.1 });
	});

	test('the counters show each kind of fault, by action, and their total', async () => {
		env.sb.faults.set({
			actions: {
				GetAccount: { throttle: 1 },
				ListAccounts: { serverError: 1 },
				GetUser: { reset: 1 },
				CreateUser: { dropAfter: 1 },
				ListUsers: { stall: 1 },
			},
		});
		const short = client(env.sb, { maxAttempts: 1, requestHandler: timeoutAfter(300) });
		const calls = [
			new C.GetAccountCommand({ AccountId: A }),
			new C.ListAccountsCommand({}),
			new C.GetUserCommand({ AccountId: A, UserId: U.bob }),
			new C.CreateUserCommand({ AccountId: A, Email: 'counted@example.com' }),
			new C.ListUsersCommand({ AccountId: A }),
		];
		for (const call of calls) await expect(short.send(call as Parameters<C.ChimeClient['send']>[0])).rejects.toBeDefined();
		short.destroy();
		const report = (await admin('GET', '/counters')).json as { faults: number; byAction: Record<string, { faults: unknown }> };
		expect(Object.fromEntries(Object.entries(report.byAction).map(([action, c]) => [action, c.faults]))).toEqual({
			GetAccount: { throttle: 1 },
			ListAccounts: { serverError: 1 },
			GetUser: { reset: 1 },
			CreateUser: { dropAfter: 1 },
			ListUsers: { stall: 1 },
		});
		expect(report.faults).toBe(5);
	});
});

describe('the CLI', () => {
	const CLI = join(__dirname, '..', '..', 'dist-sandbox', 'sandbox', 'cli.js');

	function start(args: string[]): Promise<{ child: ChildProcess; url: string }> {
		const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		return new Promise((resolve, reject) => {
			child.stdout!.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				const found = /listening on (http:\/\/\S+)/.exec(output);
				if (found && output.includes('Admin endpoint')) resolve({ child, url: found[1] });
			});
			child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
		});
	}

	test('--drop-after and --stall set the faults for every action', async () => {
		const { child, url } = await start(['--drop-after', '0.5', '--stall', '0.25', '--throttle', '0.1']);
		const faults = await (await fetch(`${url}/_sandbox/faults`)).json();
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGINT');
		await exited;
		expect(faults).toEqual({ throttle: 0.1, dropAfter: 0.5, stall: 0.25 });
	});

	test.each([['--drop-after', 'dropAfter'], ['--stall', 'stall']])('%s 2 is refused at start', async (flag, name) => {
		await expect(start([flag, '2'])).rejects.toThrow(`sandbox exited with 1: Could not start the sandbox: ${name} must be a probability from 0 to 1`);
		await expect(start([flag, 'often'])).rejects.toThrow(`${name} must be a probability from 0 to 1`);
	});

	test('--help names the new flags', async () => {
		const child = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		await new Promise((resolve) => child.once('exit', resolve));
		expect(output).toContain('--drop-after P --stall P');
	});
});

/** Raw HTTP: the lost answer as a plain client sees it, without the SDK in between. */
test('over raw HTTP, a dropped answer is a closed socket with no status line', async () => {
	env.sb.faults.set({ actions: { GetAccount: { dropAfter: 1 } } });
	// A signed request, taken from the SDK, replayed over a bare socket.
	let signed: { headers: Record<string, string>; path: string } | undefined;
	const capture = client(env.sb, {
		maxAttempts: 1,
		requestHandler: {
			handle: (req: { headers: Record<string, string>; path: string }) => {
				signed = { headers: req.headers, path: req.path };
				return Promise.reject(new Error('captured'));
			},
		} as unknown as NodeHttpHandler,
	});
	await expect(capture.send(new C.GetAccountCommand({ AccountId: A }))).rejects.toThrow('captured');
	capture.destroy();
	const outcome = await new Promise<string>((resolve) => {
		const req = request(`${env.sb.url}${signed!.path}`, { method: 'GET', headers: signed!.headers }, (res) => resolve(`status ${res.statusCode}`));
		req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
		req.end();
	});
	expect(outcome).toBe('ECONNRESET');
	expect(env.sb.faults.report().byAction.GetAccount).toEqual({ calls: 1, statuses: {}, faults: { dropAfter: 1 }, lost: { 200: 1 } });
});
