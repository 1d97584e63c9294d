import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { coerce, listValue } from './coerce';
import { fieldLabel, fieldName, fieldSteps, isListField, words } from './fields';
import type { Shape } from './model';
import type { ParameterReader } from './parameters';
import { collectionOf, isPaged, operationFields } from './properties';
import type { Collection, Field, Operation } from './types';
import { findProblem, type Problem } from './validate';
import { WAIT_TIMEOUT_SECONDS } from './wait';

/** A user chosen By Email: resolved to the user's ID just before sending. */
export interface EmailLookup {
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
}

/** One line: without the `s` flag `.` stops at line breaks, so an address with one is refused. */
const EMAIL = /^.+@.+\..+$/;

function locatorValue(raw: unknown): { mode: string; value: unknown } {
	if (raw && typeof raw === 'object' && 'value' in raw) {
		const rl = raw as { mode?: string; value: unknown };
		return { mode: rl.mode ?? 'id', value: rl.value };
	}
	return { mode: 'id', value: raw };
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
	return new NodeOperationError(fns.getNode(), `Invalid ${where} [item ${itemIndex}]: ${problem.message}${shown}`, {
		itemIndex,
		description: 'Nothing was sent to Amazon Chime for this item.',
	});
}

interface FieldPlan {
	field: Field;
	name: string;
	collection?: Collection;
	isList: boolean;
	/** The model's shape of the value (of each entry, for lists): what text from a spreadsheet becomes. */
	shape: Shape;
}

/** What readItem needs of each field, worked out from the model once per operation, not once per item. */
const plans = new WeakMap<Operation, FieldPlan[]>();

function fieldPlans(op: Operation): FieldPlan[] {
	let plan = plans.get(op);
	if (!plan) {
		plan = operationFields(op).map((field) => ({
			field,
			name: fieldName(field),
			collection: collectionOf(op, field),
			isList: isListField(op, field),
			shape: fieldSteps(op, field).slice(-1)[0].shape,
		}));
		plans.set(op, plan);
	}
	return plan;
}

/** Reads item `i`'s parameters into the SDK input and checks them; throws naming the field and the item. */
export function readItem(this: IExecuteFunctions, op: Operation, i: number, parameters: ParameterReader): ItemRequest {
	const input: Record<string, unknown> = {};
	const lookups: EmailLookup[] = [];
	const collections = new Map<Collection, IDataObject>();
	for (const { field, name, collection, isList, shape } of fieldPlans(op)) {
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
			if (chosen.mode === 'email') {
				if (typeof value !== 'string' || !EMAIL.test(value)) {
					throw invalidField(this, op, { path: field.path, message: 'must be an email address', value }, i);
				}
				lookups.push({ path: field.path, email: value });
			}
		} else if (isList) {
			value = listValue(raw, shape);
		} else {
			value = coerce(shape, raw);
		}
		place(input, op, field.path, value);
	}
	const problem = findProblem(op.chime, input, { batchMember: op.batch?.member });
	if (problem) throw invalidField(this, op, problem, i);

	const paged = isPaged(op);
	const returnAll = paged ? (parameters.get('returnAll', i) as boolean) : true;
	const limit = returnAll ? Infinity : (parameters.get('limit', i) as number);
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw invalidField(this, op, { path: 'Limit', message: 'must be a whole number of at least 1', value: limit }, i);
	}
	return { input, lookups, returnAll, limit, waitMs: op.waitFor ? waitMs(this, op, i, parameters) : undefined };
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
