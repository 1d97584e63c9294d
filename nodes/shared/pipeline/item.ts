import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { coerce, listValue, phoneNumber } from './coerce';
import { fieldLabel, words } from '../panel/fields';
import type { ParameterReader } from './parameters';
import type { Plan } from './plan';
import type { Collection, Field } from '../types';
import { NO_VALUE, type Problem } from './validate';
import { WAIT_TIMEOUT_SECONDS } from './wait';

/** A user chosen By Email: found just before sending, its ID then placed at `path` and checked. */
interface EmailLookup {
	path: string;
	email: string;
	place: Plan['fields'][number]['place'];
}

/** One input item's request, read from the panel and checked against the model; nothing sent yet. */
export interface ItemRequest {
	input: Record<string, unknown>;
	lookups: readonly EmailLookup[];
	returnAll: boolean;
	limit: number;
	/** With Wait for Completion chosen (Operation.waitFor): how long to wait, in milliseconds. */
	waitMs?: number;
	/** Partial Order Is (WaitParts.partial): the user counts a partial end as a success. */
	partialIsSuccess?: boolean;
	/** What the user saw when picking From List, by field path: errors say "account Example Corp", not its ID. */
	names: Readonly<Record<string, string>>;
	/** The user's email when the user was given By Email or picked From List (Operation.outputEmail). */
	email?: string;
	/** The user given By Email, as the look-up found it (Operation.answeredByLookUp). */
	user?: Record<string, unknown>;
}

const NONE: readonly EmailLookup[] = Object.freeze([]);
const NO_NAMES: Readonly<Record<string, string>> = Object.freeze({});

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

function problemLabel(plan: Plan, problem: Problem): { label: string; field?: Field } {
	const field = plan.fields.find((f) => f.field.path === problem.path)?.field;
	if (field) return { label: fieldLabel(field), field };
	const members = problem.path.replace(/\[\]/g, '').split('.');
	return { label: words(members[members.length - 1]) };
}

export function invalidField(fns: IExecuteFunctions, plan: Plan, problem: Problem, itemIndex: number): NodeOperationError {
	const { label, field } = problemLabel(plan, problem);
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
	// Most items have neither: the two stay unmade (thousands of items live on through the run).
	let lookups: EmailLookup[] | undefined;
	let names: Record<string, string> | undefined;
	let email: string | undefined;
	// Only where a field needs another (Plan.needs): which fields this item gave.
	const given = plan.needs.length ? new Set<string>() : undefined;
	const collections: Partial<Record<Collection, IDataObject>> = {};
	for (const { field, name, collection, isList, phone, shape, place } of plan.fields) {
		let raw: unknown;
		if (collection) {
			const values = (collections[collection] ??= parameters.get(collection, i, {}) as IDataObject);
			if (!(name in values)) continue;
			raw = values[name];
		} else {
			raw = parameters.get(name, i);
		}
		let value = raw;
		if (field.locator) {
			const chosen = locatorValue(raw);
			value = typeof chosen.value === 'string' ? chosen.value.trim() : coerce(shape, chosen.value);
			if (chosen.name) (names ??= {})[field.path] = chosen.name;
			if (chosen.mode === 'email') {
				if (value === undefined || value === null) throw invalidField(this, plan, { path: field.path, message: NO_VALUE }, i);
				if (typeof value !== 'string' || !EMAIL.test(value)) {
					throw invalidField(this, plan, { path: field.path, message: 'must be an email address', value }, i);
				}
				(lookups ??= []).push({ path: field.path, email: value, place });
				if (field.locator === 'user') email = value;
				// The email stands where the ID will (a batch's entry), unchecked until the ID replaces it.
				given?.add(field.path);
				place(input, value);
				continue;
			} else if (field.locator === 'user') email = emailInName(chosen.name);
		} else if (isList) {
			value = raw === undefined || raw === null ? raw : listValue(raw, shape);
		} else {
			value = coerce(shape, raw);
		}
		// A field shown in the panel (at the top, or added to its collection) whose expression gave nothing.
		if (value === undefined || value === null) throw invalidField(this, plan, { path: field.path, message: NO_VALUE }, i);
		if (phone) value = Array.isArray(value) ? value.map(phoneNumber) : phoneNumber(value);
		given?.add(field.path);
		place(input, value);
	}
	const problem = plan.check(input, lookups?.map((l) => l.path));
	if (problem) throw invalidField(this, plan, problem, i);
	for (const [field, other] of plan.needs) {
		if (given!.has(field.path) && !given!.has(other.path)) {
			const message = `needs "${fieldLabel(other)}" too: add it, or remove this one`;
			throw invalidField(this, plan, { path: field.path, message }, i);
		}
	}

	const paged = !!plan.paging;
	const returnAll = paged ? (parameters.get('returnAll', i) as boolean) : true;
	const limit = returnAll ? Infinity : (parameters.get('limit', i) as number);
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw invalidField(this, plan, { path: 'Limit', message: 'must be a whole number of at least 1', value: limit }, i);
	}
	const wait = op.waitFor ? waitMs(this, plan, i, parameters) : undefined;
	const partialIsSuccess = wait !== undefined && (parameters.get('options', i, {}) as IDataObject).partialIs === 'success';
	return { input, lookups: lookups ?? NONE, returnAll, limit, waitMs: wait, partialIsSuccess, names: names ?? NO_NAMES, email: op.outputEmail ? email : undefined };
}

/** Wait for Completion and Wait Timeout (Seconds) from Options, checked like a field; undefined when not chosen. */
function waitMs(fns: IExecuteFunctions, plan: Plan, i: number, parameters: ParameterReader): number | undefined {
	const options = parameters.get('options', i, {}) as IDataObject;
	const chosen = coerce({ type: 'boolean' }, options.waitForCompletion ?? false);
	if (typeof chosen !== 'boolean') {
		throw invalidField(fns, plan, { path: 'Wait for Completion', message: 'must be true or false', value: options.waitForCompletion }, i);
	}
	if (!chosen) return undefined;
	const raw = options.waitTimeout ?? WAIT_TIMEOUT_SECONDS.default;
	const seconds = coerce({ type: 'integer' }, raw);
	const { min, max } = WAIT_TIMEOUT_SECONDS;
	if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < min || seconds > max) {
		const problem = { path: 'Wait Timeout (Seconds)', message: `must be a whole number from ${min} to ${max}`, value: raw };
		throw invalidField(fns, plan, problem, i);
	}
	return seconds * 1000;
}
