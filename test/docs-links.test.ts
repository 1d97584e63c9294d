/**
 * Issue 10, "docs links go to the AWS API reference", and issue 16 point 7, "n8n appends its tracking
 * query after our #section, so the link lands at the top of the README": every documentation link n8n
 * shows (each node's codex file, the credential's documentationUrl) opens a page of its own under docs/,
 * with no #section to lose, and that page exists. Each node's page lists its operations (the trigger's:
 * its events) with the IAM permission each needs, generated from the node itself:
 *
 *     UPDATE_DOCS=1 npx jest test/docs-links.test.ts
 *
 * rewrites the tables between the `<!-- operations -->` markers; commit the pages it rewrites.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { AmazonChimeApi } from '../credentials/AmazonChimeApi.credentials';
import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { botSpec } from '../nodes/AmazonChimeBot/operations';
import { conversationSpec } from '../nodes/AmazonChimeConversation/operations';
import { meetingSpec } from '../nodes/AmazonChimeMeeting/operations';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { roomSpec } from '../nodes/AmazonChimeRoom/operations';
import { EVENT_OPTIONS } from '../nodes/AmazonChimeTrigger/events';
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { plainName, serviceOf } from '../nodes/shared/chime/model';
import type { NodeSpec } from '../nodes/shared/types';
import pkg from '../package.json';
import { chimeNodeClasses } from './harness/n8n';

const root = join(__dirname, '..');
/** The repository's page on GitHub; a file of its main branch is `${repository}/blob/main/<path>`. */
const repository = pkg.homepage.replace(/#.*$/, '');
const blob = `${repository}/blob/main/`;

const descriptions = chimeNodeClasses.map((NodeClass) => new NodeClass().description);
const folderOf = (d: INodeTypeDescription) => `AmazonChime${d.displayName.replace('Amazon Chime ', '').replace(/ /g, '')}`;
/** `Amazon Chime Phone Number` → `phone-number`. */
const pageSlug = (d: INodeTypeDescription) => d.displayName.replace('Amazon Chime ', '').toLowerCase().replace(/ /g, '-');
const specs: Record<string, NodeSpec> = {
	amazonChimeAccount: accountSpec,
	amazonChimeUser: userSpec,
	amazonChimePhoneNumber: phoneNumberSpec,
	amazonChimeRoom: roomSpec,
	amazonChimeBot: botSpec,
	amazonChimeConversation: conversationSpec,
	amazonChimeMeeting: meetingSpec,
};

/**
 * The file a documentation link opens, with the query n8n appends (utm_source=n8n_app…) as it appends
 * it: a link with a #section would have its section cut off, so there must be none.
 */
function pageOf(url: string): string {
	const opened = new URL(`${url}${url.includes('?') ? '&' : '?'}utm_source=n8n_app&utm_medium=node_settings_modal-credential_link`);
	expect(url).not.toContain('#');
	expect(opened.hash).toBe('');
	expect(`${opened.origin}${opened.pathname}`.startsWith(blob)).toBe(true);
	const file = opened.pathname.slice(new URL(blob).pathname.length);
	expect(existsSync(join(root, file))).toBe(true);
	return file;
}

describe('documentation links open a page of their own', () => {
	test.each(descriptions.map((d) => [d.displayName, d] as const))("%s: the node's docs are its own page under docs/nodes/", (_, d) => {
		const file = join(root, 'nodes', folderOf(d), `${folderOf(d)}.node.json`);
		const codex = JSON.parse(readFileSync(file, 'utf8')) as { resources: Record<string, Array<{ url: string }>> };
		expect(codex.resources.primaryDocumentation.map((doc) => pageOf(doc.url))).toEqual([`docs/nodes/${pageSlug(d)}.md`]);
		expect(codex.resources.credentialDocumentation.map((doc) => pageOf(doc.url))).toEqual(['docs/credentials.md']);
		expect(readFileSync(join(root, `docs/nodes/${pageSlug(d)}.md`), 'utf8').split('\n')[0]).toBe(`# ${d.displayName}`);
	});

	test("the credential's documentation is its own page", () => {
		expect(pageOf(new AmazonChimeApi().documentationUrl)).toBe('docs/credentials.md');
	});
});

/** The trigger lists these for the events of each kind (poll.ts's sources). */
const EVENT_LISTINGS: Record<string, string> = {
	invitationAccepted: 'ListUsers',
	newUser: 'ListUsers',
	userLicenseChanged: 'ListUsers',
	userSuspended: 'ListUsers',
	phoneNumberOrderCompleted: 'ListPhoneNumberOrders',
	phoneNumberAssignedOrReleased: 'ListPhoneNumbers',
};

/** The table a node's page holds, from the node itself. */
function table(d: INodeTypeDescription): string[] {
	if (d.polling) {
		return [
			'| Event | Fires when | IAM permission |',
			'|---|---|---|',
			...EVENT_OPTIONS.map((e) => `| ${e.name} | ${e.description} | \`chime:${EVENT_LISTINGS[e.value]}\` |`),
		];
	}
	const spec = specs[d.name];
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

const START = /^<!-- operations[^>]*-->$/;
const END = '<!-- /operations -->';

describe("each node's page lists what the node does", () => {
	test.each(descriptions.map((d) => [d.displayName, d] as const))('%s: the page lists every operation or event with its IAM permission', (_, d) => {
		const file = join(root, `docs/nodes/${pageSlug(d)}.md`);
		const lines = readFileSync(file, 'utf8').split('\n');
		const start = lines.findIndex((line) => START.test(line));
		const end = lines.indexOf(END);
		expect(start).toBeGreaterThan(0);
		expect(end).toBeGreaterThan(start);
		if (process.env.UPDATE_DOCS === '1') {
			writeFileSync(file, [...lines.slice(0, start + 1), ...table(d), ...lines.slice(end)].join('\n'));
			return;
		}
		expect(lines.slice(start + 1, end)).toEqual(table(d));
	});
});
