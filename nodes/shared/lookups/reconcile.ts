/**
 * Exactly once. Actions that must not be done twice (Operation.repeat) are never sent again blindly
 * after an attempt that may have reached Chime (a lost answer, a time limit, a reset, a 5xx): we look
 * in Chime for what that attempt did (for up to 15 s, as its lists may lag), and send again only when
 * it did nothing. What we found is reported as the answer, flagged `reconciled`.
 */
import type { ChimeClient } from '../chime/client';
import { listAll as readAll } from '../chime/paging';
import { wait, type CallOptions } from '../chime/retry';
import type { Operation, Reconcile } from '../types';

type Answer = Record<string, unknown>;

/**
 * Chime's clock may be this far from ours: SigV4 refuses requests signed further off, so anything
 * our first attempt made carries a time no earlier than this before we sent it.
 */
const CLOCK_SKEW_MS = 5 * 60_000;

/** What a look-up knows: the client, when the first attempt was sent, and what this run already reported. */
export interface Lookup {
	client: ChimeClient;
	since: Date;
	/** IDs of things this run has already reported (bots, orders): a look-up never claims one twice. */
	claimed: Set<string>;
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

/** Remembers what a successful answer made, so that no look-up of this run claims it for another item. */
export function noteMade(op: Operation, lookup: Lookup, answer: Answer): void {
	const made = strategyOf(op)?.made?.(answer);
	if (made !== undefined) lookup.claimed.add(String(made));
}

/**
 * How a one-item call may be sent again after an attempt that may have reached Chime (retry.ts):
 * reconciled actions look in Chime first (for up to 15 s, lists lag) and are sent again only when
 * nothing was done; what cannot be looked up (a dial-out) is never sent again.
 */
export function singleRepeat(op: Operation, lookup: Lookup): CallOptions['repeat'] {
	if (op.repeat === 'safe' || op.repeat === 'renew') return 'safe';
	if (op.repeat === 'delete') return 'delete';
	const find = strategyOf(op)?.find;
	if (!find) return 'never';
	return {
		lookUp: async (input) => {
			const found = await lookAgain(lookup, () => find(lookup, input));
			return found ? { done: found } : { resend: input };
		},
	};
}

/**
 * One batch call's entries and how they may be sent again: for reconciled batches (invitations, room
 * memberships), after an uncertain attempt the entries a look-up finds done are `reconciled`, and only
 * the others are sent again (`pending`).
 */
export class BatchEntries {
	readonly reconciled = new Map<number, Answer>();
	pending: number[];

	constructor(
		private readonly op: Operation,
		private readonly lookup: Lookup,
		private readonly base: Answer,
		private readonly entries: unknown[],
	) {
		this.pending = entries.map((_, i) => i);
	}

	get repeat(): CallOptions['repeat'] {
		const findEntries = strategyOf(this.op)?.findEntries;
		if (!findEntries) return 'safe';
		return {
			lookUp: async () => {
				const pending = this.pending;
				const found = await lookAgainEntries(this.lookup, pending.map((i) => this.entries[i]), (missing) => findEntries(this.lookup, this.base, missing));
				for (const [at, result] of found) this.reconciled.set(pending[at], result);
				this.pending = pending.filter((_, at) => !found.has(at));
				const member = this.op.batch!.member;
				return this.pending.length ? { resend: { ...this.base, [member]: this.pending.map((i) => this.entries[i]) } } : { done: {} };
			},
		};
	}

	/** For per-entry Conflicts after our own uncertain attempt: which of these entries a look-up finds done. */
	async doneAmong(entries: unknown[]): Promise<Map<number, Answer>> {
		const findEntries = strategyOf(this.op)?.findEntries;
		return findEntries ? await lookAgainEntries(this.lookup, entries, (missing) => findEntries(this.lookup, this.base, missing)) : new Map();
	}
}
