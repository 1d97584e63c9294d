import { UnexpectedAnswerError, type ChimeTarget, type HttpRequest, type HttpResponse, type HttpSend } from './types';
import { isChimeError, pageOf, parseError, parseResponse, retryAfterMs, serializeRequest } from './wire';

interface CallOptions {
	timeoutMs?: number;
	signal?: AbortSignal;
}

/**
 * One attempt at a Chime action, signed on its way out by the send: the parsed answer on a 2xx, a
 * ChimeError for Chime's own errors, an UnexpectedAnswerError for anything else that answered.
 * Failures to get an answer at all (the send's rejections) come through with the action added, so
 * that messages can name it.
 */
export async function callOnce(
	send: HttpSend,
	target: ChimeTarget,
	action: string,
	input: Record<string, unknown>,
	options: CallOptions = {},
): Promise<Record<string, unknown>> {
	const wire = serializeRequest(action, input);
	// The endpoint may carry a base path (behind a proxy); a trailing slash would double the path's.
	const url = target.endpoint.replace(/\/+$/, '') + wire.path;
	const request: HttpRequest = { method: wire.method, url, headers: wire.headers, body: wire.body };
	if (target.keys) request.keys = target.keys;
	if (target.region) request.region = target.region;
	if (options.timeoutMs !== undefined) request.timeoutMs = options.timeoutMs;
	if (options.signal) request.signal = options.signal;
	let response: HttpResponse;
	try {
		response = await send(request);
	} catch (error) {
		throw withAction(error, action);
	}
	try {
		return answerOf(action, response);
	} catch (error) {
		throw withAction(error, action);
	}
}

function withAction(error: unknown, action: string): unknown {
	return error && typeof error === 'object' ? Object.assign(error, { action }) : error;
}

function answerOf(action: string, response: HttpResponse): Record<string, unknown> {
	const { status } = response;
	if (status >= 200 && status < 300) return parseResponse(action, response);
	if (status >= 300 && status < 400) {
		const location = response.headers.location;
		const where = location ? `redirected to ${String(location)}` : 'redirected';
		throw new UnexpectedAnswerError('redirect', `${where} — not followed`, status);
	}
	if (!isChimeError(response)) throw new UnexpectedAnswerError('not-chime', pageOf(response), status, retryAfterMs(response));
	throw parseError(response);
}
