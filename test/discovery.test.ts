/**
 * Issue 16 point 5, "found where people look": the nodes panel finds our nodes for the words IT and HR
 * people type, a node's canvas subtitle adds what its title lacks, and an AI agent is told what each
 * operation reads or changes. Each is checked with n8n's own code: the node creator's search
 * (sublimeSearch of @n8n/utils over displayName and codex alias), n8n-workflow's expression engine for
 * the subtitle, and NodeHelpers' makeNodeName / makeDescription for a dropped node's title and a tool's
 * description.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, Workflow, type INode, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';

import { chimeNodeClasses, nodeTypes, PACKAGE } from './harness/n8n';

// The search the node creator runs on what a person types (n8n 2.x editor: useNodeCreatorSearch → sublimeSearch).
import { DEFAULT_KEYS, sublimeSearch } from '@n8n/utils/search/sublime-search';

const descriptions = chimeNodeClasses.map((NodeClass) => new NodeClass().description);
const folderOf = (d: INodeTypeDescription) => `AmazonChime${d.displayName.replace('Amazon Chime ', '').replace(/ /g, '')}`;

/** The codex n8n-core's DirectoryLoader attaches to each node: categories, subcategories, alias from its .node.json. */
function codexOf(d: INodeTypeDescription) {
	const file = join(__dirname, '..', 'nodes', folderOf(d), `${folderOf(d)}.node.json`);
	const { categories, subcategories, alias, resources } = JSON.parse(readFileSync(file, 'utf8'));
	return { categories, subcategories, alias, resources };
}

/** What the node creator searches: node types as the backend sends them, codex attached. */
const creatorItems = descriptions.map((d) => ({ key: d.name, properties: { ...d, codex: codexOf(d) } }));
const search = (words: string) => sublimeSearch(words, creatorItems, DEFAULT_KEYS).map((r) => r.item.properties.displayName);

describe('the nodes panel finds the nodes for the words people type', () => {
	test.each([
		['suspend', 'Amazon Chime User'],
		['invite user', 'Amazon Chime User'],
		['offboard', 'Amazon Chime User'],
		['onboard', 'Amazon Chime User'],
		['phone number', 'Amazon Chime Phone Number'],
		['chat room', 'Amazon Chime Room'],
	])('"%s" finds %s first', (words, node) => {
		expect(search(words)[0]).toBe(node);
	});

	test('"aws chime" and "AWS" find every node, the trigger included', () => {
		for (const words of ['aws chime', 'AWS']) expect(search(words).sort()).toEqual(descriptions.map((d) => d.displayName).sort());
	});

	test('every node is filed under Communication, and the people-and-numbers nodes under Productivity too', () => {
		const filed = Object.fromEntries(descriptions.map((d) => [d.displayName, codexOf(d).categories]));
		for (const categories of Object.values(filed)) expect(categories).toContain('Communication');
		for (const node of ['Amazon Chime User', 'Amazon Chime Phone Number', 'Amazon Chime Account', 'Amazon Chime Trigger']) {
			expect(filed[node]).toContain('Productivity');
		}
	});
});

const actionNodes = descriptions.filter((d) => !d.polling);

/**
 * Every operation of a node as the node picker sets it: the first value of each of its Operation's show
 * conditions (resource, and the Phone Number node's service), as n8n's getActionData does, and the operation.
 */
function operationsOf(d: INodeTypeDescription) {
	return d.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			(p.options as INodePropertyOptions[]).map((o) => ({
				resource: p.displayOptions?.show?.resource?.[0] as string | undefined,
				conditions: Object.fromEntries(Object.entries(p.displayOptions?.show ?? {}).map(([key, values]) => [key, values?.[0]])) as INode['parameters'],
				operation: String(o.value),
				action: String(o.action),
			})),
		);
}

/** The subtitle as the canvas shows it: n8n-workflow evaluates it against the node's parameters. */
function subtitleOf(d: INodeTypeDescription, parameters: INode['parameters']): string {
	const node: INode = { id: 'n', name: 'Offboard leavers', type: `${PACKAGE}.${d.name}`, typeVersion: 1, position: [0, 0], parameters };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes() });
	return String(workflow.expression.getSimpleParameterValue(node, d.subtitle!, 'internal', {}));
}

describe('the canvas subtitle adds what the title lacks', () => {
	const user = actionNodes.find((d) => d.name === 'amazonChimeUser')!;

	test('it names the resource and the operation as the panel does', () => {
		expect(subtitleOf(user, { resource: 'user', operation: 'suspend' })).toBe('User: Suspend');
		expect(subtitleOf(user, { resource: 'userSettings', operation: 'update' })).toBe('User Setting: Update');
		const meeting = actionNodes.find((d) => d.name === 'amazonChimeMeeting')!;
		expect(subtitleOf(meeting, { operation: 'dialOut' })).toBe('Dial Out');
	});

	test.each(actionNodes.map((d) => [d.displayName, d] as const))('%s: no subtitle repeats the title n8n gives a dropped node', (_, d) => {
		for (const op of operationsOf(d)) {
			const parameters = { ...op.conditions, operation: op.operation };
			const title = NodeHelpers.makeNodeName(parameters, d);
			const subtitle = subtitleOf(d, parameters);
			expect(subtitle).not.toBe('undefined');
			expect(subtitle.toLowerCase()).not.toBe(title.toLowerCase());
		}
	});
});

describe('an AI agent is told what each operation reads or changes', () => {
	const toolDescriptions = actionNodes.flatMap((d) =>
		operationsOf(d).map((op) => ({
			node: d.displayName,
			...op,
			tool: NodeHelpers.makeDescription({ ...(op.resource ? { resource: op.resource } : {}), operation: op.operation }, d),
		})),
	);

	test('each is a sentence that says more than verb and noun, and reads as English ("… in Amazon Chime", not "… in Amazon Chime User")', () => {
		for (const t of toolDescriptions) {
			expect(t.action.split(' ').length).toBeGreaterThan(3);
			expect(t.tool).not.toMatch(/ in Amazon Chime (User|Account|Room|Bot|Phone Number)$/);
		}
		expect(toolDescriptions.find((t) => t.resource === 'user' && t.operation === 'suspend')?.tool).toBe(
			'Suspend users, blocking their sign-in in Amazon Chime',
		);
	});

	test('no two operations are described alike', () => {
		const tools = toolDescriptions.map((t) => t.tool);
		expect(tools.filter((tool, i) => tools.indexOf(tool) !== i)).toEqual([]);
	});

	test('Conversation and Meeting, whose only operation writes, describe to an agent exactly what they do', () => {
		const only = (name: string) => {
			const d = actionNodes.find((x) => x.name === name)!;
			return NodeHelpers.makeDescription({ operation: operationsOf(d)[0].operation }, d);
		};
		expect(only('amazonChimeConversation')).toMatch(/^Redact a message .*removed for everyone$/);
		expect(only('amazonChimeMeeting')).toMatch(/places a real call$/);
	});
});

describe("the README's 'safe to open' claim is what the panels do", () => {
	const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

	test('every resource with a read opens on it; the nodes without one are the ones the README names', () => {
		const withoutRead: string[] = [];
		for (const d of actionNodes) {
			for (const p of d.properties.filter((x) => x.name === 'operation')) {
				const values = (p.options as INodePropertyOptions[]).map((o) => o.value);
				const read = ['get', 'getAll'].find((v) => values.includes(v));
				const resource = d.properties.find((x) => x.name === 'resource')?.options?.find((o) => 'value' in o && o.value === p.displayOptions?.show?.resource?.[0]);
				const where = [d.displayName.replace('Amazon Chime ', ''), resource?.name].filter(Boolean).join(' → ');
				if (read) expect(`${where}: ${p.default}`).toBe(`${where}: ${values.includes('get') ? 'get' : 'getAll'}`);
				else withoutRead.push(where);
			}
		}
		expect(withoutRead).toEqual(['Account → Active Directory Group', 'Conversation', 'Meeting']);
		expect(readme).toContain('Every resource that has a read opens on it');
		expect(readme).toContain('*Account → Active Directory Group*, **Conversation** and **Meeting** have no read');
	});
});
