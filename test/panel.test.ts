/**
 * Issue 10, "the panel an n8n user expects": the panels are pinned, and checked the way n8n's lint
 * and an IT or HR person read them.
 *
 * Pinned: every node's rendered `description` (properties included) is compared with a committed copy in
 * test/panels/<node>.json, so that a change to the Chime model (scripts/extract-model.mjs) or to the
 * generator (nodes/shared/panel/properties.ts) shows up as a diff for a reviewer, never silently under saved
 * workflows. What the copy pins is the operations it holds: an operation added since (a new entry) is
 * left out of the comparison, its panel checked by the rules below like every other. A missing copy
 * fails (CI never writes one). After a deliberate change:
 *
 *     UPDATE_PANEL_SNAPSHOT=1 npx jest test/panel.test.ts
 *
 * and commit the files it rewrites.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { chimeNodeClasses } from './harness/n8n';

const SNAPSHOTS = join(__dirname, 'panels');
const nodes = chimeNodeClasses.map((NodeClass) => new NodeClass().description);
/** The seven nodes whose panels the engine renders from operation entries (the trigger is written by hand). */
const actionNodes = nodes.filter((d) => !d.polling);

/** The description as n8n receives it: plain JSON. */
const rendered = (d: INodeTypeDescription) => JSON.parse(JSON.stringify(d)) as INodeTypeDescription;

describe('the panel is pinned: a committed copy of every node description', () => {
	test.each(nodes.map((d) => [d.name, d] as const))('%s matches its committed copy in test/panels/', (name, description) => {
		const file = join(SNAPSHOTS, `${name}.json`);
		if (process.env.UPDATE_PANEL_SNAPSHOT === '1') {
			mkdirSync(SNAPSHOTS, { recursive: true });
			writeFileSync(file, `${JSON.stringify(rendered(description), null, '\t')}\n`);
			return;
		}
		if (!existsSync(file)) {
			throw new Error(`No committed panel copy ${file}: run UPDATE_PANEL_SNAPSHOT=1 npx jest test/panel.test.ts, review it and commit it`);
		}
		const pinned = JSON.parse(readFileSync(file, 'utf8')) as INodeTypeDescription;
		expect(pinnedPart(rendered(description), pinned)).toEqual(pinned);
	});

	test('there is no copy of a node that no longer exists', () => {
		expect(readdirSync(SNAPSHOTS).sort()).toEqual(nodes.map((d) => `${d.name}.json`).sort());
	});
});

/** Where an operation list or a field shows: its resource (and service), whatever the operation. */
const placeOf = (p: INodeProperties) => JSON.stringify([p.displayOptions?.show?.resource, p.displayOptions?.show?.service]);

/**
 * The description without what only operations the pinned copy does not hold show: their options in the
 * Operation lists, and fields shown for them alone. Everything a saved workflow may use stays compared.
 */
function pinnedPart(current: INodeTypeDescription, pinned: INodeTypeDescription): INodeTypeDescription {
	const known = new Map<string, Set<unknown>>();
	for (const p of pinned.properties) {
		if (p.name === 'operation') known.set(placeOf(p), new Set((p.options as INodePropertyOptions[]).map((o) => o.value)));
	}
	const properties = current.properties.flatMap((p): INodeProperties[] => {
		const values = known.get(placeOf(p));
		if (!values) return [p];
		if (p.name === 'operation') return [{ ...p, options: (p.options as INodePropertyOptions[]).filter((o) => values.has(o.value)) }];
		const operations = p.displayOptions?.show?.operation;
		if (!operations) return [p];
		const kept = operations.filter((value) => values.has(value));
		return kept.length ? [{ ...p, displayOptions: { ...p.displayOptions, show: { ...p.displayOptions!.show, operation: kept } } }] : [];
	});
	return { ...current, properties, subtitle: pinnedSubtitle(current.subtitle, pinned.subtitle) };
}

/** The canvas subtitle (`={{ {"user:get":"User: Get",…}[…] }}`) with only the pinned copy's operations in its map. */
function pinnedSubtitle(current: string | undefined, pinned: string | undefined): string | undefined {
	const map = (subtitle: string | undefined) => /^=\{\{ (\{.*\})\[/.exec(subtitle ?? '')?.[1];
	const [now, then] = [map(current), map(pinned)];
	if (!now || !then) return current;
	const keep = new Set(Object.keys(JSON.parse(then) as object));
	const kept = Object.fromEntries(Object.entries(JSON.parse(now) as Record<string, string>).filter(([key]) => keep.has(key)));
	return current!.replace(now, JSON.stringify(kept));
}

/** Every parameter of a panel, collection options included, with where it sits. */
function allParameters(properties: INodeProperties[], at = ''): Array<{ where: string; p: INodeProperties }> {
	return properties.flatMap((p) => {
		const where = `${at}${p.displayName}${p.displayOptions?.show?.operation ? ` (${p.displayOptions.show.resource ?? ''}/${p.displayOptions.show.operation})` : ''}`;
		const children = p.type === 'collection' ? allParameters(p.options as INodeProperties[], `${where} → `) : [];
		return [{ where, p }, ...children];
	});
}

const everyParameter = nodes.flatMap((d) => allParameters(d.properties).map((x) => ({ node: d.displayName, ...x })));
const label = (x: { node: string; where: string }) => `${x.node}: ${x.where}`;

describe("the panel's words, checked as n8n's lint checks them", () => {
	test('every boolean says what it does, starting with "Whether"', () => {
		const wrong = everyParameter.filter(({ p }) => p.type === 'boolean' && !String(p.description ?? '').startsWith('Whether'));
		expect(wrong.map(label)).toEqual([]);
	});

	test('a one-sentence description ends without a period, a two-sentence one with it', () => {
		const sentences = (text: string) => text.replace('e.g.', '').split('. ').length;
		const withOptions = [
			...everyParameter.map((x) => ({ ...x, text: String(x.p.description ?? '') })),
			...everyParameter.flatMap((x) =>
				x.p.type === 'options' ? (x.p.options as INodePropertyOptions[]).map((o) => ({ ...x, where: `${x.where} → ${o.name}`, text: String(o.description ?? '') })) : [],
			),
		].filter((x) => x.text !== '');
		const excess = withOptions.filter((x) => sentences(x.text) === 1 && x.text.endsWith('.'));
		const missing = withOptions.filter((x) => sentences(x.text) === 2 && !x.text.endsWith('.'));
		expect(excess.map(label)).toEqual([]);
		expect(missing.map(label)).toEqual([]);
	});

	test("options of 5 or more are alphabetical by name, collections' fields by display name", () => {
		const unsorted = everyParameter.filter(({ p }) => {
			if (!p.options || p.options.length < 5) return false;
			const names = (p.options as Array<INodePropertyOptions | INodeProperties | INodePropertyCollection>).map((o) =>
				p.type === 'collection' ? (o as INodeProperties).displayName : (o as INodePropertyOptions).name,
			);
			return names.join('\n') !== [...names].sort((a, b) => a.localeCompare(b)).join('\n');
		});
		expect(unsorted.map(label)).toEqual([]);
	});

	test("no option reads the model's identifiers word by word (Sip Media Application Dial In, Account Id)", () => {
		const names = everyParameter.flatMap(({ p }) => (p.type === 'options' ? (p.options as INodePropertyOptions[]).map((o) => o.name) : []));
		expect(names.filter((name) => /\bSip\b|\bId\b|Dial In/.test(name))).toEqual([]);
	});

	// n8n's panel cuts a parameter's label after about 25 characters ("Business Calling CDR Buc…") and an
	// option in a dropdown after about 30; notices are sentences and wrap.
	test('no label is cut off in the editor: labels up to 25 characters, option names up to 30', () => {
		const labels = everyParameter.filter(({ p }) => p.type !== 'notice' && p.displayName.length > 25);
		const options = everyParameter.flatMap((x) =>
			x.p.type === 'options' || x.p.type === 'multiOptions'
				? (x.p.options as INodePropertyOptions[]).filter((o) => o.name.length > 30).map((o) => `${label(x)} → ${o.name}`)
				: [],
		);
		expect(labels.map(label)).toEqual([]);
		expect(options).toEqual([]);
	});

	test("labels and options are in an IT or HR person's words; the AWS term is in the description", () => {
		const AWS_WORDS = /SIP Media Application|Voice Connector|Delegate|Start Token|Request Token|\bCDR\b|\bARN\b|\bLWA\b|Enterprise|Product Type|Events Configuration/;
		const names = everyParameter.flatMap((x) => [
			...(x.p.type === 'notice' ? [] : [x.p.displayName]),
			...(x.p.type === 'options' || x.p.type === 'multiOptions' ? (x.p.options as INodePropertyOptions[]).map((o) => o.name) : []),
		]);
		expect(names.filter((name) => AWS_WORDS.test(name))).toEqual([]);
		const productType = everyParameter.find(({ p }) => p.name === 'productType')!.p;
		expect(productType.description).toContain('(AWS: SIP Media Application Dial-In)');
	});

	test('a batch field says what it is, not only how it is sent', () => {
		const user = allParameters(nodes.find((d) => d.name === 'amazonChimeUser')!.properties);
		const suspendUser = user.find((x) => x.p.name === 'userId' && x.p.displayOptions?.show?.operation?.includes('suspend'))!;
		expect(suspendUser.p.description).toBe('The user to suspend, one per input item (Amazon Chime is sent 50 at a time)');
	});

	test('Request Options (Concurrency, Max Attempts) sit in the Settings tab, not among the parameters', () => {
		for (const d of actionNodes) {
			const requestOptions = d.properties.filter((p) => p.name === 'requestOptions');
			expect(requestOptions).toHaveLength(1);
			expect(requestOptions[0].isNodeSetting).toBe(true);
		}
	});
});

describe('no destructive defaults', () => {
	test('no number starts at its minimum (Room Retention Days starts at 5475 days, not 1)', () => {
		const atMinimum = everyParameter.filter(({ p }) => p.type === 'number' && p.typeOptions?.minValue !== undefined && p.default === p.typeOptions.minValue);
		expect(atMinimum.map(label)).toEqual([]);
		const retention = everyParameter.filter(({ p }) => /RetentionDays$/i.test(p.name));
		expect(retention.map(({ p }) => p.default)).toEqual([5475, 5475]);
	});

	test('a room role, once added, starts at Member, never Administrator', () => {
		const roles = everyParameter.filter(({ p }) => p.name === 'role');
		expect(roles.length).toBeGreaterThanOrEqual(3);
		// Update Member's role starts on no choice: Member would demote an administrator (test/traps.test.ts).
		expect(roles.filter(({ p }) => p.default !== '').every(({ p }) => p.default === 'Member')).toBe(true);
		expect(roles.filter(({ p }) => p.default === 'Member').length).toBeGreaterThanOrEqual(2);
	});

	test('every resource opens on a read where it has one (a node given to an AI agent starts on Get, not Assign Phone Number)', () => {
		const opening = actionNodes.flatMap((d) =>
			d.properties
				.filter((p) => p.name === 'operation')
				.map((p) => ({ node: d.displayName, resource: p.displayOptions?.show?.resource?.[0], default: p.default, values: (p.options as INodePropertyOptions[]).map((o) => o.value) })),
		);
		for (const o of opening) {
			const read = o.values.includes('get') ? 'get' : o.values.includes('getAll') ? 'getAll' : undefined;
			if (read) expect(`${o.node} ${o.resource}: ${o.default}`).toBe(`${o.node} ${o.resource}: ${read}`);
		}
		expect(opening.find((o) => o.node === 'Amazon Chime User' && o.resource === 'user')?.default).toBe('get');
	});
});

describe('fields where an HR flow expects them', () => {
	test('Create User asks for Email at the top, required', () => {
		const user = nodes.find((d) => d.name === 'amazonChimeUser')!.properties;
		const email = user.find((p) => p.name === 'email' && p.displayOptions?.show?.operation?.includes('create'));
		expect(email).toMatchObject({ required: true, type: 'string' });
		const additional = user.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.operation?.includes('create'))!;
		expect((additional.options as INodeProperties[]).map((o) => o.name)).not.toContain('email');
	});
});
