/**
 * Users given By Email are found by it: the user as ListUsers answers it (its ID, and for Get User the
 * whole answer). One ListUsers call with the email filter per address, unless many
 * addresses of one account are wanted in the same run: then one paged listing of the account (200 a
 * page) answers them all, as long as it stays cheaper than asking one by one.
 */
import { pages } from '../chime/paging';

type Call = (action: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** A user as ListUsers answers it. */
export type ListedUser = Record<string, unknown> & { UserId?: string; PrimaryEmail?: string };

interface Listing {
	/** Lower-cased email → user, for every wanted user listed. */
	users: Map<string, ListedUser>;
	/** Whether the whole account was listed: an email not in `users` then has no user. */
	complete: boolean;
}

/** Below this many emails of one account, asking one by one is as cheap as any listing could be. */
const LISTING_THRESHOLD = 20;
const PAGE_SIZE = 200;

export class UserFinder {
	private readonly listings = new Map<string, Promise<Listing>>();
	private readonly found = new Map<string, Promise<ListedUser | undefined>>();

	constructor(private readonly call: Call) {}

	/** Tells the finder every (account, email) the run will ask for, before the first find. */
	expect(wanted: Array<{ accountId: string; email: string }>): void {
		const byAccount = new Map<string, Set<string>>();
		for (const { accountId, email } of wanted) {
			if (!byAccount.has(accountId)) byAccount.set(accountId, new Set());
			byAccount.get(accountId)!.add(email.toLowerCase());
		}
		for (const [accountId, emails] of byAccount) {
			if (emails.size >= LISTING_THRESHOLD) this.listings.set(accountId, this.list(accountId, emails));
		}
	}

	/** The user, or undefined when the account has no user with that email. */
	find(accountId: string, email: string): Promise<ListedUser | undefined> {
		const key = `${accountId}\n${email.toLowerCase()}`;
		if (!this.found.has(key)) this.found.set(key, this.lookUp(accountId, email));
		return this.found.get(key)!;
	}

	private async lookUp(accountId: string, email: string): Promise<ListedUser | undefined> {
		const listing = await this.listings.get(accountId);
		const listed = listing?.users.get(email.toLowerCase());
		if (listed || listing?.complete) return listed;
		// Not listed (yet): the filter answers for this one address, with its own error if it fails.
		const page = (await this.call('ListUsers', { AccountId: accountId, UserEmail: email })) as { Users?: ListedUser[] };
		return (page.Users ?? []).find((u) => u.UserId && u.PrimaryEmail?.toLowerCase() === email.toLowerCase());
	}

	/**
	 * Pages through the account while a further page can still save calls: while the addresses not yet
	 * found outnumber twice the pages read (so it never costs more than about half again what asking one
	 * by one would), or while each page has found more than one of them on average (finding the rest
	 * then takes fewer pages than addresses: 10,000 leavers of 100,000 users are 500 pages, not 10,000
	 * calls). A failed page ends the listing; the rest are asked for one by one.
	 */
	private async list(accountId: string, emails: Set<string>): Promise<Listing> {
		const users = new Map<string, ListedUser>();
		let unresolved = emails.size;
		const read = (token: string | undefined) => this.call('ListUsers', { AccountId: accountId, MaxResults: PAGE_SIZE, NextToken: token });
		try {
			for await (const page of pages('ListUsers', 'Users', read)) {
				for (const user of page.entries as ListedUser[]) {
					const email = user.PrimaryEmail?.toLowerCase();
					// Only the users asked for are kept: an account of 100,000 is not held in memory.
					if (!email || !user.UserId || !emails.has(email) || users.has(email)) continue;
					unresolved--;
					users.set(email, user);
				}
				if (!page.next) return { users, complete: true };
				const found = emails.size - unresolved;
				if (unresolved <= 2 * page.number && found <= page.number) break;
			}
		} catch {
			// Each address is then asked for by itself, and fails on its own item if Chime still refuses.
		}
		return { users, complete: false };
	}
}
