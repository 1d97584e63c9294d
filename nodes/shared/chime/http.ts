import {
	sleep,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_NAME } from './client';
import { UnexpectedAnswerError, type AwsKeys, type HttpRequest, type HttpResponse, type HttpSend, type SigningScope } from './types';

/**
 * The most of one answer that is read. Chime's largest page (200 users of ListUsers) is well under
 * 1 MiB; 8 MiB leaves room for any real answer and stops one that would take n8n's memory with it.
 * Counted on the bytes as they arrive, after n8n's helper (axios) has decompressed them, so a small
 * gzip body that inflates without end is stopped here too.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** The body as n8n's helpers hand it over when asked for a stream. */
interface BodyStream extends AsyncIterable<Uint8Array> {
	destroy?(error?: Error): void;
}

interface FullResponse {
	statusCode: number;
	headers: HttpResponse['headers'];
	body: unknown;
}

/**
 * Sends through n8n's request helper for credentials: the credential's `authenticate` signs the request
 * (credentials/AmazonChimeApi.credentials.ts), and n8n's proxy settings, SSRF protection and request
 * logging apply. The credential goes along decrypted, so that n8n does not read it again for every
 * call; for an assumed role, with the session's keys in place of the source keys. The body goes as the
 * text to be signed; the answer comes back as a stream we read ourselves, within the attempt's deadline
 * and the size cap, whatever its status.
 */
export function n8nSend(fns: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions, credentials: ICredentialDataDecryptedObject): HttpSend {
	const { id, name } = fns.getNode().credentials?.[CREDENTIAL_NAME] ?? {};
	const credential = (keys?: AwsKeys): ICredentialsDecrypted => ({
		id: id ?? '',
		name: name ?? '',
		type: CREDENTIAL_NAME,
		data: keys ? { ...credentials, accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: keys.sessionToken ?? '' } : credentials,
	});
	const withSourceKeys = { credentialsDecrypted: credential() };
	const deadlines = new Deadlines();
	return async (request) =>
		await deadlines.run(request, async (attempt) => {
			const options: IHttpRequestOptions = {
				method: request.method as IHttpRequestOptions['method'],
				url: request.url,
				headers: request.headers,
				body: request.body || undefined,
				// What to sign for when not Chime, for the credential to read (and take out).
				...(request.service || request.region ? { qs: { _service: request.service, _region: request.region } satisfies SigningScope } : {}),
				json: false,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				// n8n's `timeout` ends a request that has no headers by then (its own timer, in every context); the
				// deadline covers the body. (In a node's run n8n puts the execution's Stop signal here whatever we give.)
				timeout: request.timeoutMs,
				abortSignal: request.signal,
			};
			let response: FullResponse;
			try {
				response = (await fns.helpers.httpRequestWithAuthentication.call(
					fns,
					CREDENTIAL_NAME,
					options,
					request.keys ? { credentialsDecrypted: credential(request.keys) } : withSourceKeys,
				)) as FullResponse;
			} catch (error) {
				throw unwrapped(error);
			}
			return await readAnswer(response, attempt);
		});
}

/** n8n wraps whatever went wrong in a NodeApiError: retry.ts and the messages read what it was (ECONNRESET, ERR_CANCELED…). */
function unwrapped(error: unknown): unknown {
	return error instanceof Error && error.name === 'NodeApiError' && error.cause !== undefined ? error.cause : error;
}

/**
 * "Test connection" has only n8n's legacy request helper, which takes no abort signal and no
 * credential: the request goes as given, signed by the test itself (credentialTest.ts). Its own
 * timeout bounds the wait for headers, and the deadline destroys the body stream (and so the socket).
 */
export function n8nLegacySend(helpers: ICredentialTestFunctions['helpers']): HttpSend {
	const deadlines = new Deadlines();
	return async (request) =>
		await deadlines.run(request, async (attempt) => {
			const response = (await helpers.request({
				method: request.method,
				uri: request.url,
				headers: request.headers,
				body: request.body || undefined,
				json: false,
				useStream: true,
				resolveWithFullResponse: true,
				simple: false,
				followRedirect: false,
				timeout: request.timeoutMs,
			})) as FullResponse;
			return await readAnswer(response, attempt);
		});
}

/** The error of an attempt that ran out of time, as Node names a time-out (retry.ts counts it as a lost answer). */
function timedOut(ms: number): Error {
	return Object.assign(new Error(`No complete answer within ${ms} ms`), { code: 'ETIMEDOUT', timeoutMs: ms });
}

function stopped(): Error {
	return Object.assign(new Error('The execution was stopped'), { code: 'ERR_CANCELED' });
}

/** One attempt in flight, from sending to the last byte of its answer. */
interface Attempt {
	/** When its Timeout is up (Date.now()), Infinity without one. */
	due: number;
	ms?: number;
	signal?: AbortSignal;
	over: boolean;
	/** Its answer's body, once headers are in: ending it is what ends the connection. */
	stream?: BodyStream;
	/** Ends it at once (Timeout, Stop) with this error. */
	fail(error: Error): void;
}

/** Ends the body's stream of an attempt given up on, and with it its connection (n8n's helper may not take our signal). */
function abandon(attempt: { stream?: BodyStream }): void {
	attempt.stream?.destroy?.(Object.assign(new Error('The attempt was abandoned'), { code: 'ERR_CANCELED' }));
}

/** Why the alarm is called off: nothing is in flight any more. Never seen by anyone. */
const ALARM_OFF = new Error('Nothing in flight');

/**
 * Holds every attempt of one sender against its deadline, from sending to the last byte: n8n's helper
 * stops its own clock once headers arrive, and a body dripping a byte at a time would otherwise never
 * end. At the deadline, or at once when the execution's cancel signal fires (Stop), the attempt ends and
 * its body's stream is destroyed, and with it the connection.
 *
 * One alarm for the earliest deadline and one Stop listener per signal serve all attempts, where a timer,
 * abort controllers and listeners for each of thousands of calls cost more than the rest of the call.
 */
class Deadlines {
	/** Earliest deadline first; an attempt that is over leaves when it reaches the front. */
	private readonly inFlight: Attempt[] = [];
	private alarm?: { due: number; off: AbortController };
	private readonly watched = new WeakSet<AbortSignal>();

	async run(request: HttpRequest, send: (attempt: Attempt) => Promise<HttpResponse>): Promise<HttpResponse> {
		const signal = request.signal;
		if (signal?.aborted) throw stopped();
		if (signal && !this.watched.has(signal)) {
			this.watched.add(signal);
			signal.addEventListener('abort', () => {
				for (const attempt of this.inFlight.slice()) if (attempt.signal === signal) attempt.fail(stopped());
			});
		}
		return await new Promise<HttpResponse>((resolve, reject) => {
			const ms = request.timeoutMs;
			const attempt: Attempt = {
				due: ms === undefined ? Infinity : Date.now() + ms,
				ms,
				signal,
				over: false,
				fail: (error) => {
					if (attempt.over) return;
					this.end(attempt);
					abandon(attempt);
					reject(error);
				},
			};
			this.add(attempt);
			send(attempt).then(
				(response) => {
					this.end(attempt);
					resolve(response);
				},
				(error: unknown) => {
					if (!attempt.over) abandon(attempt);
					this.end(attempt);
					reject(error as Error);
				},
			);
		});
	}

	private add(attempt: Attempt): void {
		const queue = this.inFlight;
		let at = queue.length;
		// Deadlines of one sender mostly come in order (one Timeout): the place is nearly always the end.
		while (at > 0 && queue[at - 1].due > attempt.due) at--;
		queue.splice(at, 0, attempt);
		if (at === 0) this.arm();
	}

	private end(attempt: Attempt): void {
		if (attempt.over) return;
		attempt.over = true;
		const queue = this.inFlight;
		let gone = 0;
		while (gone < queue.length && queue[gone].over) gone++;
		if (gone === 0) return;
		queue.splice(0, gone);
		// An alarm set for an earlier attempt that is gone rings early and is set again then.
		if (queue.length === 0) this.arm();
	}

	/** Sets the alarm for the front attempt's deadline, or calls it off when none is in flight. */
	private arm(): void {
		const due = this.inFlight[0]?.due ?? Infinity;
		if (this.alarm && this.alarm.due <= due && due !== Infinity) return;
		this.alarm?.off.abort(ALARM_OFF);
		this.alarm = undefined;
		if (due === Infinity) return;
		const alarm = { due, off: new AbortController() };
		this.alarm = alarm;
		sleep(Math.max(1, due - Date.now()), alarm.off.signal).then(
			() => {
				this.alarm = undefined;
				this.ring();
			},
			() => {},
		);
	}

	private ring(): void {
		const now = Date.now();
		for (const attempt of this.inFlight.slice()) {
			if (attempt.due > now) break;
			attempt.fail(timedOut(attempt.ms ?? 0));
		}
		this.arm();
	}
}

/** A header's value as one string. */
function headerText(headers: HttpResponse['headers'], name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Reads a whole body, counting its bytes as they come: past MAX_ANSWER_BYTES it stops reading. A body
 * that breaks off (short of its Content-Length, a reset mid-way) is a cut-off answer, not a lost
 * connection: the request reached the server and may have been acted on.
 */
async function readAnswer(response: FullResponse, attempt: Attempt): Promise<HttpResponse> {
	const status = response.statusCode;
	const headers = response.headers ?? {};
	const result = (body: string): HttpResponse => ({ status, headers, body });
	const body = response.body;
	if (body === undefined || body === null || body === '') return result('');
	if (typeof (body as BodyStream)[Symbol.asyncIterator] !== 'function') {
		// A helper that read the body itself (an older n8n): the same cap, on what it read.
		const text = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : JSON.stringify(body);
		if (Buffer.byteLength(text) > MAX_ANSWER_BYTES) throw tooLarge(status);
		return result(text);
	}
	const stream = body as BodyStream;
	attempt.stream = stream;
	// Headers that came in after the attempt was given up on: their connection ends here.
	if (attempt.over) abandon(attempt);
	return result(await readAll(stream, status, headers));
}

const tooLarge = (status: number) => new UnexpectedAnswerError('too-large', `the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`, status);

async function readAll(stream: BodyStream, status: number, headers: HttpResponse['headers']): Promise<string> {
	// Content-Length counts the bytes on the wire (compressed ones included): over the cap, nothing is read.
	const declared = Number(headerText(headers, 'content-length'));
	if (declared > MAX_ANSWER_BYTES) {
		stream.destroy?.();
		throw tooLarge(status);
	}
	const chunks: Uint8Array[] = [];
	let bytes = 0;
	try {
		for await (const chunk of stream) {
			bytes += chunk.length;
			// Leaving the loop destroys the stream, and with it the connection.
			if (bytes > MAX_ANSWER_BYTES) break;
			chunks.push(chunk);
		}
	} catch (error) {
		// (When the attempt was abandoned, its deadline or Stop has already said why.)
		// Content-Length counts compressed bytes, those counted here are inflated: said only when it tells.
		const of = bytes < declared ? ` of ${declared}` : '';
		throw Object.assign(new UnexpectedAnswerError('cut-off', `the answer broke off after ${bytes}${of} bytes`, status), { cause: error });
	}
	if (bytes > MAX_ANSWER_BYTES) throw tooLarge(status);
	return Buffer.concat(chunks).toString('utf8');
}
