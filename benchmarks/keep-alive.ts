/**
 * What n8n's request helper costs, measured apart. n8n-core 2.41's `helpers.httpRequest` builds new
 * agents for every request (@n8n/backend-network), so every call opens a new connection (over HTTPS a
 * new TLS handshake too) and goes through axios. The benchmark runs the node jobs a second time with
 * that helper replaced by one that keeps its connections open: the same nodes, the same transport,
 * only the helper differs. Benchmark code only: the nodes always send through n8n's helper.
 */
import http from 'node:http';
import https from 'node:https';

import type { IHttpRequestOptions } from 'n8n-workflow';

import { Container, OutboundHttp } from './n8n-core';

/**
 * What our n8nSend asks of the helper (a full response, its body as a stream, whatever the status),
 * over kept-alive sockets. n8n's httpRequestWithAuthentication sends through this same OutboundHttp,
 * once the credential has signed the request.
 */
function keepAliveRequest(agents: { http: http.Agent; https: https.Agent }) {
	return (options: IHttpRequestOptions) =>
		new Promise((resolve, reject) => {
			if (!options.returnFullResponse || options.encoding !== 'stream' || !options.ignoreHttpStatusErrors) {
				reject(new Error('keep-alive stand-in: only the requests our transport makes'));
				return;
			}
			const secure = options.url.startsWith('https:');
			const request = (secure ? https : http).request(
				options.url,
				{ method: options.method, headers: options.headers as http.OutgoingHttpHeaders, agent: secure ? agents.https : agents.http, signal: options.abortSignal as AbortSignal | undefined },
				// The response is the body stream our transport reads (and caps) itself.
				(response) => resolve({ body: response, headers: response.headers, statusCode: response.statusCode, statusMessage: response.statusMessage }),
			);
			request.on('error', reject);
			request.end(typeof options.body === 'string' ? options.body : undefined);
		});
}

/** Runs `work` with n8n's outbound requests going over at most `sockets` kept-alive connections (HTTPS ones trust NODE_EXTRA_CA_CERTS). */
export async function withKeepAliveHelper<T>(sockets: number, work: () => Promise<T>): Promise<T> {
	const real = Container.get(OutboundHttp);
	const agents = { http: new http.Agent({ keepAlive: true, maxSockets: sockets }), https: new https.Agent({ keepAlive: true, maxSockets: sockets }) };
	const request = keepAliveRequest(agents);
	Container.set(OutboundHttp, { requests: () => ({ request }) });
	try {
		return await work();
	} finally {
		Container.set(OutboundHttp, real);
		agents.http.destroy();
		agents.https.destroy();
	}
}
