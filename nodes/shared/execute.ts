import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { chimeClient, credentialSecrets, CREDENTIAL_NAME, endpointOf, type ChimeClient } from './client';
import { chimeApiError, describeFailure, errorCode, explain, scrub } from './errors';
import { batchEntryName, notFoundSentence, refusal } from './messages';
import { inputShape, shape } from './model';
import { plain, singleOutput } from './output';
import { voiceEndpointOf, voiceRun } from './voice';
import { pages, pagingError } from './paging';
import { ParameterReader } from './parameters';
import { forEachLimited } from './pool';
import { findOperation, isPaged, REQUEST_OPTIONS } from './properties';
import { findDoneEntries, settle, settleBatch, type Settled } from './reconcile';
import { place, readItem, type ItemRequest } from './request';
import { n8nSend } from './transport/http';
import { UserFinder } from './users';
import type { NodeSpec, Operation } from './types';
import { resourceMember, waitUntilDone } from './wait';

type Response = Record<string, unknown>;

/** Entries per batch call when the model gives no maximum (BatchUpdatePhoneNumber, BatchDeletePhoneNumber). */
const DEFAULT_BATCH_SIZE = 100;

/** What Request Options hold, checked. */
interface RequestOptions {
	concurrency: number;
	maxAttempts: number;
	/** Per attempt, in milliseconds. */
	timeout: number;
}

/** What one execution of a node shares: the client, the secrets to keep out of errors, per-item output. */
class Run {
	readonly client: ChimeClient;
	readonly secrets: string[];
	readonly endpoint: string;
	/** Output per input item, so the node answers in input order whatever order calls finish in. */
	readonly out: INodeExecutionData[][];
	readonly concurrency: number;
	/** Attempts sent again, and how many of those because Chime throttled. */
	retries = 0;
	throttled = 0;
	/** Items whose outcome was read back from Chime after an answer was lost. */
	reconciled = 0;
	/** What this run has reported making (bots, orders, accounts): look-ups never claim it for another item. */
	readonly claimed = new Set<string>();
	private readonly userIds = new Map<string, Promise<string>>();
	readonly users: UserFinder;
	/** Per item, what the user saw when picking From List (ItemRequest.names), for errors that name it. */
	readonly names: Array<Record<string, string>>;
	/** Per item, the user's email when known (Operation.outputEmail). */
	readonly emails: Array<string | undefined>;

	constructor(
		readonly fns: IExecuteFunctions,
		readonly op: Operation,
		credentials: ICredentialDataDecryptedObject,
		itemCount: number,
		options: RequestOptions,
	) {
		this.concurrency = options.concurrency;
		const voice = voiceRun(fns, op.chime);
		this.client = chimeClient(n8nSend(fns.helpers), credentials, {
			...voice,
			maxAttempts: options.maxAttempts,
			timeoutMs: options.timeout,
			// Stop ends waits and calls in flight at once.
			signal: fns.getExecutionCancelSignal?.(),
			onRetry: ({ throttled }) => {
				this.retries++;
				if (throttled) this.throttled++;
			},
		});
		this.users = new UserFinder((action, input) => this.client.call(action, input));
		this.secrets = credentialSecrets(credentials);
		this.endpoint = voice.voiceRegion ? voiceEndpointOf(credentials, voice.voiceRegion) : endpointOf(credentials);
		this.out = Array.from({ length: itemCount }, () => []);
		this.names = Array.from({ length: itemCount }, () => ({}));
		this.emails = Array.from({ length: itemCount }, () => undefined);
	}

	/** Keeps what an item's request knows of names and emails, for its errors and its output. */
	know(itemIndex: number, request: ItemRequest): void {
		this.names[itemIndex] = request.names;
		this.emails[itemIndex] = request.email;
	}

	/** Any error of a call, as the item's NodeApiError; a NotFound names what `input` looked for. */
	apiError(error: unknown, itemIndex: number, input?: Record<string, unknown>): NodeApiError {
		const failure = describeFailure(error, this.secrets, this.endpoint);
		const named = input && errorCode(failure.code) === 'NotFound' ? notFoundSentence(this.op, input, undefined, this.names[itemIndex]) : undefined;
		const sentence = named ?? refusal(this.op, failure.code, failure.chimeMessage) ?? failure.sentence;
		return chimeApiError(this.fns.getNode(), { ...failure, sentence }, itemIndex);
	}

	/** A read (a list page): retried like every safe call. */
	async send(input: Record<string, unknown>, itemIndex: number): Promise<Response> {
		try {
			return await this.client.call(this.op.chime, input);
		} catch (error) {
			throw this.apiError(error, itemIndex, input);
		}
	}

	/** One item's call, done at most once whatever is lost on the way (reconcile.ts). */
	async settle(input: Record<string, unknown>, itemIndex: number): Promise<Settled> {
		try {
			return await settle(this.client, this.op, input, this.claimed);
		} catch (error) {
			throw this.apiError(error, itemIndex, input);
		}
	}

	/** An item's output; `reconciled` when it was read back from Chime rather than answered. */
	emit(itemIndex: number, results: unknown[], reconciled = false): void {
		if (reconciled) this.reconciled++;
		const email = this.op.outputEmail ? { PrimaryEmail: this.emails[itemIndex] ?? null } : {};
		this.out[itemIndex] = results.map((result) => {
			const json = { ...(plain(result, this.op.reveals) as IDataObject), ...email };
			return { json: reconciled ? { ...json, reconciled: true } : json, pairedItem: { item: itemIndex } };
		});
	}

	/**
	 * With Continue On Fail the error becomes this item's output; otherwise the node stops with it.
	 * `error` and `details` (Chime's code is in the message): the shape n8n sends down a node's error
	 * output; and, where a wait saw what it waited on end badly, that too (a Partial order's numbers).
	 */
	fail(itemIndex: number, error: unknown): void {
		// Stop means stop: a cancelled call does not become an item's error output.
		if (!this.fns.continueOnFail() || this.fns.getExecutionCancelSignal?.()?.aborted) throw error;
		const e = error as Partial<NodeApiError>;
		const json: IDataObject = { error: scrub(e.message ?? String(error), this.secrets) };
		if (e.description) json.details = scrub(e.description, this.secrets);
		// What a wait saw end (a Partial order: the numbers bought), so that nothing bought is only in words.
		const ended = (e as { context?: IDataObject }).context?.ended;
		// n8n sends an item down the error output only while its json holds nothing but error and details:
		// there the numbers bought are in `details`; on the regular output the order itself comes too.
		if (ended && this.op.waitFor && this.fns.getNode().onError !== 'continueErrorOutput') {
			json[resourceMember(this.op.waitFor.chime)] = plain(ended) as IDataObject;
		}
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
		let userId: string | undefined;
		try {
			userId = await this.users.find(accountId, email);
		} catch (error) {
			throw chimeApiError(this.fns.getNode(), describeFailure(error, this.secrets, this.endpoint), itemIndex);
		}
		if (userId) return userId;
		const account = this.names[itemIndex].AccountId ?? accountId;
		throw new NodeOperationError(this.fns.getNode(), `No user with the email ${email} in account ${account} (NotFound)`, {
			itemIndex,
			description: 'Check the email address, or create or invite the user first.',
		});
	}
}

function listEntries(op: Operation, entries: unknown[]): unknown[] {
	return op.listItemKey ? entries.map((value) => ({ [op.listItemKey!]: value })) : entries;
}

/** Follows NextToken until the limit or the end, at the largest page the action allows (paging.ts). */
async function listAll(run: Run, request: ItemRequest, itemIndex: number): Promise<unknown[]> {
	const maxPage = shape(inputShape(run.op.chime).members!.MaxResults.shape).max ?? 100;
	const pageSize = (request.input.MaxResults as number | undefined) ?? maxPage;
	const results: unknown[] = [];
	const read = (token: string | undefined) => {
		const wanted = Math.min(pageSize, request.limit - results.length);
		return run.send({ ...request.input, NextToken: token, MaxResults: wanted }, itemIndex);
	};
	try {
		for await (const page of pages(run.op.chime, run.op.list!, read, { first: request.input.NextToken as string | undefined })) {
			for (const entry of listEntries(run.op, page.entries)) results.push(entry);
			if (results.length >= request.limit) break;
		}
	} catch (error) {
		throw pagingError(run.fns.getNode(), error, itemIndex);
	}
	return results.slice(0, request.limit);
}

async function runSingle(run: Run, request: ItemRequest, itemIndex: number): Promise<void> {
	if (isPaged(run.op)) {
		run.emit(itemIndex, await listAll(run, request, itemIndex));
		return;
	}
	const { answer, reconciled } = await run.settle(request.input, itemIndex);
	if (run.op.waitFor && request.waitMs !== undefined) {
		const done = await waitFor(run, singleOutput(run.op, request.input, answer) as Response, request.waitMs, !!request.partialIsSuccess, itemIndex);
		run.emit(itemIndex, [done], reconciled);
		return;
	}
	run.emit(itemIndex, run.op.list ? listEntries(run.op, (answer[run.op.list] ?? []) as unknown[]) : [singleOutput(run.op, request.input, answer)], reconciled);
}

/** Wait for Completion: reads what the call made until Chime is done with it (wait.ts). */
function waitFor(run: Run, made: Response, waitMs: number, partialIsSuccess: boolean, itemIndex: number): Promise<Response> {
	const { chime } = run.op.waitFor!;
	return waitUntilDone(run.op.waitFor!, made, {
		timeoutMs: waitMs,
		partialIsSuccess,
		signal: run.fns.getExecutionCancelSignal?.(),
		read: async (input) => {
			try {
				return await run.client.call(chime, input);
			} catch (error) {
				throw run.apiError(error, itemIndex);
			}
		},
		fail: (message, description, ended) => {
			const error = new NodeOperationError(run.fns.getNode(), message, { itemIndex, description });
			if (ended) error.context.ended = ended;
			return error;
		},
	});
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
	const size = shape(inputShape(run.op.chime).members![batch.member].shape).max ?? DEFAULT_BATCH_SIZE;
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
		const outcome = await settleBatch(run.client, run.op, base, chunk.map((e) => e.entry), run.claimed);
		for (const [at, result] of outcome.reconciled) run.emit(chunk[at].itemIndex, [entryReconciled(run, base, chunk[at].entry, result)], true);
		const sent = outcome.sent.map((at) => chunk[at]);
		if (outcome.error !== undefined) {
			const error = run.apiError(outcome.error, sent[0]?.itemIndex ?? chunk[0].itemIndex, base);
			for (const { itemIndex } of sent) run.fail(itemIndex, error);
			return;
		}
		if (outcome.answer) await settleChunk(run, base, sent, outcome.answer, outcome);
	});
}

function entryFields(run: Run, entry: unknown): IDataObject {
	return typeof entry === 'object' && entry !== null ? (entry as IDataObject) : { [run.op.batch!.id]: entry as string };
}

/** What a look-up found for a batch entry, shaped like the entry's usual output. */
function entryReconciled(run: Run, base: Record<string, unknown>, entry: unknown, found: Response): unknown {
	return run.op.batch!.results ? found : { success: true, ...base, ...entryFields(run, entry), ...found };
}

/**
 * Chime answers a batch with 200/201 even when entries fail: each failure goes back to its own item.
 * After our own uncertain attempt, a NotFound of a delete is that attempt's doing, and so may be a
 * Conflict of a create: a look-up tells.
 */
async function settleChunk(
	run: Run,
	base: Record<string, unknown>,
	chunk: BatchEntry[],
	response: Response,
	outcome: Pick<Awaited<ReturnType<typeof settleBatch>>, 'afterUncertain' | 'lookup'>,
): Promise<void> {
	const batch = run.op.batch!;
	const byId = (list: unknown) =>
		new Map(((list ?? []) as IDataObject[]).map((e) => [String(e[batch.id]).toLowerCase(), e]));
	const errors = byId(batch.errors ? response[batch.errors] : undefined);
	const results = byId(batch.results ? response[batch.results] : undefined);
	const doneAlready = new Map<number, Response>();
	if (outcome.afterUncertain) {
		const conflicts = chunk.filter(({ entry }) => errorCode(String(errors.get(entryId(run, entry))?.ErrorCode ?? '')) === 'Conflict');
		if (conflicts.length) {
			// A look-up that fails leaves them as Chime said: Conflicts.
			const found = await findDoneEntries(run.op, outcome.lookup, base, conflicts.map((c) => c.entry)).catch(() => new Map<number, Response>());
			for (const [at, result] of found) doneAlready.set(conflicts[at].itemIndex, result);
		}
	}
	for (const { itemIndex, entry } of chunk) {
		const id = entryId(run, entry);
		const failure = errors.get(id);
		const code = failure ? errorCode(scrub(String(failure.ErrorCode ?? 'Unknown'), run.secrets)) : '';
		if (doneAlready.has(itemIndex)) {
			run.emit(itemIndex, [entryReconciled(run, base, entry, doneAlready.get(itemIndex)!)], true);
		} else if (failure && outcome.afterUncertain && run.op.repeat === 'delete' && code === 'NotFound') {
			run.emit(itemIndex, [{ success: true, ...base, ...entryFields(run, entry) }], true);
		} else if (failure) {
			const failed = chimeApiError(
				run.fns.getNode(),
				{
					code,
					chimeMessage: scrub(String(failure.ErrorMessage ?? ''), run.secrets),
					sentence:
						(code === 'NotFound' && notFoundSentence(run.op, base, batchEntryName(run.op, entry), run.names[itemIndex])) ||
						refusal(run.op, code, String(failure.ErrorMessage ?? '')) ||
						explain(code),
				},
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

/** Concurrency, Max Attempts and Timeout from the panel, checked like any other field. */
function requestOptions(fns: IExecuteFunctions): RequestOptions {
	const chosen = { ...REQUEST_OPTIONS, ...(fns.getNodeParameter('requestOptions', 0, {}) as IDataObject) };
	const limits = [
		['concurrency', 'Concurrency', 1, 50],
		['maxAttempts', 'Max Attempts', 1, 20],
		['timeout', 'Timeout', 1, 600_000],
	] as const;
	for (const [name, label, min, max] of limits) {
		const value = chosen[name];
		if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
			throw new NodeOperationError(fns.getNode(), `Invalid "${label}": must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
		}
	}
	return chosen as RequestOptions;
}

/** Throttling at this share of attempts or more is worth a hint on the node: the run was slowed by it. */
const THROTTLE_HINT_SHARE = 0.05;

/** Says, in n8n's log and on the node, what retries and look-ups it took: a slow or odd run explains itself. */
function report(fns: IExecuteFunctions, run: Run): void {
	const calls = run.client.calls;
	const attempts = calls + run.retries;
	if (run.retries > 0) {
		// Look-ups are calls too: named beside the operation's own, so that a throttled ListUsers is not read as GetUser's.
		const byAction = run.client.callsByAction;
		const split = byAction.size > 1 ? ` (${[...byAction].map(([action, count]) => `${action} ${count}`).join(', ')})` : '';
		fns.logger.warn(
			`Amazon Chime ${run.op.chime}: ${attempts} attempts for ${calls} calls${split}; ${run.retries} sent again (${run.throttled} throttled, ${run.retries - run.throttled} failed or unanswered)`,
			{ node: fns.getNode().name, retries: run.retries, throttled: run.throttled, calls, attempts },
		);
	}
	if (run.throttled > 0 && run.throttled >= attempts * THROTTLE_HINT_SHARE) {
		fns.addExecutionHints({
			type: 'warning',
			location: 'outputPane',
			message: `Amazon Chime throttled ${run.throttled} of ${attempts} requests. Each was sent again after a back-off, which slowed this run; lower Concurrency (Request Options, in the node's Settings) if it keeps happening.`,
		});
	}
	if (run.reconciled > 0) {
		const items = run.reconciled === 1 ? '1 item' : `${run.reconciled} items`;
		fns.logger.warn(`Amazon Chime ${run.op.chime}: ${items} read back from Chime after an answer was lost, not sent twice`, {
			node: fns.getNode().name,
			reconciled: run.reconciled,
		});
		fns.addExecutionHints({
			type: 'info',
			location: 'outputPane',
			message: `${run.reconciled} ${run.reconciled === 1 ? 'item was' : 'items were'} checked in Amazon Chime after its answer was lost, instead of being sent twice: ${run.reconciled === 1 ? 'it carries' : 'they carry'} "reconciled": true.`,
		});
	}
}

/**
 * The execute() of every Chime node: read and check all items, then send (`concurrency` calls at a
 * time), then shape output per item, in input order.
 */
export async function executeChime(this: IExecuteFunctions, spec: NodeSpec): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = spec.resources ? (this.getNodeParameter('resource', 0) as string) : undefined;
	const op = findOperation(spec, resource, this.getNodeParameter('operation', 0) as string);
	const options = requestOptions(this);
	const { concurrency } = options;
	const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_NAME);
	const run = new Run(this, op, credentials, items.length, options);
	// Every item is read and checked before anything is sent: bad input stops the node with nothing sent.
	const parameters = new ParameterReader(this);
	const requests: Array<ItemRequest | undefined> = [];
	for (let i = 0; i < items.length; i++) requests.push(await run.guard(i, () => readItem.call(this, op, i, parameters)));
	requests.forEach((request, i) => request && run.know(i, request));
	if (requests.some((request) => request?.lookups.length)) {
		run.users.expect(
			requests.flatMap((request) => (request?.lookups ?? []).map(({ email }) => ({ accountId: String(request!.input.AccountId), email }))),
		);
		await forEachLimited(items.length, concurrency, async (i) => {
			const request = requests[i];
			if (request?.lookups.length && !(await run.guard(i, async () => (await run.resolveLookups(request, i), true)))) {
				requests[i] = undefined;
			}
		});
	}
	try {
		if (op.batch) {
			await runBatches(run, requests);
		} else {
			await forEachLimited(items.length, concurrency, async (i) => {
				const request = requests[i];
				if (request) await run.guard(i, () => runSingle(run, request, i));
			});
		}
	} finally {
		report(this, run);
	}
	return [run.out.flat()];
}
