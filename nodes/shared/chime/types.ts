/**
 * The contract between the pieces of our own Chime transport: wire.ts (the model's REST-JSON shapes),
 * call.ts (one attempt) and retry.ts (attempts, backoff, time limits). None of them knows about n8n
 * or signs: an HttpSend adapts n8n's request helpers, and the credential signs what it sends (http.ts).
 */

export interface AwsKeys {
	accessKeyId: string;
	secretAccessKey: string;
	/** Only for temporary credentials; sent as x-amz-security-token. */
	sessionToken?: string;
}

/** Where and as whom to call Chime. */
export interface ChimeTarget {
	/** Origin and optional base path, no trailing slash: `https://chime.us-east-1.amazonaws.com`, `http://127.0.0.1:4599`. */
	endpoint: string;
	/** Keys to sign with in place of the credential's own: an assumed role's session. */
	keys?: AwsKeys;
	/** The region requests are signed for: us-east-1 unless said (Chime SDK Voice: the chosen region). */
	region?: string;
}

/** One HTTP request as it goes on the wire, before it is signed. */
export interface HttpRequest {
	method: string;
	/** Full URL, path segments and query already percent-encoded exactly as they are to be signed. */
	url: string;
	/** Lower-case names. */
	headers: Record<string, string>;
	/** JSON text (a form for STS), or '' when the action sends no body. */
	body: string;
	/** See ChimeTarget.keys. */
	keys?: AwsKeys;
	/** The service and region to sign for, when not Chime's (`chime`, us-east-1): `sts` for AssumeRole. */
	service?: string;
	region?: string;
	/** Milliseconds from sending to the answer's last byte; past it the attempt is abandoned. */
	timeoutMs?: number;
	signal?: AbortSignal;
}

export interface HttpResponse {
	status: number;
	/** Lower-case names. */
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/**
 * What the request options handed to n8n may carry in `qs` for the credential's `authenticate`, which
 * takes them out before signing (n8n's own AWS credential is told its region in `qs._region` the same
 * way): HttpRequest.service and .region.
 */
export interface SigningScope {
	_service?: string;
	_region?: string;
}

/**
 * Signs and sends one request, and resolves with whatever status came back, its body read whole. Rejects when
 * no whole answer came: a Node/axios `code` (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ERR_CANCELED…), or
 * an UnexpectedAnswerError (cut off, too large).
 */
export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

/** Chime answered with an error status. */
export class ChimeError extends Error {
	constructor(
		/** Chime's error code without the `Exception` suffix: `NotFound`, `ThrottledClient`. */
		readonly code: string,
		message: string,
		readonly status: number,
		/** From a Retry-After header, in milliseconds. */
		readonly retryAfterMs?: number,
	) {
		super(message);
		this.name = 'ChimeError';
	}
}

/** How an answer was not what Chime sends: the words and the code the user sees follow from it. */
type AnswerProblem =
	/** The connection broke before the last byte (short of its Content-Length, or a reset mid-body). */
	| 'cut-off'
	/** More than MAX_ANSWER_BYTES, counted after decompression. */
	| 'too-large'
	/** A success whose body is not JSON. */
	| 'not-json'
	/** JSON, but not the model's output shape (a list that is not a list, a null body…). */
	| 'shape'
	/** A 3xx: Chime never redirects, and a signed request is not sent elsewhere. */
	| 'redirect'
	/** An error status without Chime's error type or JSON body (a proxy's or web server's page). */
	| 'not-chime';

const ANSWER_CODES: Record<AnswerProblem, string> = {
	'cut-off': 'AnswerCutOff',
	'too-large': 'AnswerTooLarge',
	'not-json': 'AnswerNotJson',
	shape: 'AnswerNotDocumentedShape',
	redirect: 'Redirect',
	'not-chime': 'NotChimeAnswer',
};

/** Something answered, but not as Amazon Chime would: nothing of it is used. */
export class UnexpectedAnswerError extends Error {
	/** Shown in parentheses after the sentence, in place of Chime's error code. */
	readonly code: string;
	/** The action, once call.ts knows which this was the answer to. */
	action?: string;

	constructor(
		readonly problem: AnswerProblem,
		/** What was wrong, in words: `Users is not a list (got text)`, `redirected to https://… — not followed`. */
		readonly detail: string,
		readonly status: number,
		/** From a Retry-After header (a proxy's 503), in milliseconds. */
		readonly retryAfterMs?: number,
	) {
		super(detail);
		this.name = 'UnexpectedAnswerError';
		this.code = ANSWER_CODES[problem];
	}
}

/**
 * An action that must not be sent twice failed in a way that may have reached Chime (its answer was
 * lost, timed out or was a 5xx), so it was not sent again: whether it happened is not known.
 */
export class OutcomeUnknownError extends Error {
	constructor(
		readonly action: string,
		/** How the last attempt failed: a ChimeError (5xx) or a connection error (ECONNRESET, ECONNABORTED…). */
		readonly reason: unknown,
		/** Attempts made, this one included. */
		readonly attempts: number,
		/** A look-up in Chime was tried and failed too. */
		public checkFailed = false,
	) {
		super(`${action} may have been done: ${(reason as { message?: string })?.message ?? String(reason)}`);
		this.name = 'OutcomeUnknownError';
	}
}
