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
	return async (request) =>
		await withinDeadline(request, async (signal) => {
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
				// In a node's run n8n puts the execution's Stop signal in place of ours: there its `timeout` (which
				// ends once headers arrive) is what ends a request that gets no answer; the deadline covers the body.
				timeout: request.timeoutMs,
				abortSignal: signal,
			};
			let response: FullResponse;
			try {
				response = (await fns.helpers.httpRequestWithAuthentication.call(fns, CREDENTIAL_NAME, options, {
					credentialsDecrypted: credential(request.keys),
				})) as FullResponse;
			} catch (error) {
				throw unwrapped(error);
			}
			return await readAnswer(response, signal);
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
	return async (request) =>
		await withinDeadline(request, async (signal) => {
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
			return await readAnswer(response, signal);
		});
}

/** The error of an attempt that ran out of time, as Node names a time-out (retry.ts counts it as a lost answer). */
function timedOut(ms: number): Error {
	return Object.assign(new Error(`No complete answer within ${ms} ms`), { code: 'ETIMEDOUT', timeoutMs: ms });
}

function stopped(): Error {
	return Object.assign(new Error('The execution was stopped'), { code: 'ERR_CANCELED' });
}

/** Why an attempt's deadline is called off: it is over. Never seen by anyone. */
const ATTEMPT_OVER = new Error('The attempt is over');

/**
 * Runs one attempt against its deadline, from sending to the last byte: n8n's helper stops its own
 * clock once headers arrive, and a body dripping a byte at a time would otherwise never end. At the
 * deadline, or at once when the execution's cancel signal fires (Stop), the attempt ends and its
 * request is aborted.
 */
async function withinDeadline(request: HttpRequest, attempt: (signal: AbortSignal) => Promise<HttpResponse>): Promise<HttpResponse> {
	if (request.signal?.aborted) throw stopped();
	const abort = new AbortController();
	// Cancels the deadline's sleep once the attempt is over, so that no timer outlives it.
	const over = new AbortController();
	let onStop = () => {};
	const ended = new Promise<never>((_, reject) => {
		onStop = () => reject(stopped());
		request.signal?.addEventListener('abort', onStop, { once: true });
		const ms = request.timeoutMs;
		if (ms !== undefined) sleep(ms, over.signal).then(() => reject(timedOut(ms)), () => {});
	});
	try {
		return await Promise.race([attempt(abort.signal), ended]);
	} catch (error) {
		throw abandon(abort, error);
	} finally {
		// With a reason of our own: without one, abort() makes a DOMException (and its stack) per call.
		over.abort(ATTEMPT_OVER);
		request.signal?.removeEventListener('abort', onStop);
	}
}

/** Aborts the request of an attempt that failed (ended by its deadline, Stop, or a bad answer), and gives back why. */
function abandon(abort: AbortController, error: unknown): unknown {
	abort.abort();
	return error;
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
async function readAnswer(response: FullResponse, signal: AbortSignal): Promise<HttpResponse> {
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
	// The helpers may not take our signal (see n8nSend): ending the stream is what ends its connection.
	const cancel = () => stream.destroy?.(Object.assign(new Error('The attempt was abandoned'), { code: 'ERR_CANCELED' }));
	if (signal.aborted) cancel();
	signal.addEventListener('abort', cancel, { once: true });
	try {
		return result(await readAll(stream, status, headers));
	} finally {
		signal.removeEventListener('abort', cancel);
	}
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
