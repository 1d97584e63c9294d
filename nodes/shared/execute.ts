import * as Chime from '@aws-sdk/client-chime';
import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { chimeClient, credentialSecrets, CREDENTIAL_NAME, endpointOf } from './client';
import { chimeApiError, describeFailure, explain, scrub } from './errors';
import { inputShape, outputShape, shape } from './model';
import { plain } from './output';
import { ParameterReader } from './parameters';
import { forEachLimited } from './pool';
import { findOperation, isPaged, REQUEST_OPTIONS } from './properties';
import { place, readItem, type ItemRequest } from './request';
import type { NodeSpec, Operation } from './types';

type Command = new (input: object) => Parameters<Chime.ChimeClient['send']>[0];
type Response = Record<string, unknown>;

/** Entries per batch call when the model gives no maximum (BatchUpdatePhoneNumber, BatchDeletePhoneNumber). */
const DEFAULT_BATCH_SIZE = 100;

/** What one execution of a node shares: the client, the secrets to keep out of errors, per-item output. */
class Run {
	readonly client: Chime.ChimeClient;
	readonly secrets: string[];
	readonly endpoint: string;
	/** Output per input item, so the node answers in input order whatever order calls finish in. */
	readonly out: INodeExecutionData[][];
	private readonly userIds = new Map<string, Promise<string>>();

	constructor(
		readonly fns: IExecuteFunctions,
		readonly op: Operation,
		credentials: ICredentialDataDecryptedObject,
		itemCount: number,
		readonly concurrency: number,
		maxAttempts: number,
	) {
		this.client = chimeClient(credentials, { concurrency, maxAttempts });
		this.secrets = credentialSecrets(credentials);
		this.endpoint = endpointOf(credentials);
		this.out = Array.from({ length: itemCount }, () => []);
	}

	async send(input: Record<string, unknown>, itemIndex: number): Promise<Response> {
		const command = (Chime as unknown as Record<string, Command>)[`${this.op.chime}Command`];
		try {
			return (await this.client.send(new command(input))) as unknown as Response;
		} catch (error) {
			throw chimeApiError(this.fns.getNode(), describeFailure(error, this.secrets, this.endpoint), itemIndex);
		}
	}

	emit(itemIndex: number, results: unknown[]): void {
		this.out[itemIndex] = results.map((result) => ({
			json: plain(result, this.op.reveals) as IDataObject,
			pairedItem: { item: itemIndex },
		}));
	}

	/**
	 * With Continue On Fail the error becomes this item's output; otherwise the node stops with it.
	 * Only `error` and `details` (Chime's code is in the message): that is the shape n8n sends down a
	 * node's error output.
	 */
	fail(itemIndex: number, error: unknown): void {
		if (!this.fns.continueOnFail()) throw error;
		const e = error as Partial<NodeApiError>;
		const json: IDataObject = { error: scrub(e.message ?? String(error), this.secrets) };
		if (e.description) json.details = scrub(e.description, this.secrets);
		this.out[itemIndex] = [{ json, pairedItem: { item: itemIndex } }];
	}

	async guard<T>(itemIndex: number, work: () => Promise<T> | T): Promise<T | undefined> {
		try {
			return await work();
		} catch (error) {
			this.fail(itemIndex, error);
			return undefined;
		}
	}

	/** Users given By Email become IDs through ListUsers' email filter, once per account and email. */
	async resolveLookups(request: ItemRequest, itemIndex: number): Promise<void> {
		for (const lookup of request.lookups) {
			const accountId = String(request.input.AccountId);
			const key = `${accountId}\n${lookup.email.toLowerCase()}`;
			if (!this.userIds.has(key)) this.userIds.set(key, this.findUserId(accountId, lookup.email, itemIndex));
			place(request.input, this.op, lookup.path, await this.userIds.get(key));
		}
	}

	private async findUserId(accountId: string, email: string, itemIndex: number): Promise<string> {
		try {
			const page = await this.client.send(new Chime.ListUsersCommand({ AccountId: accountId, UserEmail: email }));
			const user = (page.Users ?? []).find((u) => u.PrimaryEmail?.toLowerCase() === email.toLowerCase());
			if (user?.UserId) return user.UserId;
		} catch (error) {
			throw chimeApiError(this.fns.getNode(), describeFailure(error, this.secrets, this.endpoint), itemIndex);
		}
		throw new NodeOperationError(this.fns.getNode(), `No user with the email ${email} in account ${accountId}`, {
			itemIndex,
			description: 'Check the email address, or create or invite the user first.',
		});
	}
}

/**
 * The output item of one non-list call: the resource itself, or, when Chime answers with nothing
 * (204s, empty bodies, PutRetentionSettings' 204 included), `success` and what was sent.
 */
function singleResult(op: Operation, input: Record<string, unknown>, response: Response): unknown {
	const members = Object.entries(outputShape(op.chime).members ?? {}).filter(([name]) => response[name] !== undefined);
	if (members.length === 0) return { success: true, ...input };
	if (members.length === 1 && shape(members[0][1].shape).type === 'structure') return response[members[0][0]];
	return response;
}

function listEntries(op: Operation, response: Response): unknown[] {
	const entries = (response[op.list!] ?? []) as unknown[];
	return op.listItemKey ? entries.map((value) => ({ [op.listItemKey!]: value })) : entries;
}

/** Follows NextToken until the limit or the end, at the largest page the action allows. */
async function listAll(run: Run, request: ItemRequest, itemIndex: number): Promise<unknown[]> {
	const maxPage = shape(inputShape(run.op.chime).members!.MaxResults.shape).max ?? 100;
	const pageSize = (request.input.MaxResults as number | undefined) ?? maxPage;
	const results: unknown[] = [];
	const seen = new Set<string>();
	let token = request.input.NextToken as string | undefined;
	do {
		const wanted = Math.min(pageSize, request.limit - results.length);
		const response = await run.send({ ...request.input, NextToken: token, MaxResults: wanted }, itemIndex);
		results.push(...listEntries(run.op, response));
		token = response.NextToken as string | undefined;
		// A token seen before would page forever.
		if (token && seen.has(token)) break;
		if (token) seen.add(token);
	} while (token && results.length < request.limit);
	return results.slice(0, request.limit);
}

async function runSingle(run: Run, request: ItemRequest, itemIndex: number): Promise<void> {
	if (isPaged(run.op)) {
		run.emit(itemIndex, await listAll(run, request, itemIndex));
		return;
	}
	const response = await run.send(request.input, itemIndex);
	run.emit(itemIndex, run.op.list ? listEntries(run.op, response) : [singleResult(run.op, request.input, response)]);
}

interface BatchEntry {
	itemIndex: number;
	entry: unknown;
}

function entryId(run: Run, entry: unknown): string {
	const id = typeof entry === 'object' && entry !== null ? (entry as IDataObject)[run.op.batch!.id] : entry;
	return String(id).toLowerCase();
}

/**
 * Groups items that share everything but their entry, splits each group into as few calls as the
 * action allows, and sends those calls `concurrency` at a time.
 */
async function runBatches(run: Run, requests: Array<ItemRequest | undefined>): Promise<void> {
	const batch = run.op.batch!;
	const size = shape(inputShape(run.op.chime).members![batch.member].shape).max ?? batch.size ?? DEFAULT_BATCH_SIZE;
	const groups = new Map<string, { base: Record<string, unknown>; entries: BatchEntry[] }>();
	requests.forEach((request, itemIndex) => {
		if (!request) return;
		const { [batch.member]: entries, ...base } = request.input;
		const key = JSON.stringify(base);
		if (!groups.has(key)) groups.set(key, { base, entries: [] });
		groups.get(key)!.entries.push({ itemIndex, entry: (entries as unknown[])[0] });
	});
	const calls: Array<{ base: Record<string, unknown>; chunk: BatchEntry[] }> = [];
	for (const { base, entries } of groups.values()) {
		for (let start = 0; start < entries.length; start += size) calls.push({ base, chunk: entries.slice(start, start + size) });
	}
	await forEachLimited(calls.length, run.concurrency, async (index) => {
		const { base, chunk } = calls[index];
		let response: Response;
		try {
			response = await run.send({ ...base, [batch.member]: chunk.map((e) => e.entry) }, chunk[0].itemIndex);
		} catch (error) {
			for (const { itemIndex } of chunk) run.fail(itemIndex, error);
			return;
		}
		settleChunk(run, base, chunk, response);
	});
}

/** Chime answers a batch with 200/201 even when entries fail: each failure goes back to its own item. */
function settleChunk(run: Run, base: Record<string, unknown>, chunk: BatchEntry[], response: Response): void {
	const batch = run.op.batch!;
	const byId = (list: unknown) =>
		new Map(((list ?? []) as IDataObject[]).map((e) => [String(e[batch.id]).toLowerCase(), e]));
	const errors = byId(batch.errors ? response[batch.errors] : undefined);
	const results = byId(batch.results ? response[batch.results] : undefined);
	for (const { itemIndex, entry } of chunk) {
		const id = entryId(run, entry);
		const failure = errors.get(id);
		if (failure) {
			const code = String(failure.ErrorCode ?? 'Unknown');
			const failed = chimeApiError(
				run.fns.getNode(),
				{ code, chimeMessage: scrub(String(failure.ErrorMessage ?? ''), run.secrets), sentence: explain(code) },
				itemIndex,
			);
			run.fail(itemIndex, failed);
		} else if (batch.results) {
			const result = results.get(id);
			if (result) run.emit(itemIndex, [result]);
			else {
				const missing = new NodeOperationError(run.fns.getNode(), `Amazon Chime returned no result for ${id}`, {
					itemIndex,
				});
				run.fail(itemIndex, missing);
			}
		} else {
			const sent = typeof entry === 'object' ? (entry as IDataObject) : { [batch.id]: entry };
			run.emit(itemIndex, [{ success: true, ...base, ...sent }]);
		}
	}
}

/** Concurrency and Max Attempts from the panel, checked like any other field. */
function requestOptions(fns: IExecuteFunctions): { concurrency: number; maxAttempts: number } {
	const chosen = { ...REQUEST_OPTIONS, ...(fns.getNodeParameter('requestOptions', 0, {}) as IDataObject) };
	for (const [name, max] of [['concurrency', 50], ['maxAttempts', 20]] as const) {
		const value = chosen[name];
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
			const label = name === 'concurrency' ? 'Concurrency' : 'Max Attempts';
			throw new NodeOperationError(fns.getNode(), `Invalid "${label}": must be a whole number from 1 to ${max} (got ${JSON.stringify(value)})`);
		}
	}
	return chosen as { concurrency: number; maxAttempts: number };
}

/**
 * The execute() of every Chime node: read and check all items, then send (`concurrency` calls at a
 * time), then shape output per item, in input order.
 */
export async function executeChime(this: IExecuteFunctions, spec: NodeSpec): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = spec.resources ? (this.getNodeParameter('resource', 0) as string) : undefined;
	const op = findOperation(spec, resource, this.getNodeParameter('operation', 0) as string);
	const { concurrency, maxAttempts } = requestOptions(this);
	const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_NAME);
	const run = new Run(this, op, credentials, items.length, concurrency, maxAttempts);
	try {
		// Every item is read and checked before anything is sent: bad input stops the node with nothing sent.
		const parameters = new ParameterReader(this);
		const requests: Array<ItemRequest | undefined> = [];
		for (let i = 0; i < items.length; i++) requests.push(await run.guard(i, () => readItem.call(this, op, i, parameters)));
		if (requests.some((request) => request?.lookups.length)) {
			await forEachLimited(items.length, concurrency, async (i) => {
				const request = requests[i];
				if (request?.lookups.length && !(await run.guard(i, async () => (await run.resolveLookups(request, i), true)))) {
					requests[i] = undefined;
				}
			});
		}
		if (op.batch) {
			await runBatches(run, requests);
		} else {
			await forEachLimited(items.length, concurrency, async (i) => {
				const request = requests[i];
				if (request) await run.guard(i, () => runSingle(run, request, i));
			});
		}
	} finally {
		run.client.destroy();
	}
	return [run.out.flat()];
}
