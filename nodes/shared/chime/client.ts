import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEFAULT_DURATION_SECONDS, DEFAULT_SESSION_NAME, roleKeys, roleSecrets, StsError, STS_DEFAULT_ENDPOINT, type RoleSettings } from './sts';
import { callChime, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS, type CallOptions, type CallResult, type RetryPolicy } from './retry';
import { ChimeError, type AwsKeys, type ChimeTarget, type HttpSend } from './types';
import { serviceOf, voiceAction, type Service } from './model';
import { checkedVoiceRegion, voiceEndpointOf } from './voice';

export const CREDENTIAL_NAME = 'amazonChimeApi';

/** Chime's API lives only in us-east-1: requests are signed for it whatever endpoint the credential names. */
const CHIME_REGION = 'us-east-1';

type ClientOptions = Partial<RetryPolicy> & {
	/** Where `voice:` actions (Amazon Chime SDK Voice) go: the node's Region. */
	voiceRegion?: string;
	/** The service plain action names go to: a Voice run's look-ups (reconcile.ts) stay in Voice. Amazon Chime unless said. */
	service?: Service;
};

/** Calls Chime actions by name for one node run: `client.call('GetUser', { AccountId, UserId })`. */
export interface ChimeClient {
	call(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
	/** A call that says how it went: attempts, and whether an earlier attempt may have landed. */
	attempt(action: string, input: Record<string, unknown>, options?: CallOptions): Promise<CallResult>;
	readonly policy: RetryPolicy;
	/** Calls made so far (each with one or more attempts). */
	readonly calls: number;
	/** The same, by action: a run's look-ups (ListUsers for By Email) beside its own action. */
	readonly callsByAction: ReadonlyMap<string, number>;
}

/** The keys as typed in the credential: the ones that sign (Access Keys), or that assume the role. */
export function keysOf(credentials: ICredentialDataDecryptedObject): AwsKeys {
	const sessionToken = String(credentials.sessionToken ?? '').trim();
	return {
		accessKeyId: String(credentials.accessKeyId ?? '').trim(),
		secretAccessKey: String(credentials.secretAccessKey ?? '').trim(),
		sessionToken: sessionToken || undefined,
	};
}

/** The role to assume, when the credential's Authentication is Assume Role. */
export function roleOf(credentials: ICredentialDataDecryptedObject): RoleSettings | undefined {
	if (credentials.authentication !== 'assumeRole') return undefined;
	const externalId = String(credentials.externalId ?? '').trim();
	return {
		sourceKeys: keysOf(credentials),
		roleArn: String(credentials.roleArn ?? '').trim(),
		externalId: externalId || undefined,
		sessionName: String(credentials.roleSessionName ?? '').trim() || DEFAULT_SESSION_NAME,
		durationSeconds: Number(credentials.durationSeconds) || DEFAULT_DURATION_SECONDS,
		endpoint: String(credentials.stsEndpoint ?? '').trim() || STS_DEFAULT_ENDPOINT,
	};
}

const expired = (error: unknown) => error instanceof ChimeError && error.code === 'ExpiredToken';

/**
 * `send` signs with the credential's keys (http.ts: n8n has the credential sign), or, with Assume
 * Role, with the session's keys each call hands it (ChimeTarget.keys).
 */
export function chimeClient(send: HttpSend, credentials: ICredentialDataDecryptedObject, { voiceRegion, service, ...options }: ClientOptions = {}): ChimeClient {
	const chime: ChimeTarget = { endpoint: endpointOf(credentials) };
	// Each action goes to its own service: its endpoint, signed for its region.
	const targetOf = (action: string): ChimeTarget => {
		if (serviceOf(action) !== 'voice') return chime;
		const region = checkedVoiceRegion(voiceRegion);
		return { endpoint: voiceEndpointOf(credentials, region), region };
	};
	const role = roleOf(credentials);
	const policy: RetryPolicy = { maxAttempts: DEFAULT_MAX_ATTEMPTS, timeoutMs: DEFAULT_TIMEOUT_MS, ...options };
	const secrets = baseSecrets(credentials);
	let calls = 0;
	const callsByAction = new Map<string, number>();
	/** STS's refusal, once it came: the run's other items fail with it instead of asking STS again. */
	let refusal: StsError | undefined;
	const keysNow = async (refused?: AwsKeys) =>
		await (refusal ? Promise.reject(refusal) : roleKeys(send, role!, secrets, refused)).catch(async (error: unknown) => {
			if (error instanceof StsError && error.status >= 400 && error.status < 500) refusal = error;
			return await Promise.reject(error);
		});
	const attempt = async (name: string, input: Record<string, unknown>, callOptions?: CallOptions) => {
		const action = service === 'voice' && serviceOf(name) === 'chime' ? voiceAction(name) : name;
		calls++;
		callsByAction.set(action, (callsByAction.get(action) ?? 0) + 1);
		const target = targetOf(action);
		if (!role) return await callChime(send, target, action, input, policy, callOptions);
		// Keys per call, so a session renewed mid-run signs every call after it.
		const keys = await keysNow();
		return await callChime(send, { ...target, keys }, action, input, policy, callOptions).catch(async (error: unknown) => {
			// Refused before Chime acted: safe to send once more, with keys of a new session.
			// Any other error goes on as it came (the run turns it into a NodeApiError).
			if (!expired(error)) return await Promise.reject(error);
			const renewed = await keysNow(keys);
			return await callChime(send, { ...target, keys: renewed }, action, input, policy, callOptions);
		});
	};
	return {
		policy,
		attempt,
		call: async (action, input) => (await attempt(action, input)).answer,
		get calls() {
			return calls;
		},
		callsByAction,
	};
}

function baseSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	return [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken]
		.map((value) => String(value ?? '').trim())
		.filter((value) => value.length >= 4);
}

/**
 * Values that must never reach output, errors or logs. With Assume Role this is the role session's
 * live list: temporary keys issued later in the run are scrubbed too.
 */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	const role = roleOf(credentials);
	return role ? roleSecrets(role, baseSecrets(credentials)) : baseSecrets(credentials);
}

export function endpointOf(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.endpoint ?? '').trim() || `https://chime.${CHIME_REGION}.amazonaws.com`;
}
