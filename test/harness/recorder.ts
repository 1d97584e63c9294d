/** A local HTTP server that records what the SDK sends and answers what the test says. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
	method: string;
	/** Path with each segment URL-decoded: `/phone-numbers/+12065550100`. */
	path: string;
	query: Record<string, string>;
	body: unknown;
	headers: IncomingMessage['headers'];
}

export interface Reply {
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type Responder = (request: Recorded) => Reply;

export class Recorder {
	requests: Recorded[] = [];
	respond: Responder = () => ({ status: 200, body: {} });
	private server?: Server;

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			const chunks: Uint8Array[] = [];
			req.on('data', (chunk: Uint8Array) => chunks.push(chunk));
			req.on('end', () => {
				const url = new URL(req.url ?? '/', 'http://localhost');
				const text = Buffer.concat(chunks).toString();
				const recorded: Recorded = {
					method: req.method ?? '',
					path: url.pathname.split('/').map(decodeURIComponent).join('/'),
					query: Object.fromEntries(url.searchParams),
					body: text ? JSON.parse(text) : undefined,
					headers: req.headers,
				};
				this.requests.push(recorded);
				const reply = this.respond(recorded);
				const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
				res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
				res.end(body);
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	reset(respond?: Responder): void {
		this.requests = [];
		this.respond = respond ?? (() => ({ status: 200, body: {} }));
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server?.close(() => resolve()));
	}
}

/** A Chime error as the service sends it: status, x-amzn-ErrorType and a JSON body with Code and Message. */
export function chimeError(status: number, code: string, message: string): Reply {
	return {
		status,
		headers: { 'x-amzn-ErrorType': `${code}Exception` },
		body: { Code: code, Message: message },
	};
}
