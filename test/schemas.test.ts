/**
 * Issue 19 point 4: the output schemas n8n's editor shows before a node runs. They are generated
 * (scripts/schemas.ts, `npm run generate`), one per operation and one for the trigger's events; the
 * harness holds every node test's output to them (test/harness/schemas.ts), which this file checks too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { INode, INodeType } from 'n8n-workflow';

import { EVENT_OPTIONS } from '../nodes/AmazonChimeTrigger/events';
import { AmazonChimeUser } from '../nodes/AmazonChimeUser/AmazonChimeUser.node';
import { NODE_SPECS, outputSchemas, TRIGGER_FOLDER, type JsonSchema } from '../scripts/schemas';
import { useNodeTestBed } from './harness/chime';
import { byEmail, id } from './harness/params';
import { DEMO } from './harness/sandbox';
import { checkOutput, mismatch } from './harness/schemas';

const NODES = join(__dirname, '..', 'nodes');

/** Every file under the nodes' __schema__ folders, by path from nodes/. */
function committed(): Map<string, string> {
	const files = new Map<string, string>();
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else files.set(relative(NODES, path), readFileSync(path, 'utf8'));
		}
	};
	for (const folder of readdirSync(NODES)) {
		if (readdirSync(join(NODES, folder)).includes('__schema__')) walk(join(NODES, folder, '__schema__'));
	}
	return files;
}

const generated = outputSchemas();
const schemaAt = (path: string) => JSON.parse(generated.get(path)!) as JsonSchema;

test('the committed schemas are what `npm run generate` makes from the model and the entries, and nothing else', () => {
	const onDisk = committed();
	expect([...onDisk.keys()].sort()).toEqual([...generated.keys()].sort());
	for (const [path, text] of generated) expect({ path, text: onDisk.get(path) }).toEqual({ path, text });
});

test('every operation (Amazon Chime, and the Phone Number node on Chime SDK Voice) has one, where n8n looks for it, in a form the editor accepts', () => {
	const expected = Object.entries(NODE_SPECS).flatMap(([folder, spec]) =>
		spec.operations.map((op) => join(folder, '__schema__', 'v1.0.0', ...(op.resource ? [op.resource] : []), `${op.value}.json`)),
	);
	expect([...generated.keys()].filter((path) => !path.startsWith(TRIGGER_FOLDER)).sort()).toEqual(expected.sort());
	// n8n's editor drops a schema without a type and some properties ("Invalid JSON schema").
	for (const path of generated.keys()) {
		const schema = schemaAt(path);
		expect({ path, type: schema.type, empty: Object.keys(schema.properties ?? {}).length === 0 }).toEqual({ path, type: 'object', empty: false });
	}
});

test('every trigger event has its own schema: its event name and its own resource', () => {
	const trigger = schemaAt(join(TRIGGER_FOLDER, '__schema__', 'v1.0.0', 'output.json'));
	expect(trigger.oneOf!.map((branch) => [branch.properties!.event.enum, branch.properties!.eventId.enum])).toEqual(EVENT_OPTIONS.map((option) => [[option.name], [option.value]]));
	const fieldsOf = (event: string) => Object.keys(trigger.oneOf!.find((b) => b.properties!.eventId.enum![0] === event)!.properties!);
	expect(fieldsOf('newUser')).toEqual(expect.arrayContaining(['UserId', 'PrimaryEmail', 'previous']));
	expect(fieldsOf('newUser')).not.toContain('PhoneNumberOrderId');
	expect(fieldsOf('phoneNumberOrderCompleted')).toEqual(expect.arrayContaining(['PhoneNumberOrderId', 'OrderedPhoneNumbers']));
	expect(fieldsOf('phoneNumberAssignedOrReleased')).toEqual(expect.arrayContaining(['E164PhoneNumber', 'change', 'Associations']));
});

test('secrets are in the schemas of the operations that exist to return them, and no other', () => {
	const holding = (secret: string) => [...generated].filter(([, text]) => text.includes(`"${secret}"`)).map(([path]) => path).sort();
	expect(holding('PersonalPIN')).toEqual([join('AmazonChimeUser', '__schema__', 'v1.0.0', 'user', 'resetPin.json')]);
	expect(holding('SecurityToken')).toEqual(
		['create', 'regenerateToken'].map((op) => join('AmazonChimeBot', '__schema__', 'v1.0.0', 'bot', `${op}.json`)),
	);
	// A meeting's join token is typed into the panel and sent, never echoed.
	expect(holding('JoinToken')).toEqual([]);
});

test('dates are ISO strings, members Chime may leave out of an answer may be null, echoes say success', () => {
	const user = schemaAt(join('AmazonChimeUser', '__schema__', 'v1.0.0', 'user', 'get.json'));
	expect(user.properties!.RegisteredOn).toEqual({ type: 'string', format: 'date-time' });
	expect(user.additionalProperties).toBe(false);
	const retention = schemaAt(join('AmazonChimeAccount', '__schema__', 'v1.0.0', 'retentionSettings', 'get.json'));
	expect(retention.properties!.InitiateDeletionTimestamp.type).toEqual(['string', 'null']);
	expect(retention.required).toEqual(['RetentionSettings', 'InitiateDeletionTimestamp']);
	const logout = schemaAt(join('AmazonChimeUser', '__schema__', 'v1.0.0', 'user', 'logout.json'));
	expect(Object.keys(logout.properties!)).toEqual(['success', 'AccountId', 'UserId', 'PrimaryEmail']);
	expect(logout.required).toEqual(['success']);
});

describe('the harness holds real output to the schema', () => {
	const bed = useNodeTestBed();
	const userNode: INode = {
		id: 'x',
		name: 'Chime',
		type: 'n8n-nodes-amazon-chime.amazonChimeUser',
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource: 'user', operation: 'get' },
	};
	const userType = new AmazonChimeUser() as INodeType;

	test('a Get User output fits; a key the schema lacks, or a wrong type, fails naming node, operation, item and path', async () => {
		const { output, error } = await bed.run('amazonChimeUser', {
			resource: 'user',
			operation: 'get',
			accountId: id(DEMO.accountId),
			userId: byEmail('Alice@Example.com'),
		});
		expect(error).toBeUndefined();
		const [alice] = output.Chime;
		expect(alice.UserId).toBe(DEMO.users.alice);
		const items = (json: object) => [{ json: alice }, { json: { ...alice, ...json } }];
		expect(() => checkOutput(userNode, userType, [{ json: alice }])).not.toThrow();
		expect(() => checkOutput(userNode, userType, items({ Nickname: 'Al' }))).toThrow(
			'Output of "Chime" (amazonChimeUser, user / get), item 1, breaks its schema nodes/AmazonChimeUser/__schema__/v1.0.0/user/get.json: $json.Nickname: a key the schema lacks',
		);
		expect(() => checkOutput(userNode, userType, items({ RegisteredOn: 1767225600 }))).toThrow(
			'item 1, breaks its schema nodes/AmazonChimeUser/__schema__/v1.0.0/user/get.json: $json.RegisteredOn: number 1767225600 where the schema has string',
		);
		expect(() => checkOutput(userNode, userType, items({ AlexaForBusinessMetadata: { IsAlexaForBusinessEnabled: 'yes' } }))).toThrow(
			'$json.AlexaForBusinessMetadata.IsAlexaForBusinessEnabled: string "yes" where the schema has boolean',
		);
	});

	test("Continue On Fail's error items are not held to it; the operation's output is", async () => {
		const { output } = await bed.run(
			'amazonChimeUser',
			{ resource: 'user', operation: 'get', accountId: id(DEMO.accountId), userId: id('00000000-0000-4000-8000-000000000000') },
			[{}],
			{ continueOnFail: true },
		);
		expect(Object.keys(output.Chime[0]).sort()).toEqual(expect.arrayContaining(['error']));
		expect(() => checkOutput(userNode, userType, [{ json: output.Chime[0] }])).not.toThrow();
		expect(() => checkOutput(userNode, userType, [{ json: { error: 'x', UserId: 'u' } }])).toThrow('$json.error: a key the schema lacks');
	});
});

test('mismatch reads oneOf by its discriminator, and null only where the schema allows it', () => {
	const trigger = JSON.parse(generated.get(join(TRIGGER_FOLDER, '__schema__', 'v1.0.0', 'output.json'))!) as JsonSchema;
	expect(mismatch(trigger, { event: 'New User', eventId: 'newUser', UserId: 'u' })).toBeUndefined();
	expect(mismatch(trigger, { event: 'New User', eventId: 'newUser', PhoneNumberOrderId: 'o' })).toBe('$json.PhoneNumberOrderId: a key the schema lacks');
	expect(mismatch(trigger, { event: 'User Suspended', eventId: 'userSuspended', previous: { UserRegistrationStatus: null } })).toBeUndefined();
	expect(mismatch(trigger, { UserId: 'u' })).toBe('$json.event: missing');
	expect(mismatch({ type: 'object', properties: { a: { type: 'string' } } }, { a: null })).toBe('$json.a: null where the schema has string');
});
