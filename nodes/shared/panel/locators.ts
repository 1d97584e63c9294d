import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
	type INodeProperties,
} from 'n8n-workflow';

import { chimeClient, credentialSecrets, CREDENTIAL_NAME, endpointOf } from '../chime/client';
import { chimeNodeError } from '../pipeline/errors';
import { nextToken, pages, pagingError } from '../chime/paging';
import { n8nSend } from '../chime/http';
import type { LocatorKind } from '../types';
import { chosenService, voiceEndpointOf } from '../chime/voice';

const SEARCH_METHOD: Record<LocatorKind, string> = {
	account: 'searchAccounts',
	user: 'searchUsers',
	room: 'searchRooms',
	bot: 'searchBots',
	phoneNumber: 'searchPhoneNumbers',
	roomMember: 'searchRoomMembers',
	phoneNumberOrder: 'searchPhoneNumberOrders',
};

const ID_PLACEHOLDER: Record<LocatorKind, string> = {
	account: 'e.g. 12a3456b-7c89-4012-a345-678901e23f45',
	user: 'e.g. 1ab2345c-67de-4890-b123-45c678901d2e',
	room: 'e.g. abcd1e2d-3e45-4678-9012-3f45a67b890c',
	bot: 'e.g. 123abcd4-5ef6-4789-a012-34b56789012c',
	phoneNumber: 'e.g. +12065550100',
	roomMember: 'e.g. 1ab2345c-67de-4890-b123-45c678901d2e',
	phoneNumberOrder: 'e.g. 6e7a1b2c-3d4e-4f5a-8b9c-0d1e2f3a4b5c',
};

/** What From List says while a search pages through a big account (users: a name is matched page by page). */
const SLOW_LOAD: Partial<Record<LocatorKind, string>> = {
	user: 'Looking through every user of the account: a full email address is found at once',
};

/** Users (and room members, who are users or bots) can also be given by email: HR systems know emails. */
const BY_EMAIL: LocatorKind[] = ['user', 'roomMember'];

/** A check on what is typed By ID, from the model's pattern for the ID: shown in the panel as a parameter issue. */
export interface IdFormat {
	/** The model's pattern; n8n anchors it. */
	regex: string;
	errorMessage: string;
}

/** A From List / By ID (/ By Email for users) picker, the way n8n's own nodes offer resources. */
export function locatorProperty(
	kind: LocatorKind,
	base: { displayName: string; name: string; description?: string; required: boolean },
	idFormat?: IdFormat,
): INodeProperties {
	const property: INodeProperties = {
		...base,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: {
					searchListMethod: SEARCH_METHOD[kind],
					searchable: true,
					...(SLOW_LOAD[kind] ? { slowLoadNotice: { message: SLOW_LOAD[kind]!, timeout: 3000 } } : {}),
				},
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: ID_PLACEHOLDER[kind],
				...(idFormat ? { validation: [{ type: 'regex', properties: idFormat }] } : {}),
			},
			{ displayName: 'By Email', name: 'email', type: 'string', placeholder: 'e.g. jane.doe@example.com' },
		],
	};
	if (!BY_EMAIL.includes(kind)) property.modes = property.modes!.filter((mode) => mode.name !== 'email');
	return property;
}

/** One listing call for a picker; a failure reads as it does in the node, never as AWS's raw text. */
type Page<K extends string> = { [key in K]?: Array<Record<string, string | undefined>> } & { NextToken?: string };

async function list<K extends string>(fns: ILoadOptionsFunctions, chimeAction: string, input: Record<string, unknown>): Promise<Page<K>> {
	const credentials = await fns.getCredentials(CREDENTIAL_NAME);
	const { action, voiceRegion } = chosenService(fns, chimeAction);
	let page: Page<K>;
	try {
		page = (await chimeClient(n8nSend(fns, credentials), credentials, { maxAttempts: 3, voiceRegion }).call(action, input)) as Page<K>;
	} catch (error) {
		const endpoint = voiceRegion ? voiceEndpointOf(credentials, voiceRegion) : endpointOf(credentials);
		throw chimeNodeError(fns.getNode(), error, { secrets: credentialSecrets(credentials), endpoint, attemptsSetting: false });
	}
	// The token goes back to n8n, which sends it with the next page's request: text, or nothing.
	try {
		return { ...page, NextToken: nextToken(action, page) };
	} catch (error) {
		throw pagingError(fns.getNode(), error);
	}
}

function chosenAccount(fns: ILoadOptionsFunctions): string {
	const accountId = String(fns.getCurrentNodeParameter('accountId', { extractValue: true }) ?? '').trim();
	if (!accountId) throw new NodeOperationError(fns.getNode(), 'Choose the Account first');
	return accountId;
}

function chosenRoom(fns: ILoadOptionsFunctions): string {
	const roomId = String(fns.getCurrentNodeParameter('roomId', { extractValue: true }) ?? '').trim();
	if (!roomId) throw new NodeOperationError(fns.getNode(), 'Choose the Room first');
	return roomId;
}

/** What typed text must look like to be searched as an email address (ListUsers' UserEmail filter). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A screenful of matches: a name search pages on until it has this many. */
const ENOUGH_MATCHES = 20;
/** Pages of 200 users a name search reads at most: 50,000 users while nothing matches, 2,000 once something does. */
const MAX_PAGES = 250;
const MAX_PAGES_AFTER_A_MATCH = 10;

type UserRecord = Record<string, string | undefined>;

/**
 * "Jane Doe <jane.doe@example.com> (Suspended)": who, and whether the user is Registered, Unregistered
 * (invited, not yet signed in) or Suspended. The node reads the address back (item.ts) for its output.
 */
function userItem(u: UserRecord): INodeListSearchItems {
	const who = u.DisplayName ? `${u.DisplayName} <${u.PrimaryEmail ?? ''}>` : (u.PrimaryEmail ? `<${u.PrimaryEmail}>` : (u.UserId ?? ''));
	return {
		name: u.UserRegistrationStatus ? `${who} (${u.UserRegistrationStatus})` : who,
		value: u.UserId ?? '',
	};
}

function matching(results: INodeListSearchItems[], filter?: string): INodeListSearchItems[] {
	const needle = filter?.trim().toLowerCase();
	if (!needle) return results;
	return results.filter(
		(r) => r.name.toLowerCase().includes(needle) || String(r.value).toLowerCase().includes(needle),
	);
}

/** The `listSearch` methods every node registers; each lists one page and filters it by what was typed. */
export const listSearch = {
	async searchAccounts(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
		const page = await list<'Accounts'>(this, 'ListAccounts', { MaxResults: 200, NextToken: token });
		const results = (page.Accounts ?? []).map((a) => ({ name: a.Name ?? a.AccountId ?? '', value: a.AccountId ?? '' }));
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
	/**
	 * An email address is looked up by Chime (ListUsers' UserEmail): one call in any account. Other text
	 * (a name, part of an address) is matched here, page after page, until a screenful matches: in an
	 * account of 20,000 users the one typed is found, not only those on the first page.
	 */
	async searchUsers(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
		const accountId = chosenAccount(this);
		const needle = filter?.trim() ?? '';
		if (EMAIL.test(needle)) {
			const page = await list<'Users'>(this, 'ListUsers', { AccountId: accountId, UserEmail: needle });
			return { results: (page.Users ?? []).map(userItem) };
		}
		const results: INodeListSearchItems[] = [];
		const read = (next: string | undefined) => list<'Users'>(this, 'ListUsers', { AccountId: accountId, MaxResults: 200, NextToken: next });
		let next: string | undefined;
		try {
			for await (const page of pages('ListUsers', 'Users', read, { first: token })) {
				for (const found of matching((page.entries as UserRecord[]).map(userItem), needle)) results.push(found);
				next = page.next;
				if (!needle || results.length >= ENOUGH_MATCHES || page.number >= (results.length ? MAX_PAGES_AFTER_A_MATCH : MAX_PAGES)) break;
			}
		} catch (error) {
			throw pagingError(this.getNode(), error);
		}
		return { results, paginationToken: next };
	},
	/** The room's own members (Update and Remove take one of them), not every user of the account. */
	async searchRoomMembers(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
		const input = { AccountId: chosenAccount(this), RoomId: chosenRoom(this), MaxResults: 99, NextToken: token };
		const page = (await list<'RoomMemberships'>(this, 'ListRoomMemberships', input)) as unknown as {
			RoomMemberships?: Array<{ Role?: string; Member?: UserRecord }>;
			NextToken?: string;
		};
		const results = (page.RoomMemberships ?? []).map(({ Member: m = {}, Role }) => {
			const who = m.FullName ? `${m.FullName}${m.Email ? ` <${m.Email}>` : ''}` : (m.Email ?? m.MemberId ?? '');
			return { name: `${who}${Role ? ` (${Role})` : ''}`, value: m.MemberId ?? '' };
		});
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
	async searchPhoneNumberOrders(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
		const page = (await list<'PhoneNumberOrders'>(this, 'ListPhoneNumberOrders', { MaxResults: 99, NextToken: token })) as unknown as {
			PhoneNumberOrders?: Array<{ PhoneNumberOrderId?: string; Status?: string; CreatedTimestamp?: Date | string; OrderedPhoneNumbers?: Array<{ E164PhoneNumber?: string }> }>;
			NextToken?: string;
		};
		const results = (page.PhoneNumberOrders ?? []).map((o) => {
			const numbers = (o.OrderedPhoneNumbers ?? []).map((n) => n.E164PhoneNumber).join(', ');
			const created = o.CreatedTimestamp;
			const day = (created instanceof Date ? created.toISOString() : String(created ?? '')).slice(0, 10);
			return { name: `${numbers || o.PhoneNumberOrderId} (${o.Status ?? 'unknown status'}${day ? `, ${day}` : ''})`, value: o.PhoneNumberOrderId ?? '' };
		});
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
	async searchRooms(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
		const page = await list<'Rooms'>(this, 'ListRooms', { AccountId: chosenAccount(this), MaxResults: 99, NextToken: token });
		const results = (page.Rooms ?? []).map((r) => ({ name: r.Name ?? r.RoomId ?? '', value: r.RoomId ?? '' }));
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
	async searchBots(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
		const page = await list<'Bots'>(this, 'ListBots', { AccountId: chosenAccount(this), MaxResults: 99, NextToken: token });
		const results = (page.Bots ?? []).map((b) => ({ name: b.DisplayName ?? b.BotId ?? '', value: b.BotId ?? '' }));
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
	async searchPhoneNumbers(
		this: ILoadOptionsFunctions,
		filter?: string,
		token?: string,
	): Promise<INodeListSearchResult> {
		const page = await list<'PhoneNumbers'>(this, 'ListPhoneNumbers', { MaxResults: 99, NextToken: token });
		const results = (page.PhoneNumbers ?? []).map((p) => ({
			name: `${p.E164PhoneNumber ?? p.PhoneNumberId ?? ''} (${p.Status ?? 'unknown status'})`,
			value: p.PhoneNumberId ?? '',
		}));
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
};
