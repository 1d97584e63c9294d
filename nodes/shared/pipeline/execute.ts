import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { chimeClient, credentialSecrets, CREDENTIAL_NAME, endpointOf, type ChimeClient } from '../chime/client';
import { chimeNodeError, errorCode, scrub } from './errors';
import { batchEntryName, notFoundSentence, refusal } from './messages';
import { plain, singleOutput } from './output';
import { voiceEndpointOf, voiceRun } from '../chime/voice';
import { pages, pagingError } from '../chime/paging';
import { ParameterReader } from './parameters';
import { planOf, type Plan } from './plan';
import { forEachLimited } from './pool';
import { findOperation, REQUEST_OPTIONS } from '../panel/properties';
import { BatchEntries, noteMade, singleRepeat, type Lookup } from '../lookups/reconcile';
import { invalidField, readItem, type ItemRequest } from './item';
import { n8nSend } from '../chime/http';
import { ChimeError } from '../chime/types';
import type { CallResult } from '../chime/retry';
import type { NodeSpec, Operation } from '../types';
import { UserFinder, type ListedUser } from '../lookups/users';
import { resourceMember, waitUntilDone } from './wait';

/**
 * The item pipeline, the same for every operation (User → Suspend, hop by hop):
 * 1. executeChime finds the operation's plan (plan.ts, compiled once);
 * 2. readItem reads and checks each item (item.ts): nothing is sent while any item is bad;
 * 3. findUsers finds users given By Email, once per account and address (users.ts);
 * 4. sendBatches groups items into calls (sendEach: one call an item);
 * 5. ChimeClient.attempt makes the call: attempts, back-off, look-ups after a lost answer (retry.ts);
 * 6. answerBatch gives each item its entry's answer or failure;
 * 7. Run.emit (or Run.fail) makes the output item.
 */

type Response = Record<string, unknown>;

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
	/**
	 * Output per input item, so the node answers in input order whatever order calls finish in: the
	 * item's one output item as it is (no list of one for each of thousands), or its list.
	 */
	private readonly out: Array<INodeExecutionData | INodeExecutionData[] | undefined>;
	readonly concurrency: number;
	/** Attempts sent again, and how many of those because Chime throttled. */
	retries = 0;
	throttled = 0;
	/** Items whose outcome was read back from Chime after an answer was lost. */
	reconciled = 0;
	/** What this run has reported making (bots, orders, accounts): look-ups never claim it for another item. */
	readonly claimed = new Set<string>();
	readonly users: UserFinder;
	/** Per item, what the user saw when picking From List (ItemRequest.names), for errors that name it. */
	readonly names: Array<Record<string, string> | undefined>;
	/** Per item, the user's email when known (Operation.outputEmail). */
	readonly emails: Array<string | undefined>;

	readonly op: Operation;

	constructor(
		readonly fns: IExecuteFunctions,
		readonly plan: Plan,
		credentials: ICredentialDataDecryptedObject,
		itemCount: number,
		options: RequestOptions,
	) {
		this.op = plan.op;
		this.concurrency = options.concurrency;
		const voice = voiceRun(fns, this.op.chime);
		this.client = chimeClient(n8nSend(fns, credentials), credentials, {
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
		this.out = new Array<undefined>(itemCount);
		this.names = new Array<undefined>(itemCount);
		this.emails = new Array<undefined>(itemCount);
	}

	/** Keeps what an item's request knows of names and emails, for its errors and its output. */
	know(itemIndex: number, request: ItemRequest): void {
		this.names[itemIndex] = request.names;
		this.emails[itemIndex] = request.email;
	}

	/**
	 * Any error of a call, as the item's NodeApiError (errors.ts): a NotFound names what `input` (or a
	 * batch's `entry`) looked for, and a refusal the operation knows reads as it says.
	 */
	apiError(error: unknown, itemIndex: number, input?: Record<string, unknown>, entry?: Parameters<typeof notFoundSentence>[2]): NodeApiError {
		return chimeNodeError(this.fns.getNode(), error, {
			secrets: this.secrets,
			endpoint: this.endpoint,
			itemIndex,
			uncertain: this.op.uncertain,
			sentence: (failure) =>
				(input && errorCode(failure.code) === 'NotFound' ? notFoundSentence(this.op, input, entry, this.names[itemIndex]) : undefined) ??
				refusal(this.op, failure.code, failure.chimeMessage),
		});
	}

	/** A read (a list page, a wait's read): retried like every safe call; its failure is the item's error. */
	async read(action: string, input: Record<string, unknown>, itemIndex: number): Promise<Response> {
		try {
			return await this.client.call(action, input);
		} catch (error) {
			throw this.apiError(error, itemIndex, action === this.op.chime ? input : undefined);
		}
	}

	/** What a look-up after a lost answer knows: the client, from when, and what this run already reported. */
	lookup(): Lookup {
		return { client: this.client, since: new Date(), claimed: this.claimed };
	}

	/** An item's output, from what Chime answered; `reconciled` when it was read back rather than answered. */
	emit(itemIndex: number, results: unknown[], reconciled = false): void {
		this.emitPlain(
			itemIndex,
			results.map((result) => plain(result, this.op.reveals) as IDataObject),
			reconciled,
		);
	}

	/** An item's output from objects of its own, already plain JSON (plain() makes new ones: the additions go in them). */
	emitPlain(itemIndex: number, jsons: IDataObject | IDataObject[], reconciled = false): void {
		if (reconciled) this.reconciled++;
		const item = (json: IDataObject): INodeExecutionData => {
			if (this.op.outputEmail) json.PrimaryEmail = this.emails[itemIndex] ?? null;
			if (reconciled) json.reconciled = true;
			return { json, pairedItem: { item: itemIndex } };
		};
		// One object (each of a batch's thousands of entries) is that item's output as it is.
		this.out[itemIndex] = !Array.isArray(jsons) ? item(jsons) : jsons.length === 1 ? item(jsons[0]) : jsons.map(item);
	}

	/** The node's output: each item's in input order. */
	output(): INodeExecutionData[] {
		const output: INodeExecutionData[] = [];
		for (const items of this.out) {
			if (Array.isArray(items)) for (const item of items) output.push(item);
			else if (items) output.push(items);
		}
		return output;
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
		// Chime's failures were scrubbed where they became the node's error (errors.ts); anything else is scrubbed here.
		const ours = error instanceof NodeApiError;
		const clean = (text: string) => (ours ? text : scrub(text, this.secrets));
		const json: IDataObject = { error: clean(e.message ?? String(error)) };
		if (e.description) json.details = clean(e.description);
		// What a wait saw end (a Partial order: the numbers bought), so that nothing bought is only in words.
		const ended = (e as { context?: IDataObject }).context?.ended;
		// n8n sends an item down the error output only while its json holds nothing but error and details:
		// there the numbers bought are in `details`; on the regular output the order itself comes too.
		if (ended && this.op.waitFor && this.fns.getNode().onError !== 'continueErrorOutput') {
			json[resourceMember(this.op.waitFor.chime)] = plain(ended) as IDataObject;
		}
		this.out[itemIndex] = { json, pairedItem: { item: itemIndex } };
	}

	/** The item's work, its error (Continue On Fail) its output; without an await per item where the work is not async. */
	guardNow<T>(itemIndex: number, work: () => T): T | undefined {
		try {
			return work();
		} catch (error) {
			this.fail(itemIndex, error);
			return undefined;
		}
	}

	async guard<T>(itemIndex: number, work: () => Promise<T> | T): Promise<T | undefined> {
		try {
			return await work();
		} catch (error) {
			this.fail(itemIndex, error);
			return undefined;
		}
	}

	/** The user given By Email, or the item's error: NotFound when the account has none with that email. */
	async findUser(accountId: string, email: string, itemIndex: number): Promise<ListedUser> {
		let user: ListedUser | undefined;
		try {
			user = await this.users.find(accountId, email);
		} catch (error) {
			throw this.apiError(error, itemIndex);
		}
		if (user) return user;
		const account = this.names[itemIndex]?.AccountId ?? accountId;
		throw new NodeOperationError(this.fns.getNode(), `No user with the email ${email} in account ${account} (NotFound)`, {
			itemIndex,
			description: 'Check the email address, or create or invite the user first.',
		});
	}
}

function listEntries(plan: Plan, entries: unknown[]): unknown[] {
	const key = plan.paging?.key ?? plan.op.listItemKey;
	return key ? entries.map((value) => ({ [key]: value })) : entries;
}

/** Follows NextToken until the limit or the end, at the largest page the action allows (paging.ts). */
async function listAll(run: Run, request: ItemRequest, itemIndex: number): Promise<unknown[]> {
	const { list, pageMax } = run.plan.paging!;
	const pageSize = (request.input.MaxResults as number | undefined) ?? pageMax;
	const results: unknown[] = [];
	const read = (token: string | undefined) => {
		const wanted = Math.min(pageSize, request.limit - results.length);
		return run.read(run.op.chime, { ...request.input, NextToken: token, MaxResults: wanted }, itemIndex);
	};
	try {
		for await (const page of pages(run.op.chime, list, read, { first: request.input.NextToken as string | undefined })) {
			for (const entry of listEntries(run.plan, page.entries)) results.push(entry);
			if (results.length >= request.limit) break;
		}
	} catch (error) {
		throw pagingError(run.fns.getNode(), error, itemIndex);
	}
	return results.slice(0, request.limit);
}

/**
 * Users given By Email: each item's users found (once per account and address), their IDs put where the
 * emails stood and checked like any ID. An item whose user is not found fails on its own.
 */
async function findUsers(run: Run, requests: Array<ItemRequest | undefined>): Promise<void> {
	const wanted: Array<{ accountId: string; email: string }> = [];
	for (const request of requests) for (const { email } of request?.lookups ?? []) wanted.push({ accountId: String(request!.input.AccountId), email });
	if (wanted.length === 0) return;
	run.users.expect(wanted);
	await forEachLimited(requests.length, run.concurrency, async (i) => {
		const request = requests[i];
		if (!request?.lookups.length) return;
		const found = await run.guard(i, async () => {
			for (const lookup of request.lookups) {
				const user = await run.findUser(String(request.input.AccountId), lookup.email, i);
				lookup.place(request.input, user.UserId);
				request.user = user;
			}
			const problem = run.plan.check(request.input);
			if (problem) throw invalidField(run.fns, run.plan, problem, i);
			return true;
		});
		if (!found) requests[i] = undefined;
	});
}

/** One call per item: a list read to its end or limit, or one action, done at most once (retry.ts). */
async function sendEach(run: Run, request: ItemRequest, itemIndex: number): Promise<void> {
	const { plan, op } = run;
	if (plan.paging) {
		run.emit(itemIndex, await listAll(run, request, itemIndex));
		return;
	}
	let result: Pick<CallResult, 'answer' | 'reconciled'>;
	if (op.answeredByLookUp && request.user && plan.output.kind === 'resource') {
		// ListUsers already answered with the very user this action reads.
		result = { answer: { [plan.output.member]: request.user }, reconciled: false };
	} else {
		const lookup = run.lookup();
		try {
			result = await run.client.attempt(op.chime, request.input, { repeat: singleRepeat(op, lookup) });
		} catch (error) {
			throw run.apiError(error, itemIndex, request.input);
		}
		if (!result.reconciled) noteMade(op, lookup, result.answer);
	}
	const { answer, reconciled } = result;
	if (op.waitFor && request.waitMs !== undefined) {
		const done = await waitFor(run, singleOutput(op, plan.output, request.input, answer) as Response, request.waitMs, !!request.partialIsSuccess, itemIndex);
		run.emit(itemIndex, [done], reconciled);
		return;
	}
	run.emit(itemIndex, op.list ? listEntries(plan, (answer[op.list] ?? []) as unknown[]) : [singleOutput(op, plan.output, request.input, answer)], reconciled);
}

/** Wait for Completion: reads what the call made until Chime is done with it (wait.ts). */
function waitFor(run: Run, made: Response, waitMs: number, partialIsSuccess: boolean, itemIndex: number): Promise<Response> {
	const { chime } = run.op.waitFor!;
	return waitUntilDone(run.op.waitFor!, made, {
		timeoutMs: waitMs,
		partialIsSuccess,
		signal: run.fns.getExecutionCancelSignal?.(),
		read: async (input) => await run.read(chime, input, itemIndex),
		fail: (message, description, ended) => {
			const error = new NodeOperationError(run.fns.getNode(), message, { itemIndex, description });
			if (ended) error.context.ended = ended;
			return error;
		},
	});
}

/** An item's entry of a batch call. */
interface BatchEntry {
	itemIndex: number;
	entry: unknown;
}

/** A batch entry as its ID (the batch's key), lower-cased as Chime's per-entry answers are matched. */
function entryId(run: Run, entry: unknown): string {
	return String(typeof entry === 'object' && entry !== null ? (entry as IDataObject)[run.plan.batch!.id] : entry).toLowerCase();
}

/** A batch entry done: success, what its call shared, and the entry; made from the checked request, so plain already. */
function entryDone(run: Run, base: Record<string, unknown>, entry: unknown): IDataObject {
	if (typeof entry === 'object' && entry !== null) return { success: true, ...base, ...(entry as IDataObject) } as IDataObject;
	return { success: true, ...base, [run.plan.batch!.id]: entry } as IDataObject;
}

/**
 * Groups items that share everything but their entry, splits each group into as few calls as the
 * action allows, and sends those calls `concurrency` at a time.
 */
async function sendBatches(run: Run, requests: Array<ItemRequest | undefined>): Promise<void> {
	const { member, size } = run.plan.batch!;
	type Group = { base: Record<string, unknown>; members: number; entries: BatchEntry[] };
	const groups = new Map<string, Group>();
	let last: Group | undefined;
	requests.forEach((request, itemIndex) => {
		if (!request) return;
		const { input } = request;
		// Thousands of items, one account: most share the group of the item before.
		if (last && sameBase(input, last, member)) {
			last.entries.push({ itemIndex, entry: (input[member] as unknown[])[0] });
			return;
		}
		// Everything but the entry, as text: no copy of each input.
		let key = '';
		for (const name in input) {
			const value = input[name];
			if (name !== member) key += `${name}\u0000${typeof value === 'string' ? value : JSON.stringify(value)}\u0001`;
		}
		let group = groups.get(key);
		if (!group) {
			const base = Object.fromEntries(Object.entries(input).filter(([name]) => name !== member));
			groups.set(key, (group = { base, members: Object.keys(base).length, entries: [] }));
		}
		group.entries.push({ itemIndex, entry: (input[member] as unknown[])[0] });
		last = group;
	});
	const calls: Array<{ base: Record<string, unknown>; chunk: BatchEntry[] }> = [];
	for (const { base, entries } of groups.values()) {
		for (let start = 0; start < entries.length; start += size) calls.push({ base, chunk: entries.slice(start, start + size) });
	}
	await forEachLimited(calls.length, run.concurrency, async (index) => {
		const { base, chunk } = calls[index];
		const entries = chunk.map((e) => e.entry);
		const batch = new BatchEntries(run.op, run.lookup(), base, entries);
		let result: CallResult | undefined;
		let failure: unknown;
		try {
			result = await run.client.attempt(run.op.chime, { ...base, [member]: entries }, { repeat: batch.repeat });
		} catch (error) {
			failure = error;
		}
		for (const [at, found] of batch.reconciled) run.emit(chunk[at].itemIndex, [entryReconciled(run, base, chunk[at].entry, found)], true);
		// What the last attempt held: the entries a look-up did not find done already.
		const sent = batch.pending.length === chunk.length ? chunk : batch.pending.map((at) => chunk[at]);
		if (failure !== undefined) {
			const error = run.apiError(failure, sent[0]?.itemIndex ?? chunk[0].itemIndex, base);
			for (const { itemIndex } of sent) run.fail(itemIndex, error);
			return;
		}
		if (sent.length) await answerBatch(run, base, sent, result!, batch);
	});
}

/** Whether `input` holds exactly a group's base besides its entry: the same text, or the very same object. */
function sameBase(input: Record<string, unknown>, { base, members }: { base: Record<string, unknown>; members: number }, member: string): boolean {
	let count = 0;
	for (const name in input) {
		if (name === member) continue;
		if (input[name] !== base[name]) return false;
		count++;
	}
	return count === members;
}

/** What a look-up found for a batch entry, shaped like the entry's usual output. */
function entryReconciled(run: Run, base: Record<string, unknown>, entry: unknown, found: Response): unknown {
	return run.plan.batch!.results ? found : { ...entryDone(run, base, entry), ...found };
}

/**
 * Chime answers a batch with 200/201 even when entries fail: each failure goes back to its own item.
 * After our own uncertain attempt, a NotFound of a delete is that attempt's doing, and so may be a
 * Conflict of a create: a look-up tells.
 */
async function answerBatch(run: Run, base: Record<string, unknown>, chunk: BatchEntry[], result: CallResult, batch: BatchEntries): Promise<void> {
	const { errors: errorsKey, results: resultsKey } = run.plan.batch!;
	const response = result.answer;
	// The usual answer: every entry done, nothing to match by ID.
	if (!resultsKey && !(errorsKey && (response[errorsKey] as unknown[] | undefined)?.length)) {
		for (const { itemIndex, entry } of chunk) run.emitPlain(itemIndex, entryDone(run, base, entry));
		return;
	}
	const byId = (list: unknown) => new Map(((list ?? []) as IDataObject[]).map((e) => [entryId(run, e), e]));
	const errors = byId(errorsKey ? response[errorsKey] : undefined);
	const results = byId(resultsKey ? response[resultsKey] : undefined);
	const doneAlready = new Map<number, Response>();
	if (result.afterUncertain) {
		const conflicts = chunk.filter(({ entry }) => errorCode(String(errors.get(entryId(run, entry))?.ErrorCode ?? '')) === 'Conflict');
		if (conflicts.length) {
			// A look-up that fails leaves them as Chime said: Conflicts.
			const found = await batch.doneAmong(conflicts.map((c) => c.entry)).catch(() => new Map<number, Response>());
			for (const [at, done] of found) doneAlready.set(conflicts[at].itemIndex, done);
		}
	}
	for (const { itemIndex, entry } of chunk) {
		const id = entryId(run, entry);
		const failure = errors.get(id);
		const code = failure ? errorCode(String(failure.ErrorCode ?? 'Unknown')) : '';
		if (doneAlready.has(itemIndex)) {
			run.emit(itemIndex, [entryReconciled(run, base, entry, doneAlready.get(itemIndex)!)], true);
		} else if (failure && result.afterUncertain && run.op.repeat === 'delete' && code === 'NotFound') {
			run.emitPlain(itemIndex, entryDone(run, base, entry), true);
		} else if (failure) {
			// Chime's word on this entry, through the same error path as a failed call (no HTTP status of its own).
			const refused = new ChimeError(code, String(failure.ErrorMessage ?? ''), 0);
			run.fail(itemIndex, run.apiError(refused, itemIndex, base, batchEntryName(run.op, entry)));
		} else if (resultsKey) {
			const found = results.get(id);
			if (found) run.emit(itemIndex, [found]);
			else run.fail(itemIndex, new NodeOperationError(run.fns.getNode(), `Amazon Chime returned no result for ${id}`, { itemIndex }));
		} else {
			run.emitPlain(itemIndex, entryDone(run, base, entry));
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
	const plan = planOf(findOperation(spec, resource, this.getNodeParameter('operation', 0) as string));
	const options = requestOptions(this);
	const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_NAME);
	const run = new Run(this, plan, credentials, items.length, options);
	// Every item is read and checked before anything is sent: bad input stops the node with nothing sent.
	const parameters = new ParameterReader(this);
	const requests: Array<ItemRequest | undefined> = [];
	for (let i = 0; i < items.length; i++) requests.push(run.guardNow(i, () => readItem.call(this, plan, i, parameters)));
	requests.forEach((request, i) => request && run.know(i, request));
	await findUsers(run, requests);
	try {
		if (plan.batch) {
			await sendBatches(run, requests);
		} else {
			await forEachLimited(items.length, options.concurrency, async (i) => {
				const request = requests[i];
				if (request) await run.guard(i, () => sendEach(run, request, i));
			});
		}
	} finally {
		report(this, run);
	}
	return [run.output()];
}
