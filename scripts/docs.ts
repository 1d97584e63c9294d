/**
 * The documentation made from the operation entries, like the output schemas (scripts/schemas.ts): each
 * node's operation table in its page under docs/nodes/ (the trigger's: its events) with the IAM
 * permission each needs, README's operation tables, and README's permissions policy for Chime SDK Voice.
 * Each sits between a `<!-- generated: <what> … -->` line and `<!-- /generated -->`. `npm run generate`
 * writes them; test/docs-links.test.ts and test/readme.test.ts fail while a page is not what this makes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { EVENT_OPTIONS } from '../nodes/AmazonChimeTrigger/events';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { plainName, serviceOf } from '../nodes/shared/chime/model';
import type { NodeSpec, Operation } from '../nodes/shared/types';
import { NODE_SPECS, TRIGGER_FOLDER } from './schemas';

/** The trigger lists these for the events of each kind (poll.ts's sources). */
const EVENT_LISTINGS: Record<string, string> = {
	invitationAccepted: 'ListUsers',
	newUser: 'ListUsers',
	userLicenseChanged: 'ListUsers',
	userSuspended: 'ListUsers',
	phoneNumberOrderCompleted: 'ListPhoneNumberOrders',
	phoneNumberAssignedOrReleased: 'ListPhoneNumbers',
};

const END = '<!-- /generated -->';
const start = (what: string) => `<!-- generated: ${what} (npm run generate, scripts/docs.ts: edits here are overwritten) -->`;

/** `AmazonChimePhoneNumber` → `Amazon Chime Phone Number`, and its page docs/nodes/phone-number.md. */
const nodeName = (folder: string) => folder.replace(/([a-z])([A-Z])/g, '$1 $2');
const pageOf = (folder: string) => join('docs', 'nodes', `${nodeName(folder).replace('Amazon Chime ', '').toLowerCase().replace(/ /g, '-')}.md`);

/** `User → Get`, `Phone Number → Get (Chime SDK Voice)`. */
function operationName(spec: NodeSpec, op: Operation): string {
	const resource = spec.resources?.find((r) => r.value === op.resource)?.name;
	return `${resource ? `${resource} → ` : ''}${op.name}${serviceOf(op.chime) === 'voice' ? ' (Chime SDK Voice)' : ''}`;
}

/** The chime: actions an operation calls (Chime SDK Voice's are chime: actions too). */
const permissionsOf = (op: Operation) => [op.chime, ...(op.waitFor ? [op.waitFor.chime] : [])].map((action) => `chime:${plainName(action)}`);

function pageTable(spec: NodeSpec): string[] {
	return [
		'| Operation | What it does | IAM permission |',
		'|---|---|---|',
		...spec.operations.map((op) => `| ${operationName(spec, op)} | ${op.action} | ${permissionsOf(op).map((p) => `\`${p}\``).join(', ')} |`),
	];
}

function eventTable(): string[] {
	return [
		'| Event | Fires when | IAM permission |',
		'|---|---|---|',
		...EVENT_OPTIONS.map((e) => `| ${e.name} | ${e.description} | \`chime:${EVENT_LISTINGS[e.value]}\` |`),
	];
}

function readmeTable(folder: string, spec: NodeSpec): string[] {
	return ['| Node | Operation | Chime action |', '|---|---|---|', ...spec.operations.map((op) => `| ${nodeName(folder)} | ${operationName(spec, op)} | ${plainName(op.chime)} |`)];
}

/** A role for every Voice operation of the Phone Number node, and nothing else. */
function voicePolicy(): string[] {
	const actions = [...new Set(phoneNumberSpec.operations.filter((op) => serviceOf(op.chime) === 'voice').flatMap(permissionsOf))].sort();
	const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] };
	return ['```json', ...JSON.stringify(policy, null, 2).split('\n'), '```'];
}

/** Every generated part, by file: what it is (its start line says) and its lines. */
function parts(): Map<string, Array<[string, string[]]>> {
	const files = new Map<string, Array<[string, string[]]>>();
	const add = (file: string, what: string, lines: string[]) => files.set(file, [...(files.get(file) ?? []), [what, lines]]);
	for (const [folder, spec] of Object.entries(NODE_SPECS)) {
		add(pageOf(folder), 'operations', pageTable(spec));
		add('README.md', `operations of ${nodeName(folder)}`, readmeTable(folder, spec));
	}
	add(pageOf(TRIGGER_FOLDER), 'events', eventTable());
	add('README.md', 'permissions policy for Chime SDK Voice', voicePolicy());
	return files;
}

/** Every file with generated parts as it should be, by its path from the project. */
export function generatedDocs(root: string): Map<string, string> {
	const out = new Map<string, string>();
	for (const [file, blocks] of parts()) {
		let lines = readFileSync(join(root, file), 'utf8').split('\n');
		for (const [what, block] of blocks) {
			const from = lines.findIndex((line) => line.startsWith(`<!-- generated: ${what} (`));
			const to = lines.indexOf(END, from);
			if (from === -1 || to === -1) throw new Error(`${file} has no "${start(what)}" … "${END}" lines to put ${what} between`);
			lines = [...lines.slice(0, from), start(what), ...block, ...lines.slice(to)];
		}
		out.set(file, lines.join('\n'));
	}
	return out;
}

if (require.main === module) {
	const files = generatedDocs(process.cwd());
	for (const [file, text] of files) writeFileSync(join(process.cwd(), file), text);
	process.stdout.write(`generated parts written in ${[...files.keys()].join(', ')}\n`);
}
