import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

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

export function explain(code: string | undefined, httpStatus?: number): string {
	const known = EXPLANATIONS[errorCode(code)];
	if (known) return known;
	if (httpStatus && httpStatus >= 500) return 'Amazon Chime failed to process the request';
	return 'Amazon Chime refused the request';
}

/** Replaces every secret with asterisks, so that no key or token leaves through an error. */
export function scrub(text: string, secrets: string[]): string {
	return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

interface SdkError {
	name?: string;
	Code?: string;
	message?: string;
	Message?: string;
	code?: string;
	$metadata?: { httpStatusCode?: number; requestId?: string };
	$fault?: string;
}

/** Network failures carry a Node error code instead of an HTTP status. */
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH'];

export function networkCode(error: unknown): string | undefined {
	const e = error as SdkError & { cause?: { code?: string } };
	const code = e.code ?? e.cause?.code;
	if (code && NETWORK_CODES.includes(code)) return code;
	// The SDK wraps socket errors: "AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1".
	const named = NETWORK_CODES.find((c) => (e.message ?? '').includes(c));
	if (named) return named;
	if (/socket hang up/.test(e.message ?? '')) return 'ECONNRESET';
	return undefined;
}

export interface ChimeFailure {
	code: string;
	httpStatus?: number;
	/** Chime's own message, secrets removed. */
	chimeMessage: string;
	/** Our sentence for the user. */
	sentence: string;
}

/** Reads any error thrown by the SDK into one plain description. */
export function describeFailure(error: unknown, secrets: string[], endpoint: string): ChimeFailure {
	const e = error as SdkError;
	const network = networkCode(error);
	if (network) {
		return {
			code: network,
			chimeMessage: '',
			sentence: `Could not reach Amazon Chime at ${endpoint}`,
		};
	}
	const code = errorCode(e.Code ?? e.name);
	const httpStatus = e.$metadata?.httpStatusCode;
	return {
		code,
		httpStatus,
		chimeMessage: scrub(e.Message ?? e.message ?? '', secrets),
		sentence: explain(code, httpStatus),
	};
}

export function chimeApiError(node: INode, failure: ChimeFailure, itemIndex?: number): NodeApiError {
	const response: JsonObject = { code: failure.code, message: failure.chimeMessage };
	if (failure.httpStatus) response.httpStatusCode = failure.httpStatus;
	const message = `${failure.sentence} (${failure.code})`;
	const error = new NodeApiError(node, response, {
		message,
		description: failure.chimeMessage || undefined,
		httpCode: failure.httpStatus ? String(failure.httpStatus) : undefined,
		itemIndex,
	});
	// n8n swaps in its own words for codes it knows (ECONNREFUSED: "perhaps it is offline"); ours name the endpoint.
	error.message = message;
	return error;
}
