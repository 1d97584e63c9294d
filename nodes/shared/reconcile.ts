/**
 * Exactly once. Actions that must not be done twice (Operation.repeat) are never sent again blindly
 * after an attempt that may have reached Chime (a lost answer, a time limit, a reset, a 5xx): we look
 * in Chime for what that attempt did (for up to 15 s, as its lists may lag), and send again only when
 * it did nothing. What we found is reported as the answer, flagged `reconciled`.
 */
import type { ChimeClient } from './client';
import { errorCode } from './errors';
import { listAll as readAll } from './paging';
import { afterUncertain, attemptsOf, wait } from './transport/retry';
import { OutcomeUnknownError } from './transport/types';
import type { Operation, Reconcile } from './types';

type Answer = Record<string, unknown>;

/**
 * Chime's clock may be this far from ours: SigV4 refuses requests signed further off, so anything
 * our first attempt made carries a time no earlier than this before we sent it.
 */
const CLOCK_SKEW_MS = 5 * 60_000;

/** What a look-up knows: the client, when the first attempt was sent, and what this run already reported. */
interface Lookup {
	client: ChimeClient;
	since: Date;
	/** IDs of things this run has already reported (bots, orders): a look-up never claims one twice. */
	claimed: Set<string>;
}

/** How the call ended: Chime's answer, or what a look-up found in Chime after an answer was lost. */
export interface Settled {
	answer: Answer;
	reconciled: boolean;
}

const lower = (value: unknown) => String(value ?? '').toLowerCase();

/** Made by our attempt, as far as a creation time tells: not before the first attempt (less the clock skew). */
function recent(lookup: Lookup, value: unknown): boolean {
	if (!(value instanceof Date)) return value === undefined;
	return value.getTime() >= lookup.since.getTime() - CLOCK_SKEW_MS;
}

/** Every entry of a paged list (paging.ts). Look-ups are reads: retried like any safe call. */
async function listAll(client: ChimeClient, action: string, input: Answer, key: string): Promise<Answer[]> {
	return (await readAll(action, key, (token) => client.call(action, token ? { ...input, NextToken: token } : input))) as Answer[];
}

/**
 * Chime's lists and gets may lag behind its writes: a look-up that finds nothing reads again after
 * each of these waits (15 s in all, 5 reads) before it concludes that the attempt made nothing.
 */
export const LOOK_AGAIN_MS = [1000, 2000, 4000, 8000];

/** A one-item look-up, read again while it finds nothing, like lookAgainEntries. */
async function lookAgain(lookup: Lookup, find: () => Promise<Answer | undefined>): Promise<Answer | undefined> {
	const found = await lookAgainEntries(lookup, [undefined], async () => {
		const answer = await find();
		return new Map(answer ? [[0, answer]] : []);
	});
	return found.get(0);
}

/** A batch look-up, read again for the entries it has not found yet, for as long as LOOK_AGAIN_MS allows. */
async function lookAgainEntries(
	lookup: Lookup,
	entries: unknown[],
	find: (entries: unknown[]) => Promise<Map<number, Answer>>,
): Promise<Map<number, Answer>> {
	const done = new Map<number, Answer>();
	let missing = entries.map((_, i) => i);
	for (let i = 0; ; i++) {
		const found = await find(missing.map((at) => entries[at]));
		for (const [at, result] of found) done.set(missing[at], result);
		missing = missing.filter((_, at) => !found.has(at));
		if (missing.length === 0 || i >= LOOK_AGAIN_MS.length) return done;
		await wait(LOOK_AGAIN_MS[i], lookup.client.policy.signal);
	}
}

async function userByEmail(lookup: Lookup, accountId: unknown, email: unknown): Promise<Answer | undefined> {
	const page = await lookup.client.call('ListUsers', { AccountId: accountId, UserEmail: email });
	return ((page.Users ?? []) as Answer[]).find((user) => lower(user.PrimaryEmail) === lower(email));
}

/** The newest match not yet claimed by this run. */
function newest(lookup: Lookup, found: Answer[], id: string, created: string): Answer | undefined {
	const free = found.filter((entry) => !lookup.claimed.has(String(entry[id])));
	const time = (entry: Answer) => (entry[created] instanceof Date ? (entry[created] as Date).getTime() : 0);
	const best = free.sort((a, b) => time(b) - time(a))[0];
	if (best) lookup.claimed.add(String(best[id]));
	return best;
}

interface Strategy {
	/** The ID of what a successful answer made, so that no look-up of this run claims it for another item. */
	made?(answer: Answer): unknown;
	/** One-item actions: the answer Chime would have given, when the earlier attempt did it. */
	find?(lookup: Lookup, input: Answer): Promise<Answer | undefined>;
	/** Batch actions: per entry that was done, what to report for it. */
	findEntries?(lookup: Lookup, base: Answer, entries: unknown[]): Promise<Map<number, Answer>>;
}

const STRATEGIES: Record<Reconcile, Strategy> = {
	// Emails are unique in an account (and Create asks for one): a user with it exists, so the create happened.
	user: {
		async find(lookup, input) {
			const user = await userByEmail(lookup, input.AccountId, input.Email);
			return user && { User: user };
		},
	},
	// An invitation is pending since our first attempt. A registered user is never invited again by Chime
	// (it answers Accepted and sends nothing), so sending those again is harmless.
	invitation: {
		async findEntries(lookup, base, entries) {
			const done = new Map<number, Answer>();
			for (let i = 0; i < entries.length; i++) {
				const user = await userByEmail(lookup, base.AccountId, entries[i]);
				if (user?.UserInvitationStatus === 'Pending' && user.InvitedOn instanceof Date && recent(lookup, user.InvitedOn)) {
					done.set(i, { EmailAddress: entries[i], Status: 'Pending', UserId: user.UserId, InvitedOn: user.InvitedOn });
				}
			}
			return done;
		},
	},
	// Account names are unique; one made since our first attempt is ours.
	account: {
		made: (answer) => (answer.Account as Answer | undefined)?.AccountId,
		async find(lookup, input) {
			const accounts = await listAll(lookup.client, 'ListAccounts', { Name: input.Name }, 'Accounts');
			const account = newest(
				lookup,
				accounts.filter((a) => a.Name === input.Name && recent(lookup, a.CreatedTimestamp)),
				'AccountId',
				'CreatedTimestamp',
			);
			return account && { Account: account };
		},
	},
	// Bot names are not unique: the newest bot of that name made since our first attempt, not yet reported.
	bot: {
		made: (answer) => (answer.Bot as Answer | undefined)?.BotId,
		async find(lookup, input) {
			const bots = await listAll(lookup.client, 'ListBots', { AccountId: input.AccountId }, 'Bots');
			const bot = newest(
				lookup,
				bots.filter((b) => b.DisplayName === input.DisplayName && recent(lookup, b.CreatedTimestamp)),
				'BotId',
				'CreatedTimestamp',
			);
			return bot && { Bot: bot };
		},
	},
	// The member is in the room.
	membership: {
		async find(lookup, input) {
			const members = await roomMembers(lookup, input);
			const membership = members.get(lower(input.MemberId));
			return membership && { RoomMembership: membership };
		},
		async findEntries(lookup, base, entries) {
			const members = await roomMembers(lookup, base);
			const done = new Map<number, Answer>();
			entries.forEach((entry, i) => {
				const membership = members.get(lower((entry as Answer).MemberId));
				if (membership) done.set(i, membership);
			});
			return done;
		},
	},
	// An order of the same numbers and product type placed since our first attempt, not yet reported.
	phoneNumberOrder: {
		made: (answer) => (answer.PhoneNumberOrder as Answer | undefined)?.PhoneNumberOrderId,
		async find(lookup, input) {
			const wanted = [...new Set((input.E164PhoneNumbers as string[]) ?? [])].sort().join(',');
			const orders = await listAll(lookup.client, 'ListPhoneNumberOrders', {}, 'PhoneNumberOrders');
			const numbersOf = (order: Answer) =>
				[...new Set(((order.OrderedPhoneNumbers ?? []) as Answer[]).map((n) => String(n.E164PhoneNumber)))].sort().join(',');
			const order = newest(
				lookup,
				orders.filter((o) => o.ProductType === input.ProductType && numbersOf(o) === wanted && recent(lookup, o.CreatedTimestamp)),
				'PhoneNumberOrderId',
				'CreatedTimestamp',
			);
			return order && { PhoneNumberOrder: order };
		},
	},
	// Restoring is harmless twice, but the second answers BadRequest: a number out of the deletion queue was restored.
	restoredNumber: {
		async find(lookup, input) {
			const { PhoneNumber: number } = (await lookup.client.call('GetPhoneNumber', { PhoneNumberId: input.PhoneNumberId })) as {
				PhoneNumber?: Answer;
			};
			return number && number.Status !== 'DeleteInProgress' ? { PhoneNumber: number } : undefined;
		},
	},
};

/** A room's memberships by member ID. */
async function roomMembers(lookup: Lookup, input: Answer): Promise<Map<string, Answer>> {
	const memberships = await listAll(lookup.client, 'ListRoomMemberships', { AccountId: input.AccountId, RoomId: input.RoomId }, 'RoomMemberships');
	return new Map(memberships.map((m) => [lower((m.Member as Answer | undefined)?.MemberId), m]));
}

/** The look-ups of an operation whose repeat is reconciled. */
function strategyOf(op: Operation): Strategy | undefined {
	return typeof op.repeat === 'object' ? STRATEGIES[op.repeat.reconcile] : undefined;
}

/** A look-up that fails leaves the outcome unknown: the item says so. */
async function checked<T>(lookup: Promise<T>, uncertain: OutcomeUnknownError): Promise<T> {
	try {
		return await lookup;
	} catch {
		throw Object.assign(uncertain, { checkFailed: true });
	}
}

function withAttempts(error: unknown, attempts: number): unknown {
	return error && typeof error === 'object' ? Object.assign(error, { attempts }) : error;
}

/**
 * One call of a one-item action, done at most once:
 * - safe and renewing actions are retried as they are;
 * - deletes are retried, and a NotFound after our own uncertain attempt means that attempt did it;
 * - reconciled actions are never sent again after an uncertain attempt until a look-up shows it did
 *   nothing; what a look-up finds is the answer. A Conflict after our own uncertain attempt is looked up too;
 * - what cannot be looked up (a dial-out) ends with an OutcomeUnknownError after an uncertain attempt.
 */
export async function settle(client: ChimeClient, op: Operation, input: Answer, claimed: Set<string>): Promise<Settled> {
	if (op.repeat === 'safe' || op.repeat === 'renew') return { answer: await client.call(op.chime, input), reconciled: false };
	if (op.repeat === 'delete') {
		const outcome = await client.call(op.chime, input).then(
			(answer) => ({ answer }),
			(error: unknown) => ({ error }),
		);
		if ('answer' in outcome) return { answer: outcome.answer, reconciled: false };
		// Gone, after an attempt of ours that may have landed: that attempt deleted it.
		if (afterUncertain(outcome.error) && errorCode((outcome.error as { code?: string }).code) === 'NotFound') return { answer: {}, reconciled: true };
		throw outcome.error;
	}
	const strategy = strategyOf(op);
	if (!strategy?.find) return { answer: (await client.attempt(op.chime, input, { repeatable: false })).answer, reconciled: false };

	const lookup: Lookup = { client, since: new Date(), claimed };
	let left = client.policy.maxAttempts;
	let used = 0;
	let uncertain = false;
	for (;;) {
		try {
			const { answer } = await client.attempt(op.chime, input, { repeatable: false, maxAttempts: left });
			const made = strategy.made?.(answer);
			if (made !== undefined) claimed.add(String(made));
			return { answer, reconciled: false };
		} catch (error) {
			if (!(error instanceof OutcomeUnknownError)) {
				used += attemptsOf(error) ?? 1;
				// Chime's last word; a Conflict may be our own earlier attempt's doing.
				if (uncertain && errorCode((error as { code?: string }).code) === 'Conflict') {
					const found = await lookAgain(lookup, () => strategy.find!(lookup, input)).catch(() => undefined);
					if (found) return { answer: found, reconciled: true };
				}
				throw withAttempts(error, used);
			}
			used += error.attempts;
			left -= error.attempts;
			uncertain = true;
			const found = await checked(lookAgain(lookup, () => strategy.find!(lookup, input)), error);
			if (found) return { answer: found, reconciled: true };
			// Not done: sending again is safe, while attempts remain.
			if (left <= 0) throw withAttempts(error.reason, used);
		}
	}
}

interface EntryOutcome {
	/** Chime's answer for the entries of the last call sent. */
	answer?: Answer;
	/** Positions (in `entries`) of the entries the answer or the error is about. */
	sent: number[];
	/** Entries a look-up found done, by position, with what to report for each. */
	reconciled: Map<number, Answer>;
	/** The error that ended the call for the entries in `sent`. */
	error?: unknown;
	/** An earlier attempt may have reached Chime: per-entry NotFounds and Conflicts may be its doing. */
	afterUncertain: boolean;
	lookup: Lookup;
}

/**
 * One call of a batch action. For reconciled batches (invitations, room memberships), after an uncertain
 * attempt the entries a look-up finds done are reported as such, and only the others are sent again.
 */
export async function settleBatch(client: ChimeClient, op: Operation, base: Answer, entries: unknown[], claimed: Set<string>): Promise<EntryOutcome> {
	const member = op.batch!.member;
	const strategy = strategyOf(op);
	const lookup: Lookup = { client, since: new Date(), claimed };
	const reconciled = new Map<number, Answer>();
	let pending = entries.map((_, i) => i);
	if (!strategy?.findEntries) {
		try {
			const repeatable = op.repeat === 'safe' || op.repeat === 'delete' || op.repeat === 'renew';
			const { answer, afterUncertain: uncertain } = await client.attempt(op.chime, { ...base, [member]: entries }, { repeatable });
			return { answer, sent: pending, reconciled, afterUncertain: uncertain, lookup };
		} catch (error) {
			return { sent: pending, reconciled, error, afterUncertain: afterUncertain(error), lookup };
		}
	}
	let left = client.policy.maxAttempts;
	let used = 0;
	let uncertain = false;
	for (;;) {
		try {
			const call = { ...base, [member]: pending.map((i) => entries[i]) };
			const { answer } = await client.attempt(op.chime, call, { repeatable: false, maxAttempts: left });
			return { answer, sent: pending, reconciled, afterUncertain: uncertain, lookup };
		} catch (error) {
			if (!(error instanceof OutcomeUnknownError)) {
				return { sent: pending, reconciled, error: withAttempts(error, used + (attemptsOf(error) ?? 1)), afterUncertain: uncertain, lookup };
			}
			used += error.attempts;
			left -= error.attempts;
			uncertain = true;
			let found: Map<number, Answer>;
			try {
				found = await lookAgainEntries(lookup, pending.map((i) => entries[i]), (missing) => strategy.findEntries!(lookup, base, missing));
			} catch {
				return { sent: pending, reconciled, error: Object.assign(error, { checkFailed: true }), afterUncertain: true, lookup };
			}
			for (const [at, result] of found) reconciled.set(pending[at], result);
			pending = pending.filter((_, at) => !found.has(at));
			if (pending.length === 0) return { sent: [], reconciled, afterUncertain: true, lookup };
			// Not done: sending those again is safe, while attempts remain.
			if (left <= 0) return { sent: pending, reconciled, error: withAttempts(error.reason, used), afterUncertain: true, lookup };
		}
	}
}

/** For per-entry Conflicts after our own uncertain attempt: which of these entries a look-up finds done. */
export async function findDoneEntries(op: Operation, lookup: Lookup, base: Answer, entries: unknown[]): Promise<Map<number, Answer>> {
	const strategy = strategyOf(op);
	return strategy?.findEntries ? await lookAgainEntries(lookup, entries, (missing) => strategy.findEntries!(lookup, base, missing)) : new Map();
}
