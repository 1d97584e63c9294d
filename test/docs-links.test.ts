/**
 * Issue 10, "docs links go to the AWS API reference", and issue 16 point 7, "n8n appends its tracking
 * query after our #section, so the link lands at the top of the README": every documentation link n8n
 * shows (each node's codex file, the credential's documentationUrl) opens a page of its own under docs/,
 * with no #section to lose, and that page exists. Each node's page lists its operations (the trigger's:
 * its events) with the IAM permission each needs, as `npm run generate` (scripts/docs.ts) makes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { AmazonChimeApi } from '../credentials/AmazonChimeApi.credentials';
import pkg from '../package.json';
import { generatedDocs } from '../scripts/docs';
import { chimeNodeClasses } from './harness/n8n';

const root = join(__dirname, '..');
/** The repository's page on GitHub; a file of its main branch is `${repository}/blob/main/<path>`. */
const repository = pkg.homepage.replace(/#.*$/, '');
const blob = `${repository}/blob/main/`;

const descriptions = chimeNodeClasses.map((NodeClass) => new NodeClass().description);
const folderOf = (d: INodeTypeDescription) => `AmazonChime${d.displayName.replace('Amazon Chime ', '').replace(/ /g, '')}`;
/** `Amazon Chime Phone Number` → `phone-number`. */
const pageSlug = (d: INodeTypeDescription) => d.displayName.replace('Amazon Chime ', '').toLowerCase().replace(/ /g, '-');

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

const pages = generatedDocs(root);

describe("each node's page lists what the node does", () => {
	test.each(descriptions.map((d) => [d.displayName, d] as const))('%s: the page lists every operation or event with its IAM permission, as npm run generate makes it', (_, d) => {
		const page = `docs/nodes/${pageSlug(d)}.md`;
		const text = readFileSync(join(root, page), 'utf8');
		// As `npm run generate` makes it from the entries (run it and commit the page if not).
		expect(text).toBe(pages.get(page));
		// And, apart from that script: one row for every operation the panel offers (the trigger: every event).
		const offered = d.properties
			.filter((p) => p.name === (d.polling ? 'events' : 'operation'))
			.flatMap((p) => (p.options ?? []) as Array<{ name: string }>);
		const rows = text.split('\n').filter((line) => /^\| .* \| `chime:\w+`/.test(line));
		expect(rows).toHaveLength(offered.length);
	});
});
