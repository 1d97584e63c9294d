/**
 * Wait for Completion (Operation.waitFor). Some actions start what Chime finishes later: an order is
 * Processing for a while. Chosen under Options, the engine then reads what was made until it is done
 * and outputs that, with a summary of its parts (WaitParts.summary); an end that is not a success (a
 * partial one too, unless the user counts it as one), or still being at work when Wait Timeout is up, is an error on
 * the item. Reads go through the node's client: retried like any read, stopped by Stop.
 */
import { noun } from './messages';
import { outputShape, shape } from '../chime/model';
import { once } from '../once';
import { wait } from '../chime/retry';
import type { WaitFor, WaitParts } from '../types';

type Answer = Record<string, unknown>;

/**
 * Reads are 250 ms apart at first and twice as far each time, up to one every 5 s: an order that takes
 * a second is seen within one, one that takes minutes costs a read per 5 s (60 in Wait Timeout's default).
 */
export const FIRST_READ_MS = 250;
const MAX_READ_INTERVAL_MS = 5_000;

/** Wait Timeout (Seconds) under Options: its default and its range. */
export const WAIT_TIMEOUT_SECONDS = { default: 300, min: 1, max: 3600 };

/** The member of the read's answer that is what was made: its one structure (`PhoneNumberOrder`), found in the model once. */
export const resourceMember = once((action: string): string => {
	const members = Object.entries(outputShape(action).members ?? {}).filter(([, m]) => shape(m.shape).type === 'structure');
	if (members.length !== 1) throw new Error(`${action} answers with ${members.length} structures: nothing to wait on`);
	return members[0][0];
});

/** The states the model gives what is waited on: `Processing`, `Successful`, `Failed`, `Partial`. */
const statusValues = once((waitFor: WaitFor): string[] => {
	const resource = shape(outputShape(waitFor.chime).members![resourceMember(waitFor.chime)].shape);
	return shape(resource.members![waitFor.status].shape).enum ?? [];
});

/** The ends that are errors on the item: neither still at work nor a success (`Failed`, `Partial`). */
export function failedEnds(waitFor: WaitFor): string[] {
	return statusValues(waitFor).filter((value) => !waitFor.pending.includes(value) && !waitFor.succeeded.includes(value));
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(values: string[]): string {
	return values.length < 2 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

const plural = (word: string, count: number) => (count === 1 ? word : `${word}s`);

interface WaitContext {
	/** Reads with `waitFor.chime`; a failure comes back as the item's error. */
	read(input: Answer): Promise<Answer>;
	/** From now on; what is still at work after it is an error. */
	timeoutMs: number;
	/** n8n's execution cancel signal: Stop ends the wait at once. */
	signal?: AbortSignal;
	/** The item's error; `ended` is what was waited on as it ended, when it did end. */
	fail(message: string, description: string, ended?: Answer): Error;
	/** The user counts a partial end (WaitParts.partial) as a success. */
	partialIsSuccess?: boolean;
}

/** The parts of what ended (an order's numbers) that ended ok, and those that did not with their state and why. */
function outcome(parts: WaitParts, done: Answer): { ok: string[]; failed: Answer[] } {
	const all = (done[parts.list] ?? []) as Answer[];
	const ok = all.filter((part) => parts.ok.includes(String(part[parts.status])));
	const failed = all.filter((part) => !ok.includes(part));
	return {
		ok: ok.map((part) => String(part[parts.key])),
		failed: failed.map((part) => ({ [parts.key]: part[parts.key], [parts.status]: part[parts.status] ?? null, Reason: parts.failedBecause })),
	};
}

/** What was waited on as it ended, with the summary keys of its parts (WaitParts.summary) always present. */
function withSummary(waitFor: WaitFor, done: Answer): Answer {
	const parts = waitFor.parts;
	if (!parts) return done;
	const { ok, failed } = outcome(parts, done);
	return { ...done, [parts.summary.ok]: ok, [parts.summary.failed]: failed };
}

/** Why an end is a failure, naming the parts (an order's numbers) that made it and those that did not, with why. */
function failure(waitFor: WaitFor, done: Answer, id: string, context: WaitContext): Error {
	const status = done[waitFor.status] === undefined ? 'with no status' : String(done[waitFor.status]);
	const head = `The ${noun(waitFor.id)} ${id} ended ${status}`;
	const parts = waitFor.parts;
	if (!parts) return context.fail(head, 'Amazon Chime did not do what was asked.');
	const { ok, failed } = outcome(parts, done);
	const what = noun(parts.key);
	const total = ok.length + failed.length;
	const failedKeys = failed.map((part) => String(part[parts.key]));
	const acquired = ok.length ? `${parts.ok.join(' or ')}: ${ok.join(', ')}.` : `None was ${parts.ok.join(' or ').toLowerCase()}.`;
	return context.fail(
		`${head}: ${failed.length} of ${total} ${plural(what, total)} failed (${failedKeys.join(', ')})`,
		`${acquired} Not acquired: ${failedKeys.join(', ')} (${parts.failedBecause}).`,
		withSummary(waitFor, done),
	);
}

/**
 * Reads what `made` names until its state is no longer pending, within `context.timeoutMs`, and returns
 * the last read (or `made`, when Chime finished at once). Throws the item's error for a failed end or a
 * timeout, and the cancel error for Stop.
 */
export async function waitUntilDone(waitFor: WaitFor, made: Answer, context: WaitContext): Promise<Answer> {
	const id = made[waitFor.id];
	if (typeof id !== 'string' || id === '') {
		throw context.fail(`Amazon Chime answered without a ${noun(waitFor.id)} ID: there is nothing to wait for`, 'Look in Amazon Chime for what was made.');
	}
	const member = resourceMember(waitFor.chime);
	const deadline = Date.now() + context.timeoutMs;
	let current = made;
	for (let interval = FIRST_READ_MS; waitFor.pending.includes(String(current[waitFor.status])); interval = Math.min(interval * 2, MAX_READ_INTERVAL_MS)) {
		const left = deadline - Date.now();
		if (left <= 0) {
			const seconds = Math.round(context.timeoutMs / 1000);
			throw context.fail(
				`The ${noun(waitFor.id)} ${id} is still ${String(current[waitFor.status])} after ${seconds} s (Wait Timeout)`,
				`Amazon Chime is still working on it. Read it again later by its ID, or raise Wait Timeout (Seconds) in Options. Running this item again would make another ${noun(waitFor.id)}.`,
			);
		}
		// The last read falls on the deadline: an order done just in time is not reported as late.
		await wait(Math.min(interval, left), context.signal);
		current = ((await context.read({ [waitFor.id]: id }))[member] ?? {}) as Answer;
	}
	const end = String(current[waitFor.status]);
	const succeeded = waitFor.succeeded.includes(end) || (context.partialIsSuccess && end === waitFor.parts?.partial?.end);
	if (!succeeded) throw failure(waitFor, current, id, context);
	return withSummary(waitFor, current);
}
