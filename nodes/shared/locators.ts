import {
	ListAccountsCommand,
	ListBotsCommand,
	ListPhoneNumbersCommand,
	ListRoomsCommand,
	ListUsersCommand,
	type ChimeClient,
} from '@aws-sdk/client-chime';
import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
	type INodeProperties,
	type INodePropertyMode,
} from 'n8n-workflow';

import { chimeClient, CREDENTIAL_NAME } from './client';
import type { LocatorKind } from './types';

const SEARCH_METHOD: Record<LocatorKind, string> = {
	account: 'searchAccounts',
	user: 'searchUsers',
	room: 'searchRooms',
	bot: 'searchBots',
	phoneNumber: 'searchPhoneNumbers',
};

const ID_PLACEHOLDER: Record<LocatorKind, string> = {
	account: 'e.g. 12a3456b-7c89-012d-3456-78901e23fg45',
	user: 'e.g. 1ab2345c-67de-8901-f23g-45h678901j2k',
	room: 'e.g. abcd1e2d-3e45-6789-01f2-3g45h67i890j',
	bot: 'e.g. 123abcd4-5ef6-789g-0h12-34j56789012k',
	phoneNumber: 'e.g. +12065550100',
};

/** A From List / By ID (/ By Email for users) picker, the way n8n's own nodes offer resources. */
export function locatorProperty(
	kind: LocatorKind,
	base: { displayName: string; name: string; description?: string; required: boolean },
): INodeProperties {
	// Locator modes take no default of their own (the locator's default names the mode): the rule mistakes them for parameters.
	/* eslint-disable n8n-nodes-base/node-param-default-missing */
	const modes: INodePropertyMode[] = [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: SEARCH_METHOD[kind], searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: ID_PLACEHOLDER[kind] },
	];
	if (kind === 'user') {
		modes.push({
			displayName: 'By Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. jane.doe@example.com',
		});
	}
	/* eslint-enable n8n-nodes-base/node-param-default-missing */
	return {
		...base,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes,
	};
}

/** One call for a picker, on a client closed afterwards: its kept-alive sockets would outlive the search. */
async function withClient<T>(fns: ILoadOptionsFunctions, call: (client: ChimeClient) => Promise<T>): Promise<T> {
	const client = chimeClient(await fns.getCredentials(CREDENTIAL_NAME));
	try {
		return await call(client);
	} finally {
		client.destroy();
	}
}

function chosenAccount(fns: ILoadOptionsFunctions): string {
	const accountId = String(fns.getCurrentNodeParameter('accountId', { extractValue: true }) ?? '').trim();
	if (!accountId) throw new NodeOperationError(fns.getNode(), 'Choose the Account first');
	return accountId;
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
		const page = await withClient(this, (c) => c.send(new ListAccountsCommand({ MaxResults: 200, NextToken: token })));
		const results = (page.Accounts ?? []).map((a) => ({ name: a.Name ?? a.AccountId ?? '', value: a.AccountId ?? '' }));
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
	async searchUsers(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
		const page = await withClient(this, (c) =>
			c.send(new ListUsersCommand({ AccountId: chosenAccount(this), MaxResults: 200, NextToken: token })),
		);
		const results = (page.Users ?? []).map((u) => ({
			name: u.DisplayName ? `${u.DisplayName} <${u.PrimaryEmail ?? ''}>` : (u.PrimaryEmail ?? u.UserId ?? ''),
			value: u.UserId ?? '',
		}));
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
	async searchRooms(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
		const page = await withClient(this, (c) =>
			c.send(new ListRoomsCommand({ AccountId: chosenAccount(this), MaxResults: 99, NextToken: token })),
		);
		const results = (page.Rooms ?? []).map((r) => ({ name: r.Name ?? r.RoomId ?? '', value: r.RoomId ?? '' }));
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
	async searchBots(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
		const page = await withClient(this, (c) =>
			c.send(new ListBotsCommand({ AccountId: chosenAccount(this), MaxResults: 99, NextToken: token })),
		);
		const results = (page.Bots ?? []).map((b) => ({ name: b.DisplayName ?? b.BotId ?? '', value: b.BotId ?? '' }));
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
	async searchPhoneNumbers(
		this: ILoadOptionsFunctions,
		filter?: string,
		token?: string,
	): Promise<INodeListSearchResult> {
		const page = await withClient(this, (c) => c.send(new ListPhoneNumbersCommand({ MaxResults: 99, NextToken: token })));
		const results = (page.PhoneNumbers ?? []).map((p) => ({
			name: `${p.E164PhoneNumber ?? p.PhoneNumberId ?? ''} (${p.Status ?? 'unknown status'})`,
			value: p.PhoneNumberId ?? '',
		}));
		return { results: matching(results, filter), paginationToken: page.NextToken };
	},
};
