import type { IAllExecuteFunctions, ICredentialTestFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { HttpResponse, HttpSend } from './types';

interface FullResponse {
	statusCode: number;
	headers: HttpResponse['headers'];
	body: unknown;
}

/**
 * Sends through n8n's own request helper, so n8n's proxy settings, SSRF protection and request
 * logging apply. The body goes as the text we signed; the answer comes back as text, whatever its status.
 */
export function n8nSend(helpers: Pick<IAllExecuteFunctions['helpers'], 'httpRequest'>): HttpSend {
	return async (request) => {
		const options: IHttpRequestOptions = {
			method: request.method as IHttpRequestOptions['method'],
			url: request.url,
			headers: request.headers,
			body: request.body || undefined,
			json: false,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: request.timeoutMs,
			abortSignal: request.signal,
		};
		const response = (await helpers.httpRequest(options)) as FullResponse;
		return { status: response.statusCode, headers: response.headers ?? {}, body: textOf(response.body) };
	};
}

/** "Test connection" has only n8n's legacy request helper. */
export function n8nLegacySend(helpers: ICredentialTestFunctions['helpers']): HttpSend {
	return async (request) => {
		const response = (await helpers.request({
			method: request.method,
			uri: request.url,
			headers: request.headers,
			body: request.body || undefined,
			json: false,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			timeout: request.timeoutMs,
		})) as FullResponse;
		return { status: response.statusCode, headers: response.headers ?? {}, body: textOf(response.body) };
	};
}

function textOf(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return new TextDecoder().decode(body);
	// A helper that parsed JSON on its own: give back the same text.
	return JSON.stringify(body);
}
