import { sleep } from 'n8n-workflow';

import { callOnce } from './call';
import { ChimeError, OutcomeUnknownError, UnexpectedAnswerError, type ChimeTarget, type HttpSend } from './types';
import { withIdempotencyTokens } from './wire';

/** How one call to Chime may be repeated. */
export interface RetryPolicy {
	/** Attempts per call, the first included (the panel's Max Attempts). */
	maxAttempts: number;
	/** Per attempt, from sending to the answer's last byte: past it the attempt is abandoned (http.ts). */
	timeoutMs: number;
	/** n8n's execution cancel signal: Stop ends waiting and sending at once. */
	signal?: AbortSignal;
	/** Told before each wait, so that a node can show why it is slow. */
	onRetry?: (retry: { action: string; attempt: number; delayMs: number; reason: string; throttled: boolean }) => void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Attempts per call unless the panel says otherwise. On a bad day (measured through a proxy: 10% of
 * answers throttled, 5% 500/503, 2% lost after Chime acted, 1% reset) about 18% of attempts fail, each
 * independently. A call fails for good only when all of its attempts do: 0.18^n. Offboarding 2,000
 * users (a lookup by email, Get, Log Out; Suspend in batches) is about 6,000 calls:
 *   n = 5:  0.18^5  = 1.9e-4 per call, × 6,000 = 1.1 calls lost per run (we lost 2 users);
 *   n = 8:  0.18^8  = 1.1e-6 per call, × 6,000 = 0.007 per run (one run in 150 loses one);
 *   n = 10: 0.18^10 = 3.6e-8 per call, × 6,000 = 0.0002 per run (one run in 4,700).
 * 10 costs nothing on a good day (the extra attempts are only made by calls that keep failing) and
 * at most about a minute of back-off per call on a very bad one.
 */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** Waits grow 2× per attempt from these bases (full jitter), never past MAX_DELAY_MS. */
const BASE_DELAY_MS = 100;
const THROTTLE_BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 20_000;

const THROTTLE_CODES = new Set(['ThrottledClient', 'Throttling', 'Throttled', 'TooManyRequests', 'RequestLimitExceeded']);

/** Errors of the connection itself, as Node and axios name them. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ESOCKETTIMEDOUT']);

function isThrottle(error: unknown): boolean {
	if (error instanceof UnexpectedAnswerError) return error.status === 429;
	return error instanceof ChimeError && (error.status === 429 || THROTTLE_CODES.has(error.code));
}

export function isCancel(error: unknown): boolean {
	const e = error as { code?: string; name?: string };
	return e?.code === 'ERR_CANCELED' || e?.name === 'AbortError' || e?.name === 'CanceledError';
}

/** A Node/axios connection error code, when the error is one (socket hang up counts as a reset). */
export function networkCode(error: unknown): string | undefined {
	if (error instanceof ChimeError || error instanceof UnexpectedAnswerError) return undefined;
	const e = error as { code?: string; cause?: { code?: string }; message?: string };
	const code = e?.code ?? e?.cause?.code;
	if (code && NETWORK_CODES.has(code)) return code;
	if (/socket hang up/i.test(e?.message ?? '')) return 'ECONNRESET';
	return undefined;
}

/** Connection errors that mean the request never left: nothing reached Chime. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Answers that may read differently when asked again: cut off, or a success that is not JSON (both
 * what a connection or proxy breaking mid-way gives). One too large, of the wrong shape or a redirect
 * would come back the same.
 */
function passing(error: UnexpectedAnswerError): boolean {
	return error.problem === 'cut-off' || (error.problem === 'not-json' && error.status < 300);
}

/** Whether an attempt that failed this way may be sent again: throttling, 5xx, lost connections and cut-off answers. */
export function isRetryable(error: unknown): boolean {
	if (isCancel(error)) return false;
	if (isThrottle(error)) return true;
	if (error instanceof UnexpectedAnswerError) return error.status >= 500 || passing(error);
	if (error instanceof ChimeError) return error.status >= 500;
	return networkCode(error) !== undefined;
}

/**
 * Whether Chime may have acted on an attempt that failed this way: a 5xx (it may have failed after
 * acting), a reset, a time limit or a stop while waiting (the answer was lost), a success that was
 * cut off or could not be used (it acted; what it did cannot be read). Throttling is a refusal before
 * acting; a refused connection never reached it; a redirect or a 4xx, Chime's or not, is no action;
 * any other answer is Chime's final word.
 */
function mayHaveActed(error: unknown): boolean {
	if (isThrottle(error)) return false;
	if (error instanceof UnexpectedAnswerError) return error.status < 300 || error.status >= 500;
	if (error instanceof ChimeError) return error.status >= 500;
	const code = networkCode(error);
	if (code) return !NEVER_SENT_CODES.has(code);
	return isCancel(error);
}

function delayFor(error: unknown, attempt: number): number {
	const base = isThrottle(error) ? THROTTLE_BASE_DELAY_MS : BASE_DELAY_MS;
	const jittered = Math.random() * Math.min(MAX_DELAY_MS, base * 2 ** (attempt - 1));
	const retryAfter = error instanceof ChimeError || error instanceof UnexpectedAnswerError ? (error.retryAfterMs ?? 0) : 0;
	return Math.min(MAX_DELAY_MS, Math.max(jittered, retryAfter));
}

/** n8n-workflow's sleep, cut short by the execution's cancel signal (a cancel error, as a stopped call's). */
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) throw cancelled();
	let onAbort: () => void = () => {};
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(cancelled());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

function cancelled(): Error {
	return Object.assign(new Error('The execution was stopped'), { code: 'ERR_CANCELED' });
}

/** The attempts a call took, on the error that ended it: messages say how many were made. */
export function attemptsOf(error: unknown): number | undefined {
	return (error as { attempts?: number })?.attempts;
}

/**
 * What a look-up in Chime found after an attempt that may have reached it: the answer that attempt would
 * have had (it was done), or the input to send again (nothing, or only part of a batch, was done).
 */
type LookUpResult = { done: Record<string, unknown> } | { resend: Record<string, unknown> };

export interface CallOptions {
	/**
	 * How the action may be sent again after an attempt that may have reached Chime (Operation.repeat):
	 * `safe` and `renew` as they are; `delete` too, a NotFound after our own uncertain attempt meaning
	 * done; `lookUp` (actions that must not happen twice) looks in Chime first and sends again only what
	 * was not done, a Conflict after our own uncertain attempt being looked up too; `never` does not send
	 * again (OutcomeUnknownError). Throttled and never-sent attempts are always sent again.
	 */
	repeat?: 'safe' | 'delete' | 'never' | { lookUp: (input: Record<string, unknown>) => Promise<LookUpResult> };
}

export interface CallResult {
	answer: Record<string, unknown>;
	attempts: number;
	/** An earlier attempt failed in a way that may have reached Chime: this answer may describe its effect. */
	afterUncertain: boolean;
	/** The answer is what a look-up found in Chime after an answer was lost, not Chime's answer. */
	reconciled: boolean;
	/** What the answer answers: the input last sent (a batch sent again holds only the entries not yet done). */
	input: Record<string, unknown>;
}

const codeOf = (error: unknown) => String((error as { code?: string })?.code ?? '').replace(/Exception$/, '');

/**
 * One Chime call, the one attempt counter: throttling, 5xx and connection failures are sent again after
 * a capped, fully jittered exponential wait (Retry-After honoured), per call, so one throttled call never
 * slows the others down. Each attempt has its own time limit. Actions that must not happen twice are
 * never sent again blindly (CallOptions.repeat): their look-up is a step of this loop, within the same
 * Max Attempts.
 */
export async function callChime(
	send: HttpSend,
	target: ChimeTarget,
	action: string,
	input: Record<string, unknown>,
	policy: RetryPolicy,
	options: CallOptions = {},
): Promise<CallResult> {
	const repeat = options.repeat ?? 'safe';
	const lookUp = typeof repeat === 'object' ? repeat.lookUp : undefined;
	// One request token (CreateRoom's) for all attempts: that is what makes repeating them safe.
	input = withIdempotencyTokens(action, input);
	let uncertain = false;
	const result = (answer: Record<string, unknown>, attempts: number, reconciled = false): CallResult => ({
		answer,
		attempts,
		afterUncertain: uncertain,
		reconciled,
		input,
	});
	for (let attempt = 1; ; attempt++) {
		const outcome = await callOnce(send, target, action, input, { timeoutMs: policy.timeoutMs, signal: policy.signal }).then(
			(answer) => ({ answer }),
			(error: unknown) => ({ error }),
		);
		if ('answer' in outcome) return result(outcome.answer, attempt);
		const { error } = outcome;
		// Gone, after an attempt of ours that may have landed: that attempt deleted it.
		if (repeat === 'delete' && uncertain && codeOf(error) === 'NotFound') return result({}, attempt, true);
		// Chime's last word; a Conflict may be our own earlier attempt's doing.
		if (lookUp && uncertain && codeOf(error) === 'Conflict') {
			const found = await lookUp(input).catch(() => undefined);
			if (found && 'done' in found) return result(found.done, attempt, true);
		}
		const mayHave = mayHaveActed(error) && !isCancel(error);
		if (mayHave && repeat === 'never') throw new OutcomeUnknownError(action, error, attempt);
		if (mayHave && lookUp) {
			uncertain = true;
			// A look-up that fails leaves the outcome unknown: the item says so.
			const found = await lookUp(input).catch(() => undefined);
			if (!found) throw new OutcomeUnknownError(action, error, attempt, true);
			if ('done' in found) return result(found.done, attempt, true);
			// Not done: sending again is safe, while attempts remain.
			input = found.resend;
			if (attempt >= policy.maxAttempts) throw withAttempts(error, attempt, uncertain);
			continue;
		}
		if (attempt >= policy.maxAttempts || !isRetryable(error) || policy.signal?.aborted) {
			// The node's error message says how many attempts were made, and whether one may have landed.
			throw withAttempts(error, attempt, uncertain);
		}
		if (mayHaveActed(error)) uncertain = true;
		const delayMs = delayFor(error, attempt);
		const reason = error instanceof ChimeError || error instanceof UnexpectedAnswerError ? error.code : (networkCode(error) ?? 'error');
		policy.onRetry?.({ action, attempt, delayMs, reason, throttled: isThrottle(error) });
		await wait(delayMs, policy.signal);
	}
}

function withAttempts(error: unknown, attempts: number, afterUncertain: boolean): unknown {
	return error && typeof error === 'object' ? Object.assign(error, { attempts, afterUncertain }) : error;
}
