/**
 * The Chime sandbox's HTTP layer: SigV4 check, routing by the service model, validation against the
 * model, fault injection, then the backend's business rules; errors answered the way Chime answers.
 * The admin endpoint under /_sandbox is for tests, benchmarks and demos, and is not signed.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

import { createAccount } from './backend/accounts';
import { addUser } from './backend/users';
import { handlers, ordersDue, settleOrders } from './backend';
import { emptyState, emptyVoiceState, type Ctx, type Obj, type SandboxOptions, type State } from './backend/state';
import { account, iso, newId } from './backend/util';
import { authError, badRequest, ChimeError, forbidden, notFound, serviceFailure, serviceUnavailable, throttled, unauthorized } from './errors';
import { Faults, type FaultConfig } from './faults';
import { ReadLag } from './lag';
import { operation, VOICE } from './model';
import { Network } from './network';
import { decodeSegment, readInput, route } from './routes';
import { seed } from './seed';
import { verify, type KeyPair } from './sigv4';
import { Sts, type RoleConfig } from './sts';
import { makeCertificates } from './tls';
import { validationMessage, violations } from './validate';

/** The sandbox's published demo keys (documented in README), not secrets of anything real. */
/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- public demo keys of a local test server */
export const DEFAULT_KEYS: KeyPair = {
	accessKeyId: 'AKIASANDBOXCHIME0001',
	secretAccessKey: 'sandbox/secret/access/key/0000000000000',
};
/* eslint-enable @n8n/community-nodes/no-hardcoded-secrets */

export interface SandboxConfig {
	port?: number;
	host?: string;
	keys?: KeyPair[];
	faults?: FaultConfig;
	/** How long phone number orders stay Processing; 2 s unless set. */
	orderDelayMs?: number;
	/** Reads lag this far behind writes, as AWS's eventually consistent lists may (lag.ts); 0 unless set. */
	listLagMs?: number;
	/** Keep state in this JSON file across restarts. */
	dataFile?: string;
	/** Start with demo data (ignored when the data file already holds state). */
	seed?: boolean;
	/** The sandbox's clock; tests move it to check signature expiry and order delays. */
	clock?: () => Date;
	random?: () => number;
	/** Roles STS (POST /_sts) lets keys assume; none unless set. */
	roles?: RoleConfig[];
	/**
	 * The region Amazon Chime SDK Voice answers for, under `${url}/voice`: requests there must be signed
	 * for it (service `chime`), as voice-chime.<region>.amazonaws.com wants. us-east-1 unless set.
	 */
	voiceRegion?: string;
	/** HTTPS with a certificate of its own CA, made at start (tls.ts); the Sandbox's caFile is what clients must trust. */
	tls?: boolean;
	/** A new connection's first request waits this long, as the TCP and TLS handshakes to a far region do (network.ts); 0 unless set. */
	connectLatencyMs?: number;
	/** Called with every signed request that names a Chime action, before permissions, faults and rules apply. */
	onRequest?: (request: SeenRequest) => void;
}

/** A request as the sandbox saw it: what tests assert on. */
export interface SeenRequest {
	action: string;
	method: string;
	/** Path with each segment URL-decoded: `/phone-numbers/+12065550100`. */
	path: string;
	query: Record<string, string>;
	body: unknown;
}

/** Whether a key's `allow` list lets it call an action (Chime SDK Voice's are `chime:` actions too: by their plain name). */
function allowed(key: KeyPair, qualified: string): boolean {
	const action = qualified.startsWith(VOICE) ? qualified.slice(VOICE.length) : qualified;
	return !key.allow || key.allow.some((pattern) => new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(action));
}

/**
 * The backend's state and the sandbox's own tallies of what Chime would have done outside its API, so
 * that a test can count it after a lost answer (kept and persisted with the state, reset with it).
 */
export interface SandboxState extends State {
	/**
	 * Invitation emails sent, by account ID and lower-case email: each InviteUsers call that sends an
	 * invitation (EmailStatus "Sent") adds one, so "invited once" is `invitationsSent[accountId][email] === 1`.
	 */
	invitationsSent: Record<string, Record<string, number>>;
}

const freshState = (): SandboxState => ({ ...emptyState(), invitationsSent: {} });

export interface Sandbox {
	url: string;
	port: number;
	/** The accepted key pairs; replace them at run time with PUT /_sandbox/keys. */
	keys: KeyPair[];
	faults: Faults;
	/** STS at `${url}/_sts`: its roles, counters, and expireAll() to end the issued sessions. */
	sts: Sts;
	options: SandboxOptions;
	/** Connect latency and the connection and request counters. */
	network: Network;
	/** With `tls`: the CA certificate (PEM file) clients must trust. */
	caFile?: string;
	state(): SandboxState;
	reset(withSeed: boolean): void;
	stop(): Promise<void>;
}

/** Where Chime SDK Voice's routes are: the credential's Custom Voice Endpoint is `${url}/voice`. */
const VOICE_PATH = '/voice';
const voicePath = (url = '/') => url === VOICE_PATH || url.startsWith(`${VOICE_PATH}/`) || url.startsWith(`${VOICE_PATH}?`);

function parseJson(body: Buffer): unknown {
	if (!body.length) return undefined;
	try {
		return JSON.parse(body.toString());
	} catch {
		return body.toString();
	}
}

/** Refuses what would silently do nothing: a misspelt option, or one that is not a number of milliseconds. */
function checkOptions(options: SandboxOptions): void {
	for (const [key, value] of Object.entries(options)) {
		if (key !== 'orderDelayMs' && key !== 'listLagMs') throw new Error(`Unknown option ${key}; the options are orderDelayMs, listLagMs`);
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${key} must be a number of milliseconds`);
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The connect latency: over when it has passed, or at once when the connection closes (no timer outlives a stopped sandbox). */
function handshake(ms: number, socket: Socket): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		socket.once('close', done);
		function done() {
			clearTimeout(timer);
			socket.off('close', done);
			resolve();
		}
	});
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, {
		'x-amzn-RequestId': randomUUID(),
		...(text ? { 'content-type': 'application/json' } : {}),
		...headers,
	});
	res.end(text);
}

function sendError(res: ServerResponse, error: ChimeError): void {
	send(res, error.status, error.body(), { 'x-amzn-ErrorType': error.type });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Uint8Array[] = [];
		req.on('data', (chunk: Uint8Array) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export async function startSandbox(config: SandboxConfig = {}): Promise<Sandbox> {
	const keys = [...(config.keys ?? [DEFAULT_KEYS])];
	const clock = config.clock ?? (() => new Date());
	const faults = new Faults(config.faults, config.random);
	const network = new Network(config.connectLatencyMs ?? 0);
	const sts = new Sts(config.roles ?? [], keys, clock);
	const options: SandboxOptions = { orderDelayMs: config.orderDelayMs ?? 2000, listLagMs: config.listLagMs ?? 0 };
	const voiceRegion = config.voiceRegion ?? 'us-east-1';
	checkOptions(options);
	let state: SandboxState = freshState();
	const ctx = (): Ctx => ({ state, now: clock(), options });
	const lag = new ReadLag<SandboxState>();
	/** Sockets of requests a `stall` fault is holding, destroyed on stop. */
	const stalled = new Set<Socket>();

	if (config.dataFile && existsSync(config.dataFile)) {
		state = JSON.parse(readFileSync(config.dataFile, 'utf8')) as SandboxState;
		state.invitationsSent ??= {};
		state.voice ??= emptyVoiceState();
	} else if (config.seed) {
		seed(ctx());
	}
	const persist = () => {
		if (!config.dataFile) return;
		writeFileSync(`${config.dataFile}.tmp`, JSON.stringify(state, null, 1));
		renameSync(`${config.dataFile}.tmp`, config.dataFile);
	};
	const reset = (withSeed: boolean) => {
		state = freshState();
		lag.clear();
		if (withSeed) seed(ctx());
		faults.resetCounters();
		sts.resetCounters();
		network.resetCounters();
		persist();
	};

	async function chime(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
		// Chime SDK Voice under /voice: signed (path included) for its region, routed by its own model.
		const service = voicePath(req.url) ? 'voice' : 'chime';
		const wireUrl = service === 'voice' ? (req.url ?? '/').slice(VOICE_PATH.length) || '/' : (req.url ?? '/');
		const url = new URL(wireUrl, 'http://sandbox');
		// The path as sent: URL would resolve `.` and `..`, routing `…/memberships/..` to the room.
		const rawPath = wireUrl.split('?')[0];
		const region = service === 'voice' ? voiceRegion : undefined;
		const signedBy = verify({ method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body }, keys, clock(), 'chime', region);
		if (signedBy instanceof ChimeError) return sendError(res, signedBy);
		if (sts.expired(signedBy)) return sendError(res, authError('ExpiredTokenException', 'The security token included in the request is expired'));
		let matched: ReturnType<typeof route>;
		let path: string;
		try {
			matched = route(req.method ?? '', rawPath, url.searchParams, service);
			path = rawPath.split('/').map(decodeSegment).join('/');
		} catch (error) {
			return sendError(res, error instanceof ChimeError ? error : new ChimeError('BadRequest', String(error), 400));
		}
		if (!matched) {
			return sendError(res, new ChimeError('UnknownOperation', `No Chime action is ${req.method} ${rawPath}.`, 404, 'UnknownOperationException', true));
		}
		const { action } = matched;
		config.onRequest?.({
			action,
			method: req.method ?? '',
			path,
			query: Object.fromEntries(url.searchParams),
			body: parseJson(body),
		});
		const fault = faults.draw(action);
		faults.started();
		try {
			await sleep(faults.delayMs(action));
			if (fault === 'reset') {
				req.socket.destroy();
				return;
			}
			if (fault === 'stall') return await stall(req.socket);
			answer({ action, fault, signedBy, req, res, url, labels: matched.labels, body });
		} finally {
			faults.finished();
		}
	}

	/** Holds a request without an answer until the client gives up or the sandbox stops. */
	function stall(socket: Socket): Promise<void> {
		if (socket.destroyed) return Promise.resolve();
		stalled.add(socket);
		return new Promise((resolve) =>
			socket.once('close', () => {
				stalled.delete(socket);
				resolve();
			}),
		);
	}

	/** What Chime does beside its answer, counted for tests: invitation emails. */
	function tally(action: string, input: Obj, result: Obj | undefined): void {
		if (action !== 'InviteUsers') return;
		const sent = (state.invitationsSent[String(input.AccountId)] ??= {});
		for (const invite of (result?.Invites ?? []) as Obj[]) {
			if (invite.EmailStatus !== 'Sent') continue;
			const email = String(invite.EmailAddress).toLowerCase();
			sent[email] = (sent[email] ?? 0) + 1;
		}
	}

	/**
	 * Permissions, injected errors, validation and Chime's rules, for one signed request. With a
	 * `dropAfter` fault all of it happens, state changes included, and then the answer is lost.
	 */
	function answer({ action, fault, signedBy, req, res, url, labels, body }: {
		action: string;
		fault: string | undefined;
		signedBy: KeyPair;
		req: IncomingMessage;
		res: ServerResponse;
		url: URL;
		labels: Record<string, string>;
		body: Buffer;
	}): void {
		let status = 200;
		try {
			if (signedBy.suspended) throw unauthorized('The client is not currently authorized to make the request.');
			if (!allowed(signedBy, action)) throw forbidden(`The client is permanently forbidden from making the request: ${action}.`);
			if (fault === 'throttle') throw throttled();
			if (fault === 'serverError') throw faults.coin() ? serviceFailure() : serviceUnavailable();
			const input = readInput(action, labels, url.searchParams, body);
			const found = violations(action, input);
			if (found.length) throw badRequest(validationMessage(found));
			const context = ctx();
			const now = context.now.getTime();
			// A read sees the state as it was listLagMs ago; a write (or an order settling) acts on it as it is.
			if (req.method !== 'GET' || ordersDue(context)) lag.beforeWrite(state, now, options.listLagMs);
			settleOrders(context);
			const read = req.method === 'GET' ? { ...context, state: lag.view(state, now, options.listLagMs) } : context;
			if (read.state !== state) settleOrders({ ...read, now: new Date(now - options.listLagMs) });
			const result = handlers[action](read, input);
			tally(action, input, result);
			status = operation(action).http.responseCode ?? 200;
			if (req.method !== 'GET') persist();
			if (fault !== 'dropAfter') send(res, status, status === 204 ? undefined : (result ?? {}));
		} catch (error) {
			const chimeError = error instanceof ChimeError ? error : new ChimeError('ServiceFailure', String(error), 500);
			status = chimeError.status;
			if (fault !== 'dropAfter') sendError(res, chimeError);
		}
		if (fault === 'dropAfter') {
			req.socket.destroy();
			faults.lost(action, status);
		} else {
			faults.answered(action, status);
		}
	}

	/** The admin endpoint: counters, faults, reset and seed, state, and test fixtures Chime's API cannot make. */
	function admin(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
		const path = new URL(req.url ?? '/', 'http://sandbox').pathname.replace(/^\/_sandbox/, '');
		const json = (body.length ? JSON.parse(body.toString()) : {}) as Obj;
		const key = `${req.method} ${path}`;
		// Fixtures show at once: reads lagging behind them would not find what a test has just set up.
		if (['POST /seed', 'POST /accounts', 'POST /users', 'POST /messages'].includes(key)) lag.clear();
		try {
			switch (key) {
				case 'GET /health':
					return send(res, 200, { ok: true });
				case 'GET /counters':
					return send(res, 200, { ...faults.report(), network: network.counters });
				case 'GET /network':
					return send(res, 200, { connectLatencyMs: network.connectLatencyMs });
				case 'PUT /network':
					Network.check(json.connectLatencyMs);
					network.connectLatencyMs = json.connectLatencyMs as number;
					return send(res, 200, { connectLatencyMs: network.connectLatencyMs });
				case 'GET /sts':
					return send(res, 200, sts.counters);
				case 'POST /sts/expire':
					sts.expireAll();
					return send(res, 200, sts.counters);
				case 'DELETE /counters':
					faults.resetCounters();
					sts.resetCounters();
					network.resetCounters();
					return send(res, 200, { ...faults.report(), network: network.counters });
				case 'GET /faults':
					return send(res, 200, faults.config);
				case 'PUT /faults':
					faults.set(json as FaultConfig);
					return send(res, 200, faults.config);
				case 'GET /keys':
					return send(res, 200, keys.map(({ accessKeyId, allow, suspended }) => ({ accessKeyId, allow, suspended })));
				case 'PUT /keys':
					keys.splice(0, keys.length, ...(json as unknown as KeyPair[]));
					return send(res, 200, { keys: keys.length });
				case 'GET /options':
					return send(res, 200, options);
				case 'PUT /options': {
					const changed = { ...options, ...json } as SandboxOptions;
					checkOptions(changed);
					Object.assign(options, changed);
					return send(res, 200, options);
				}
				case 'POST /reset':
					reset(json.seed === true);
					return send(res, 200, { ok: true, seeded: json.seed === true });
				case 'POST /seed': {
					const demo = seed(ctx());
					persist();
					return send(res, 200, demo);
				}
				case 'GET /state':
					return send(res, 200, state);
				case 'POST /accounts': {
					const created = createAccount(ctx(), String(json.Name), String(json.AccountType ?? 'Team'));
					persist();
					return send(res, 201, { Account: created.account });
				}
				case 'POST /users': {
					// Many registered users at once (benchmarks' 100,000): `{n}` in EmailPattern is 0, 1, 2…
					const record = account(ctx(), json.AccountId);
					const count = Number(json.Count);
					const pattern = String(json.EmailPattern ?? 'user{n}@example.com');
					if (!Number.isInteger(count) || count < 0 || !pattern.includes('{n}')) throw new Error('POST /users takes AccountId, Count and an EmailPattern with {n}');
					for (let n = 0; n < count; n++) addUser(record, pattern.replace('{n}', String(n)), { UserRegistrationStatus: 'Registered' });
					persist();
					return send(res, 201, { users: Object.keys(record.users).length });
				}
				case 'POST /messages': {
					const record = account(ctx(), json.AccountId);
					const holder = json.RoomId
						? record.rooms[String(json.RoomId)]
						: (record.conversations[String(json.ConversationId ?? newId())] ??= { messages: {} });
					if (!holder) throw notFound(`The room ${String(json.RoomId)} does not exist.`);
					const message = { MessageId: newId(), Content: String(json.Content ?? ''), Sender: String(json.Sender ?? 'admin'), CreatedTimestamp: iso(ctx()), Redacted: false };
					holder.messages[message.MessageId] = message;
					persist();
					return send(res, 201, { Message: message });
				}
				default:
					return send(res, 404, { message: `No admin route ${key}` });
			}
		} catch (error) {
			if (error instanceof ChimeError) return sendError(res, error);
			return send(res, 400, { message: error instanceof Error ? error.message : String(error) });
		}
	}

	const handle: RequestListener = (req, res) => {
		const wait = network.arrive(req.socket);
		(wait > 0 ? handshake(wait, req.socket) : Promise.resolve())
			.then(() => (req.socket.destroyed ? undefined : readBody(req)))
			.then((body) => {
				if (!body) return;
				if (req.url?.startsWith('/_sandbox/')) return admin(req, res, body);
				if (req.url === '/_sts' || req.url?.startsWith('/_sts/')) {
					const answer = sts.handle(req, body);
					res.writeHead(answer.status, { 'content-type': 'text/xml', 'x-amzn-RequestId': randomUUID() });
					return res.end(answer.xml);
				}
				return chime(req, res, body);
			})
			.catch((error: unknown) => {
				if (!res.headersSent) sendError(res, new ChimeError('ServiceFailure', String(error), 500));
			});
	};
	const certificates = config.tls ? makeCertificates() : undefined;
	const server = certificates ? createHttpsServer({ key: certificates.key, cert: certificates.cert }, handle) : createServer(handle);
	/** Every open connection, destroyed on stop: one still in its TLS handshake is not yet the HTTP server's to close. */
	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		network.connected();
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	server.keepAliveTimeout = 30_000;
	const host = config.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port ?? 0, host, resolve);
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `${certificates ? 'https' : 'http'}://${host}:${port}`,
		port,
		keys,
		faults,
		sts,
		options,
		network,
		...(certificates ? { caFile: certificates.caFile } : {}),
		state: () => state,
		reset,
		stop: () =>
			new Promise<void>((resolve) => {
				for (const socket of [...stalled, ...sockets]) socket.destroy();
				server.closeAllConnections();
				server.close(() => {
					if (certificates) rmSync(certificates.dir, { recursive: true, force: true });
					resolve();
				});
			}),
	};
}
