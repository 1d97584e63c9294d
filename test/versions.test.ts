/**
 * Issue 10, "nothing pins the panel": the engine is version-aware. A saved node's `typeVersion` reaches
 * the operation lookup, so a later version can change a field (its default, place, name) with its own
 * entry while workflows saved with the earlier version keep theirs.
 */
import { NodeHelpers, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { ACCOUNT } from '../nodes/shared/common.fields';
import { findOperation, nodeProperties } from '../nodes/shared/properties';
import type { NodeSpec } from '../nodes/shared/types';
import { useNodeTestBed } from './harness/chime';
import { PACKAGE, runWorkflow } from './harness/n8n';
import { id } from './harness/params';
import { DEMO, sandboxCredential } from './harness/sandbox';

/** A node whose version 2 starts Room Retention Days at 3650 where version 1 starts it at 5475. */
const twoVersions: NodeSpec = {
	versions: [1, 2],
	resources: [{ name: 'Retention Setting', value: 'retentionSettings' }],
	operations: [
		{
			resource: 'retentionSettings',
			value: 'update',
			name: 'Update',
			action: 'Update retention settings',
			chime: 'PutRetentionSettings',
			repeat: 'safe',
			optionalIn: 'updateFields',
			fields: [
				ACCOUNT,
				{ path: 'RetentionSettings.RoomRetentionSettings.RetentionDays', name: 'roomRetentionDays', default: 5475, until: 1 },
				{ path: 'RetentionSettings.RoomRetentionSettings.RetentionDays', name: 'roomRetentionDays', default: 3650, since: 2 },
				{ path: 'RetentionSettings.ConversationRetentionSettings.RetentionDays', name: 'conversationRetentionDays', default: 5475 },
			],
		},
	],
};

const roomDays = (version: number) =>
	findOperation(twoVersions, 'retentionSettings', 'update', version).fields.filter((f) => f.name === 'roomRetentionDays');

describe('a later version changes a default without touching saved workflows', () => {
	test('the lookup gives each version its own entries', () => {
		expect(roomDays(1).map((f) => f.default)).toEqual([5475]);
		expect(roomDays(2).map((f) => f.default)).toEqual([3650]);
		// The same object each time: per-operation plans are kept by identity.
		expect(findOperation(twoVersions, 'retentionSettings', 'update', 2)).toBe(findOperation(twoVersions, 'retentionSettings', 'update', 2));
		// Entries for every version are the operation itself.
		expect(findOperation(accountSpec, 'retentionSettings', 'update', 1)).toBe(accountSpec.operations.find((o) => o.chime === 'PutRetentionSettings'));
	});

	test('a version the node does not have is refused, not guessed', () => {
		expect(() => findOperation(twoVersions, 'retentionSettings', 'update', 3)).toThrow('This node has no version 3 (it has 1, 2)');
	});

	test("the panel shows each entry only in its versions, and n8n fills a saved v1 node's defaults from v1", () => {
		const properties = nodeProperties(twoVersions);
		const collection = properties.find((p) => p.name === 'updateFields')!;
		const room = (collection.options as INodeProperties[]).filter((o) => o.name === 'roomRetentionDays');
		expect(room.map((o) => [o.default, o.displayOptions])).toEqual([
			[5475, { show: { '@version': [1] } }],
			[3650, { show: { '@version': [2] } }],
		]);
		// Entries in every version carry no version condition: version 1's panel stays as it was.
		const conversation = (collection.options as INodeProperties[]).find((o) => o.name === 'conversationRetentionDays')!;
		expect(conversation.displayOptions).toBeUndefined();
		// n8n itself honours it: the parameters a saved node of each version gets.
		const description = { version: [1, 2], properties } as unknown as INodeTypeDescription;
		const shown = (typeVersion: number) =>
			(collection.options as INodeProperties[])
				.filter((o) => NodeHelpers.displayParameter({}, o, { typeVersion }, description))
				.map((o) => `${o.name}=${o.default}`);
		expect(shown(1)).toEqual(['roomRetentionDays=5475', 'conversationRetentionDays=5475']);
		expect(shown(2)).toEqual(['roomRetentionDays=3650', 'conversationRetentionDays=5475']);
	});
});

describe("the saved node's typeVersion reaches the operation lookup", () => {
	const bed = useNodeTestBed();

	test('a node saved as version 1 runs; one saved as a version this package does not have says so', async () => {
		const node = (typeVersion: number) => ({
			nodes: [
				{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
				{
					id: 'c',
					name: 'Chime',
					type: `${PACKAGE}.amazonChimeAccount`,
					typeVersion,
					position: [200, 0] as [number, number],
					parameters: { resource: 'account', operation: 'get', accountId: id(DEMO.accountId) },
					credentials: { amazonChimeApi: { id: 'cred', name: 'Chime' } },
				},
			],
			connections: { Start: { main: [[{ node: 'Chime', type: 'main' as const, index: 0 }]] } },
		});
		const v1 = await runWorkflow(node(1), { cred: sandboxCredential(bed.sb) });
		expect(v1.error).toBeUndefined();
		expect(v1.output.Chime[0].AccountId).toBe(DEMO.accountId);
		const v2 = await runWorkflow(node(2), { cred: sandboxCredential(bed.sb) });
		expect(v2.error?.message).toContain('This node has no version 2 (it has 1)');
		expect(bed.requests.filter((r) => r.path === `/accounts/${DEMO.accountId}`)).toHaveLength(1);
	});
});
