/**
 * What n8n's request helper costs, measured apart. n8n-core 2.41's `helpers.httpRequest` builds new
 * agents for every request (@n8n/backend-network), so every call opens a new connection and goes
 * through axios. The benchmark runs some node jobs a second time with that helper replaced by one
 * that keeps its connections open: the same nodes, the same transport, only the helper differs.
 * Benchmark code only: the nodes always send through n8n's helper.
 */
import http from 'node:http';
import { dirname } from 'node:path';

import type { IHttpRequestOptions } from 'n8n-workflow';

/** n8n-core's own copies of its DI container and network package (nested in its node_modules). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fromCore = (name: string) => require(require.resolve(name, { paths: [dirname(require.resolve('n8n-core'))] })) as Record<string, unknown>;
const { Container } = fromCore('@n8n/di') as { Container: { get(type: unknown): unknown; set(type: unknown, value: unknown): void } };
const { OutboundHttp } = fromCore('@n8n/backend-network');

/**
 * What our n8nSend asks of the helper (a full response whose body is a stream, whatever the status),
 * over kept-alive sockets. n8n's httpRequestWithAuthentication sends through this same OutboundHttp,
 * once the credential has signed the request.
 */
function keepAliveRequest(agent: http.Agent) {
	return (options: IHttpRequestOptions) =>
		new Promise((resolve, reject) => {
			if (!options.returnFullResponse || options.encoding !== 'stream' || !options.ignoreHttpStatusErrors) {
				reject(new Error('keep-alive stand-in: only the requests our transport makes'));
				return;
			}
			const request = http.request(
				options.url,
				{ method: options.method, headers: options.headers as http.OutgoingHttpHeaders, agent, timeout: options.timeout, signal: options.abortSignal as AbortSignal | undefined },
				(response) => resolve({ body: response, headers: response.headers, statusCode: response.statusCode, statusMessage: response.statusMessage }),
			);
			request.on('timeout', () => request.destroy(new Error('timeout')));
			request.on('error', reject);
			request.end(typeof options.body === 'string' ? options.body : undefined);
		});
}

/** Runs `work` with n8n's outbound requests going over at most `sockets` kept-alive connections. */
export async function withKeepAliveHelper<T>(sockets: number, work: () => Promise<T>): Promise<T> {
	const real = Container.get(OutboundHttp);
	const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
	const request = keepAliveRequest(agent);
	Container.set(OutboundHttp, { requests: () => ({ request }) });
	try {
		return await work();
	} finally {
		Container.set(OutboundHttp, real);
		agent.destroy();
	}
}
