import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { fieldLabel, fieldName, fieldSteps, isListField, isRequired, modelDescription, words } from './fields';
import { locatorProperty, type IdFormat } from './locators';
import { noun } from '../pipeline/messages';
import { inputShape, plainName, shape } from '../chime/model';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS } from '../chime/retry';
import type { Collection, Field, NodeSpec, Operation } from '../types';
import { PATTERN_HINTS } from '../pipeline/validate';
import { failedEnds, orList, WAIT_TIMEOUT_SECONDS } from '../pipeline/wait';

const COLLECTION_LABELS: Record<Collection, string> = {
	additionalFields: 'Additional Fields',
	updateFields: 'Update Fields',
	filters: 'Filters',
	options: 'Options',
};

/** The button under each collection, as n8n's own nodes word it. */
const COLLECTION_PLACEHOLDERS: Record<Collection, string> = {
	additionalFields: 'Add Field',
	updateFields: 'Add Field',
	filters: 'Add Filter',
	options: 'Add Option',
};

/** List actions that take NextToken are paged; the panel then offers Return All / Limit. */
function isPaged(op: Operation): boolean {
	return !!op.list && !!inputShape(op.chime).members?.NextToken;
}

/** What an unset Wait Timeout means (wait.ts), named: n8n's lint takes a name as a default, not `a.b`. */
const WAIT_TIMEOUT_DEFAULT = WAIT_TIMEOUT_SECONDS.default;

/** Page size and start token of paged lists: reachable under Options, filled in by the engine otherwise. */
const PAGING_FIELDS: Field[] = [
	{
		path: 'MaxResults',
		name: 'pageSize',
		displayName: 'Page Size',
		in: 'options',
		description: 'Results per call to Amazon Chime; the largest page the action allows unless set',
	},
	{
		path: 'NextToken',
		name: 'startToken',
		displayName: 'Continue From',
		in: 'options',
		description: 'Continue an earlier listing where it ended: the NextToken it output',
	},
];

/**
 * Wait for Completion and Wait Timeout, under Options of an operation with a follow-up (Operation.waitFor):
 * not Chime fields, so not in its entry; worded from the entry and the model. item.ts reads them.
 */
function waitOptions(op: Operation): INodeProperties[] {
	if (!op.waitFor) return [];
	const { id, pending, parts } = op.waitFor;
	const ends = failedEnds(op.waitFor).filter((end) => end !== parts?.partial?.end);
	const summary = parts
		? `. The output lists the ${noun(parts.key)}s in ${parts.summary.ok} and those that failed, with why, in ${parts.summary.failed}`
		: '';
	const properties: INodeProperties[] = [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			// Added means wanted: it reads as on.
			default: true,
			description: `Whether to wait until the ${noun(id)} is no longer ${orList(pending)}, checking it every few seconds, and output it as it ends. ${orList(ends)} is an error on the item${summary}.`,
		},
		{
			displayName: 'Wait Timeout (Seconds)',
			name: 'waitTimeout',
			type: 'number',
			typeOptions: { minValue: WAIT_TIMEOUT_SECONDS.min, maxValue: WAIT_TIMEOUT_SECONDS.max },
			default: WAIT_TIMEOUT_DEFAULT,
			description: `How long to wait: a ${noun(id)} still ${orList(pending)} then is an error on the item, with its ID`,
			displayOptions: { show: { waitForCompletion: [true] } },
		},
	];
	if (parts?.partial) {
		const what = `${noun(parts.key)}s`;
		properties.push({
			displayName: parts.partial.label,
			name: 'partialIs',
			type: 'options',
			options: [
				{ name: 'An Error', value: 'error', description: `The item fails; its error names the ${what} that were and were not acquired` },
				{ name: 'A Success', value: 'success', description: `The item is output like a successful one; ${parts.summary.failed} says which ${what} failed and why` },
			],
			default: 'error',
			description: `What a ${noun(id)} that ends ${parts.partial.end} (some ${what} acquired, some not) counts as`,
			displayOptions: { show: { waitForCompletion: [true] } },
		});
	}
	return properties;
}

export function operationFields(op: Operation): Field[] {
	return isPaged(op) ? [...op.fields, ...PAGING_FIELDS] : op.fields;
}

export function collectionOf(op: Operation, field: Field): Collection | undefined {
	if (isRequired(op, field)) return undefined;
	return field.in ?? op.optionalIn ?? 'additionalFields';
}

/** The panel property for one field, with type, options and limits taken from the model. */
function fieldProperty(op: Operation, field: Field): INodeProperties {
	const displayName = fieldLabel(field);
	const name = fieldName(field);
	const required = isRequired(op, field);
	let description = field.description ?? modelDescription(op, field);
	const steps = fieldSteps(op, field);
	const leaf = steps[steps.length - 1].shape;
	if (field.locator) {
		return locatorProperty(field.locator, { displayName, name, description, required }, idFormat(steps[steps.length - 1].shapeName));
	}
	const base = { displayName, name, description, required: required || undefined, placeholder: field.placeholder };
	if (isListField(op, field)) {
		description = description ? `${description} (separate several with commas)` : 'Separate several with commas';
		return { ...base, description, type: 'string', default: '' };
	}
	if (leaf.enum) {
		// Alphabetical, as n8n's lint wants option lists, whatever order the model lists its values in.
		const options: INodePropertyOptions[] = leaf.enum
			.map((value) => ({ name: field.optionNames?.[value] ?? words(value), value }))
			.sort((a, b) => a.name.localeCompare(b.name));
		// Added to Update Fields or Filters, nothing is chosen until the user chooses: a first option picked
		// for them would change data (Basic downgrades Pro users) or filter silently.
		const chooses = ['updateFields', 'filters'].includes(collectionOf(op, field) ?? '');
		return { ...base, type: 'options', options, default: field.default ?? (chooses ? '' : options[0].value) };
	}
	if (leaf.type === 'boolean') return { ...base, type: 'boolean', default: field.default ?? false };
	if (leaf.type === 'integer') {
		const typeOptions = { minValue: leaf.min, maxValue: leaf.max };
		// Never the minimum unless chosen: a retention of 1 day deletes messages, a page of 1 crawls.
		return { ...base, type: 'number', typeOptions, default: field.default ?? leaf.max ?? leaf.min ?? 0 };
	}
	const typeOptions = field.password ? { password: true } : undefined;
	return { ...base, type: 'string', typeOptions, default: field.default ?? '' };
}

/**
 * The model's format for an ID typed By ID (GUIDs: phone number orders), checked in the panel as n8n
 * checks its own. A pattern that only says "not blank" adds nothing to the required check.
 */
function idFormat(shapeName: string): IdFormat | undefined {
	const { pattern } = shape(shapeName);
	const hint = PATTERN_HINTS[plainName(shapeName)];
	if (!pattern || !hint || hint === PATTERN_HINTS.NonEmptyString) return undefined;
	return { regex: pattern, errorMessage: hint[0].toUpperCase() + hint.slice(1) };
}

function clean(property: INodeProperties): INodeProperties {
	return Object.fromEntries(
		Object.entries(property).filter(([, value]) => value !== undefined),
	) as unknown as INodeProperties;
}

function operationProperties(op: Operation): INodeProperties[] {
	const show = { ...(op.resource ? { resource: [op.resource] } : {}), operation: [op.value] };
	const properties: INodeProperties[] = [];
	if (op.notice) properties.push({ displayName: op.notice, name: `${op.resource ?? ''}${op.value}Notice`, type: 'notice', default: '', displayOptions: { show } });
	const collections = new Map<Collection, INodeProperties[]>();
	for (const field of operationFields(op)) {
		const property = clean(fieldProperty(op, field));
		const collection = collectionOf(op, field);
		if (collection) collections.set(collection, [...(collections.get(collection) ?? []), property]);
		else properties.push({ ...property, displayOptions: { show } });
	}
	if (isPaged(op)) {
		properties.push(
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				displayOptions: { show },
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { ...show, returnAll: [false] } },
			},
		);
	}
	// Options the engine acts on, next to the Chime fields there.
	if (op.waitFor) collections.set('options', [...(collections.get('options') ?? []), ...waitOptions(op)]);
	for (const [collection, options] of collections) {
		properties.push({
			displayName: COLLECTION_LABELS[collection],
			name: collection,
			type: 'collection',
			placeholder: COLLECTION_PLACEHOLDERS[collection],
			default: {},
			displayOptions: { show },
			options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		});
	}
	return properties;
}

/**
 * How a node talks to Chime, for every operation: in the node's Settings tab (next to n8n's own Retry On
 * Fail), not among the parameters an IT or HR person fills in; the value is saved with the parameters.
 */
const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	isNodeSetting: true,
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 10,
			description: 'How many calls to Chime may be in flight at once (batch calls and one-item calls alike)',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: DEFAULT_MAX_ATTEMPTS,
			description:
				'Attempts per call, the first included: throttled and failed calls are retried with back-off. What must not happen twice (creating, inviting, ordering) is looked up in Chime before it is sent again; a dial-out never is.',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600000 },
			default: DEFAULT_TIMEOUT_MS,
			description: 'Milliseconds to wait for each answer from Chime before that attempt counts as failed',
		},
	],
};

/** The defaults of Request Options, as the panel shows them. */
export const REQUEST_OPTIONS = Object.fromEntries(
	(requestOptionsProperty.options as INodeProperties[]).map((option) => [option.name, option.default]),
) as { concurrency: number; maxAttempts: number; timeout: number };

/** The whole panel of a node: Resource (when it has several), Operation, then each operation's fields. */
export function nodeProperties(spec: NodeSpec): INodeProperties[] {
	const properties: INodeProperties[] = [];
	const resources = spec.resources ?? [{ name: '', value: '' }];
	if (spec.resources) {
		const firstResource = spec.resources[0].value;
		properties.push({
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: spec.resources,
			default: firstResource,
		});
	}
	for (const resource of resources) {
		const ops = spec.operations.filter((op) => (op.resource ?? '') === resource.value);
		const firstOperation = defaultOperation(ops).value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: spec.resources ? { show: { resource: [resource.value] } } : undefined,
			options: ops.map((op) => ({
				name: op.name,
				value: op.value,
				action: op.action,
				description: op.action,
			})),
			default: firstOperation,
		});
	}
	for (const op of spec.operations) properties.push(...operationProperties(op));
	properties.push(requestOptionsProperty);
	return properties.map(clean);
}

/**
 * The canvas subtitle: what the node's title leaves out. n8n titles a dropped node with its operation's
 * sentence ("Suspend users, blocking their sign-in") and people rename it ("Offboard leavers"), so the
 * subtitle names the resource and the operation as the panel does ("User: Suspend").
 */
export function operationSubtitle(spec: NodeSpec): string {
	const names = Object.fromEntries(
		spec.operations.map((op) => {
			const resource = spec.resources?.find((r) => r.value === op.resource)?.name;
			return [`${op.resource ?? ''}:${op.value}`, resource ? `${resource}: ${op.name}` : op.name];
		}),
	);
	return `={{ ${JSON.stringify(names)}[($parameter["resource"] || "") + ":" + $parameter["operation"]] }}`;
}

/**
 * What a resource opens on: a read where it has one (Get, else Get Many), so that a node dropped on the
 * canvas, or handed to an AI agent as a tool, changes nothing until someone picks a write.
 */
function defaultOperation(ops: Operation[]): Operation {
	return ops.find((op) => op.value === 'get') ?? ops.find((op) => op.value === 'getAll') ?? ops[0];
}

/** The operation the panel selected. */
export function findOperation(spec: NodeSpec, resource: string | undefined, value: string): Operation {
	const op = spec.operations.find((o) => (o.resource ?? '') === (resource ?? '') && o.value === value);
	if (!op) throw new Error(`Unknown operation ${resource ?? ''}/${value}`);
	return op;
}
