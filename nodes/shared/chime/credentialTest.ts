import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { chimeClient, credentialSecrets, endpointOf, keysOf, roleOf } from './client';
import { describeFailure, errorCode, scrub } from '../pipeline/errors';
import { voiceAction } from './model';
import { assumeRole, type StsError, type RoleSettings } from './sts';
import { n8nLegacySend } from './http';
import { signRequest } from './sigv4';
import type { AwsKeys, HttpSend } from './types';
import { DEFAULT_VOICE_REGION, voiceEndpointOf } from './voice';

/**
 * The one place that signs outside the credential: n8n gives "Test connection" only its legacy
 * request helper, which does not call the credential's `authenticate`. Signed as it would sign.
 */
function signedWith(keys: AwsKeys, send: HttpSend): HttpSend {
	return async (request) =>
		await send({ ...request, headers: signRequest(request, request.keys ?? keys, new Date(), request.service, request.region) });
}

/** What "Test connection" says for the ways a credential goes wrong. */
const ADVICE: Record<string, string> = {
	UnrecognizedClient: 'The Access Key ID is not known to AWS. Check that it was copied whole.',
	InvalidClientTokenId: 'The Access Key ID is not known to AWS. Check that it was copied whole.',
	InvalidSignature: 'The Secret Access Key does not match the Access Key ID (bad signature).',
	SignatureDoesNotMatch: 'The Secret Access Key does not match the Access Key ID (bad signature).',
	ExpiredToken: 'The Session Token has expired. Get a new one, or leave it empty for long-term keys.',
	Forbidden: 'The keys are valid but not permitted to use Amazon Chime: allow chime:ListAccounts for them.',
	AccessDenied: 'The keys are valid but not permitted to use Amazon Chime: allow chime:ListAccounts for them.',
	UnauthorizedClient: 'The keys are valid but not authorized for Amazon Chime: allow chime:ListAccounts for them.',
};

/** What "Test connection" says when STS refuses AssumeRole (the step before Chime). */
function roleAdvice(error: StsError, role: RoleSettings): string {
	switch (error.code) {
		case 'InvalidClientTokenId':
			return 'Assume Role failed at its first step: AWS STS does not know the Access Key ID. Check that it was copied whole.';
		case 'SignatureDoesNotMatch':
			return 'Assume Role failed at its first step: the Secret Access Key does not match the Access Key ID (bad signature).';
		case 'ExpiredToken':
			return 'Assume Role failed at its first step: the Session Token of the keys has expired. Get a new one, or leave it empty for long-term keys.';
		case 'AccessDenied':
			// AWS gives the same answer for both, so the words follow what the credential holds.
			return role.externalId
				? `The keys are valid, but the role ${role.roleArn} refused them with this External ID. Check that the External ID is the one in the role's trust policy (its sts:ExternalId condition), and that the policy trusts these keys.`
				: `The keys are valid, but the role ${role.roleArn} does not trust them: its trust policy must allow sts:AssumeRole for them. If the policy asks for an External ID, enter it.`;
		case 'ValidationError':
			return `AWS STS refused the Assume Role settings: check the Role ARN, Role Session Name and Session Duration.`;
		default:
			if (error.code === 'NotStsAnswer' || /^HTTP\d+$/.test(error.code)) return `The STS Endpoint ${role.endpoint} did not answer as AWS STS does (${error.code}).`;
			return `AWS STS refused to assume the role ${role.roleArn} (${error.code}).`;
	}
}

/** Test connection's first step with Assume Role: temporary keys, or the words for why there are none. */
async function testRole(send: HttpSend, role: RoleSettings, secrets: string[]) {
	try {
		return { keys: (await assumeRole(send, role)).keys };
	} catch (error) {
		const e = error as StsError;
		if (e.status === 0) return { message: `Could not reach AWS STS at ${role.endpoint} to assume the role (${(e as { reason?: string }).reason ?? e.code}).` };
		return { message: `${roleAdvice(e, role)} STS said: ${scrub(e.message, secrets)}` };
	}
}

/**
 * "Test connection": one signed ListAccounts with MaxResults 1, no retries. With Assume Role, first a
 * fresh AssumeRole (never the cached session), so the role's trust is tested each time.
 */
export async function amazonChimeApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	if (!String(data.accessKeyId ?? '').trim() || !String(data.secretAccessKey ?? '').trim()) {
		return { status: 'Error', message: 'Enter both the Access Key ID and the Secret Access Key.' };
	}
	const endpoint = endpointOf(data);
	try {
		new URL(endpoint);
	} catch {
		return { status: 'Error', message: `The Custom Endpoint "${endpoint}" is not a URL, e.g. http://127.0.0.1:4599` };
	}
	const send = n8nLegacySend(this.helpers);
	const role = roleOf(data);
	let keys = keysOf(data);
	const secrets = [...credentialSecrets(data)];
	if (role) {
		if (!role.roleArn) return { status: 'Error', message: 'Enter the Role ARN, e.g. arn:aws:iam::123456789012:role/n8n-chime' };
		if (!URL.canParse(role.endpoint)) return { status: 'Error', message: `The STS Endpoint "${role.endpoint}" is not a URL, e.g. http://127.0.0.1:4599/_sts` };
		const assumed = await testRole(signedWith(keys, send), role, secrets);
		if (!assumed.keys) return { status: 'Error', message: assumed.message };
		// Chime is then called as the role, with the keys just issued.
		keys = assumed.keys;
		secrets.push(assumed.keys.secretAccessKey, assumed.keys.sessionToken ?? '');
	}
	// One attempt with a short time limit: a person is waiting for the answer. The client is given no
	// role, so that `keys` sign rather than a cached session.
	const client = chimeClient(signedWith(keys, send), { endpoint: data.endpoint }, { maxAttempts: 1, timeoutMs: 15_000 });
	try {
		await client.call('ListAccounts', { MaxResults: 1 });
		const as = role ? ` as the role ${role.roleArn}` : '';
		return { status: 'OK', message: `Connection successful: Amazon Chime answered at ${endpoint}${as}` };
	} catch (error) {
		const failure = describeFailure(error, secrets, endpoint);
		const refused = ['Forbidden', 'AccessDenied', 'UnauthorizedClient'].includes(errorCode(failure.code));
		const advice = role && refused
			? `The role ${role.roleArn} was assumed, but Amazon Chime refused it: allow chime:ListAccounts (and the chime: actions your workflows use) in the role's permissions policy (${failure.code}).`
			: (ADVICE[errorCode(failure.code)] ?? `${failure.sentence} (${failure.code}).`);
		const detail = failure.chimeMessage ? ` Chime said: ${failure.chimeMessage}` : '';
		// The keys themselves are fine (Chime did not refuse them as unknown, mis-signed or expired): since the
		// Amazon Chime application ended, phone numbers may be all they are for, on Amazon Chime SDK Voice.
		if (!(errorCode(failure.code) in ADVICE) || refused) {
			const voice = await testVoice(signedWith(keys, send), data);
			if (voice) return { status: 'OK', message: `${voice} Amazon Chime itself did not: ${advice}${detail}` };
		}
		return { status: 'Error', message: `${advice}${detail}` };
	}
}

/**
 * Amazon Chime SDK Voice's ListPhoneNumbers (MaxResults 1) in us-east-1, or at the Custom Voice Endpoint:
 * the Phone Number node's Voice operations work with this credential when it answers.
 */
async function testVoice(send: HttpSend, data: ICredentialsDecrypted['data'] & object): Promise<string | undefined> {
	const client = chimeClient(send, { ...data, authentication: 'accessKeys' }, { maxAttempts: 1, timeoutMs: 15_000, voiceRegion: DEFAULT_VOICE_REGION });
	try {
		await client.call(voiceAction('ListPhoneNumbers'), { MaxResults: 1 });
		return `Connection successful for the Phone Number node on Amazon Chime SDK Voice: it answered at ${voiceEndpointOf(data, DEFAULT_VOICE_REGION)}.`;
	} catch {
		return undefined;
	}
}
