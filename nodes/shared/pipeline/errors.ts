import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { StsError } from '../chime/sts';
import { attemptsOf, isCancel, isRetryable, networkCode } from '../chime/retry';
import { ChimeError, OutcomeUnknownError, UnexpectedAnswerError } from '../chime/types';

/** What a Chime error code means, in words an IT or HR person can act on. Keys drop the `Exception` suffix. */
const EXPLANATIONS: Record<string, string> = {
	BadRequest: 'Amazon Chime rejected the request as invalid',
	NotFound: 'Amazon Chime could not find what the request names',
	Conflict: 'Amazon Chime refused because it conflicts with what already exists',
	Forbidden: 'The AWS key is not permitted to do this in Amazon Chime',
	AccessDenied: 'The AWS key is not permitted to do this in Amazon Chime',
	UnauthorizedClient: 'The AWS key is not authorized to use Amazon Chime',
	Unauthorized: 'The AWS key is not authorized to use Amazon Chime',
	UnrecognizedClient: 'The Access Key ID is not known to AWS: check the credential',
	InvalidClientTokenId: 'The Access Key ID is not known to AWS: check the credential',
	InvalidSignature: 'The Secret Access Key does not match the Access Key ID: check the credential',
	SignatureDoesNotMatch: 'The Secret Access Key does not match the Access Key ID: check the credential',
	IncompleteSignature: 'The request was not signed correctly: check the credential',
	ExpiredToken: 'The session token has expired: renew it in the credential',
	InvalidSignatureDate: "The machine's clock is too far from AWS's: the request signature is out of date",
	ThrottledClient: 'Amazon Chime is throttling requests: try again later or send fewer at once',
	Throttled: 'Amazon Chime is throttling requests: try again later or send fewer at once',
	Throttling: 'Amazon Chime is throttling requests: try again later or send fewer at once',
	ResourceLimitExceeded: 'An Amazon Chime limit was reached',
	ServiceFailure: 'Amazon Chime failed to process the request',
	ServiceUnavailable: 'Amazon Chime is temporarily unavailable: try again later',
	PreconditionFailed: 'Amazon Chime refused because a precondition is not met',
	UnprocessableEntity: 'Amazon Chime could not process the request',
};

export function errorCode(raw: string | undefined): string {
	return (raw ?? '').replace(/Exception$/, '');
}

function explain(code: string | undefined, httpStatus?: number): string {
	const known = EXPLANATIONS[errorCode(code)];
	if (known) return known;
	if (httpStatus && httpStatus >= 500) return 'Amazon Chime failed to process the request';
	return 'Amazon Chime refused the request';
}

/** Replaces every secret with asterisks, so that no key or token leaves through an error. */
export function scrub(text: string, secrets: string[]): string {
	return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

interface ChimeFailure {
	code: string;
	httpStatus?: number;
	/** Chime's own message, secrets removed. */
	chimeMessage: string;
	/** Our sentence for the user. */
	sentence: string;
	/** Attempts made, when the call was retried. */
	attempts?: number;
	/** What to do about it, when Chime's message is not the point (an outcome that is not known). */
	advice?: string;
}

/** What the operation's entry says of an action that may have happened (Operation.uncertain). */
type Uncertain = { done: string; advice?: string };

/** An action that must not be done twice reached Chime, and no clear answer came back. */
function uncertainFailure(error: OutcomeUnknownError, secrets: string[], endpoint: string, uncertain?: Uncertain): ChimeFailure {
	const cause = describeFailure(error.reason, secrets, endpoint);
	let advice = 'Check in Amazon Chime before running this item again.';
	if (error.checkFailed) advice = `Looking for it in Amazon Chime failed too. ${advice}`;
	else if (uncertain?.advice) advice = uncertain.advice;
	return {
		code: cause.code,
		httpStatus: cause.httpStatus,
		chimeMessage: cause.chimeMessage,
		sentence: `Amazon Chime may have ${uncertain?.done ?? 'done this'}: the request reached it but no clear answer came back, so it was not sent again`,
		advice,
	};
}

/** The action an error came from, when call.ts put it there. */
const actionOf = (error: unknown): string | undefined => (error as { action?: string })?.action;

/** Something answered, but not as Chime would: what it was, the action and the status, in one sentence. */
function unexpectedAnswer(error: UnexpectedAnswerError, secrets: string[], endpoint: string, attempts?: number): ChimeFailure {
	const action = error.action ?? 'the request';
	const detail = scrub(error.detail, secrets);
	const answered = `answered ${action} (HTTP ${error.status})`;
	let sentence = `The endpoint ${endpoint} ${answered}, but not as Amazon Chime would: ${detail}`;
	if (error.problem === 'shape') sentence = `Amazon Chime at ${endpoint} ${answered} with something that is not its documented shape: ${detail}`;
	if (error.problem === 'redirect') sentence = `The endpoint ${endpoint} ${answered}: ${detail}`;
	return { code: error.code, httpStatus: error.status, chimeMessage: '', attempts, sentence };
}

/** What AWS STS's refusals of AssumeRole mean for the credential (Assume Role). */
const STS_REFUSALS: Record<string, string> = {
	AccessDenied: "AWS STS did not let the credential's keys assume the role: check the role's trust policy and the External ID",
	InvalidClientTokenId: "AWS STS does not know the credential's Access Key ID",
	SignatureDoesNotMatch: "The credential's Secret Access Key does not match its Access Key ID (AWS STS said so)",
	ExpiredToken: "The credential's Session Token has expired (AWS STS said so)",
};

/** A failed AssumeRole: before anything was sent to Chime. */
function stsFailure(error: StsError, secrets: string[]): ChimeFailure {
	const chimeMessage = scrub(error.message, secrets);
	if (error.code === 'STSUnreachable') return { code: error.code, chimeMessage: '', sentence: chimeMessage };
	const sentence = STS_REFUSALS[error.code] ?? 'AWS STS refused to assume the role for the credential';
	return { code: scrub(error.code, secrets), httpStatus: error.status || undefined, chimeMessage, sentence };
}

/** Reads any error of a call (Chime's answer, a lost connection, a time limit) into one plain description. */
export function describeFailure(error: unknown, secrets: string[], endpoint: string, uncertain?: Uncertain): ChimeFailure {
	// Attempts are worth saying only where they ran out: a NotFound after a retry is Chime's answer, not a give-up.
	const attempts = isRetryable(error) ? attemptsOf(error) : undefined;
	if (error instanceof OutcomeUnknownError) return uncertainFailure(error, secrets, endpoint, uncertain);
	if (isCancel(error)) return { code: 'Cancelled', chimeMessage: '', sentence: 'The execution was stopped before Amazon Chime answered' };
	if (error instanceof UnexpectedAnswerError) return unexpectedAnswer(error, secrets, endpoint, attempts);
	if (error instanceof StsError) return stsFailure(error, secrets);
	const action = actionOf(error);
	const network = networkCode(error);
	if (network) {
		const timedOut = network === 'ECONNABORTED' || network === 'ETIMEDOUT' || network === 'ESOCKETTIMEDOUT';
		const limit = (error as { timeoutMs?: number }).timeoutMs;
		const within = limit ? ` within the Timeout of ${limit} ms` : ' in time';
		return {
			code: network,
			chimeMessage: '',
			attempts,
			sentence: timedOut ? `Amazon Chime at ${endpoint} did not answer ${action ?? 'the request'}${within}` : `Could not reach Amazon Chime at ${endpoint}`,
		};
	}
	if (error instanceof ChimeError) {
		return {
			code: scrub(error.code, secrets),
			httpStatus: error.status,
			chimeMessage: scrub(error.message, secrets),
			attempts,
			sentence: explain(error.code, error.status),
		};
	}
	// Refused before an answer (n8n's SSRF protection, TLS, a bad URL): the error's own code says which.
	const e = error as { message?: string; code?: unknown; name?: string };
	const message = e?.message ?? String(error);
	const code = typeof e?.code === 'string' && e.code ? e.code : e?.name || 'Error';
	return { code, chimeMessage: scrub(message, secrets), sentence: `Amazon Chime at ${endpoint} could not be called${action ? ` for ${action}` : ''}` };
}

interface ErrorContext {
	/** Values that must not appear in the error (the credential's keys and tokens). */
	secrets: string[];
	endpoint: string;
	itemIndex?: number;
	/** Where attempts are set, said when retries ran out; nodes without that setting (the trigger) pass false. */
	attemptsSetting?: string | false;
	/** The operation's own words for this failure, when it has some (a NotFound naming what, a known refusal). */
	sentence?: (failure: ChimeFailure) => string | undefined;
	/** What the operation may have done, when its outcome is not known (Operation.uncertain). */
	uncertain?: Uncertain;
}

/**
 * The one error path: any error of a call (Chime's answer, a per-entry failure of a batch, a lost
 * connection, a time limit) becomes the node's error here, described, worded and scrubbed once.
 */
export function chimeNodeError(node: INode, error: unknown, context: ErrorContext): NodeApiError {
	const failure = describeFailure(error, context.secrets, context.endpoint, context.uncertain);
	const sentence = context.sentence?.(failure) ?? failure.sentence;
	return chimeApiError(node, { ...failure, sentence }, context.itemIndex, context.attemptsSetting);
}

/** The error a node shows, from a description of the failure. */
function chimeApiError(
	node: INode,
	failure: ChimeFailure,
	itemIndex?: number,
	attemptsSetting: string | false = "Max Attempts, under Request Options in the node's Settings",
): NodeApiError {
	const response: JsonObject = { code: failure.code, message: failure.chimeMessage };
	if (failure.httpStatus) response.httpStatusCode = failure.httpStatus;
	// Said only where retries ran out, so that a person knows what to raise.
	const setting = attemptsSetting ? ` (${attemptsSetting})` : '';
	const tries = failure.attempts && failure.attempts > 1 ? `, gave up after ${failure.attempts} attempts${setting}` : '';
	const message = `${failure.sentence} (${failure.code}${tries})`;
	const error = new NodeApiError(node, response, {
		message,
		description: failure.advice
			? `${failure.advice}${failure.chimeMessage ? ` Amazon Chime said: ${failure.chimeMessage}` : ''}`
			: failure.chimeMessage || undefined,
		httpCode: failure.httpStatus ? String(failure.httpStatus) : undefined,
		itemIndex,
	});
	// n8n swaps in its own words for codes it knows (ECONNREFUSED: "perhaps it is offline"); ours name the endpoint.
	error.message = message;
	return error;
}
