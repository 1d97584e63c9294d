/**
 * Issue 10, "docs links go to the AWS API reference": n8n's documentation links (each node's codex
 * file, the credential's documentationUrl) open this package's own user docs, a section of the
 * README at the repository package.json names, and every section they name exists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { AmazonChimeApi } from '../credentials/AmazonChimeApi.credentials';
import pkg from '../package.json';
import { chimeNodeClasses } from './harness/n8n';

const root = join(__dirname, '..');
const base = pkg.homepage.replace(/#.*$/, '');

/** GitHub's anchor for a README heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
const anchors = readFileSync(join(root, 'README.md'), 'utf8')
	.split('\n')
	.filter((line) => /^#{1,6} /.test(line))
	.map((line) => slug(line.replace(/^#+ /, '')));

/** The action nodes' codex files (the trigger's is its author's). */
const codexFiles = chimeNodeClasses
	.map((NodeClass) => new NodeClass().description)
	.filter((d) => !d.polling)
	.map((d) => {
		const folder = `AmazonChime${d.displayName.replace('Amazon Chime ', '').replace(/ /g, '')}`;
		return { name: d.displayName, file: join(root, 'nodes', folder, `${folder}.node.json`) };
	});

function ownDoc(url: string): string {
	expect(url.startsWith(`${base}#`)).toBe(true);
	const anchor = url.slice(base.length + 1);
	expect(anchors).toContain(anchor);
	return anchor;
}

describe('Why 10 — documentation links open this package\'s own docs', () => {
	test.each(codexFiles.map((c) => [c.name, c.file] as const))("%s: the node's docs are its README section", (name, file) => {
		const codex = JSON.parse(readFileSync(file, 'utf8')) as {
			resources: Record<string, Array<{ url: string }>>;
		};
		expect(codex.resources.primaryDocumentation.map((d) => ownDoc(d.url))).toEqual([slug(name)]);
		expect(codex.resources.credentialDocumentation.map((d) => ownDoc(d.url))).toEqual(['credential-amazon-chime-api']);
	});

	test("the credential's documentation is the README's credential section", () => {
		expect(ownDoc(new AmazonChimeApi().documentationUrl)).toBe('credential-amazon-chime-api');
	});
});
