import { inputShape, plainName, shape as shapeNamed, type Shape } from '../chime/model';

/** Plain words for the model's patterns, keyed by shape name. */
export const PATTERN_HINTS: Record<string, string> = {
	E164PhoneNumber: 'must be a phone number with its country code, such as +1 206 555 0100',
	EmailAddress: 'must be an email address, such as jane.doe@example.com',
	NonEmptyString: 'must not be blank',
	SensitiveNonEmptyString: 'must not be blank',
	AccountName: 'must not be blank',
	CallingName: 'must be 2 to 15 letters, digits or spaces (or empty to clear it)',
	GuidString: 'must be an ID in the form 1ab2c3d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
	JoinTokenString: 'must contain only letters, digits, + and /',
	TollFreePrefix: 'must be one of 800, 833, 844, 855, 866, 877 or 888',
	Alpha2CountryCode: 'must be a two-letter country code in capitals, such as US',
	ClientRequestToken: 'must contain only letters, digits, - and _',
	PhoneNumberName: 'must be letters, digits, spaces, commas, periods, underscores or hyphens',
};

/** A value an expression did not give: most often a field the earlier step's items do not have. */
export const NO_VALUE = 'is empty: its expression gave no value (does the input item have that field?)';

export interface Problem {
	/** Path with list positions dropped, as fields name it: `E164PhoneNumbers[]`. */
	path: string;
	/** 1-based position in a list, when the problem is in one entry. */
	entry?: number;
	message: string;
	value?: unknown;
}

/**
 * IDs are non-blank strings everywhere in Chime, though the model types some as plain `String`;
 * a blank one would change the request's path (a blank AccountId on GetAccount lists all accounts).
 */
function isIdentifier(path: string, uri: boolean): boolean {
	return uri || /(Id|Ids\[\])$/.test(path);
}

/** A UTF-16 surrogate without its other half: no character at all, and sent as U+FFFD or refused. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Line breaks and other control characters: never part of an email address, and a way to smuggle headers. */
function hasControl(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code < 0x20 || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029) return true;
	}
	return false;
}

/** Undoes percent-encoding, however many times it was applied (`%252e` → `%2e` → `.`). */
function percentDecoded(value: string): string {
	let current = value;
	for (let i = 0; i < 5 && /%[0-9a-f]{2}/i.test(current); i++) {
		const next = current.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
		if (next === current) break;
		current = next;
	}
	return current;
}

/**
 * A path label of `.` or `..` (or a segment of one, percent-encoded or not) would name another
 * resource once anything on the way normalizes the path: `…/memberships/..` is the room itself.
 */
function walksThePath(value: string): boolean {
	return percentDecoded(value)
		.split(/[/\\]/)
		.some((segment) => segment === '.' || segment === '..');
}

/** A scalar's checks, worked out from its shape once: what is left per value is the value's own tests. */
function scalarCheck(s: Shape, shapeName: string, path: string, uri: boolean): (value: unknown) => string | undefined {
	switch (s.type) {
		case 'boolean':
			return (value) => (typeof value === 'boolean' ? undefined : 'must be true or false');
		case 'integer':
		case 'long': {
			const { min, max } = s;
			const range =
				min !== undefined && max !== undefined
					? `must be between ${min} and ${max}`
					: min !== undefined
						? `must be at least ${min}`
						: `must be at most ${max}`;
			return (value) => {
				if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
				return (min !== undefined && value < min) || (max !== undefined && value > max) ? range : undefined;
			};
		}
		case 'string': {
			const { min, max, pattern } = s;
			const enums = s.enum;
			const identifier = isIdentifier(path, uri);
			const email = plainName(shapeName) === 'EmailAddress';
			const regex = pattern ? new RegExp(`^(?:${pattern})$`, 's') : undefined;
			const patternHint = PATTERN_HINTS[plainName(shapeName)] ?? `must match the pattern ${pattern}`;
			const tooShort = min === 1 ? 'must not be empty' : `must be at least ${min} characters`;
			// Thousands of items in one account: the same text as the item before is not checked again.
			let lastText: string | undefined;
			let lastMessage: string | undefined;
			const check = (value: string): string | undefined => {
				if (LONE_SURROGATE.test(value)) return 'must be valid text: it holds half of a character (a lone UTF-16 surrogate)';
				if (identifier && value.trim() === '') return 'must not be blank';
				if (uri && walksThePath(value)) return 'must be an ID, not "." or ".." (which would change the request\'s path)';
				if (email && hasControl(value)) return PATTERN_HINTS.EmailAddress;
				if (enums && value === '') return 'has nothing chosen: choose a value in the list, or remove the field';
				if (enums && !enums.includes(value)) return `must be one of ${enums.join(', ')}`;
				if (min !== undefined && value.length < min) return tooShort;
				if (max !== undefined && value.length > max) return `must be at most ${max} characters`;
				if (regex && !regex.test(value)) return patternHint;
				return undefined;
			};
			return (value) => {
				if (typeof value !== 'string') return 'must be text';
				if (value !== lastText) {
					lastMessage = check(value);
					lastText = value;
				}
				return lastMessage;
			};
		}
		default:
			return () => undefined;
	}
}

/** Checks one value at a place in the input; `entry` is the 1-based list position it sits in, if any. */
type Check = (value: unknown, entry: number | undefined, byEmail: readonly string[] | undefined) => Problem | undefined;

/**
 * The model's constraints on the value at `path`, compiled into a check: the model is walked here, once
 * per action, and never per item. Members compile on first use, so a shape that contains itself ends.
 */
function compile(shapeName: string, s: Shape, path: string, batchMember: string | undefined, uri = false): Check {
	if (s.type === 'structure') {
		const members = Object.entries(s.members ?? {}).map(([key, member]) => {
			const memberPath = path ? `${path}.${key}` : key;
			let check: Check | undefined;
			return {
				key,
				memberPath,
				required: !!s.required?.includes(key),
				check: (value: unknown, entry: number | undefined, byEmail: readonly string[] | undefined) =>
					(check ??= compile(member.shape, shapeNamed(member.shape), memberPath, batchMember, member.location === 'uri'))(value, entry, byEmail),
			};
		});
		return (value, entry, byEmail) => {
			// Members left out are skipped (or required) by their structure: this is an entry of a list.
			if (value === undefined || value === null) return { path, entry, message: NO_VALUE };
			if (typeof value !== 'object' || Array.isArray(value)) return { path, entry, message: 'must be an object' };
			const record = value as Record<string, unknown>;
			for (const { key, memberPath, required, check } of members) {
				const memberValue = record[key];
				if (memberValue === undefined || memberValue === null) {
					if (required) return { path: memberPath, entry, message: 'is required' };
					continue;
				}
				const found = check(memberValue, entry, byEmail);
				if (found) return found;
			}
			return undefined;
		};
	}
	if (s.type === 'list') {
		const listPath = `${path}[]`;
		const memberShape = s.member!.shape;
		// The batch entry list: its size is split into calls (no maximum), and its one entry's position means nothing to the user.
		const isBatch = path === batchMember;
		const { min, max } = s;
		const tooFew = `needs at least ${min} ${min === 1 ? 'entry' : 'entries'}`;
		let check: Check | undefined;
		return (value, entry, byEmail) => {
			if (value === undefined || value === null) return { path, entry, message: NO_VALUE };
			if (!Array.isArray(value)) return { path, entry, message: 'must be a list' };
			if (min !== undefined && value.length < min) return { path: listPath, message: tooFew };
			if (max !== undefined && value.length > max && !isBatch) return { path: listPath, message: `takes at most ${max} entries (got ${value.length})` };
			check ??= compile(memberShape, shapeNamed(memberShape), listPath, batchMember);
			for (let i = 0; i < value.length; i++) {
				const found = check(value[i], isBatch ? undefined : (entry ?? i + 1), byEmail);
				if (found) return found;
			}
			return undefined;
		};
	}
	const scalar = scalarCheck(s, shapeName, path, uri);
	return (value, entry, byEmail) => {
		if (value === undefined || value === null) return { path, entry, message: NO_VALUE };
		if (byEmail?.includes(path)) return undefined;
		const message = scalar(value);
		return message ? { path, entry, message, value } : undefined;
	};
}

/**
 * The first way an action's input breaks the Chime model's constraints, or undefined when it keeps them
 * all. `byEmail`: paths holding an email still to be looked up (a user given By Email); the ID found is
 * checked once placed.
 */
export type InputCheck = (input: Record<string, unknown>, byEmail?: readonly string[]) => Problem | undefined;

/** An action's input check, compiled from the model; `batchMember` is the batch's entry list, if any. */
export function compileInputCheck(action: string, batchMember?: string): InputCheck {
	const check = compile('', inputShape(action), '', batchMember);
	return (input, byEmail) => check(input, undefined, byEmail);
}
