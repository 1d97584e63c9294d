/** n8n-core's own copies of its DI container and network package (nested in its node_modules): the helper nodes send through. */
import { dirname } from 'node:path';

import type { IHttpRequestOptions } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fromCore = (name: string) => require(require.resolve(name, { paths: [dirname(require.resolve('n8n-core'))] })) as Record<string, unknown>;

export const { Container } = fromCore('@n8n/di') as { Container: { get(type: unknown): unknown; set(type: unknown, value: unknown): void } };
export const { OutboundHttp } = fromCore('@n8n/backend-network');

export interface Requests {
	request(options: IHttpRequestOptions): Promise<unknown>;
}

/** What `helpers.httpRequest` calls in n8n-core 2.41 (request-helpers/factory.js), nothing else. */
export const n8nRequests = () => (Container.get(OutboundHttp) as { requests(): Requests }).requests();
