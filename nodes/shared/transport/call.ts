import { signRequest } from './sigv4';
import type { ChimeTarget, HttpRequest, HttpSend } from './types';
import { parseError, parseResponse, serializeRequest } from './wire';

export interface CallOptions {
	/** The signing time; the clock's by default. */
	now?: Date;
	timeoutMs?: number;
	signal?: AbortSignal;
}

/**
 * One signed attempt at a Chime action: the parsed answer on a 2xx, a ChimeError otherwise.
 * Failures to get an answer at all (the send's rejections) come through unchanged.
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
	const request: HttpRequest = {
		method: wire.method,
		url,
		headers: signRequest({ method: wire.method, url, headers: wire.headers, body: wire.body }, target.keys, options.now ?? new Date()),
		body: wire.body,
	};
	if (options.timeoutMs !== undefined) request.timeoutMs = options.timeoutMs;
	if (options.signal) request.signal = options.signal;
	const response = await send(request);
	if (response.status >= 200 && response.status < 300) return parseResponse(action, response);
	throw parseError(response);
}
