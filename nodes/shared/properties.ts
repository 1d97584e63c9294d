import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { fieldLabel, fieldName, fieldSteps, isListField, isRequired, modelDescription, words } from './fields';
import { locatorProperty } from './locators';
import { inputShape } from './model';
import type { Collection, Field, NodeSpec, Operation } from './types';

const COLLECTION_LABELS: Record<Collection, string> = {
	additionalFields: 'Additional Fields',
	updateFields: 'Update Fields',
	filters: 'Filters',
	options: 'Options',
};

/** List actions that take NextToken are paged; the panel then offers Return All / Limit. */
export function isPaged(op: Operation): boolean {
	return !!op.list && !!inputShape(op.chime).members?.NextToken;
}

/** Page size and start token of paged lists: reachable under Options, filled in by the engine otherwise. */
export const PAGING_FIELDS: Field[] = [
	{
		path: 'MaxResults',
		name: 'pageSize',
		displayName: 'Page Size',
		in: 'options',
		description: 'Results per call to Chime. Leave unset to use the largest page the action allows.',
	},
	{
		path: 'NextToken',
		name: 'startToken',
		displayName: 'Start Token',
		in: 'options',
		description: 'Continue an earlier listing from the NextToken it ended on',
	},
];

export function operationFields(op: Operation): Field[] {
	return isPaged(op) ? [...op.fields, ...PAGING_FIELDS] : op.fields;
}

export function collectionOf(op: Operation, field: Field): Collection | undefined {
	if (isRequired(op, field)) return undefined;
	return field.in ?? op.optionalIn ?? 'additionalFields';
}

/** The panel property for one field, with type, options and limits taken from the model. */
export function fieldProperty(op: Operation, field: Field): INodeProperties {
	const displayName = fieldLabel(field);
	const name = fieldName(field);
	const required = isRequired(op, field);
	let description = field.description ?? modelDescription(op, field);
	if (field.locator) {
		return locatorProperty(field.locator, { displayName, name, description, required });
	}
	const steps = fieldSteps(op, field);
	const leaf = steps[steps.length - 1].shape;
	const base = { displayName, name, description, required: required || undefined, placeholder: field.placeholder };
	if (isListField(op, field)) {
		description = `${description ?? ''} Separate several with commas.`.trim();
		return { ...base, description, type: 'string', default: '' };
	}
	if (leaf.enum) {
		const options: INodePropertyOptions[] = leaf.enum.map((value) => ({ name: words(value), value }));
		return { ...base, type: 'options', options, default: field.default ?? leaf.enum[0] };
	}
	if (leaf.type === 'boolean') return { ...base, type: 'boolean', default: field.default ?? false };
	if (leaf.type === 'integer') {
		const typeOptions = { minValue: leaf.min, maxValue: leaf.max };
		return { ...base, type: 'number', typeOptions, default: field.default ?? leaf.min ?? 0 };
	}
	const typeOptions = field.password ? { password: true } : undefined;
	return { ...base, type: 'string', typeOptions, default: field.default ?? '' };
}

function clean(property: INodeProperties): INodeProperties {
	return Object.fromEntries(
		Object.entries(property).filter(([, value]) => value !== undefined),
	) as unknown as INodeProperties;
}

function operationProperties(op: Operation): INodeProperties[] {
	const show = { ...(op.resource ? { resource: [op.resource] } : {}), operation: [op.value] };
	const properties: INodeProperties[] = [];
	const collections = new Map<Collection, INodeProperties[]>();
	for (const field of operationFields(op)) {
		const property = clean(fieldProperty(op, field));
		const collection = collectionOf(op, field);
		if (collection) {
			collections.set(collection, [...(collections.get(collection) ?? []), property]);
		} else {
			const displayOptions = { show: { ...show, ...(field.displayOptions?.show ?? {}) } };
			properties.push({ ...property, displayOptions });
		}
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
	for (const [collection, options] of collections) {
		properties.push({
			displayName: COLLECTION_LABELS[collection],
			name: collection,
			type: 'collection',
			placeholder: collection === 'filters' ? 'Add Filter' : 'Add Field',
			default: {},
			displayOptions: { show },
			options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		});
	}
	return properties;
}

/** How a node talks to Chime: for every operation, at the end of the panel. */
const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
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
			default: 5,
			description: 'Attempts per call, the first included: throttled and failed calls are retried with back-off',
		},
	],
};

/** The defaults of Request Options, as the panel shows them. */
export const REQUEST_OPTIONS = Object.fromEntries(
	(requestOptionsProperty.options as INodeProperties[]).map((option) => [option.name, option.default]),
) as { concurrency: number; maxAttempts: number };

/** The whole panel of a node: Resource (when it has several), Operation, then each operation's fields. */
export function nodeProperties(spec: NodeSpec): INodeProperties[] {
	const properties: INodeProperties[] = [];
	const resources = spec.resources ?? [{ name: '', value: '' }];
	if (spec.resources) {
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is the first resource, set below
		properties.push({
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: spec.resources,
			default: spec.resources[0].value,
		});
	}
	for (const resource of resources) {
		const ops = spec.operations.filter((op) => (op.resource ?? '') === resource.value);
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is the first operation, set below
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
			default: ops[0].value,
		});
	}
	for (const op of spec.operations) properties.push(...operationProperties(op));
	properties.push(requestOptionsProperty);
	return properties.map(clean);
}

/** The canvas subtitle: the chosen operation's sentence ("Get many users"), not its value. */
export function operationSubtitle(spec: NodeSpec): string {
	const actions = Object.fromEntries(spec.operations.map((op) => [`${op.resource ?? ''}:${op.value}`, op.action]));
	return `={{ ${JSON.stringify(actions)}[($parameter["resource"] || "") + ":" + $parameter["operation"]] }}`;
}

/** The operation the panel selected. */
export function findOperation(spec: NodeSpec, resource: string | undefined, value: string): Operation {
	const op = spec.operations.find((o) => (o.resource ?? '') === (resource ?? '') && o.value === value);
	if (!op) throw new Error(`Unknown operation ${resource ?? ''}/${value}`);
	return op;
}

