import { randomInt, randomUUID } from 'node:crypto';

import { badRequest, notFound } from '../errors';
import { input as inputShape, shape } from '../model';
import type { AccountRecord, Ctx, Obj } from './state';

export const newId = () => randomUUID();
export const iso = (ctx: Ctx, plusMs = 0) => new Date(ctx.now.getTime() + plusMs).toISOString();
export const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

export function account(ctx: Ctx, accountId: unknown): AccountRecord {
	const found = ctx.state.accounts[String(accountId)];
	if (!found) throw notFound(`The account ${String(accountId)} does not exist.`);
	return found;
}

export function str(input: Obj, key: string): string | undefined {
	const value = input[key];
	return value === undefined ? undefined : String(value);
}

/**
 * One page of a list, with NextToken as an opaque offset. Without MaxResults the page is the largest
 * the action allows, as the model's bounds say.
 */
export function page<T>(action: string, input: Obj, items: T[], key: string, shown: (item: T) => unknown = (item) => item): Obj {
	let offset = 0;
	if (input.NextToken !== undefined) {
		const decoded = /^o:(\d+)$/.exec(Buffer.from(String(input.NextToken), 'base64url').toString());
		if (!decoded) throw badRequest('The NextToken is not valid.');
		offset = Number(decoded[1]);
	}
	const maxShape = inputShape(action).members?.MaxResults?.shape;
	const size = (input.MaxResults as number | undefined) ?? (maxShape ? shape(maxShape).max : undefined) ?? 100;
	const next = offset + size;
	return {
		// Only the page is shaped for output: big lists are paged through many times.
		[key]: items.slice(offset, next).map(shown),
		...(next < items.length ? { NextToken: Buffer.from(`o:${next}`).toString('base64url') } : {}),
	};
}

/**
 * Applies `change` to each member of a batch. Chime does not fail a batch for one member: it lists
 * each failure, as `{ <idKey>, ErrorCode, ErrorMessage }`, and answers 200/201.
 */
export function perMember<T>(members: T[], idKey: string, idOf: (member: T) => unknown, change: (member: T) => void): Obj[] {
	const errors: Obj[] = [];
	for (const member of members) {
		try {
			change(member);
		} catch (error) {
			const e = error as { code?: string; message?: string };
			errors.push({ [idKey]: idOf(member), ErrorCode: e.code ?? 'ServiceFailure', ErrorMessage: e.message ?? String(error) });
		}
	}
	return errors;
}
