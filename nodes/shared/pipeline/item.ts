import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { coerce, listValue, phoneNumber } from './coerce';
import { fieldLabel, words } from '../panel/fields';
import type { ParameterReader } from './parameters';
import type { Plan } from './plan';
import { operationFields } from '../panel/properties';
import type { Collection, Field, Operation } from '../types';
import { findProblem, NO_VALUE, type Problem } from './validate';
import { WAIT_TIMEOUT_SECONDS } from './wait';

/** A user chosen By Email: found just before sending, its ID then placed at `path` and checked. */
interface EmailLookup {
	path: string;
	email: string;
}

/** One input item's request, read from the panel and checked against the model; nothing sent yet. */
export interface ItemRequest {
	input: Record<string, unknown>;
	lookups: EmailLookup[];
	returnAll: boolean;
	limit: number;
	/** With Wait for Completion chosen (Operation.waitFor): how long to wait, in milliseconds. */
	waitMs?: number;
	/** Partial Order Is (WaitParts.partial): the user counts a partial end as a success. */
	partialIsSuccess?: boolean;
	/** What the user saw when picking From List, by field path: errors say "account Example Corp", not its ID. */
	names: Record<string, string>;
	/** The user's email when the user was given By Email or picked From List (Operation.outputEmail). */
	email?: string;
	/** The user given By Email, as the look-up found it (Operation.answeredByLookUp). */
	user?: Record<string, unknown>;
}

/** One line: without the `s` flag `.` stops at line breaks, so an address with one is refused. */
const EMAIL = /^.+@.+\..+$/;

function locatorValue(raw: unknown): { mode: string; value: unknown; name?: string } {
	if (raw && typeof raw === 'object' && 'value' in raw) {
		const rl = raw as { mode?: string; value: unknown; cachedResultName?: unknown };
		const name = rl.mode === 'list' && typeof rl.cachedResultName === 'string' && rl.cachedResultName.trim() ? rl.cachedResultName.trim() : undefined;
		return { mode: rl.mode ?? 'id', value: rl.value, name };
	}
	return { mode: 'id', value: raw };
}

/** A user From List reads "Jane Doe <jane.doe@example.com> (Registered)" (locators.ts): the address in it. */
function emailInName(name: string | undefined): string | undefined {
	return /<([^<>\s]+@[^<>\s]+)>/.exec(name ?? '')?.[1];
}

function setIn(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
	node[keys[keys.length - 1]] = value;
	return target;
}

/**
 * Puts a value at a field path. A batch operation's entry list holds this item's single entry;
 * any other list (`SigninDelegateGroups[].GroupName`) is built from a list value.
 */
export function place(input: Record<string, unknown>, op: Operation, path: string, value: unknown): void {
	const at = path.indexOf('[]');
	if (at === -1) {
		setIn(input, path, value);
		return;
	}
	const head = path.slice(0, at);
	const rest = path.slice(at + 3);
	if (op.batch?.member === head) {
		const entries = (input[head] ??= [rest ? {} : undefined]) as unknown[];
		entries[0] = rest ? setIn((entries[0] ?? {}) as Record<string, unknown>, rest, value) : value;
		return;
	}
	const values = value as unknown[];
	setIn(input, head, rest ? values.map((v) => setIn({}, rest, v)) : values);
}

function problemLabel(op: Operation, problem: Problem): { label: string; field?: Field } {
	const field = operationFields(op).find((f) => f.path === problem.path);
	if (field) return { label: fieldLabel(field), field };
	const members = problem.path.replace(/\[\]/g, '').split('.');
	return { label: words(members[members.length - 1]) };
}

export function invalidField(
	fns: IExecuteFunctions,
	op: Operation,
	problem: Problem,
	itemIndex: number,
): NodeOperationError {
	const { label, field } = problemLabel(op, problem);
	const where = problem.entry !== undefined ? `entry ${problem.entry} of "${label}"` : `"${label}"`;
	const shown = field?.password || problem.value === undefined ? '' : ` (got ${JSON.stringify(problem.value)})`;
	// Items as the editor numbers them: the first is Item 1.
	return new NodeOperationError(fns.getNode(), `Invalid ${where} [item ${itemIndex + 1}]: ${problem.message}${shown}`, {
		itemIndex,
		description: 'Nothing was sent to Amazon Chime for this item.',
	});
}

/** Reads item `i`'s parameters into the action's input and checks them; throws naming the field and the item. */
export function readItem(this: IExecuteFunctions, plan: Plan, i: number, parameters: ParameterReader): ItemRequest {
	const { op } = plan;
	const input: Record<string, unknown> = {};
	const lookups: EmailLookup[] = [];
	const names: Record<string, string> = {};
	let email: string | undefined;
	const given = new Set<string>();
	const collections = new Map<Collection, IDataObject>();
	for (const { field, name, collection, isList, phone, shape } of plan.fields) {
		let raw: unknown;
		if (collection) {
			if (!collections.has(collection)) {
				collections.set(collection, parameters.get(collection, i, {}) as IDataObject);
			}
			const values = collections.get(collection)!;
			if (!(name in values)) continue;
			raw = values[name];
		} else {
			raw = parameters.get(name, i);
		}
		let value = raw;
		if (field.locator) {
			const chosen = locatorValue(raw);
			value = typeof chosen.value === 'string' ? chosen.value.trim() : coerce(shape, chosen.value);
			if (chosen.name) names[field.path] = chosen.name;
			if (chosen.mode === 'email') {
				if (value === undefined || value === null) throw invalidField(this, op, { path: field.path, message: NO_VALUE }, i);
				if (typeof value !== 'string' || !EMAIL.test(value)) {
					throw invalidField(this, op, { path: field.path, message: 'must be an email address', value }, i);
				}
				lookups.push({ path: field.path, email: value });
				if (field.locator === 'user') email = value;
				// The email stands where the ID will (a batch's entry), unchecked until the ID replaces it.
				given.add(field.path);
				place(input, op, field.path, value);
				continue;
			} else if (field.locator === 'user') email = emailInName(chosen.name);
		} else if (isList) {
			value = raw === undefined || raw === null ? raw : listValue(raw, shape);
		} else {
			value = coerce(shape, raw);
		}
		// A field shown in the panel (at the top, or added to its collection) whose expression gave nothing.
		if (value === undefined || value === null) throw invalidField(this, op, { path: field.path, message: NO_VALUE }, i);
		if (phone) value = Array.isArray(value) ? value.map(phoneNumber) : phoneNumber(value);
		given.add(field.path);
		place(input, op, field.path, value);
	}
	const problem = findProblem(op.chime, input, { batchMember: op.batch?.member, byEmail: lookups.map((l) => l.path) });
	if (problem) throw invalidField(this, op, problem, i);
	for (const { field } of plan.fields) {
		if (field.needs && given.has(field.path) && !given.has(field.needs)) {
			const other = plan.fields.find((f) => f.field.path === field.needs)!.field;
			const message = `needs "${fieldLabel(other)}" too: add it, or remove this one`;
			throw invalidField(this, op, { path: field.path, message }, i);
		}
	}

	const paged = !!plan.paging;
	const returnAll = paged ? (parameters.get('returnAll', i) as boolean) : true;
	const limit = returnAll ? Infinity : (parameters.get('limit', i) as number);
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw invalidField(this, op, { path: 'Limit', message: 'must be a whole number of at least 1', value: limit }, i);
	}
	const wait = op.waitFor ? waitMs(this, op, i, parameters) : undefined;
	const partialIsSuccess = wait !== undefined && (parameters.get('options', i, {}) as IDataObject).partialIs === 'success';
	return { input, lookups, returnAll, limit, waitMs: wait, partialIsSuccess, names, email: op.outputEmail ? email : undefined };
}

/** Wait for Completion and Wait Timeout (Seconds) from Options, checked like a field; undefined when not chosen. */
function waitMs(fns: IExecuteFunctions, op: Operation, i: number, parameters: ParameterReader): number | undefined {
	const options = parameters.get('options', i, {}) as IDataObject;
	const chosen = coerce({ type: 'boolean' }, options.waitForCompletion ?? false);
	if (typeof chosen !== 'boolean') {
		throw invalidField(fns, op, { path: 'Wait for Completion', message: 'must be true or false', value: options.waitForCompletion }, i);
	}
	if (!chosen) return undefined;
	const raw = options.waitTimeout ?? WAIT_TIMEOUT_SECONDS.default;
	const seconds = coerce({ type: 'integer' }, raw);
	const { min, max } = WAIT_TIMEOUT_SECONDS;
	if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < min || seconds > max) {
		const problem = { path: 'Wait Timeout (Seconds)', message: `must be a whole number from ${min} to ${max}`, value: raw };
		throw invalidField(fns, op, problem, i);
	}
	return seconds * 1000;
}
