/**
 * The output schemas n8n's editor shows before a node runs (issue 19): one JSON Schema (draft-07) per
 * operation and node version at nodes/<Node>/__schema__/v<x.y.z>/<resource>/<operation>.json, and the
 * trigger's at __schema__/v<x.y.z>/output.json (n8n-core's output-schema-resolver finds that one for a
 * node without resource and operation). Made from the Chime model and the operation entries, in the
 * shape nodes/shared/pipeline/output.ts and execute.ts give items; never written by hand.
 *
 * `npm run generate` (also run by the build) writes them; test/schemas.test.ts checks that they are what this makes, and the test
 * harness (test/harness/n8n.ts) checks every Chime node's output in every test against them.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { botSpec } from '../nodes/AmazonChimeBot/operations';
import { conversationSpec } from '../nodes/AmazonChimeConversation/operations';
import { meetingSpec } from '../nodes/AmazonChimeMeeting/operations';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { roomSpec } from '../nodes/AmazonChimeRoom/operations';
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { EVENT_OPTIONS, SOURCES } from '../nodes/AmazonChimeTrigger/events';
import { inputShape, outputShape, shape, type Shape } from '../nodes/shared/chime/model';
import { outputAdds, outputShapeOf, SECRET_MEMBERS } from '../nodes/shared/pipeline/output';
import type { NodeSpec, Operation, Reconcile } from '../nodes/shared/types';

export interface JsonSchema {
	$schema?: string;
	type?: string | string[];
	format?: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	additionalProperties?: boolean;
	items?: JsonSchema;
	enum?: unknown[];
	oneOf?: JsonSchema[];
}

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** The action nodes by folder; the trigger is AmazonChimeTrigger. */
export const NODE_SPECS: Record<string, NodeSpec> = {
	AmazonChimeAccount: accountSpec,
	AmazonChimeUser: userSpec,
	AmazonChimePhoneNumber: phoneNumberSpec,
	AmazonChimeRoom: roomSpec,
	AmazonChimeBot: botSpec,
	AmazonChimeConversation: conversationSpec,
	AmazonChimeMeeting: meetingSpec,
};
export const TRIGGER_FOLDER = 'AmazonChimeTrigger';

/** n8n's folder name for a node version: 1 → v1.0.0 (output-schema-resolver pads it so). */
export const versionFolder = (version: number) => `v${String(version).split('.').concat(['0', '0']).slice(0, 3).join('.')}`;

/** Where an operation's schema is, inside the node's folder. */
export function schemaPath(version: number, resource: string | undefined, operation: string): string {
	return join('__schema__', versionFolder(version), ...(resource ? [resource] : []), `${operation}.json`);
}

/** A model shape as output carries it: dates as ISO strings, secrets left out unless `reveals` names them. */
function valueSchema(name: string, reveals: string[]): JsonSchema {
	const s = shape(name);
	switch (s.type) {
		case 'structure':
			return objectSchema(s, reveals);
		case 'list':
			return { type: 'array', items: valueSchema(s.member!.shape, reveals) };
		case 'timestamp':
			return { type: 'string', format: 'date-time' };
		case 'integer':
		case 'long':
			return { type: 'integer' };
		case 'boolean':
			return { type: 'boolean' };
		default:
			return { type: 'string' };
	}
}

function objectSchema(s: Shape, reveals: string[], only?: string[]): JsonSchema {
	const properties: Record<string, JsonSchema> = {};
	for (const [key, member] of Object.entries(s.members ?? {})) {
		if (SECRET_MEMBERS.includes(key) && !reveals.includes(key)) continue;
		if (only && !only.includes(key)) continue;
		properties[key] = valueSchema(member.shape, reveals);
	}
	return { type: 'object', properties, additionalProperties: false };
}

/** `null` is what output.ts puts for a scalar member Chime left out. */
const orNull = (schema: JsonSchema): JsonSchema =>
	schema.type === 'object' || schema.type === 'array' ? schema : { ...schema, type: [schema.type as string, 'null'] };

const listItemShape = (listShape: string) => shape(listShape).member!.shape;

/** The top-level input members an operation's fields fill (what an echo repeats). */
function inputMembers(op: Operation, except?: string): string[] {
	const tops = op.fields.map((field) => field.path.split(/[.[]/)[0]);
	return [...new Set(tops)].filter((top) => top !== except);
}

/**
 * What a batch item read back after a lost answer carries beyond a sent entry's item (reconcile.ts
 * findEntries): the membership found in the room, the found user's UserId and InvitedOn. Delete an
 * entry once reconcile.ts shapes that item like the others.
 */
const FOUND_IN_BATCH: Partial<Record<Reconcile, { action: string; member: string; only?: string[] }>> = {
	membership: { action: 'ListRoomMemberships', member: 'RoomMemberships' },
	invitation: { action: 'ListUsers', member: 'Users', only: ['UserId', 'InvitedOn'] },
};

/** One output item of an operation, as execute.ts and output.ts shape it. */
function operationSchema(op: Operation): JsonSchema {
	const reveals = op.reveals ?? [];
	const answer = outputShape(op.chime);
	const plan = outputShapeOf(op);
	let item: JsonSchema;
	if (plan.kind === 'list') {
		const entry = valueSchema(listItemShape(answer.members![plan.member].shape), reveals);
		item = plan.key ? { type: 'object', properties: { [plan.key]: entry }, required: [plan.key], additionalProperties: false } : entry;
	} else if (plan.kind === 'batch' && plan.results) {
		item = valueSchema(listItemShape(answer.members![plan.results].shape), reveals);
	} else if (plan.kind === 'batch') {
		// success, what the items share (AccountId …) and the item's own entry.
		const request = inputShape(op.chime);
		const batch = op.batch!;
		const base = objectSchema(request, reveals, inputMembers(op, batch.member)).properties!;
		const entryShape = shape(listItemShape(request.members![batch.member].shape));
		const entry = entryShape.type === 'structure' ? objectSchema(entryShape, reveals).properties! : { [batch.id]: valueSchema(listItemShape(request.members![batch.member].shape), reveals) };
		item = { type: 'object', properties: { success: { type: 'boolean' }, ...base, ...entry }, required: ['success'], additionalProperties: false };
	} else if (plan.kind === 'resource') {
		item = valueSchema(answer.members![plan.member].shape, reveals);
		// With Wait for Completion, what the read answers: the same resource, read again.
		if (op.waitFor) {
			const read = Object.values(outputShape(op.waitFor.chime).members!)[0].shape;
			item = { ...item, properties: { ...valueSchema(read, reveals).properties, ...item.properties } };
		}
	} else {
		const echo = plan.echo ? objectSchema(inputShape(op.chime), reveals, inputMembers(op)).properties! : {};
		for (const field of op.fields.filter((f) => f.password)) delete echo[field.path.split(/[.[]/)[0]];
		const members = Object.fromEntries(plan.members.map((name) => [name, orNull(valueSchema(answer.members![name].shape, reveals))]));
		item = {
			type: 'object',
			properties: { ...(plan.echo ? { success: { type: 'boolean' } } : {}), ...echo, ...members },
			required: [...(plan.echo ? ['success'] : []), ...plan.members],
			additionalProperties: false,
		};
	}
	const found = op.batch && typeof op.repeat === 'object' ? FOUND_IN_BATCH[op.repeat.reconcile] : undefined;
	if (found) {
		const listed = objectSchema(shape(listItemShape(outputShape(found.action).members![found.member].shape)), reveals, found.only);
		// After the item's own fields, as the editor lists them.
		const extra = Object.entries(listed.properties!).filter(([key]) => !(key in item.properties!));
		item = { ...item, properties: { ...item.properties, ...Object.fromEntries(extra) } };
	}
	// What the engine adds to Chime's answer (output.ts outputAdds): the user's email, a waited order's summary.
	const adds = outputAdds(op);
	const added: Record<string, JsonSchema> = {};
	if (adds.always.includes('PrimaryEmail')) added.PrimaryEmail = { type: ['string', 'null'] };
	const parts = op.waitFor?.parts;
	if (parts?.summary) {
		added[parts.summary.ok] = { type: 'array', items: { type: 'string' } };
		const failed = { [parts.key]: { type: 'string' }, [parts.status]: { type: ['string', 'null'] }, Reason: { type: 'string' } };
		added[parts.summary.failed] = { type: 'array', items: { type: 'object', properties: failed, required: Object.keys(failed), additionalProperties: false } };
	}
	item = { ...item, properties: { ...item.properties, ...added } };
	// An item read back from Chime after its answer was lost (reconcile.ts) says so.
	if (op.repeat === 'delete' || typeof op.repeat === 'object') item = { ...item, properties: { ...item.properties, reconciled: { type: 'boolean' } } };
	return { $schema: DRAFT_07, ...item };
}

/** The trigger's one item per event: `{ event, eventId, change?, ...resource, previous? }` (poll.ts itemOf). */
function triggerSchema(): JsonSchema {
	const branches = EVENT_OPTIONS.map(({ value, name }) => {
		const source = SOURCES.find((s) => s.events.includes(value));
		if (!source) throw new Error(`No source lists the trigger event ${value}`);
		const resource = valueSchema(listItemShape(outputShape(source.action).members![source.member].shape), []);
		// What the watched fields were: members of the resource, null where it was not known before.
		const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type as string, 'null'] });
		const previous = { ...resource, properties: Object.fromEntries(Object.entries(resource.properties!).map(([k, v]) => [k, nullable(v)])) };
		return {
			type: 'object',
			properties: { event: { type: 'string', enum: [name] }, eventId: { type: 'string', enum: [value] }, change: { type: 'string' }, ...resource.properties, previous },
			required: ['event', 'eventId'],
			additionalProperties: false,
		} satisfies JsonSchema;
	});
	// The editor lists `properties`, every event's fields; `oneOf` holds each event to its own resource's.
	const all = branches.reduce<JsonSchema>((union, branch) => merge(union, branch), { type: 'object', properties: {} });
	const event = { type: 'string', enum: EVENT_OPTIONS.map((option) => option.name) };
	const eventId = { type: 'string', enum: EVENT_OPTIONS.map((option) => option.value) };
	return { $schema: DRAFT_07, type: 'object', properties: { ...all.properties, event, eventId }, required: ['event', 'eventId'], oneOf: branches };
}

/** Two object schemas as one holding the fields of both (`previous` of a user and of a number). */
function merge(a: JsonSchema, b: JsonSchema): JsonSchema {
	if (a.type !== 'object' || b.type !== 'object') return a;
	const properties = { ...b.properties, ...a.properties };
	for (const [key, schema] of Object.entries(b.properties ?? {})) if (a.properties?.[key]) properties[key] = merge(a.properties[key], schema);
	return { ...a, properties };
}

/** Every schema file, by its path from nodes/, in JSON as written. */
export function outputSchemas(): Map<string, string> {
	const files = new Map<string, string>();
	const add = (folder: string, path: string, schema: JsonSchema) => files.set(join(folder, path), `${JSON.stringify(schema, null, '\t')}\n`);
	for (const [folder, spec] of Object.entries(NODE_SPECS)) {
		// Every node is at version 1 (its description's `version`).
		for (const op of spec.operations) add(folder, schemaPath(1, op.resource, op.value), operationSchema(op));
	}
	add(TRIGGER_FOLDER, join('__schema__', versionFolder(1), 'output.json'), triggerSchema());
	return files;
}

/** Writes them under nodes/, and removes schema files nothing makes any more. */
function write(nodesDir: string): void {
	const files = outputSchemas();
	for (const folder of [...Object.keys(NODE_SPECS), TRIGGER_FOLDER]) {
		const dir = join(nodesDir, folder, '__schema__');
		if (existsSync(dir)) rmSync(dir, { recursive: true });
	}
	for (const [path, text] of files) {
		mkdirSync(dirname(join(nodesDir, path)), { recursive: true });
		writeFileSync(join(nodesDir, path), text);
	}
	process.stdout.write(`${files.size} output schemas written under ${nodesDir}\n`);
}

if (require.main === module) write(join(process.cwd(), 'nodes'));
