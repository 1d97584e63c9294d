/**
 * The one paging loop: every list (the nodes' List operations, look-ups, pickers, the trigger) follows
 * NextToken through `pages`, which stops with a clear error on a token that is not text, on a token
 * Chime already sent (it would page forever, or repeat entries), and after more pages than any real
 * account has.
 */
import { NodeOperationError, type INode } from 'n8n-workflow';

type Answer = Record<string, unknown>;

/** 10,000 pages are 2,000,000 users at 200 a page: far beyond any real account, so more means a broken list. */
export const MAX_PAGES = 10_000;

/** A list that misbehaves; `description` says what to do about it. */
class PagingError extends Error {
	readonly description = 'Nothing more was read. Run it again; if it happens again, it is a fault of the Amazon Chime API: tell AWS Support.';
}

/** A PagingError as the node's error, on the item when there is one; any other error as it is. */
export function pagingError(node: INode, error: unknown, itemIndex?: number): unknown {
	return error instanceof PagingError ? new NodeOperationError(node, error.message, { itemIndex, description: error.description }) : error;
}

interface Page {
	/** The page's entries under the list's key (an empty list when there are none). */
	entries: unknown[];
	/** The token of the next page, checked; undefined on the last page. */
	next?: string;
	/** How many pages have been read, this one included. */
	number: number;
}

const stopped = (pages: number) => `stopped after ${pages} ${pages === 1 ? 'page' : 'pages'}`;

/** The NextToken of a page, or undefined at the end; refuses one that is not text. */
export function nextToken(action: string, answer: Answer, pages = 1): string | undefined {
	const token = answer.NextToken;
	if (token === undefined || token === null || token === '') return undefined;
	if (typeof token !== 'string') {
		throw new PagingError(`Amazon Chime sent a NextToken that is not text (${Array.isArray(token) ? 'a list' : typeof token}) while listing ${action}: ${stopped(pages)}`);
	}
	return token;
}

/**
 * Reads page after page: `read(token)` makes one call (undefined: the first page, or `first`). The
 * consumer may stop at any page (`break`); only checked tokens are ever sent.
 */
export async function* pages(
	action: string,
	key: string,
	read: (token: string | undefined) => Promise<Answer>,
	options: { first?: string; maxPages?: number } = {},
): AsyncGenerator<Page> {
	const maxPages = options.maxPages ?? MAX_PAGES;
	const seen = new Set<string>();
	let token = options.first;
	if (token !== undefined) seen.add(token);
	for (let number = 1; ; number++) {
		const answer = await read(token);
		const entries = answer[key] ?? [];
		if (!Array.isArray(entries)) throw new PagingError(`Amazon Chime sent ${key} that is not a list while listing ${action}: ${stopped(number)}`);
		const next = nextToken(action, answer, number);
		if (next !== undefined && seen.has(next)) {
			throw new PagingError(`Amazon Chime sent the same NextToken twice while listing ${action}: ${stopped(number)}`);
		}
		if (next !== undefined && number >= maxPages) {
			throw new PagingError(`Amazon Chime still had more to list after ${number} pages of ${action}, more than any real account holds: stopped`);
		}
		yield { entries, next, number };
		if (next === undefined) return;
		seen.add(next);
		token = next;
	}
}

/** Every entry of a list, appended one by one (a spread of a big page would overflow the stack). */
export async function listAll(action: string, key: string, read: (token: string | undefined) => Promise<Answer>): Promise<unknown[]> {
	const out: unknown[] = [];
	for await (const page of pages(action, key, read)) for (const entry of page.entries) out.push(entry);
	return out;
}
