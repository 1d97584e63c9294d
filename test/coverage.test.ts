/** The seven nodes reach every Chime action, and every request member of every action. */
import * as Chime from '@aws-sdk/client-chime';
import * as Voice from '@aws-sdk/client-chime-sdk-voice';
import { existsSync } from 'node:fs';
import type { INodeProperties } from 'n8n-workflow';

import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { botSpec } from '../nodes/AmazonChimeBot/operations';
import { conversationSpec } from '../nodes/AmazonChimeConversation/operations';
import { meetingSpec } from '../nodes/AmazonChimeMeeting/operations';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { roomSpec } from '../nodes/AmazonChimeRoom/operations';
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { fieldName } from '../nodes/shared/panel/fields';
import { chimeActions, leafPaths, plainName, voiceAction, voiceActions } from '../nodes/shared/chime/model';
import { operationFields } from '../nodes/shared/panel/properties';
import { AmazonChimeUser } from '../nodes/AmazonChimeUser/AmazonChimeUser.node';
import pkg from '../package.json';
import { chimeNodeClasses } from './harness/n8n';

const specs = { accountSpec, userSpec, phoneNumberSpec, roomSpec, botSpec, conversationSpec, meetingSpec };
const operations = Object.values(specs).flatMap((spec) => spec.operations);

const sdkCommands = Object.keys(Chime)
	.filter((name) => name.endsWith('Command') && name !== '$Command')
	.map((name) => name.replace(/Command$/, ''))
	.sort();

test('the SDK has 62 commands and the model 62 actions, the same ones', () => {
	expect(sdkCommands).toHaveLength(62);
	expect([...chimeActions].sort()).toEqual(sdkCommands);
});

test.each(sdkCommands)('%s is an operation of exactly one node', (command) => {
	expect(operations.filter((op) => op.chime === command)).toHaveLength(1);
});

/** The phone-number actions that Amazon Chime SDK Voice serves too, under the same names. */
const VOICE_COMMANDS = sdkCommands.filter((command) => `${command}Command` in Voice && /PhoneNumber|GlobalSettings/.test(command));

test('the 16 phone-number actions of Amazon Chime SDK Voice are its SDK commands, and the Voice model ships exactly them', () => {
	expect(VOICE_COMMANDS).toHaveLength(16);
	expect(voiceActions.map(plainName).sort()).toEqual(VOICE_COMMANDS);
});

test.each(VOICE_COMMANDS)('%s on Amazon Chime SDK Voice is an operation of the Phone Number node', (command) => {
	expect(operations.filter((op) => op.chime === voiceAction(command))).toHaveLength(1);
	expect(phoneNumberSpec.operations.filter((op) => op.chime === voiceAction(command))).toHaveLength(1);
});

test.each(operations.map((op) => [op.chime, op] as const))('every request member of %s is reachable', (_, op) => {
	const reachable = operationFields(op).map((field) => field.path);
	expect(leafPaths(op.chime).filter((path) => !reachable.includes(path))).toEqual([]);
});

test.each(operations.map((op) => [op.chime, op] as const))('%s has no two fields with one parameter name', (_, op) => {
	const names = operationFields(op).map(fieldName);
	expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
});

test.each(chimeNodeClasses.map((NodeClass) => [NodeClass.name, new NodeClass()] as const))(
	'%s follows n8n conventions',
	(_, node) => {
		const d = node.description;
		// A trigger has no operations and is no AI tool (n8n's lint forbids usableAsTool on triggers).
		expect(d.usableAsTool).toBe(d.polling ? undefined : true);
		expect(d.credentials).toEqual([{ name: 'amazonChimeApi', required: true, testedBy: 'amazonChimeApiTest' }]);
		expect(node.methods?.credentialTest?.amazonChimeApiTest).toBeDefined();
		const operationProps = d.properties.filter((p) => p.name === 'operation');
		for (const prop of operationProps) {
			for (const option of prop.options as Array<{ name: string; action?: string }>) {
				expect(option.action).toMatch(/^[A-Z][a-z]/);
			}
		}
		// Every locator's list search exists on the node.
		const searches = d.properties
			.filter((p): p is INodeProperties & { modes: NonNullable<INodeProperties['modes']> } => !!p.modes)
			.flatMap((p) => p.modes.map((m) => m.typeOptions?.searchListMethod).filter(Boolean));
		const listSearch = node.methods?.listSearch as Record<string, unknown> | undefined;
		for (const method of searches) expect(listSearch?.[method!]).toBeDefined();
	},
);

test('the build produced every file package.json names for n8n, with icons and codex files beside them', () => {
	const root = `${__dirname}/..`;
	const files = [...pkg.n8n.credentials, ...pkg.n8n.nodes];
	expect(files).toHaveLength(9);
	for (const file of files) expect(existsSync(`${root}/${file}`)).toBe(true);
	for (const node of pkg.n8n.nodes) expect(existsSync(`${root}/${node.replace(/\.js$/, '.json')}`)).toBe(true);
	expect(existsSync(`${root}/dist/icons/chime.svg`)).toBe(true);
	expect(existsSync(`${root}/dist/icons/chime.dark.svg`)).toBe(true);
});

test('the canvas subtitle names the resource and operation in words', () => {
	const subtitle = new AmazonChimeUser().description.subtitle!.replace(/^=\{\{ /, '').replace(/ \}\}$/, '');
	const evaluate = new Function('$parameter', `return ${subtitle};`) as (p: Record<string, string>) => string;
	expect(evaluate({ resource: 'user', operation: 'getAll' })).toBe('User: Get Many');
	expect(evaluate({ resource: 'userSettings', operation: 'update' })).toBe('User Setting: Update');
});
