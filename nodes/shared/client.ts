import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { ChimeClient } from '@aws-sdk/client-chime';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const CREDENTIAL_NAME = 'amazonChimeApi';

/** Chime's API lives only in us-east-1; the SDK signs for it whatever endpoint the credential names. */
const CHIME_REGION = 'us-east-1';

export interface ClientOptions {
	/** Attempts per call, the first included; throttling and 5xx answers are retried. */
	maxAttempts?: number;
	/** Calls in flight at once: the size of the pool of kept-alive connections. */
	concurrency?: number;
}

export function chimeClient(credentials: ICredentialDataDecryptedObject, options: ClientOptions = {}): ChimeClient {
	const endpoint = String(credentials.endpoint ?? '').trim();
	const sessionToken = String(credentials.sessionToken ?? '').trim();
	return new ChimeClient({
		region: CHIME_REGION,
		endpoint: endpoint || undefined,
		// The credential is the only place an endpoint comes from: AWS_ENDPOINT_URL_CHIME is ignored.
		ignoreConfiguredEndpointUrls: true,
		credentials: {
			accessKeyId: String(credentials.accessKeyId ?? '').trim(),
			secretAccessKey: String(credentials.secretAccessKey ?? '').trim(),
			sessionToken: sessionToken || undefined,
		},
		maxAttempts: options.maxAttempts,
		// Adaptive retries back off on throttling (and honour Retry-After) and slow the client down with it.
		retryMode: 'adaptive',
		// One client per node run, with connections kept alive for all its calls.
		requestHandler: {
			httpAgent: new HttpAgent({ keepAlive: true, maxSockets: options.concurrency ?? 50 }),
			httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: options.concurrency ?? 50 }),
		},
	});
}

/** Values that must never reach output, errors or logs. */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	return [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken]
		.map((value) => String(value ?? '').trim())
		.filter((value) => value.length >= 4);
}

export function endpointOf(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.endpoint ?? '').trim() || `https://chime.${CHIME_REGION}.amazonaws.com`;
}
