import type { Shape } from '../chime/model';

/** Whole numbers as text: `30`, ` 30 `, `+30`, `-1`; not `30.5`, `1e3`, `0x1e` or an empty cell. */
const WHOLE_NUMBER = /^[+-]?\d+$/;

/** Booleans as text (any case), and 1 and 0, as n8n's own type conversion reads them. */
const BOOLEANS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

/**
 * A value as spreadsheets, CSV files and forms hand it over (text for everything) turned into what the
 * model wants, where the text can mean only one thing: "30" for a number, "TRUE" for a boolean, 206 for
 * text such as an area code. Anything else is left as it came, for validation to refuse with the field
 * and the item named ("must be a whole number (got "thirty")").
 */
export function coerce(s: Shape, value: unknown): unknown {
	switch (s.type) {
		case 'integer':
		case 'long': {
			if (typeof value !== 'string' || !WHOLE_NUMBER.test(value.trim())) return value;
			const number = Number(value.trim());
			return Number.isSafeInteger(number) ? number : value;
		}
		case 'boolean': {
			if (typeof value === 'string') {
				const word = value.trim().toLowerCase();
				return word in BOOLEANS ? BOOLEANS[word] : value;
			}
			return value === 1 || value === 0 ? value === 1 : value;
		}
		case 'string':
			return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
		default:
			return value;
	}
}

/**
 * A list field takes an array (from an expression), a JSON array as text (`["a","b"]`, as a CSV cell
 * holds one), or text separated by commas or new lines; each entry is then converted as above.
 */
export function listValue(raw: unknown, entry: Shape): unknown[] {
	let values: unknown[];
	if (Array.isArray(raw)) values = raw;
	else if (typeof raw !== 'string') values = [raw];
	else {
		const text = raw.trim();
		const json = text.startsWith('[') ? parseArray(text) : undefined;
		values =
			json ??
			text
				.split(/[,\n]/)
				.map((part) => part.trim())
				.filter((part) => part !== '');
	}
	return values.map((value) => coerce(entry, typeof value === 'string' ? value.trim() : value));
}

function parseArray(text: string): unknown[] | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		return Array.isArray(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** What people type between the digits of a phone number: spaces, dashes, dots, brackets, slashes. */
const PHONE_SEPARATORS = /[\s\u00a0().\-\u2010-\u2015/]/g;

/**
 * A phone number as people paste it with its country code (`+1 206-555-0100`, `+1 (206) 555 0100`,
 * `0044 20 7946 0000`) in the one form Chime takes, `+12065550100`. Without a country code it is left as
 * it came: no operation that takes a number says which country it is in, so validation asks for one.
 */
export function phoneNumber(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!/^(\+|00)/.test(text)) return value;
	const digits = text.replace(PHONE_SEPARATORS, '');
	return /^(\+|00)[1-9]\d*$/.test(digits) ? `+${digits.replace(/^(\+|00)/, '')}` : value;
}
