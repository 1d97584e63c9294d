import { words } from '../panel/fields';
import { actionModel, inputShape } from '../chime/model';
import { errorCode } from './errors';
import { once } from '../once';
import type { Operation } from '../types';

/** What an ID names, where its member's words do not say it plainly. */
const NOUNS: Record<string, string> = {
	E164PhoneNumber: 'phone number',
	PhoneNumberId: 'phone number',
	PhoneNumberOrderId: 'phone number order',
};

/** What a member names, in words: `PhoneNumberOrderId` → phone number order, `E164PhoneNumber` → phone number. */
export const noun = (member: string) => NOUNS[member] ?? words(member.replace(/Id$/, '')).toLowerCase();

type Named = [noun: string, id: string];

/** The members of an action's input that hold IDs: those in its path in path order, then those in its body. */
const idMembersOf = once((action: string): { path: string[]; body: string[] } => {
	const uri = actionModel(action).http.requestUri;
	const members = Object.entries(inputShape(action).members ?? {}).filter(([name]) => /Id$/.test(name) || name in NOUNS);
	const at = (locationName?: string) => uri.indexOf(`{${locationName}}`);
	return {
		path: members.filter(([, m]) => m.location === 'uri').sort(([, a], [, b]) => at(a.locationName) - at(b.locationName)).map(([name]) => name),
		body: members.filter(([, m]) => !m.location).map(([name]) => name),
	};
});

/**
 * The IDs a request names (`/accounts/{accountId}/users/{userId}`: the account, then the user), each by
 * the name the user picked it by From List, where `names` has one (ItemRequest.names).
 */
function requestIds(op: Operation, input: Record<string, unknown>, names: Record<string, string> = {}): { path: Named[]; body: Named[] } {
	const given = (name: string) => typeof input[name] === 'string' && input[name] !== '';
	const named = (name: string): Named => [noun(name), names[name] ?? String(input[name])];
	const { path, body } = idMembersOf(op.chime);
	return { path: path.filter(given).map(named), body: body.filter(given).map(named) };
}

const phrase = ([what, id]: Named) => `${what} ${id}`;

/**
 * A NotFound as a sentence that names what was looked for, from the request: "The user ghost was not
 * found in account 2f1c…", "The member … was not found in room … of account …". Undefined when the
 * request names nothing (GetGlobalSettings). For a batch, `entry` is the item's own entry ([noun, ID]).
 */
export function notFoundSentence(op: Operation, input: Record<string, unknown>, entry?: Named, names?: Record<string, string>): string | undefined {
	const { path, body } = requestIds(op, input, names);
	// What may be missing: the batch entry, or the last thing the path names and any the body names.
	const things = entry ? [entry] : [...path.slice(-1), ...body];
	const containers = entry ? path : path.slice(0, -1);
	if (things.length === 0) return undefined;
	const where = containers.length ? ` in ${containers.reverse().map(phrase).join(' of ')}` : '';
	return `The ${things.map(phrase).join(' or the ')} was not found${where}`;
}

/** A batch entry as a NotFound names it: the ID under the batch's key (UserId → the user …). */
export function batchEntryName(op: Operation, entry: unknown): Named {
	const key = op.batch!.id;
	const id = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[key] : entry;
	return [noun(key), String(id)];
}

/** A refusal the operation's entry knows (Operation.refusals), as its sentence; undefined for any other. */
export function refusal(op: Operation, code: string, chimeMessage: string): string | undefined {
	const known = op.refusals?.find((r) => errorCode(r.code) === errorCode(code) && (!r.says || chimeMessage.toLowerCase().includes(r.says.toLowerCase())));
	return known?.sentence;
}
