/** The sandbox's admin endpoint from a benchmark process, over HTTP or (trusting the sandbox's CA file) HTTPS. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';

export type Admin = (method: string, path: string, body?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function adminOf(url: string, caFile?: string): Admin {
	const ca = caFile ? readFileSync(caFile) : undefined;
	const client = url.startsWith('https:') ? https : http;
	// One kept-alive connection: the admin's own calls should not pay the sandbox's connect latency each.
	const agent = new client.Agent({ keepAlive: true, maxSockets: 1, ...(ca ? { ca } : {}) });
	return (method, path, body) =>
		new Promise((resolve, reject) => {
			const request = client.request(`${url}/_sandbox${path}`, { method, agent }, (response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (text += chunk));
				response.on('end', () => {
					if ((response.statusCode ?? 500) >= 300) reject(new Error(`admin ${method} ${path}: ${response.statusCode} ${text}`));
					else resolve(text ? JSON.parse(text) : undefined);
				});
			});
			request.on('error', reject);
			request.end(body === undefined ? undefined : JSON.stringify(body));
		});
}
