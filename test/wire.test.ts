/**
 * Our transport (wire.ts, call.ts, http.ts) and the credential's signing (its `authenticate`, on
 * sigv4.ts) against @aws-sdk/client-chime, the reference they must match: for every action, the same
 * input goes through both to one raw recording server, and the two requests must be the same bytes
 * where it counts (method, path, query, signed headers, body, signature). Then both read the same
 * answers and errors. Last, the sandbox's own SigV4 verifier accepts what the credential signs.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import * as Chime from '@aws-sdk/client-chime';
import * as Voice from '@aws-sdk/client-chime-sdk-voice';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FinalizeHandler, FinalizeHandlerArguments, SourceData } from '@smithy/types';
import type { IAdditionalCredentialOptions, IHttpRequestOptions } from 'n8n-workflow';

import { AmazonChimeApi } from '../credentials/AmazonChimeApi.credentials';

import { actionModel, plainName, chimeActions, inputShape, outputShape, shape, voiceActions, type Shape } from '../nodes/shared/chime/model';
import { callOnce } from '../nodes/shared/chime/call';
import { n8nSend } from '../nodes/shared/chime/http';
import { signRequest } from '../nodes/shared/chime/sigv4';
import { ChimeError, UnexpectedAnswerError, type AwsKeys, type ChimeTarget, type HttpSend } from '../nodes/shared/chime/types';
import { parseError, serializeRequest, withIdempotencyTokens } from '../nodes/shared/chime/wire';
import { DEFAULT_KEYS } from '../sandbox/server';
import { DEMO, sandbox, type Sandbox } from './harness/sandbox';

const FIXED_NOW = new Date('2025-03-04T05:06:07.890Z');
const KEYS: Required<AwsKeys> = {
	accessKeyId: 'AKIDEXAMPLEWIRETEST1',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
	sessionToken: 'FQoGZXIvYXdzEXAMPLE//session+token=',
};

// ---------------------------------------------------------------------------------------------
// A raw recorder: the request line, headers and body exactly as they arrived.

interface RawRequest {
	method: string;
	/** Path as sent, still percent-encoded. */
	path: string;
	/** Query string as sent, without the `?`. */
	query: string;
	headers: IncomingHttpHeaders;
	body: string;
}

interface RawReply {
	status: number;
	headers?: Record<string, string>;
	body?: string;
}

class RawRecorder {
	requests: RawRequest[] = [];
	reply: (request: RawRequest) => RawReply = () => ({ status: 200, body: '{}' });
	private server?: Server;

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const url = req.url ?? '/';
				const at = url.indexOf('?');
				const request: RawRequest = {
					method: req.method ?? '',
					path: at === -1 ? url : url.slice(0, at),
					query: at === -1 ? '' : url.slice(at + 1),
					headers: req.headers,
					body: Buffer.concat(chunks).toString('utf8'),
				};
				this.requests.push(request);
				const reply = this.reply(request);
				// No Date header: the SDK would correct its clock by it, and both sides must sign at FIXED_NOW.
				res.sendDate = false;
				res.writeHead(reply.status, { ...(reply.body ? { 'content-type': 'application/json' } : {}), ...reply.headers });
				res.end(reply.body ?? '');
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	reset(reply?: RawRecorder['reply']): void {
		this.requests = [];
		this.reply = reply ?? (() => ({ status: 200, body: '{}' }));
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server?.close(() => resolve()));
	}
}

/** Our HttpSend on node:http, sending the path exactly as given (no URL re-encoding on the way). */
const nodeSend: HttpSend = (request) =>
	new Promise((resolve, reject) => {
		const url = new URL(request.url);
		const req = httpRequest(
			{
				hostname: url.hostname,
				port: url.port,
				method: request.method,
				path: request.url.slice(url.origin.length),
				headers: request.headers,
				signal: request.signal,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(request.body);
	});

const credentialType = new AmazonChimeApi();

/**
 * What the nodes send with (n8nSend), on a stand-in for n8n's helper that does what n8n's does: the
 * credential's `authenticate` signs the request, here with `keys` as the credential's, and the bytes
 * go out on node:http exactly as signed.
 */
function credentialSend(keys: AwsKeys): HttpSend {
	const httpRequestWithAuthentication = async (_: string, options: IHttpRequestOptions, { credentialsDecrypted }: IAdditionalCredentialOptions) => {
		const signed = await credentialType.authenticate(credentialsDecrypted!.data!, options);
		const answer = await nodeSend({ method: signed.method!, url: signed.url, headers: signed.headers as Record<string, string>, body: (signed.body as string) ?? '' });
		return { statusCode: answer.status, headers: answer.headers, body: answer.body };
	};
	return n8nSend({ getNode: () => ({ credentials: {} }), helpers: { httpRequestWithAuthentication } } as never, { ...keys });
}

type SdkOutput = Record<string, unknown> & { $metadata: { httpStatusCode?: number } };
type Command = new (input: object) => Parameters<Chime.ChimeClient['send']>[0];
const command = (action: string) => (Chime as unknown as Record<string, Command>)[`${action}Command`];

/**
 * An SDK client as we compare with it (Chime's or Voice's). The SDK signs three headers of its own
 * bookkeeping that our transport does not send: amz-sdk-invocation-id (a fresh UUID per call), amz-sdk-request (attempt
 * counter) and x-amz-user-agent (its version). A random UUID in the signed set would make the
 * signatures differ on every run, so they are removed just before the SDK signs; everything else
 * it signs stays, and must match.
 */
function withoutBookkeeping<C extends { middlewareStack: { addRelativeTo: (...args: never[]) => void } }>(client: C): C {
	// Typed loosely: the Chime and Voice clients' stacks differ only in their input and output types.
	(client.middlewareStack as unknown as Chime.ChimeClient['middlewareStack']).addRelativeTo(
		(next: FinalizeHandler<Chime.ServiceInputTypes, Chime.ServiceOutputTypes>) => async (args: FinalizeHandlerArguments<Chime.ServiceInputTypes>) => {
			const headers = (args.request as { headers: Record<string, string> }).headers;
			delete headers['amz-sdk-invocation-id'];
			delete headers['amz-sdk-request'];
			delete headers['x-amz-user-agent'];
			return next(args);
		},
		{ name: 'dropSdkBookkeepingHeaders', relation: 'before', toMiddleware: 'httpSigningMiddleware' },
	);
	return client;
}

const sdkClient = (endpoint: string) => withoutBookkeeping(new Chime.ChimeClient({ region: 'us-east-1', endpoint, credentials: KEYS, maxAttempts: 1 }));

// ---------------------------------------------------------------------------------------------
// Inputs and answers with every member filled, generated from the model.

type Where = 'uri' | 'querystring' | 'header' | 'body';

/** Free text per location, full of what must be escaped there. */
const TEXT: Record<Where, string> = {
	uri: "a b/c+d!'()*~é",
	querystring: "t o/k+e=n&!'()*~é",
	header: 'h e',
	body: 'Ünïcode "quoted" \\ back\nslash\t\u0001 😀 \u2028 /+&=',
};

/** Strings for shapes whose pattern free text would not match. */
const SAMPLES: Record<string, string> = {
	GuidString: '8f2e5b3a-1c4d-4e6f-9a0b-7c8d9e0f1a2b',
	E164PhoneNumber: '+12065550100',
	EmailAddress: 'jane+doe@example.com',
	Alpha2CountryCode: 'US',
	CallingName: 'Jane Doe 2',
	ClientRequestToken: 'token-123_ABC',
	JoinTokenString: 'am9pbg+/token',
	TollFreePrefix: '844',
	PhoneNumberName: 'Main line',
};

const INPUT_TIME = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));

function sampleInput(s: Shape, shapeName: string, where: Where, name: string, depth: number): unknown {
	switch (s.type) {
		case 'structure':
			return Object.fromEntries(
				Object.entries(s.members ?? {}).map(([key, m]) => [
					key,
					sampleInput(shape(m.shape), m.shape, depth === 0 ? (m.location ?? 'body') : where, key, depth + 1),
				]),
			);
		case 'list':
			return [0, 1].map((i) => sampleInput(shape(s.member!.shape), s.member!.shape, where, `${name}${i}`, depth + 1));
		case 'boolean':
			return depth % 2 === 0;
		case 'integer':
		case 'long':
			return Math.min(s.max ?? 1000, Math.max(s.min ?? 0, 42));
		case 'timestamp':
			return INPUT_TIME;
		default: {
			if (s.enum) return s.enum[0];
			// Each member its own text, so that a value landing in the wrong place shows.
			const text = SAMPLES[plainName(shapeName)] ?? `${TEXT[where]} ${name}`.slice(0, s.max ?? Infinity);
			if (s.pattern && !new RegExp(s.pattern).test(text)) throw new Error(`No sample for ${shapeName} (${s.pattern})`);
			if (s.min && text.length < s.min) throw new Error(`Sample for ${shapeName} too short`);
			return text;
		}
	}
}

const fullInput = (action: string) => sampleInput(inputShape(action), '', 'body', '', 0) as Record<string, unknown>;

/**
 * Only what the path needs, to exercise the rules for an empty body; and idempotency tokens, which
 * would otherwise be random on each side.
 */
function labelsOnly(action: string): Record<string, unknown> {
	const full = fullInput(action);
	const kept = Object.entries(inputShape(action).members ?? {}).filter(
		([, m]) => m.location === 'uri' || (m as { idempotencyToken?: boolean }).idempotencyToken,
	);
	return Object.fromEntries(kept.map(([key]) => [key, full[key]]));
}

/** Timestamps as Chime writes them, and as RFC 3339 also allows. */
const ISO_TIMES = ['2024-01-02T03:04:05.678Z', '2024-01-02T03:04:05Z', '2024-01-02T05:34:05.5+02:30', '2023-12-31t23:59:59.123456z'];

function sampleOutput(s: Shape, name: string, counter: { n: number }): unknown {
	counter.n++;
	switch (s.type) {
		case 'structure':
			return {
				...Object.fromEntries(Object.entries(s.members ?? {}).map(([key, m]) => [key, sampleOutput(shape(m.shape), key, counter)])),
				// Not in the model: both must leave it out.
				UnmodeledField: 'dropped',
			};
		case 'list':
			return [0, 1].map((i) => sampleOutput(shape(s.member!.shape), `${name}${i}`, counter));
		case 'boolean':
			return counter.n % 2 === 0;
		case 'integer':
		case 'long':
			return counter.n;
		case 'timestamp':
			return ISO_TIMES[counter.n % ISO_TIMES.length];
		default:
			return s.enum ? s.enum[counter.n % s.enum.length] : `${name} ✓ "${counter.n}"`;
	}
}

// ---------------------------------------------------------------------------------------------

const signedHeadersOf = (authorization: string | undefined) => /SignedHeaders=([^,]+)/.exec(authorization ?? '')?.[1].split(';') ?? [];

/** The query as a sorted multiset of decoded pairs. */
const queryPairs = (raw: string) =>
	raw
		.split('&')
		.filter(Boolean)
		.map((pair) => {
			const at = pair.indexOf('=');
			return JSON.stringify([decodeURIComponent(pair.slice(0, at)), decodeURIComponent(pair.slice(at + 1))]);
		})
		.sort();

/** How one side of a comparison ended: its answer, or the error it threw (an SDK error carries its HTTP status). */
type Ended<T> = { value: T; error: undefined } | { value: undefined; error: Error & { $metadata?: { httpStatusCode?: number } } };
const ended = <T>(sent: Promise<T>): Promise<Ended<T>> =>
	sent.then(
		(value) => ({ value, error: undefined }),
		(error: Error) => ({ value: undefined, error }),
	);

function expectSameRequest(theirs: RawRequest, ours: RawRequest): void {
	expect(ours.method).toBe(theirs.method);
	expect(ours.path).toBe(theirs.path);
	expect(queryPairs(ours.query)).toEqual(queryPairs(theirs.query));
	expect(ours.query).toBe(theirs.query);
	const signed = signedHeadersOf(theirs.headers.authorization);
	expect(signed).toEqual(expect.arrayContaining(['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token']));
	expect(signed).not.toEqual(expect.arrayContaining(['amz-sdk-invocation-id']));
	for (const name of signed) expect({ [name]: ours.headers[name] }).toEqual({ [name]: theirs.headers[name] });
	expect(ours.headers['content-type']).toBe(theirs.headers['content-type']);
	expect(ours.body ? JSON.parse(ours.body) : undefined).toEqual(theirs.body ? JSON.parse(theirs.body) : undefined);
	expect(ours.body).toBe(theirs.body);
	expect(ours.headers.authorization).toBe(theirs.headers.authorization);
}

describe('our transport against @aws-sdk/client-chime', () => {
	const recorder = new RawRecorder();
	let sdk: Chime.ChimeClient;
	let target: ChimeTarget;
	const signed = credentialSend(KEYS);

	beforeAll(async () => {
		// Only Date is faked, at one instant for both signers; sockets and timers stay real.
		jest.useFakeTimers({
			now: FIXED_NOW,
			doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
		});
		const endpoint = await recorder.start();
		sdk = sdkClient(endpoint);
		target = { endpoint };
	});
	afterAll(async () => {
		jest.useRealTimers();
		sdk.destroy();
		await recorder.stop();
	});
	beforeEach(() => recorder.reset());

	/** Sends the input through both; returns the SDK's result (or error) and ours. */
	async function both(action: string, input: Record<string, unknown>, endpoint = target.endpoint) {
		const client = endpoint === target.endpoint ? sdk : sdkClient(endpoint);
		const theirs = await ended(client.send(new (command(action))(input)));
		if (client !== sdk) client.destroy();
		const ours = await ended(callOnce(signed, { ...target, endpoint }, action, input));
		expect(recorder.requests).toHaveLength(2);
		return { theirs, ours, requests: recorder.requests };
	}

	it('covers all 62 actions', () => {
		expect(chimeActions).toHaveLength(62);
		expect(new Set(chimeActions.map((action) => typeof command(action)))).toEqual(new Set(['function']));
	});

	describe('requests with every member filled', () => {
		it.each(chimeActions)('%s', async (action) => {
			const input = fullInput(action);
			const { theirs, ours, requests } = await both(action, input);
			expect(ours.error).toBeUndefined();
			expect(theirs.error).toBeUndefined();
			expectSameRequest(requests[0], requests[1]);
		});
	});

	describe('requests with only the path labels (the empty-body rules)', () => {
		it.each(chimeActions)('%s', async (action) => {
			const input = labelsOnly(action);
			const { requests } = await both(action, input);
			expectSameRequest(requests[0], requests[1]);
			const bodyMembers = Object.entries(inputShape(action).members ?? {}).filter(([, m]) => !m.location);
			const sent = Object.fromEntries(bodyMembers.filter(([key]) => input[key] !== undefined).map(([key]) => [key, input[key]]));
			expect(requests[1].body).toBe(bodyMembers.length ? JSON.stringify(sent) : '');
		});
	});

	it('signs the endpoint base path alike, and drops its trailing slash', async () => {
		const { requests } = await both('GetAccount', { AccountId: 'acc 1' }, `${target.endpoint}/base/path`);
		expect(requests[0].path).toBe('/base/path/accounts/acc%201');
		expectSameRequest(requests[0], requests[1]);
		recorder.reset();
		await callOnce(signed, { ...target, endpoint: `${target.endpoint}/base/path//` }, 'GetAccount', { AccountId: 'acc 1' });
		expect(recorder.requests[0].path).toBe('/base/path/accounts/acc%201');
	});

	it('generates an idempotency token when none is given, like the SDK, and keeps one given', async () => {
		const { requests } = await both('CreateRoom', { AccountId: 'a', Name: 'Room' });
		const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
		for (const request of requests) {
			expect(Object.keys(JSON.parse(request.body))).toEqual(['Name', 'ClientRequestToken']);
			expect(JSON.parse(request.body).ClientRequestToken).toMatch(uuid);
		}
		const filled = withIdempotencyTokens('CreateRoom', { AccountId: 'a', Name: 'Room' });
		expect(filled.ClientRequestToken).toMatch(uuid);
		expect(withIdempotencyTokens('CreateRoom', filled)).toBe(filled);
		expect(JSON.parse(serializeRequest('CreateRoom', filled).body).ClientRequestToken).toBe(filled.ClientRequestToken);
	});

	describe('answers with every output member filled', () => {
		it.each(chimeActions)('%s', async (action) => {
			const counter = { n: 0 };
			const body = JSON.stringify(sampleOutput(outputShape(action), '', counter));
			recorder.reset(() => ({ status: 200, body }));
			const { theirs, ours } = await both(action, fullInput(action));
			expect(theirs.error).toBeUndefined();
			expect(ours.error).toBeUndefined();
			const { $metadata, ...expected } = theirs.value as unknown as SdkOutput;
			expect($metadata).toBeDefined();
			expect(ours.value).toStrictEqual(expected);
			expect(Object.keys(ours.value!).sort()).toEqual(Object.keys(outputShape(action).members ?? {}).sort());
		});
	});

	describe('empty answers of the actions that answer 204', () => {
		const noContent = chimeActions.filter((action) => actionModel(action).http.responseCode === 204);
		it.each(noContent)('%s', async (action) => {
			recorder.reset(() => ({ status: 204 }));
			const { theirs, ours } = await both(action, fullInput(action));
			const { $metadata, ...expected } = theirs.value as unknown as SdkOutput;
			expect($metadata?.httpStatusCode).toBe(204);
			expect(ours.value).toStrictEqual(expected);
		});
	});

	describe('errors', () => {
		const cases: Array<[string, RawReply, Partial<ChimeError>]> = [
			[
				'NotFound, 404',
				{ status: 404, headers: { 'x-amzn-ErrorType': 'NotFoundException' }, body: '{"Code":"NotFound","Message":"The account a does not exist."}' },
				{ code: 'NotFound', retryAfterMs: undefined },
			],
			[
				'ThrottledClient, 429 with Retry-After',
				{ status: 429, headers: { 'x-amzn-ErrorType': 'ThrottledClientException', 'Retry-After': '3' }, body: '{"Code":"Throttled","Message":"Slow down."}' },
				{ code: 'ThrottledClient', retryAfterMs: 3000 },
			],
			['BadRequest with only a body Code', { status: 400, body: '{"Code":"BadRequest","Message":"Invalid AccountId."}' }, { code: 'BadRequest' }],
			[
				'ServiceFailure, 500',
				{ status: 500, headers: { 'x-amzn-ErrorType': 'ServiceFailureException' }, body: '{"Code":"ServiceFailure","Message":"Oops."}' },
				{ code: 'ServiceFailure' },
			],
			[
				'x-amzn-ErrorType with a URL after the colon',
				{
					status: 403,
					headers: { 'x-amzn-ErrorType': 'ForbiddenException:http://internal.amazon.com/coral/com.amazon.coral.service/' },
					body: '{"message":"Not allowed."}',
				},
				{ code: 'Forbidden' },
			],
			['__type only', { status: 409, body: '{"__type":"com.amazonaws.chime#ConflictException","message":"Exists."}' }, { code: 'Conflict' }],
			[
				"AWS's front door, not a Chime error shape",
				{ status: 403, headers: { 'x-amzn-ErrorType': 'UnrecognizedClientException' }, body: '{"message":"The security token included in the request is invalid."}' },
				{ code: 'UnrecognizedClient' },
			],
		];
		it.each(cases)('%s', async (_, reply, expected) => {
			recorder.reset(() => reply);
			const { theirs, ours } = await both('GetAccount', { AccountId: 'a' });
			expect(ours.error).toBeInstanceOf(ChimeError);
			const error = ours.error as ChimeError;
			expect(error.code).toBe(theirs.error!.name.replace(/Exception$/, ''));
			expect(error.message).toBe(theirs.error!.message);
			expect(error.status).toBe(theirs.error!.$metadata?.httpStatusCode);
			expect(error).toMatchObject(expected);
		});

		it("a page that is not Chime's (a proxy's 503) is no Chime error: not read as one, named as what it is", async () => {
			recorder.reset(() => ({ status: 503, headers: { 'retry-after': '120', 'content-type': 'text/html' }, body: '<html><title>Service Unavailable</title></html>' }));
			const error = await callOnce(signed, target, 'GetAccount', { AccountId: 'a' }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(UnexpectedAnswerError);
			expect(error).toMatchObject({ problem: 'not-chime', status: 503, retryAfterMs: 120_000, action: 'GetAccount', detail: 'an HTML page titled "Service Unavailable"' });
		});

		it('names the status when a Chime-like answer carries no code', () => {
			expect(parseError({ status: 503, headers: {}, body: '{"message":"Slow down"}' })).toMatchObject({ code: 'ServiceUnavailable', status: 503, message: 'Slow down' });
			expect(parseError({ status: 502, headers: {}, body: '{}' }).code).toBe('HTTP502');
		});
	});

	describe('labels that would change the path', () => {
		it.each([
			['blank', ''],
			['spaces', '  '],
			['missing', undefined],
			['dot', '.'],
			['dot dot', '..'],
		])('%s throws before anything is sent', async (_, accountId) => {
			expect(() => serializeRequest('GetAccount', { AccountId: accountId })).toThrow(/AccountId/);
			const send = jest.fn<ReturnType<HttpSend>, Parameters<HttpSend>>();
			await expect(callOnce(send, target, 'DeleteRoomMembership', { AccountId: 'a', RoomId: 'r', MemberId: accountId })).rejects.toThrow(/MemberId/);
			expect(send).not.toHaveBeenCalled();
		});
	});
});

const bytes = (data: SourceData) =>
	typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** The SDK signer's hash, on node:crypto. */
class Sha256 {
	private readonly hash;
	constructor(secret?: SourceData) {
		this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
	}
	update(data: SourceData): void {
		this.hash.update(bytes(data));
	}
	async digest(): Promise<Uint8Array> {
		return new Uint8Array(this.hash.digest());
	}
}

describe("our signer against @smithy/signature-v4, on what Chime's model never sends", () => {
	const signer = new SignatureV4({ service: 'chime', region: 'us-east-1', credentials: KEYS, sha256: Sha256, uriEscapePath: true });
	const cases: Array<[string, { path: string; query: Record<string, string | string[]>; rawQuery: string; headers: Record<string, string>; body: string }]> = [
		[
			'repeated query keys, empty values, a stray X-Amz-Signature',
			{
				path: '/phone-numbers',
				query: { b: '2', a: ['z', 'y', 'z z'], empty: '', 'X-Amz-Signature': 'nope' },
				rawQuery: 'b=2&a=z&a=y&a=z%20z&empty=&X-Amz-Signature=nope',
				headers: {},
				body: '',
			},
		],
		[
			'empty, . and .. path segments, a trailing slash, encoded characters',
			{ path: '/base//a/./b/../c%20d%2Fe/%C3%A9/', query: {}, rawQuery: '', headers: {}, body: '' },
		],
		[
			'unsignable and oddly spaced headers, a date header, a declared payload hash',
			{
				path: '/accounts',
				query: {},
				rawQuery: '',
				headers: {
					'user-agent': 'n8n',
					'x-amzn-trace-id': 'Root=1',
					'proxy-authorization': 'x',
					'sec-fetch-mode': 'cors',
					'x-custom': '  several   spaces\tand tab  ',
					date: 'Tue, 04 Mar 2025 05:06:07 GMT',
					'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
					'content-type': 'application/json',
				},
				body: '{"a":"é"}',
			},
		],
	];

	it.each(cases)('%s', async (_, { path, query, rawQuery, headers, body }) => {
		const host = 'chime.us-east-1.amazonaws.com';
		const theirs = await signer.sign(
			new HttpRequest({ method: 'POST', protocol: 'https:', hostname: host, path, query, headers: { ...headers, host }, body }),
			{ signingDate: FIXED_NOW },
		);
		const ours = signRequest({ method: 'POST', url: `https://${host}${path}${rawQuery ? `?${rawQuery}` : ''}`, headers, body }, KEYS, FIXED_NOW);
		expect(ours).toEqual(theirs.headers);
	});
});

describe("the credential's authenticate: the service and region to sign for, from the request's qs", () => {
	it.each([
		['AssumeRole: sts, us-east-1', { _service: 'sts' }, 'sts', 'us-east-1'],
		['Chime SDK Voice: chime, in the region chosen', { _region: 'eu-west-2' }, 'chime', 'eu-west-2'],
		['Chime: chime, us-east-1, nothing said', undefined, 'chime', 'us-east-1'],
	])('%s', async (_, qs, service, region) => {
		const host = 'example.amazonaws.com';
		const options: IHttpRequestOptions = { method: 'POST', url: `https://${host}/`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=AssumeRole', qs };
		const ours = await credentialType.authenticate({ ...KEYS }, options);
		expect(ours).not.toHaveProperty('qs');
		const [, y, mo, d, h, mi, sec] = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(String(ours.headers!['x-amz-date']))!;
		const signer = new SignatureV4({ service, region, credentials: KEYS, sha256: Sha256, uriEscapePath: true });
		const theirs = await signer.sign(
			new HttpRequest({ method: 'POST', protocol: 'https:', hostname: host, path: '/', headers: { ...(options.headers as Record<string, string>), host }, body: options.body }),
			{ signingDate: new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}Z`) },
		);
		expect(ours.headers).toEqual(theirs.headers);
	});

	it('refuses what it could not sign as sent: other qs, a body that is not text', async () => {
		const options: IHttpRequestOptions = { method: 'POST', url: 'https://example.amazonaws.com/' };
		await expect(credentialType.authenticate({ ...KEYS }, { ...options, qs: { a: 1 } })).rejects.toThrow(/signs requests/);
		await expect(credentialType.authenticate({ ...KEYS }, { ...options, body: { a: 1 } })).rejects.toThrow(/signs requests/);
	});
});

describe("our signature against the sandbox's SigV4 verifier", () => {
	let sb: Sandbox;
	const temporary = { accessKeyId: 'ASIASANDBOXTEMP00001', secretAccessKey: 'temporary/secret+key/0000000000000000', sessionToken: 'session/token+1==' };
	/** A call signed by the credential holding `keys`. */
	const callAs = (keys: AwsKeys, action: string, input: Record<string, unknown>) => callOnce(credentialSend(keys), { endpoint: sb.url }, action, input);

	beforeAll(async () => {
		sb = await sandbox({ keys: [DEFAULT_KEYS, temporary] });
	});
	afterAll(() => sb.stop());

	it('accepts ListAccounts', async () => {
		const out = await callAs(DEFAULT_KEYS, 'ListAccounts', {});
		expect(out.Accounts).toEqual(expect.arrayContaining([expect.objectContaining({ AccountId: DEMO.accountId })]));
	});

	it('accepts GetAccount for the demo account, and reads its timestamps as Dates', async () => {
		const out = await callAs(DEFAULT_KEYS, 'GetAccount', { AccountId: DEMO.accountId });
		expect(out.Account).toMatchObject({ AccountId: DEMO.accountId, CreatedTimestamp: expect.any(Date) });
	});

	it('accepts a query that needs encoding, and a body', async () => {
		const users = await callAs(DEFAULT_KEYS, 'ListUsers', { AccountId: DEMO.accountId, UserEmail: 'no+body@example.com', MaxResults: 5 });
		expect(users.Users).toEqual([]);
		const updated = await callAs(DEFAULT_KEYS, 'UpdateAccount', { AccountId: DEMO.accountId, Name: 'Renamed ✓ é' });
		expect(updated.Account).toMatchObject({ AccountId: DEMO.accountId, Name: 'Renamed ✓ é' });
		const account = await callAs(DEFAULT_KEYS, 'GetAccount', { AccountId: DEMO.accountId });
		expect(account.Account).toMatchObject({ Name: 'Renamed ✓ é' });
	});

	it('accepts a path label that needs encoding (the answer is about the account, not the signature)', async () => {
		await expect(callAs(DEFAULT_KEYS, 'GetAccount', { AccountId: "a b/c+d!'()*é" })).rejects.toMatchObject({ code: 'NotFound', status: 404 });
	});

	it('accepts temporary credentials with their session token, and refuses them without it', async () => {
		const out = await callAs(temporary, 'ListAccounts', {});
		expect(out.Accounts).toEqual(expect.any(Array));
		const withoutToken = { accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey };
		await expect(callAs(withoutToken, 'ListAccounts', {})).rejects.toMatchObject({ code: 'UnrecognizedClient', status: 403 });
	});

	it("signs with an assumed role's session keys handed with the call, in place of the credential's", async () => {
		const wrong = credentialSend({ ...DEFAULT_KEYS, secretAccessKey: 'not/the/secret' });
		const out = await callOnce(wrong, { endpoint: sb.url, keys: temporary }, 'ListAccounts', {});
		expect(out.Accounts).toEqual(expect.any(Array));
	});

	it('refuses a wrong secret', async () => {
		await expect(
			callAs({ ...DEFAULT_KEYS, secretAccessKey: 'not/the/secret' }, 'ListAccounts', {}),
		).rejects.toMatchObject({ code: 'InvalidSignature', status: 403 });
	});
});

/** The Voice SDK client, for `region`, without its bookkeeping headers (as sdkClient above). */
const voiceSdkClient = (endpoint: string, region: string) =>
	withoutBookkeeping(new Voice.ChimeSDKVoiceClient({ region, endpoint, credentials: KEYS, maxAttempts: 1 }));

type VoiceCommand = new (input: object) => Parameters<Voice.ChimeSDKVoiceClient['send']>[0];
const voiceCommand = (action: string) => (Voice as unknown as Record<string, VoiceCommand>)[`${plainName(action)}Command`];

describe('our transport against @aws-sdk/client-chime-sdk-voice (the phone-number actions on Amazon Chime SDK Voice)', () => {
	const REGION = 'eu-central-1';
	const recorder = new RawRecorder();
	let sdk: Voice.ChimeSDKVoiceClient;
	let target: ChimeTarget;

	beforeAll(async () => {
		jest.useFakeTimers({
			now: FIXED_NOW,
			doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
		});
		const endpoint = await recorder.start();
		sdk = voiceSdkClient(endpoint, REGION);
		target = { endpoint, region: REGION };
	});
	afterAll(async () => {
		jest.useRealTimers();
		sdk.destroy();
		await recorder.stop();
	});
	beforeEach(() => recorder.reset());

	async function both(action: string, input: Record<string, unknown>) {
		const theirs = await ended(sdk.send(new (voiceCommand(action))(input)));
		const ours = await ended(callOnce(credentialSend(KEYS), target, action, input));
		expect(recorder.requests).toHaveLength(2);
		return { theirs, ours, requests: recorder.requests };
	}

	it('covers the 16 actions, each a command of the Voice SDK', () => {
		expect(voiceActions).toHaveLength(16);
		expect(new Set(voiceActions.map((action) => typeof voiceCommand(action)))).toEqual(new Set(['function']));
	});

	describe('requests with every member filled, signed for the region', () => {
		it.each(voiceActions)('%s', async (action) => {
			const { theirs, ours, requests } = await both(action, fullInput(action));
			expect(ours.error).toBeUndefined();
			expect(theirs.error).toBeUndefined();
			expectSameRequest(requests[0], requests[1]);
			expect(requests[1].headers.authorization).toContain(`/${REGION}/chime/aws4_request`);
		});
	});

	describe('requests with only the path labels (the empty-body rules)', () => {
		it.each(voiceActions)('%s', async (action) => {
			const { requests } = await both(action, labelsOnly(action));
			expectSameRequest(requests[0], requests[1]);
		});
	});

	/**
	 * The one place the SDK's model and botocore's disagree: botocore (which we ship) says an order's
	 * FocDate is an ISO 8601 timestamp, the SDK keeps it as text. We read it as the date it is.
	 */
	const focDatesAsDates = (value: unknown): unknown =>
		Array.isArray(value)
			? value.map(focDatesAsDates)
			: value && typeof value === 'object' && !(value instanceof Date)
				? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'FocDate' && typeof v === 'string' ? new Date(v) : focDatesAsDates(v)]))
				: value;

	describe('answers with every output member filled', () => {
		it.each(voiceActions)('%s', async (action) => {
			const body = JSON.stringify(sampleOutput(outputShape(action), '', { n: 0 }));
			recorder.reset(() => ({ status: 200, body }));
			const { theirs, ours } = await both(action, fullInput(action));
			expect(theirs.error).toBeUndefined();
			expect(ours.error).toBeUndefined();
			const { $metadata, ...expected } = theirs.value as unknown as SdkOutput;
			expect($metadata).toBeDefined();
			expect(ours.value).toStrictEqual(focDatesAsDates(expected));
			expect(Object.keys(ours.value!).sort()).toEqual(Object.keys(outputShape(action).members ?? {}).sort());
		});
	});

	it('reads an error as the Voice SDK does', async () => {
		recorder.reset(() => ({ status: 404, headers: { 'x-amzn-ErrorType': 'NotFoundException' }, body: '{"Code":"NotFound","Message":"No such number."}' }));
		const { theirs, ours } = await both('voice:GetPhoneNumber', { PhoneNumberId: '+12065550100' });
		expect(ours.error).toBeInstanceOf(ChimeError);
		expect((ours.error as ChimeError).code).toBe(theirs.error!.name.replace(/Exception$/, ''));
		expect(ours.error!.message).toBe(theirs.error!.message);
	});
});
