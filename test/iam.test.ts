/**
 * Issue 16 point 8, "which IAM permissions": the README's *IAM permissions* section gives each example
 * workflow a policy, and each policy allows exactly the chime: actions that example's nodes may call:
 * each operation's action, its Wait for Completion read, the ListUsers of a user given By Email, the
 * read that checks an action that must not happen twice, the trigger's listings, and ListAccounts for
 * Test connection. Nothing the example needs is missing; nothing it never calls is allowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { AmazonChimeApi } from '../credentials/AmazonChimeApi.credentials';
import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { botSpec } from '../nodes/AmazonChimeBot/operations';
import { conversationSpec } from '../nodes/AmazonChimeConversation/operations';
import { meetingSpec } from '../nodes/AmazonChimeMeeting/operations';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { roomSpec } from '../nodes/AmazonChimeRoom/operations';
import { SOURCES, type ChimeEvent } from '../nodes/AmazonChimeTrigger/events';
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { endpointOf } from '../nodes/shared/chime/client';
import { findOperation } from '../nodes/shared/panel/properties';
import type { NodeSpec, Reconcile } from '../nodes/shared/types';
import type { IDataObject, IPinData } from 'n8n-workflow';

import type { SeenRequest } from '../sandbox/server';
import { PACKAGE, runWorkflow, type WorkflowJson } from './harness/n8n';
import { pollingTrigger } from './harness/poll';
import { DEMO, sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

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

/** What nodes/shared/lookups/reconcile.ts reads to find out whether an uncertain attempt happened. */
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

describe('run against the sandbox, each example calls nothing its policy does not allow', () => {
	let sb: Sandbox;
	const seen = new Set<string>();
	beforeAll(async () => {
		sb = await sandbox({ onRequest: (request: SeenRequest) => seen.add(`chime:${request.action}`) });
	});
	afterAll(() => sb.stop());
	beforeEach(() => {
		sb.reset(true);
		sb.options.orderDelayMs = 0;
		seen.clear();
	});

	const pin = (json: IDataObject): IPinData[string] => [{ json }];
	const example = (file: string) => JSON.parse(readFileSync(join(root, 'examples', file), 'utf8')) as WorkflowJson;
	const run = async (file: string, pinData: IPinData = {}) => {
		const result = await runWorkflow(example(file), { chimeSandbox0001: sandboxCredential(sb) }, pinData);
		expect(result.error).toBeUndefined();
	};
	const expectAllowed = (file: string) => {
		expect(seen.size).toBeGreaterThan(0);
		expect([...seen].filter((action) => !policyOf(file).Statement[0].Action.includes(action))).toEqual([]);
	};

	test.each([
		['onboarding.json', { 'HR system': pin({ headers: {}, params: {}, query: {}, body: { name: 'Dana Example', email: 'dana@example.com', department: 'Engineering', areaCode: '206' } }) }],
		['offboarding.json', { 'Every Monday': pin({}), Leavers: pin({ emails: ['alice@example.com', 'nobody@example.com'] }) }],
		['license-change.json', { Team: pin({ license: 'Pro', emails: ['bob@example.com', 'alice@example.com'] }) }],
		['department-room.json', {}],
		['pending-invitations.json', { 'Every day': pin({}) }],
	] as Array<[string, IPinData]>)('%s', async (file, pinData) => {
		await run(file, pinData);
		expectAllowed(file);
	});

	test('invitation-accepted-room.json, its trigger polls included', async () => {
		const workflow = example('invitation-accepted-room.json');
		const triggerNode = workflow.nodes.find((n) => n.type === `${PACKAGE}.amazonChimeTrigger`)!;
		const trigger = pollingTrigger(triggerNode.parameters, sandboxCredential(sb));
		await trigger.poll();
		const carol = sb.state().accounts[DEMO.accountId].users[DEMO.users.carol].user;
		Object.assign(carol, { UserRegistrationStatus: 'Registered', UserInvitationStatus: 'Accepted', RegisteredOn: new Date().toISOString() });
		const accepted = (await trigger.poll())!;
		expect(accepted).toHaveLength(1);
		const result = await runWorkflow(workflow, { chimeSandbox0001: sandboxCredential(sb) }, { [triggerNode.name]: accepted });
		expect(result.error).toBeUndefined();
		expectAllowed('invitation-accepted-room.json');
	});
});

describe('the credential says where its values come from', () => {
	const fields = Object.fromEntries(new AmazonChimeApi().properties.map((p) => [p.name, p]));

	test('Access Key ID says where in the AWS console keys are made, and that the user needs chime: permissions', () => {
		expect(fields.accessKeyId.description).toMatch(/IAM → Users → .* → Security credentials → Create access key/);
		expect(fields.accessKeyId.description).toMatch(/chime: permissions/);
		expect(fields.secretAccessKey.description).toMatch(/Shown once/);
	});

	test("the endpoint's placeholder is Chime's own address, the one an empty field means", () => {
		expect(fields.endpoint.placeholder).toBe(`e.g. ${endpointOf({})}`);
		expect(fields.endpoint.placeholder).not.toMatch(/127\.0\.0\.1|localhost/);
	});

	test('the credential page the docs link opens has the steps and the permissions', () => {
		const page = readFileSync(join(root, 'docs', 'credentials.md'), 'utf8');
		expect(page).toContain('**Security credentials** → **Create access key**');
		expect(page).toContain('`chime:ListAccounts` for **Test connection**');
		expect(page).toContain('[IAM permissions](../README.md#iam-permissions)');
	});
});
