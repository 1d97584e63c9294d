import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { chimeClient, credentialSecrets, endpointOf } from './client';
import { describeFailure, errorCode } from './errors';
import { n8nLegacySend } from './transport/http';

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

/** "Test connection": one signed ListAccounts with MaxResults 1, no retries. */
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
	// One attempt with a short time limit: a person is waiting for the answer.
	const client = chimeClient(n8nLegacySend(this.helpers), data, { maxAttempts: 1, timeoutMs: 15_000 });
	try {
		await client.call('ListAccounts', { MaxResults: 1 });
		return { status: 'OK', message: `Connection successful: Amazon Chime answered at ${endpoint}` };
	} catch (error) {
		const failure = describeFailure(error, credentialSecrets(data), endpoint);
		const advice = ADVICE[errorCode(failure.code)] ?? `${failure.sentence} (${failure.code}).`;
		const detail = failure.chimeMessage ? ` Chime said: ${failure.chimeMessage}` : '';
		return { status: 'Error', message: `${advice}${detail}` };
	}
}
