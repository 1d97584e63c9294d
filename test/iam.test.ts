/**
 * Issue 16 point 8, "which IAM permissions": the README's *IAM permissions* section gives each example
 * workflow a policy, and each policy allows exactly the chime: actions that example's nodes may call:
 * each operation's action, its Wait for Completion read, the ListUsers of a user given By Email, the
 * read that checks an action that must not happen twice, the trigger's listings, and ListAccounts for
 * Test connection. Nothing the example needs is missing; nothing it never calls is allowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { botSpec } from '../nodes/AmazonChimeBot/operations';
import { conversationSpec } from '../nodes/AmazonChimeConversation/operations';
import { meetingSpec } from '../nodes/AmazonChimeMeeting/operations';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { roomSpec } from '../nodes/AmazonChimeRoom/operations';
import { SOURCES, type ChimeEvent } from '../nodes/AmazonChimeTrigger/events';
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { findOperation } from '../nodes/shared/properties';
import type { NodeSpec, Reconcile } from '../nodes/shared/types';
import { PACKAGE, type WorkflowJson } from './harness/n8n';

const root = join(__dirname, '..');
const specs: Record<string, NodeSpec> = {
	amazonChimeAccount: accountSpec,
	amazonChimeUser: userSpec,
	amazonChimePhoneNumber: phoneNumberSpec,
	amazonChimeRoom: roomSpec,
	amazonChimeBot: botSpec,
	amazonChimeConversation: conversationSpec,
	amazonChimeMeeting: meetingSpec,
};

/** What nodes/shared/reconcile.ts reads to find out whether an uncertain attempt happened. */
const RECONCILE_READS: Record<Reconcile, string> = {
	user: 'ListUsers',
	invitation: 'ListUsers',
	account: 'ListAccounts',
	bot: 'ListBots',
	membership: 'ListRoomMemberships',
	phoneNumberOrder: 'ListPhoneNumberOrders',
	restoredNumber: 'GetPhoneNumber',
};

/** The Chime actions a workflow's Chime nodes may call, as the engine calls them. */
function actionsOf(workflow: WorkflowJson): string[] {
	// Test connection, and the account picker every node starts with.
	const actions = new Set(['ListAccounts']);
	for (const node of workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE}.`))) {
		const name = node.type.slice(PACKAGE.length + 1);
		const parameters = node.parameters as Record<string, unknown>;
		if (name === 'amazonChimeTrigger') {
			const events = parameters.events as ChimeEvent[];
			for (const source of SOURCES) if (source.events.some((e) => events.includes(e))) actions.add(source.action);
			continue;
		}
		const op = findOperation(specs[name], parameters.resource as string | undefined, String(parameters.operation));
		actions.add(op.chime);
		if (op.waitFor && (parameters.options as { waitForCompletion?: boolean } | undefined)?.waitForCompletion) actions.add(op.waitFor.chime);
		if (typeof op.repeat === 'object') actions.add(RECONCILE_READS[op.repeat.reconcile]);
		const byEmail = Object.values(parameters).some((value) => (value as { __rl?: boolean; mode?: string })?.__rl && (value as { mode: string }).mode === 'email');
		if (byEmail) actions.add('ListUsers');
	}
	return [...actions].map((action) => `chime:${action}`).sort();
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## IAM permissions\n'), readme.indexOf('\n## ', readme.indexOf('\n## IAM permissions\n') + 1));

/** The policy the README gives an example: the ```json block after the line naming its file. */
function policyOf(file: string): { Version: string; Statement: Array<{ Effect: string; Action: string[]; Resource: string }> } {
	const at = section.indexOf(`\`${file}\``);
	expect(at).toBeGreaterThan(0);
	const block = /```json\n([\s\S]*?)\n```/.exec(section.slice(at));
	return JSON.parse(block![1]);
}

const examples = readdirSync(join(root, 'examples')).filter((file) => file.endsWith('.json'));

test('the README has an IAM permissions section with a policy per example', () => {
	expect(section.length).toBeGreaterThan(100);
	expect(examples.length).toBeGreaterThanOrEqual(6);
});

test.each(examples)("%s: the README's policy allows exactly the chime: actions the example calls", (file) => {
	const workflow = JSON.parse(readFileSync(join(root, 'examples', file), 'utf8')) as WorkflowJson;
	const policy = policyOf(file);
	expect(policy.Version).toBe('2012-10-17');
	expect(policy.Statement).toHaveLength(1);
	expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: '*' });
	expect([...policy.Statement[0].Action].sort()).toEqual(actionsOf(workflow));
});

test('the check sees what it should: By Email needs ListUsers, an order waited for needs GetPhoneNumberOrder', () => {
	const onboarding = JSON.parse(readFileSync(join(root, 'examples', 'onboarding.json'), 'utf8')) as WorkflowJson;
	expect(actionsOf(onboarding)).toEqual(expect.arrayContaining(['chime:ListUsers', 'chime:GetPhoneNumberOrder', 'chime:ListPhoneNumberOrders', 'chime:CreatePhoneNumberOrder']));
});
