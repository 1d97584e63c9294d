import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { callChime, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS, type CallOptions, type CallResult, type RetryPolicy } from './transport/retry';
import type { ChimeTarget, HttpSend } from './transport/types';

export const CREDENTIAL_NAME = 'amazonChimeApi';

/** Chime's API lives only in us-east-1: requests are signed for it whatever endpoint the credential names. */
const CHIME_REGION = 'us-east-1';

type ClientOptions = Partial<RetryPolicy>;

/** Calls Chime actions by name for one node run: `client.call('GetUser', { AccountId, UserId })`. */
export interface ChimeClient {
	call(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
	/** A call that says how it went: attempts, and whether an earlier attempt may have landed. */
	attempt(action: string, input: Record<string, unknown>, options?: CallOptions): Promise<CallResult>;
	readonly policy: RetryPolicy;
	/** Calls made so far (each with one or more attempts). */
	readonly calls: number;
}

function chimeTarget(credentials: ICredentialDataDecryptedObject): ChimeTarget {
	const sessionToken = String(credentials.sessionToken ?? '').trim();
	return {
		endpoint: endpointOf(credentials),
		keys: {
			accessKeyId: String(credentials.accessKeyId ?? '').trim(),
			secretAccessKey: String(credentials.secretAccessKey ?? '').trim(),
			sessionToken: sessionToken || undefined,
		},
	};
}

export function chimeClient(send: HttpSend, credentials: ICredentialDataDecryptedObject, options: ClientOptions = {}): ChimeClient {
	const target = chimeTarget(credentials);
	const policy: RetryPolicy = { maxAttempts: DEFAULT_MAX_ATTEMPTS, timeoutMs: DEFAULT_TIMEOUT_MS, ...options };
	let calls = 0;
	const attempt = (action: string, input: Record<string, unknown>, callOptions?: CallOptions) => {
		calls++;
		return callChime(send, target, action, input, policy, callOptions);
	};
	return {
		policy,
		attempt,
		call: async (action, input) => (await attempt(action, input)).answer,
		get calls() {
			return calls;
		},
	};
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
