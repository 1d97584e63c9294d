/**
 * Checks Chime nodes' output items against the output schemas they ship (nodes/<Node>/__schema__, made by
 * `npm run generate`): the harness runs it on every run, so every node test also tests the schemas.
 * The check is the part of JSON Schema draft-07 the schemas use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, type IDataObject, type INode, type INodeType } from 'n8n-workflow';

import { schemaPath, versionFolder, type JsonSchema } from '../../scripts/schemas';

const NODES_DIR = join(__dirname, '..', '..', 'nodes');

/** The first place where `value` breaks `schema`, as `path: what`; undefined when it fits. */
export function mismatch(schema: JsonSchema, value: unknown, path = '$json'): string | undefined {
	const types = schema.type === undefined ? undefined : ([] as string[]).concat(schema.type);
	if (types && !types.some((type) => isType(value, type))) return `${path}: ${describe(value)} where the schema has ${types.join(' or ')}`;
	if (schema.enum && !schema.enum.includes(value)) return `${path}: ${JSON.stringify(value)} is none of ${JSON.stringify(schema.enum)}`;
	if (schema.format === 'date-time' && typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
		return `${path}: ${JSON.stringify(value)} is not an ISO 8601 date-time`;
	}
	if (Array.isArray(value) && schema.items) {
		for (let i = 0; i < value.length; i++) {
			const found = mismatch(schema.items, value[i], `${path}[${i}]`);
			if (found) return found;
		}
	}
	if (isType(value, 'object')) {
		const object = value as Record<string, unknown>;
		for (const key of schema.required ?? []) if (!(key in object)) return `${path}.${key}: missing`;
		for (const [key, entry] of Object.entries(object)) {
			const property = schema.properties?.[key];
			if (!property) {
				if (schema.additionalProperties === false) return `${path}.${key}: a key the schema lacks`;
				continue;
			}
			const found = mismatch(property, entry, `${path}.${key}`);
			if (found) return found;
		}
	}
	if (schema.oneOf) {
		const misses = schema.oneOf.map((branch) => mismatch(branch, value, path));
		const fits = misses.filter((miss) => miss === undefined).length;
		if (fits > 1) return `${path}: fits ${fits} of the schema's oneOf`;
		if (fits === 0) {
			// The branch its discriminator (a property of one allowed value, like `event`) picks says why.
			const picked = schema.oneOf.findIndex((branch) => Object.entries(branch.properties ?? {}).some(([key, p]) => p.enum?.length === 1 && (value as IDataObject)?.[key] === p.enum[0]));
			return picked === -1 ? `${path}: fits none of the schema's oneOf (${misses[0]})` : misses[picked];
		}
	}
	return undefined;
}

function isType(value: unknown, type: string): boolean {
	switch (type) {
		case 'null':
			return value === null;
		case 'array':
			return Array.isArray(value);
		case 'object':
			return typeof value === 'object' && value !== null && !Array.isArray(value);
		case 'integer':
			return Number.isInteger(value);
		default:
			return typeof value === type;
	}
}

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`);

/** The schema n8n serves for this node as saved (resource and operation with their defaults filled in). */
export function schemaOf(node: INode, nodeType: INodeType): { file: string; schema: JsonSchema; operation: string } {
	const { description } = nodeType;
	const parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? {};
	const folder = description.name[0].toUpperCase() + description.name.slice(1);
	const resource = parameters.resource as string | undefined;
	const operation = parameters.operation as string | undefined;
	const path = operation ? schemaPath(node.typeVersion, resource, operation) : join('__schema__', versionFolder(node.typeVersion), 'output.json');
	const file = join(NODES_DIR, folder, path);
	if (!existsSync(file)) throw new Error(`${node.name} (${description.name}) has no output schema at nodes/${folder}/${path}: run npm run generate`);
	const named = [resource, operation].filter(Boolean).join(' / ') || 'output';
	return { file, schema: JSON.parse(readFileSync(file, 'utf8')) as JsonSchema, operation: named };
}

/**
 * Continue On Fail's error items are not the operation's output: `error`, maybe `details`, and where a wait
 * saw what it waited on end badly, that resource (an object: a Partial order).
 */
const isErrorItem = (json: IDataObject) =>
	typeof json.error === 'string' &&
	Object.entries(json).every(([key, value]) => key === 'error' || key === 'details' || (typeof value === 'object' && value !== null && !Array.isArray(value)));

/** Throws naming the node, its operation and the first item and path that break its output schema. */
export function checkOutput(node: INode, nodeType: INodeType, items: Array<{ json: IDataObject }>): void {
	const todo = items.filter((item) => !isErrorItem(item.json));
	if (todo.length === 0) return;
	const { file, schema, operation } = schemaOf(node, nodeType);
	for (const [index, item] of items.entries()) {
		if (isErrorItem(item.json)) continue;
		const found = mismatch(schema, item.json);
		if (found) {
			const where = `nodes${file.slice(NODES_DIR.length)}`;
			throw new Error(`Output of "${node.name}" (${nodeType.description.name}, ${operation}), item ${index}, breaks its schema ${where}: ${found}`);
		}
	}
}
