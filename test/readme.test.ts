/** README's operation tables are the nodes' own lists, and its Voice policy the Phone Number node's Voice actions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { serviceOf, voiceActions } from '../nodes/shared/chime/model';
import { generatedDocs } from '../scripts/docs';
import { chimeNodeClasses } from './harness/n8n';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

test('README holds what npm run generate makes from the operation entries (run it and commit README.md if not)', () => {
	expect(readme).toBe(generatedDocs(root).get('README.md'));
});

test('README lists every operation each node offers, and nothing else', () => {
	const rows = readme.split('\n').filter((line) => /^\| Amazon Chime /.test(line));
	// Apart from the generator: the Operation options of every action node's panel.
	const offered = chimeNodeClasses
		.map((NodeClass) => new NodeClass().description)
		.filter((d) => !d.polling)
		.flatMap((d) => d.properties.filter((p) => p.name === 'operation').flatMap((p) => (p.options ?? []).map(() => d.displayName)));
	expect(rows.map((row) => row.split(' | ')[0].slice(2))).toEqual(offered);
});

test("README's policy for Amazon Chime SDK Voice allows every chime: action the Phone Number node's Voice operations call", () => {
	const at = readme.indexOf('**Phone numbers on Amazon Chime SDK Voice**');
	expect(at).toBeGreaterThan(0);
	const policy = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(readme.slice(at))![1]) as { Statement: Array<{ Action: string[] }> };
	const used = phoneNumberSpec.operations.filter((op) => serviceOf(op.chime) === 'voice').flatMap((op) => [op.chime, ...(op.waitFor ? [op.waitFor.chime] : [])]);
	// The node offers all 16 of the model's Voice actions.
	expect(new Set(used)).toEqual(new Set(voiceActions));
	expect(policy.Statement[0].Action).toHaveLength(new Set(used).size);
});
