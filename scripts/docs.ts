/**
 * The operation table of each node's page under docs/nodes/ (the trigger's: its events), each with the
 * IAM permission it needs, between the `<!-- operations … -->` and `<!-- /operations -->` lines: made
 * from the operation entries, like the output schemas (scripts/schemas.ts). `npm run generate` (also
 * run by the build) writes them; test/docs-links.test.ts checks the pages hold what this makes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { EVENT_OPTIONS } from '../nodes/AmazonChimeTrigger/events';
import { plainName, serviceOf } from '../nodes/shared/chime/model';
import type { NodeSpec } from '../nodes/shared/types';
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

const START = /^<!-- operations[^>]*-->$/;
const MARKER = '<!-- operations: made from the node itself by npm run generate (scripts/docs.ts); edits here are overwritten -->';
const END = '<!-- /operations -->';

/** A node's page, from its folder: `AmazonChimePhoneNumber` → docs/nodes/phone-number.md. */
const pageOf = (folder: string) =>
	join('docs', 'nodes', `${folder.replace('AmazonChime', '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.md`);

function eventTable(): string[] {
	return [
		'| Event | Fires when | IAM permission |',
		'|---|---|---|',
		...EVENT_OPTIONS.map((e) => `| ${e.name} | ${e.description} | \`chime:${EVENT_LISTINGS[e.value]}\` |`),
	];
}

function operationTable(spec: NodeSpec): string[] {
	return [
		'| Operation | What it does | IAM permission |',
		'|---|---|---|',
		...spec.operations.map((op) => {
			const resource = spec.resources?.find((r) => r.value === op.resource)?.name;
			// Chime SDK Voice's actions are chime: actions too.
			const permissions = [op.chime, ...(op.waitFor ? [op.waitFor.chime] : [])].map((action) => `\`chime:${plainName(action)}\``).join(', ');
			const voice = serviceOf(op.chime) === 'voice' ? ' (Chime SDK Voice)' : '';
			return `| ${resource ? `${resource} → ` : ''}${op.name}${voice} | ${op.action} | ${permissions} |`;
		}),
	];
}

/** Every page as it should be, by its path from the project: its text with the table put in. */
export function pagesWithTables(root: string): Map<string, string> {
	const tables: Array<[string, string[]]> = [
		...Object.entries(NODE_SPECS).map(([folder, spec]): [string, string[]] => [pageOf(folder), operationTable(spec)]),
		[pageOf(TRIGGER_FOLDER), eventTable()],
	];
	return new Map(
		tables.map(([page, table]) => {
			const lines = readFileSync(join(root, page), 'utf8').split('\n');
			const start = lines.findIndex((line) => START.test(line));
			const end = lines.indexOf(END);
			if (start === -1 || end < start) throw new Error(`${page} has no ${MARKER} … ${END} lines to put the table between`);
			return [page, [...lines.slice(0, start), MARKER, ...table, ...lines.slice(end)].join('\n')];
		}),
	);
}

if (require.main === module) {
	const pages = pagesWithTables(process.cwd());
	for (const [page, text] of pages) writeFileSync(join(process.cwd(), page), text);
	process.stdout.write(`${pages.size} operation tables written under docs/nodes/\n`);
}
