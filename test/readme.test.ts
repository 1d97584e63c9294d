/** README's operation table is the nodes' own list: it names every operation, and nothing else. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chimeNodeClasses } from './harness/n8n';
import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { botSpec } from '../nodes/AmazonChimeBot/operations';
import { conversationSpec } from '../nodes/AmazonChimeConversation/operations';
import { meetingSpec } from '../nodes/AmazonChimeMeeting/operations';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { roomSpec } from '../nodes/AmazonChimeRoom/operations';
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { plainName, serviceOf, voiceActions } from '../nodes/shared/chime/model';

const specs = [accountSpec, userSpec, phoneNumberSpec, roomSpec, botSpec, conversationSpec, meetingSpec];

export function operationRows(): string[] {
	// The trigger has events, not operations.
	const actionNodes = chimeNodeClasses.filter((NodeClass) => !new NodeClass().description.polling);
	return actionNodes.flatMap((NodeClass, i) => {
		const node = new NodeClass().description.displayName;
		const spec = specs[i];
		return spec.operations.map((op) => {
			const resource = spec.resources?.find((r) => r.value === op.resource)?.name;
			const voice = serviceOf(op.chime) === 'voice' ? ' (Chime SDK Voice)' : '';
			return `| ${node} | ${resource ? `${resource} → ` : ''}${op.name}${voice} | ${plainName(op.chime)} |`;
		});
	});
}

test('README lists every operation with its action, those on Amazon Chime SDK Voice marked so', () => {
	const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
	const table = readme.split('\n').filter((line) => /^\| Amazon Chime /.test(line));
	expect(table).toEqual(operationRows());
	expect(table).toHaveLength(62 + 16);
});

test("README's policy for Amazon Chime SDK Voice allows exactly the chime: actions of the Phone Number node's Voice operations", () => {
	const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
	const at = readme.indexOf('**Phone numbers on Amazon Chime SDK Voice**');
	expect(at).toBeGreaterThan(0);
	const policy = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(readme.slice(at))![1]) as { Statement: Array<{ Action: string[] }> };
	const used = phoneNumberSpec.operations
		.filter((op) => serviceOf(op.chime) === 'voice')
		.flatMap((op) => [op.chime, ...(op.waitFor ? [op.waitFor.chime] : [])]);
	expect(new Set(used)).toEqual(new Set(voiceActions));
	expect(policy.Statement[0].Action).toEqual([...new Set(used)].map((action) => `chime:${plainName(action)}`).sort());
});
