/**
 * A server that answers as Amazon Chime never would, one script per request: bodies that drip, stop
 * short of their Content-Length, never end, inflate without end, have the wrong shape, redirects,
 * HTML pages. Real HTTP on 127.0.0.1. A script may forward the request to the sandbox first, so that
 * the action really happens there and only its answer goes wrong.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

export interface Exchange {
	req: IncomingMessage;
	res: ServerResponse;
	/** The request body as it came. */
	body: string;
}

/** What one request gets; it may take its time (the server waits for nothing). */
export type Script = (exchange: Exchange, server: Misbehaving) => void | Promise<void>;

export interface Seen {
	method: string;
	path: string;
	/** Whether the client closed the connection before the script had finished its answer. */
	closedEarly: boolean;
}

export class Misbehaving {
	/** Every request, in order. */
	seen: Seen[] = [];
	/** Scripts for the next requests, one each; then `otherwise`. */
	queue: Script[] = [];
	otherwise: Script = json(200, {});
	/** Where `forward` sends requests (the sandbox). */
	upstream?: string;
	private server?: Server;
	/** One per request in `seen`: settles when its answer is over, finished or hung up on. */
	private closing: Array<Promise<void>> = [];

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			const seen: Seen = { method: req.method ?? '', path: req.url ?? '', closedEarly: false };
			this.seen.push(seen);
			this.closing.push(
				new Promise((resolve) =>
					res.on('close', () => {
						if (!res.writableFinished) seen.closedEarly = true;
						resolve();
					}),
				),
			);
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const script = this.queue.shift() ?? this.otherwise;
				void Promise.resolve(script({ req, res, body: Buffer.concat(chunks).toString('utf8') }, this)).catch(() => res.destroy());
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	/**
	 * Waits until `count` requests have come and every answer is over. The client may give up before
	 * this process has even read its request (a busy event loop runs timers first): counts and hang-ups
	 * are read after this, not at once.
	 */
	async settled(count: number): Promise<void> {
		for (let waited = 0; this.seen.length < count; waited += 10) {
			if (waited > 10_000) throw new Error(`The scripted server saw ${this.seen.length} requests, not ${count}`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await Promise.all(this.closing);
	}

	/** Scripts for the next requests; `otherwise` for the rest. */
	script(scripts: Script[], otherwise: Script = this.otherwise): void {
		this.seen = [];
		this.closing = [];
		this.queue = [...scripts];
		this.otherwise = otherwise;
	}

	/** Requests whose path starts with this (`/accounts/a/users`), to count calls of one action. */
	count(method: string, pathPrefix: string | RegExp): number {
		return this.seen.filter((s) => s.method === method && (typeof pathPrefix === 'string' ? s.path.startsWith(pathPrefix) : pathPrefix.test(s.path))).length;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()));
	}
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** A plain answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Script {
	return ({ res }) => {
		res.writeHead(status, { ...JSON_TYPE, ...headers });
		res.end(typeof body === 'string' ? body : JSON.stringify(body));
	};
}

/** Any text, with the headers given (an HTML page, a redirect). */
export function raw(status: number, headers: Record<string, string>, text = ''): Script {
	return ({ res }) => {
		res.writeHead(status, headers);
		res.end(text);
	};
}

/** Headers at once, then one byte of JSON whitespace every `everyMs`, never ending, until the client hangs up. */
export function drip(status = 200, everyMs = 20): Script {
	return ({ res }) => {
		res.writeHead(status, JSON_TYPE);
		res.write('{');
		const timer = setInterval(() => res.write(' '), everyMs);
		res.on('close', () => clearInterval(timer));
	};
}

/** `declared` bytes promised in Content-Length, `text` sent, then the connection closed. */
export function cutOff(status: number, text: string, declared = 5000): Script {
	return ({ res }) => {
		res.writeHead(status, { ...JSON_TYPE, 'content-length': String(declared) });
		res.write(text, () => res.destroy());
	};
}

/** A ListUsers page that never ends: `{"Users":[{…},{…},…` sent as fast as the client reads it. */
export function endlessPage(gzip = false): Script {
	return ({ res }) => {
		const user = Buffer.from(`{"UserId":"${'u'.repeat(36)}","PrimaryEmail":"someone@example.com"},`);
		const page = Readable.from(
			(function* () {
				yield Buffer.from('{"Users":[');
				const block = Buffer.concat(Array.from({ length: 1024 }, () => user));
				for (;;) yield block;
			})(),
		);
		res.writeHead(200, { ...JSON_TYPE, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
		const body = gzip ? page.pipe(createGzip()) : page;
		body.pipe(res);
		res.on('close', () => page.destroy());
	};
}

/**
 * Sends the request on to `upstream` (the sandbox, which checks the signature and acts), then hands
 * its real answer to `answer`, which may spoil it; by default it is passed on as it came.
 */
export function forward(answer?: (real: { status: number; body: string }) => Script): Script {
	return (exchange, server) =>
		new Promise<void>((resolve, reject) => {
			const { req, res, body } = exchange;
			const url = new URL(req.url ?? '/', server.upstream);
			const upstream = httpRequest(url, { method: req.method, headers: req.headers }, (reply) => {
				const chunks: Buffer[] = [];
				reply.on('data', (chunk: Buffer) => chunks.push(chunk));
				reply.on('end', () => {
					const real = { status: reply.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') };
					if (answer) void Promise.resolve(answer(real)(exchange, server)).then(resolve, reject);
					else {
						res.writeHead(real.status, { ...JSON_TYPE, ...(reply.headers['x-amzn-errortype'] ? { 'x-amzn-errortype': String(reply.headers['x-amzn-errortype']) } : {}) });
						res.end(real.body);
						resolve();
					}
				});
			});
			upstream.on('error', reject);
			upstream.end(body);
		});
}
