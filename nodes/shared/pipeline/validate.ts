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

interface ValidateOptions {
	/** The batch entry list: its size is split into calls, so its maximum is not an input error. */
	batchMember?: string;
	/** Paths holding an email to be looked up (a user given By Email): the ID found is checked once placed. */
	byEmail?: string[];
}

/** Compiled once per pattern: validation runs for every item of every run. */
const compiled = new Map<string, RegExp>();

function anchored(pattern: string): RegExp {
	let regex = compiled.get(pattern);
	if (!regex) {
		regex = new RegExp(`^(?:${pattern})$`, 's');
		compiled.set(pattern, regex);
	}
	return regex;
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

function checkScalar(s: Shape, shapeName: string, value: unknown, path: string, uri: boolean): string | undefined {
	switch (s.type) {
		case 'boolean':
			return typeof value === 'boolean' ? undefined : 'must be true or false';
		case 'integer':
		case 'long': {
			if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
			if (s.min !== undefined && s.max !== undefined && (value < s.min || value > s.max)) {
				return `must be between ${s.min} and ${s.max}`;
			}
			if (s.min !== undefined && value < s.min) return `must be at least ${s.min}`;
			if (s.max !== undefined && value > s.max) return `must be at most ${s.max}`;
			return undefined;
		}
		case 'string': {
			if (typeof value !== 'string') return 'must be text';
			if (LONE_SURROGATE.test(value)) return 'must be valid text: it holds half of a character (a lone UTF-16 surrogate)';
			if (isIdentifier(path, uri) && value.trim() === '') return 'must not be blank';
			if (uri && walksThePath(value)) return 'must be an ID, not "." or ".." (which would change the request\'s path)';
			if (plainName(shapeName) === 'EmailAddress' && hasControl(value)) return PATTERN_HINTS.EmailAddress;
			if (s.enum && value === '') return 'has nothing chosen: choose a value in the list, or remove the field';
			if (s.enum && !s.enum.includes(value)) return `must be one of ${s.enum.join(', ')}`;
			if (s.min !== undefined && value.length < s.min) {
				return s.min === 1 ? 'must not be empty' : `must be at least ${s.min} characters`;
			}
			if (s.max !== undefined && value.length > s.max) return `must be at most ${s.max} characters`;
			if (s.pattern && !anchored(s.pattern).test(value)) {
				return PATTERN_HINTS[plainName(shapeName)] ?? `must match the pattern ${s.pattern}`;
			}
			return undefined;
		}
		default:
			return undefined;
	}
}

function visit(
	shapeName: string,
	s: Shape,
	value: unknown,
	path: string,
	options: ValidateOptions,
	uri = false,
	entry?: number,
): Problem | undefined {
	// Members left out are skipped (or required) by their structure: this is an entry of a list.
	if (value === undefined || value === null) return { path, entry, message: NO_VALUE };
	if (s.type === 'structure') {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			return { path, entry, message: 'must be an object' };
		}
		const record = value as Record<string, unknown>;
		for (const [key, member] of Object.entries(s.members ?? {})) {
			const memberPath = path ? `${path}.${key}` : key;
			const memberValue = record[key];
			if (memberValue === undefined || memberValue === null) {
				if (s.required?.includes(key)) return { path: memberPath, entry, message: 'is required' };
				continue;
			}
			const found = visit(
				member.shape,
				shapeNamed(member.shape),
				memberValue,
				memberPath,
				options,
				member.location === 'uri',
				entry,
			);
			if (found) return found;
		}
		return undefined;
	}
	if (s.type === 'list') {
		if (!Array.isArray(value)) return { path, entry, message: 'must be a list' };
		if (s.min !== undefined && value.length < s.min) {
			return { path: `${path}[]`, message: `needs at least ${s.min} ${s.min === 1 ? 'entry' : 'entries'}` };
		}
		if (s.max !== undefined && value.length > s.max && path !== options.batchMember) {
			return { path: `${path}[]`, message: `takes at most ${s.max} entries (got ${value.length})` };
		}
		const memberShape = s.member!.shape;
		for (let i = 0; i < value.length; i++) {
			// A batch entry list holds this item's one entry: its position means nothing to the user.
			const position = path === options.batchMember ? undefined : (entry ?? i + 1);
			const found = visit(memberShape, shapeNamed(memberShape), value[i], `${path}[]`, options, false, position);
			if (found) return found;
		}
		return undefined;
	}
	if (options.byEmail?.includes(path)) return undefined;
	const message = checkScalar(s, shapeName, value, path, uri);
	return message ? { path, entry, message, value } : undefined;
}

/** The first way an action input breaks the Chime model's constraints, or undefined when it keeps them all. */
export function findProblem(
	action: string,
	input: Record<string, unknown>,
	options: ValidateOptions = {},
): Problem | undefined {
	return visit('', inputShape(action), input, '', options);
}
