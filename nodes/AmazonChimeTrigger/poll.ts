import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import { chimeClient, credentialSecrets, CREDENTIAL_NAME, endpointOf } from '../shared/chime/client';
import { chimeNodeError } from '../shared/pipeline/errors';
import { inputShape, shape } from '../shared/chime/model';
import { plain } from '../shared/pipeline/output';
import { pages, pagingError } from '../shared/chime/paging';
import { n8nSend } from '../shared/chime/http';
import { eventName, named, NO_SAMPLE, SOURCES, type Change, type ChimeEvent, type Source } from './events';
import { isSnapshot, keyOf, packSnapshot, unpackSnapshot, type Snapshot, type Values } from './snapshot';

type Resource = Record<string, unknown>;

/** A source's entry in the node's static data; the users' also names the account they were listed in. */
type Watch = Snapshot & { account?: string };

/** Lists every resource of a source, following NextToken at the largest page the action allows. */
type Lister = (source: Source, accountId: string | undefined) => Promise<Resource[]>;

async function chimeLister(fns: IPollFunctions): Promise<Lister> {
	const credentials = await fns.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_NAME);
	const client = chimeClient(n8nSend(fns, credentials), credentials, { maxAttempts: 5 });
	const call = async (action: string, input: Record<string, unknown>) => {
		try {
			return await client.call(action, input);
		} catch (error) {
			throw chimeNodeError(fns.getNode(), error, { secrets: credentialSecrets(credentials), endpoint: endpointOf(credentials), attemptsSetting: false });
		}
	};
	return async (source, accountId) => {
		const pageSize = shape(inputShape(source.action).members!.MaxResults.shape).max;
		const resources: Resource[] = [];
		const read = (token: string | undefined) =>
			call(source.action, { ...(source.perAccount ? { AccountId: accountId } : {}), MaxResults: pageSize, NextToken: token });
		try {
			for await (const page of pages(source.action, source.member, read)) for (const entry of page.entries) resources.push(entry as Resource);
		} catch (error) {
			// The static data stays as it was: the next poll compares with the last complete listing.
			throw pagingError(fns.getNode(), error);
		}
		return resources;
	};
}

function chosenAccount(fns: IPollFunctions): string {
	const accountId = String(fns.getNodeParameter('accountId', '', { extractValue: true }) ?? '').trim();
	if (!accountId) throw new NodeOperationError(fns.getNode(), 'Choose the Account whose users to watch');
	return accountId;
}

/**
 * One output item: the event by the name the Events list shows and by the ID saved workflows hold,
 * the resource as the other nodes output it, and what it was before.
 */
function itemOf(resource: Resource, change: Change): INodeExecutionData {
	const json: IDataObject = { event: eventName(change.event), eventId: change.event };
	if (change.change) json.change = change.change;
	Object.assign(json, plain(resource));
	if (change.previous) json.previous = change.previous;
	return { json };
}

/**
 * A test run with nothing to show: an error the panel keeps (an empty answer only flashes a toast),
 * saying what was looked for, where, and what to do.
 */
function noSample(fns: IPollFunctions, events: ChimeEvent[], accountId: string | undefined): NodeOperationError {
	const names = events.map(eventName);
	const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
	const none = [...new Set(events.map((event) => NO_SAMPLE[event].replace('{account}', accountId ?? '')))].join('; ');
	return new NodeOperationError(fns.getNode(), `No sample to show for ${list}: Amazon Chime has ${none} yet`, {
		description:
			'Fetch Test Event shows the newest user, order or number each chosen event would start the workflow with. Make one happen in Amazon Chime, or choose other events, and fetch again. Once the workflow is published, each poll emits events as they happen.',
	});
}

const sameValues = (a: Values, b: Values) => a.length === b.length && a.every((value, i) => value === b[i]);

/**
 * Compares a source's resources with what the last poll saw (`known`; undefined for a baseline) and
 * returns the snapshot to keep for the next poll, and the changes found.
 */
function compare(source: Source, resources: Resource[], known: Map<string, Values> | undefined) {
	const entries: Array<[string, Values]> = [];
	const keys = new Set<string>();
	const found: Array<{ resource: Resource; change: Change }> = [];
	for (const resource of resources) {
		const key = keyOf(source.id(resource));
		// A resource listed twice (the list moved while it was paged) counts once.
		if (keys.has(key)) continue;
		keys.add(key);
		const values = source.watched(resource);
		entries.push([key, values]);
		const was = known?.get(key);
		if (!known || (was && sameValues(was, values))) continue;
		const changes = source.changes(was && named(source.fields, was), named(source.fields, values));
		for (const change of changes) found.push({ resource, change });
	}
	return { snapshot: packSnapshot(entries), found };
}

/**
 * The trigger's poll. Per source (users of the account, phone number orders, phone numbers) the first
 * poll only records what is there; each later one emits what changed since, one item per event, and
 * records the new state in the same static data n8n saves with the execution it starts.
 * A manual test run emits a recent example per event and leaves the static data alone.
 */
export async function pollChime(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const selected = new Set(this.getNodeParameter('events', []) as ChimeEvent[]);
	if (selected.size === 0) throw new NodeOperationError(this.getNode(), 'Choose at least one event under Events');
	const sources = SOURCES.filter((source) => source.events.some((event) => selected.has(event)));
	const accountId = sources.some((source) => source.perAccount) ? chosenAccount(this) : undefined;
	const list = await chimeLister(this);
	// Everything is listed before anything is compared: a failed call leaves the static data as it
	// was, so that the next poll finds the same changes.
	const listings: Array<[Source, Resource[]]> = [];
	for (const source of sources) listings.push([source, await list(source, accountId)]);
	const items: INodeExecutionData[] = [];

	if (this.getMode() === 'manual') {
		const missing: ChimeEvent[] = [];
		for (const [source, resources] of listings) {
			for (const event of source.events.filter((e) => selected.has(e))) {
				const example = source.example(event, resources);
				if (example) items.push(itemOf(example.resource, example.change));
				else missing.push(event);
			}
		}
		if (!items.length) throw noSample(this, missing, accountId);
		return [items];
	}

	const staticData = this.getWorkflowStaticData('node');
	// A source no longer watched is forgotten: watched again, it starts from a new baseline.
	for (const source of SOURCES) if (!sources.includes(source)) delete staticData[source.name];
	for (const [source, resources] of listings) {
		const saved = staticData[source.name] as Watch | undefined;
		const sameScope = !source.perAccount || saved?.account === accountId;
		const known = isSnapshot(saved) && sameScope ? unpackSnapshot(saved) : undefined;
		const { snapshot, found } = compare(source, resources, known);
		for (const { resource, change } of found) if (selected.has(change.event)) items.push(itemOf(resource, change));
		staticData[source.name] = (source.perAccount ? { account: accountId, ...snapshot } : { ...snapshot }) as unknown as IDataObject;
	}
	return items.length ? [items] : null;
}
