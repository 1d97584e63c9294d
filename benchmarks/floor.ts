/**
 * The n8n floor: the best any n8n node could do on a job. A node job is recorded once (every request
 * it sends through n8n's helper, in order, one phase per node run), then the same requests are sent
 * again, re-signed, through n8n-core's request helper alone, `concurrency` at a time: no engine, no
 * items, no parameters. A page that needs the previous page's token still waits for that page, and a
 * phase (a node run) waits for the one before, as they would in any workflow.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { signRequest } from '../nodes/shared/chime/sigv4';
import type { AwsKeys } from '../nodes/shared/chime/types';
import { Container, n8nRequests, OutboundHttp, type Requests } from './n8n-core';

interface Recorded {
	method: string;
	url: string;
	headers: Record<string, string>;
	body: string;
}

export class Recording {
	phases: Recorded[][] = [];

	/** Each node run starts a phase. */
	phase(): void {
		this.phases.push([]);
	}

	get calls(): number {
		return this.phases.reduce((n, p) => n + p.length, 0);
	}
}

/** Runs `work` with n8n's helper as it is, noting every request it is given. */
export async function record<T>(recording: Recording, work: () => Promise<T>): Promise<T> {
	const real = Container.get(OutboundHttp) as { requests(): Requests };
	const requests = real.requests();
	const noting: Requests = {
		request: (options) => {
			if (!recording.phases.length) recording.phase();
			recording.phases.at(-1)!.push({
				method: String(options.method),
				url: options.url,
				headers: { ...(options.headers as Record<string, string>) },
				body: typeof options.body === 'string' ? options.body : '',
			});
			return requests.request(options);
		},
	};
	Container.set(OutboundHttp, Object.assign(Object.create(real) as object, { requests: () => noting }));
	try {
		return await work();
	} finally {
		Container.set(OutboundHttp, real);
	}
}

/** A request that carries a page token waits for the page before it on the same path. */
const pathOf = (url: string) => url.split('?')[0];
const isNextPage = (url: string) => /[?&]next-token=/.test(url);

/** The options our transport gives n8n's helper (nodes/shared/chime/http.ts), the body read whole. */
async function send(requests: Requests, request: Recorded, keys: AwsKeys): Promise<void> {
	const options: IHttpRequestOptions = {
		method: request.method as IHttpRequestOptions['method'],
		url: request.url,
		headers: signRequest(request, keys, new Date()),
		body: request.body || undefined,
		json: false,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
	};
	const response = (await requests.request(options)) as { statusCode: number; body: AsyncIterable<Uint8Array> };
	const chunks: Uint8Array[] = [];
	for await (const chunk of response.body) chunks.push(chunk);
	if (response.statusCode >= 300) throw new Error(`floor: ${request.method} ${request.url} answered ${response.statusCode}: ${Buffer.concat(chunks).toString()}`);
}

/** Sends a recording's requests again through n8n-core's helper alone, `concurrency` at a time. */
export async function replay(recording: Recording, concurrency: number, keys: AwsKeys): Promise<void> {
	const requests = n8nRequests();
	for (const phase of recording.phases) {
		const done: Array<Promise<void>> = [];
		const lastOnPath = new Map<string, Promise<void>>();
		let next = 0;
		const worker = async () => {
			while (next < phase.length) {
				const request = phase[next++];
				const before = isNextPage(request.url) ? lastOnPath.get(pathOf(request.url)) : undefined;
				const sent = (before ?? Promise.resolve()).then(() => send(requests, request, keys));
				lastOnPath.set(pathOf(request.url), sent);
				done.push(sent);
				await sent;
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, phase.length) }, worker));
		await Promise.all(done);
	}
}
