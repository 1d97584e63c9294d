import type { IDataObject } from 'n8n-workflow';

import { outputShape, shape } from '../chime/model';
import type { Operation } from '../types';

/** Response members that hold secrets. They are dropped unless the action exists to return them. */
export const SECRET_MEMBERS = ['PersonalPIN', 'SecurityToken'];

/** Makes a response value plain JSON: dates as ISO 8601 strings, secrets removed. */
export function plain(value: unknown, reveals: string[] = []): unknown {
	// ISO 8601 in UTC with milliseconds, e.g. 2026-01-02T03:04:05.000Z (cheap enough for 20,000 users).
	if (value instanceof Date) return value.toISOString();
	if (Array.isArray(value)) return value.map((entry) => plain(entry, reveals));
	if (value && typeof value === 'object') {
		const out: IDataObject = {};
		// Keys, not entries: no pair allocated per member, for every member of 20,000 users.
		for (const key of Object.keys(value)) {
			const entry = (value as IDataObject)[key];
			if (entry === undefined) continue;
			if (SECRET_MEMBERS.includes(key) && !reveals.includes(key)) continue;
			out[key] = plain(entry, reveals) as IDataObject;
		}
		return out;
	}
	return value;
}

/**
 * What one output item of an operation is, decided from the model and the entry once, never from what
 * an answer happens to hold: a workflow reading `$json.RetentionSettings` reads it every time.
 */
export type OutputShape =
	/** One item per entry of a response list (Users, Rooms …); `key` wraps plain values ({ E164PhoneNumber }). */
	| { kind: 'list'; member: string; key?: string }
	/** One item per input item of a batch: Chime's result for its entry (Invites), or success and the entry sent. */
	| { kind: 'batch'; results?: string }
	/** The resource itself: the response's one structure member (User, Account …), `{}` if Chime left it out. */
	| { kind: 'resource'; member: string }
	/**
	 * The response's members, every one always present (`{}`, `[]` or null when Chime left it out); with
	 * `echo`, also `success: true` and what was sent (actions that answer with nothing: DeleteRoom, LogoutUser).
	 */
	| { kind: 'answer'; members: string[]; echo: boolean; types: Record<string, string> };

export function outputShapeOf(op: Operation): OutputShape {
	if (op.list) return { kind: 'list', member: op.list, key: op.listItemKey };
	if (op.batch) return { kind: 'batch', results: op.batch.results };
	const members = Object.entries(outputShape(op.chime).members ?? {});
	if (members.length === 1 && shape(members[0][1].shape).type === 'structure' && !op.echoInput) {
		return { kind: 'resource', member: members[0][0] };
	}
	return {
		kind: 'answer',
		members: members.map(([name]) => name),
		echo: members.length === 0 || !!op.echoInput,
		types: Object.fromEntries(members.map(([name, member]) => [name, shape(member.shape).type])),
	};
}

/** A member Chime left out, as the shape it would have had (a new one each time): so that the keys of an output never vary. */
function absent(type: string | undefined): unknown {
	if (type === 'structure') return {};
	if (type === 'list') return [];
	return null;
}

/** Secrets typed into the panel (a meeting join token) are sent, never echoed into output. */
function withoutPasswords(op: Operation, input: Record<string, unknown>): Record<string, unknown> {
	const hidden = op.fields.filter((field) => field.password).map((field) => field.path);
	return Object.fromEntries(Object.entries(input).filter(([key]) => !hidden.includes(key)));
}

/** The output item of one non-list, non-batch call, in its operation's one shape (`output`: Plan.output). */
export function singleOutput(op: Operation, output: OutputShape, input: Record<string, unknown>, response: Record<string, unknown>): unknown {
	if (output.kind === 'resource') return response[output.member] ?? {};
	if (output.kind !== 'answer') throw new Error(`${op.chime} has no single output`);
	const out: Record<string, unknown> = output.echo ? { success: true, ...withoutPasswords(op, input) } : {};
	for (const member of output.members) out[member] = response[member] ?? (output.echo && input[member] !== undefined ? input[member] : absent(output.types[member]));
	return out;
}

/**
 * Keys the engine adds to an operation's output items beyond what Chime answers, for output schemas:
 * `PrimaryEmail` (Operation.outputEmail: a string, or null when not known), and with Wait for Completion
 * the summary of what was waited on (WaitParts.summary: a list of keys and a list of { key, status, Reason }).
 */
export function outputAdds(op: Operation): { always: string[]; whenWaited: string[] } {
	const summary = op.waitFor?.parts?.summary;
	return { always: op.outputEmail ? ['PrimaryEmail'] : [], whenWaited: summary ? [summary.ok, summary.failed] : [] };
}
