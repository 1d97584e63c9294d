/**
 * Each operation compiled once into a plan: what the item pipeline (execute.ts) needs of its entry and
 * the model, worked out before the first item is read — per field its parameter, conversion, check and
 * place in the request; the request's checks (validate.ts); paging; the batch key and size; the output.
 * `describePlan` prints it (test/plans.test.ts keeps every plan in a snapshot), so a change to an entry
 * shows what it changes in the pipeline.
 */
import { fieldName, fieldSteps, isListField } from '../panel/fields';
import { inputShape, plainName, shape, type Shape } from '../chime/model';
import { outputShapeOf, type OutputShape } from './output';
import { collectionOf, operationFields } from '../panel/properties';
import type { Collection, Field, Operation } from '../types';
import { compileInputCheck, type InputCheck } from './validate';
import { once } from '../once';

/** Entries per batch call when the model gives no maximum (BatchUpdatePhoneNumber, BatchDeletePhoneNumber). */
const DEFAULT_BATCH_SIZE = 100;

/** One panel field: where its value is read, how it is converted, and where it goes in the request. */
interface FieldPlan {
	field: Field;
	/** The parameter's name, top-level or in `collection`. */
	name: string;
	collection?: Collection;
	/** Read as a comma-separated list (a list member that is not the batch entry). */
	isList: boolean;
	/** A phone number (E.164, or a phone number's ID, which is its E.164 number): pasted forms are normalised. */
	phone: boolean;
	/** The model's shape of the value (of each entry, for lists): what text from a spreadsheet becomes. */
	shape: Shape;
	/** The model's name of that shape (`GuidString`): its pattern's name in the printed plan. */
	shapeName: string;
	/** Puts the field's value where its path says in an item's request. */
	place: (input: Record<string, unknown>, value: unknown) => void;
}

export interface Plan {
	op: Operation;
	fields: FieldPlan[];
	/** Paged lists: the response member, the key plain values go under, the largest page. */
	paging?: { list: string; key?: string; pageMax: number };
	/** Batch actions: one entry per item, grouped into calls of at most `size`. */
	batch?: { member: string; id: string; size: number; errors?: string; results?: string };
	/** What one output item is (output.ts). */
	output: OutputShape;
	/** The model's constraints on a whole request (validate.ts). */
	check: InputCheck;
	/** Fields that mean nothing without another (Field.needs): [the field, the one it needs]. */
	needs: Array<[Field, Field]>;
}

/** The operation's plan, compiled on first use. */
export const planOf = once(compile);

function compile(op: Operation): Plan {
	const input = inputShape(op.chime);
	const fields = operationFields(op).map((field): FieldPlan => {
		const leaf = fieldSteps(op, field).slice(-1)[0];
		return {
			field,
			name: fieldName(field),
			collection: collectionOf(op, field),
			isList: isListField(op, field),
			phone: leaf.shapeName === 'E164PhoneNumber' || field.locator === 'phoneNumber',
			shape: leaf.shape,
			shapeName: leaf.shapeName,
			place: placer(field.path, op.batch?.member),
		};
	});
	const paged = !!op.list && !!input.members?.NextToken;
	return {
		op,
		fields,
		paging: paged ? { list: op.list!, key: op.listItemKey, pageMax: shape(input.members!.MaxResults.shape).max ?? 100 } : undefined,
		batch: op.batch && { ...op.batch, size: shape(input.members![op.batch.member].shape).max ?? DEFAULT_BATCH_SIZE },
		output: outputShapeOf(op),
		check: compileInputCheck(op.chime, op.batch?.member),
		needs: fields.filter((f) => f.field.needs).map((f) => [f.field, fields.find((other) => other.field.path === f.field.needs)!.field]),
	};
}

/** Sets `keys` in `target`, making the structures on the way. */
function setIn(target: Record<string, unknown>, keys: string[], value: unknown): Record<string, unknown> {
	let node = target;
	for (let i = 0; i < keys.length - 1; i++) node = (node[keys[i]] ??= {}) as Record<string, unknown>;
	node[keys[keys.length - 1]] = value;
	return target;
}

/**
 * Where a field's value goes. A batch operation's entry list holds the item's single entry; any other
 * list (`SigninDelegateGroups[].GroupName`) is built from a list value.
 */
function placer(path: string, batchMember: string | undefined): FieldPlan['place'] {
	const at = path.indexOf('[]');
	if (at === -1) {
		const keys = path.split('.');
		return (input, value) => setIn(input, keys, value);
	}
	const head = path.slice(0, at);
	const rest = path.slice(at + 3);
	const restKeys = rest ? rest.split('.') : [];
	if (head === batchMember) {
		return (input, value) => {
			const entries = (input[head] ??= [rest ? {} : undefined]) as unknown[];
			entries[0] = rest ? setIn((entries[0] ?? {}) as Record<string, unknown>, restKeys, value) : value;
		};
	}
	const headKeys = head.split('.');
	return (input, value) => setIn(input, headKeys, rest ? (value as unknown[]).map((v) => setIn({}, restKeys, v)) : value);
}

/** The plan in words, one line a step: for snapshots and for a newcomer reading how an entry runs. */
export function describePlan(plan: Plan): string {
	const { op } = plan;
	const lines = [`${op.resource ?? ''}:${op.value} → ${op.chime}`];
	for (const f of plan.fields) {
		const how = [f.isList && 'list', f.phone && 'E.164', f.field.locator && `locator ${f.field.locator}${f.field.locator === 'user' ? ' (By Email: looked up)' : ''}`]
			.filter(Boolean)
			.join(', ');
		const check = checkInWords(f.shape, f.shapeName);
		lines.push(`  ${f.collection ? `${f.collection}.` : ''}${f.name} → ${f.field.path} (${f.shape.type}${check ? `, ${check}` : ''}${how ? `; ${how}` : ''})`);
	}
	if (plan.paging) lines.push(`  paged: ${plan.paging.list}, up to ${plan.paging.pageMax} a page`);
	if (plan.batch) lines.push(`  batch: ${plan.batch.member} by ${plan.batch.id}, ${plan.batch.size} a call${plan.batch.errors ? `, failures in ${plan.batch.errors}` : ''}`);
	const out = plan.output;
	lines.push(`  output: ${out.kind}${'member' in out ? ` ${out.member}` : ''}${out.kind === 'answer' ? ` [${out.members.join(', ')}]${out.echo ? ' + what was sent' : ''}` : ''}`);
	const repeat = typeof op.repeat === 'object' ? `look up (${op.repeat.reconcile}) before sending again` : op.repeat;
	lines.push(`  repeat: ${repeat}${op.answeredByLookUp ? '; By Email answered by the look-up' : ''}${op.waitFor ? `; waits with ${op.waitFor.chime}` : ''}`);
	return lines.join('\n');
}

/** What the model checks of a field's value (validate.ts), in words: `length 1..256, pattern GuidString`, `one of 3`. */
function checkInWords(s: Shape, shapeName: string): string {
	const parts: string[] = [];
	if (s.enum) parts.push(`one of ${s.enum.length}`);
	else if (s.min !== undefined || s.max !== undefined) parts.push(`${s.type === 'string' ? 'length ' : ''}${s.min ?? '…'}..${s.max ?? '…'}`);
	if (s.pattern) parts.push(`pattern ${plainName(shapeName)}`);
	return parts.join(', ');
}
