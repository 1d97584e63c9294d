/**
 * Chime's REST-JSON wire format, read from the service model we ship: requests as
 * @aws-sdk/client-chime sends them (byte for byte: test/wire.test.ts holds the two side by side)
 * and answers read the way it reads them.
 */
import { randomUUID } from 'crypto';

import { actionModel, inputShape, outputShape, shape, type Member, type Shape } from './model';
import { once } from '../once';
import { uriEncode } from './sigv4';
import { ChimeError, UnexpectedAnswerError, type HttpResponse } from './types';

/** Model traits model.ts leaves untyped. */
type WireMember = Omit<Member, 'location'> & { location?: string; idempotencyToken?: boolean };
type WireShape = Shape & { timestampFormat?: string };

interface WireRequest {
	method: string;
	/** Path and query, percent-encoded as the SDK sends them: `/accounts/a%20b?operation=x`. */
	path: string;
	/** Lower-case names. */
	headers: Record<string, string>;
	/** JSON text, or '' when the action sends no body. */
	body: string;
}

interface Binding {
	name: string;
	member: WireMember;
	shape: WireShape;
	/** Label, query key, header or JSON key. */
	wireName: string;
}

interface Label extends Binding {
	/** `{Key+}`: may span segments, each encoded on its own. */
	greedy: boolean;
}

/** What serializing one action takes, worked out once from the model. */
interface RequestPlan {
	method: string;
	/** requestUri's path: literal text and labels in turn. */
	path: Array<string | Label>;
	/** The literal query of requestUri, `?operation=logout`. */
	staticQuery: Array<[string, string]>;
	query: Binding[];
	/** The whole query when no input is bound to it (BatchSuspendUser's `operation=suspend`): the same for every call. */
	fixedQuery?: string;
	headers: Binding[];
	/** JSON members; undefined when the input has none: then no content-type and no body. */
	body?: Binding[];
	idempotencyTokens: string[];
}

/** A structure's members in model order (the order the SDK writes them in), looked up once per shape. */
const bindings = once((s: Shape): Binding[] =>
	Object.entries(s.members ?? {}).map(([name, member]: [string, WireMember]) => ({
		name,
		member,
		shape: shape(member.shape),
		wireName: member.locationName ?? name,
	})),
);

function compileRequest(action: string): RequestPlan {
	const { method, requestUri } = actionModel(action).http;
	const members = bindings(inputShape(action));
	const [pathPart, queryPart = ''] = requestUri.split('?');
	const path: RequestPlan['path'] = [];
	for (const piece of pathPart.split(/(\{[^}]+\})/)) {
		const label = /^\{([^}+]+)(\+?)\}$/.exec(piece);
		if (!label) {
			if (piece) path.push(piece);
			continue;
		}
		const binding = members.find((b) => b.member.location === 'uri' && b.wireName === label[1]);
		if (!binding) throw new Error(`${action}: no input member for URI label ${piece}`);
		path.push({ ...binding, greedy: label[2] === '+' });
	}
	const body = members.filter((b) => !b.member.location);
	const staticQuery = queryPart
		.split('&')
		.filter(Boolean)
		.map((pair): [string, string] => {
			const at = pair.indexOf('=');
			return at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
		});
	const query = members.filter((b) => b.member.location === 'querystring');
	return {
		method,
		path,
		staticQuery,
		query,
		fixedQuery: query.length ? undefined : queryText(new Map(staticQuery)),
		headers: members.filter((b) => b.member.location === 'header'),
		// The SDK sends JSON (`{}` at the least) exactly when the input has a member bound to no location.
		body: body.length ? body : undefined,
		idempotencyTokens: members.filter((b) => b.member.idempotencyToken).map((b) => b.name),
	};
}

const requestPlan = once(compileRequest);

/** A timestamp as the model or the binding wants it: rest-json bodies default to epoch seconds. */
function timestamp(s: WireShape, date: Date, fallback: string): string | number {
	switch (s.timestampFormat ?? fallback) {
		case 'iso8601':
			return date.toISOString().replace('.000Z', 'Z');
		case 'rfc822':
			return date.toUTCString();
		default:
			return date.getTime() / 1000;
	}
}

/** A label, query or header value: plain text, timestamps as ISO 8601 (headers: HTTP dates). */
function httpText(s: WireShape, value: unknown, fallbackFormat: string): string {
	return value instanceof Date ? String(timestamp(s, value, fallbackFormat)) : String(value);
}

/**
 * A value ready for JSON.stringify, which writes what the SDK's JSON writer writes: structures
 * keep the model's member order and drop null members, lists drop null entries, NaN and the
 * infinities become strings. Anything the model does not describe goes as it is.
 */
function jsonValue(s: WireShape, value: unknown): unknown {
	if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
	if (value instanceof Date) return s.type === 'timestamp' ? timestamp(s, value, 'unixTimestamp') : value;
	if (s.type === 'list' && Array.isArray(value)) {
		const item = shape(s.member!.shape);
		const out: unknown[] = [];
		// Text goes as it is: a batch of 50 user IDs needs no call per ID.
		for (const v of value) if (v != null) out.push(typeof v === 'string' ? v : jsonValue(item, v));
		return out;
	}
	if (s.type === 'structure' && value !== null && typeof value === 'object') {
		return jsonStruct(bindings(s), value as Record<string, unknown>);
	}
	return value;
}

function jsonStruct(members: Binding[], value: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const { name, member, shape: s, wireName } of members) {
		const v = value[name];
		if (v != null) out[wireName] = jsonValue(s, v);
		// Like the SDK, though its own JSON breaks on a null token.
		else if (member.idempotencyToken) out[wireName] = randomUUID();
	}
	return out;
}

/**
 * The input with its idempotency tokens filled in (CreateRoom's ClientRequestToken) when the caller
 * gave none. Fill once before the first attempt, so that retries repeat the same token, as the SDK's do.
 */
export function withIdempotencyTokens(action: string, input: Record<string, unknown>): Record<string, unknown> {
	const missing = requestPlan(action).idempotencyTokens.filter((name) => input[name] == null);
	if (missing.length === 0) return input;
	return { ...input, ...Object.fromEntries(missing.map((name) => [name, randomUUID()])) };
}

function labelValue(action: string, label: Label, input: Record<string, unknown>): string {
	const raw = input[label.name];
	const text = raw == null ? '' : httpText(label.shape, raw, 'iso8601');
	const segments = label.greedy ? text.split('/') : [text];
	// The nodes check IDs earlier; this is the last guard against a path that names something else.
	if (!text.trim() || segments.some((s) => s === '.' || s === '..')) {
		throw new Error(`${action}: ${label.name} must not be blank, "." or ".." (got ${JSON.stringify(text)})`);
	}
	return segments.map(uriEncode).join('/');
}

/** Keys sorted, a list as one key repeated: the SDK's buildQueryString. */
function queryText(query: Map<string, string | string[]>): string {
	return [...query.keys()]
		.sort()
		.flatMap((key) => [query.get(key)!].flat().map((value) => `${uriEncode(key)}=${uriEncode(value)}`))
		.join('&');
}

export function serializeRequest(action: string, input: Record<string, unknown>): WireRequest {
	const plan = requestPlan(action);
	const path = plan.path.map((piece) => (typeof piece === 'string' ? piece : labelValue(action, piece, input))).join('');

	let queryString = plan.fixedQuery;
	if (queryString === undefined) {
		const query = new Map<string, string | string[]>(plan.staticQuery);
		for (const { name, shape: s, wireName } of plan.query) {
			const value = input[name];
			if (value == null) continue;
			if (s.type === 'list' && Array.isArray(value)) {
				const item = shape(s.member!.shape);
				query.set(wireName, value.filter((v) => v != null).map((v) => httpText(item, v, 'iso8601')));
			} else {
				query.set(wireName, httpText(s, value, 'iso8601'));
			}
		}
		queryString = queryText(query);
	}

	// Chime's model binds no input to headers today; scalars would go like this.
	const headers: Record<string, string> = {};
	for (const { name, shape: s, wireName } of plan.headers) {
		const value = input[name];
		if (value != null) headers[wireName.toLowerCase()] = httpText(s, value, 'rfc822');
	}

	let body = '';
	if (plan.body) {
		body = JSON.stringify(jsonStruct(plan.body, input));
		headers['content-type'] = 'application/json';
		// The SDK sends and signs the length of every body it sends.
		headers['content-length'] = String(Buffer.byteLength(body));
	}
	return { method: plan.method, path: queryString ? `${path}?${queryString}` : path, headers, body };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[tT](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([-+])(\d{2}):(\d{2})|[zZ])$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function inRange(text: string, what: string, low: number, high: number): number {
	const n = Number(text);
	if (n < low || n > high) throw new TypeError(`${what} must be between ${low} and ${high}, inclusive`);
	return n;
}

/** An RFC 3339 date-time, checked as strictly as the SDK checks it (it rejects what it cannot read). */
function parseIsoTimestamp(value: unknown): Date {
	if (typeof value !== 'string') throw new TypeError('RFC-3339 date-times must be expressed as strings');
	const m = RFC3339.exec(value);
	if (!m) throw new TypeError('Invalid RFC-3339 date-time value');
	const [, year, month, day, hours, minutes, seconds, fraction, sign, offsetHours, offsetMinutes] = m;
	const y = Number(year);
	const mo = inRange(month, 'month', 1, 12) - 1;
	const d = inRange(day, 'day', 1, 31);
	const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
	if (d > (mo === 1 && leap ? 29 : DAYS_IN_MONTH[mo])) throw new TypeError(`Invalid day in ${value}`);
	const time = Date.UTC(
		y,
		mo,
		d,
		inRange(hours, 'hour', 0, 23),
		inRange(minutes, 'minute', 0, 59),
		inRange(seconds, 'seconds', 0, 60),
		fraction ? Number(`0.${fraction}`) * 1000 : 0,
	);
	const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 : 0;
	return new Date(time - offset);
}

function parseTimestamp(s: WireShape, value: unknown, fallback: string): Date {
	switch (s.timestampFormat ?? fallback) {
		case 'iso8601':
			return parseIsoTimestamp(value);
		case 'rfc822':
			return new Date(String(value));
		default: {
			const seconds = typeof value === 'string' ? Number(value) : (value as number);
			if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new TypeError('Epoch timestamps must be valid numbers');
			return new Date(Math.round(seconds * 1000));
		}
	}
}

const NUMERIC = new Set(['integer', 'long', 'float', 'double']);
const SPECIAL_NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** An answer member that is not what the model says it is; parseResponse names the action and status. */
class WrongShape extends Error {}

/** What a value is, in the words of the messages: `Users is not a list (got text)`. */
function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return 'text';
	if (typeof value === 'number') return 'a number';
	return typeof value === 'boolean' ? 'true or false' : typeof value;
}

const EXPECTED: Record<string, string> = {
	structure: 'an object',
	map: 'an object',
	list: 'a list',
	string: 'text',
	boolean: 'true or false',
	timestamp: 'a date',
};

function wrongShape(s: WireShape, value: unknown, path: string): WrongShape {
	return new WrongShape(`${path} is not ${EXPECTED[s.type] ?? 'a number'} (got ${kindOf(value)})`);
}

/** What `read` gives, or undefined where it throws. */
function orUndefined<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}

const NOT_JSON = Symbol('not JSON');

/** JSON text read, or NOT_JSON. */
function readJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return NOT_JSON;
	}
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A JSON value read by the model: modeled members only, timestamps as Dates, the rest as sent, each
 * checked against its type first, so that nothing downstream reads a string as a list.
 */
function readValue(s: WireShape, value: unknown, path: string): unknown {
	switch (s.type) {
		case 'structure':
			if (!isRecord(value)) throw wrongShape(s, value, path);
			return readStruct(s, value, path);
		case 'list': {
			if (!Array.isArray(value)) throw wrongShape(s, value, path);
			const item = shape(s.member!.shape);
			return value.map((v, i) => readValue(item, v, `${path}[${i}]`));
		}
		case 'map':
			if (!isRecord(value)) throw wrongShape(s, value, path);
			return value;
		case 'string':
			if (typeof value !== 'string') throw wrongShape(s, value, path);
			return value;
		case 'boolean':
			if (typeof value !== 'boolean') throw wrongShape(s, value, path);
			return value;
		case 'timestamp': {
			const date = orUndefined(() => parseTimestamp(s, value, 'unixTimestamp'));
			if (!date || Number.isNaN(date.getTime())) throw new WrongShape(`${path} is not a date (got ${typeof value === 'string' ? JSON.stringify(excerpt(value, 40)) : kindOf(value)})`);
			return date;
		}
		default:
			if (NUMERIC.has(s.type) && typeof value === 'string' && value in SPECIAL_NUMBERS) return SPECIAL_NUMBERS[value];
			if (NUMERIC.has(s.type) && typeof value !== 'number') throw wrongShape(s, value, path);
			return value;
	}
}

function readStruct(s: Shape, record: Record<string, unknown>, path = ''): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const { name, shape: memberShape, wireName } of bindings(s)) {
		const value = record[wireName];
		if (value != null) out[name] = readValue(memberShape, value, path ? `${path}.${wireName}` : wireName);
	}
	return out;
}

const header = (response: HttpResponse, name: string): string | undefined => {
	const value = response.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
};

/**
 * A success answer read by the model. A body that is not JSON, not an object, or whose members are
 * not the model's types is an UnexpectedAnswerError naming the member: nothing of it is used.
 */
export function parseResponse(action: string, response: HttpResponse): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const members = bindings(outputShape(action));
	// The SDK reads the body only when some output member lives in it; an empty body is `{}`.
	const readsBody = members.some((b) => !b.member.location);
	let body: Record<string, unknown> = {};
	if (readsBody && response.body.trim()) {
		const parsed = readJson(response.body);
		if (parsed === NOT_JSON) throw new UnexpectedAnswerError('not-json', `the answer is not JSON but ${pageOf(response)}`, response.status);
		if (!isRecord(parsed)) throw new UnexpectedAnswerError('shape', `the answer is not an object (got ${kindOf(parsed)})`, response.status);
		body = parsed;
	}
	try {
		for (const { name, member, shape: s, wireName } of members) {
			let value: unknown;
			if (member.location === 'header') {
				const text = header(response, wireName.toLowerCase());
				if (text === undefined) continue;
				if (s.type === 'timestamp') value = parseTimestamp(s, text, 'rfc822');
				else if (NUMERIC.has(s.type)) value = Number(text);
				else if (s.type === 'boolean') value = text === 'true';
				else value = text;
			} else if (member.location === 'statusCode') {
				value = response.status;
			} else if (body[wireName] != null) {
				value = readValue(s, body[wireName], wireName);
			} else {
				continue;
			}
			out[name] = value;
		}
	} catch (error) {
		throw error instanceof WrongShape ? new UnexpectedAnswerError('shape', error.message, response.status) : error;
	}
	return out;
}

/** Whether an error answer is Chime's: its error type header, or a JSON object body (`{"Code":…,"Message":…}`). */
export function isChimeError(response: HttpResponse): boolean {
	return !!header(response, 'x-amzn-errortype') || isRecord(readJson(response.body));
}

/** A Retry-After header in seconds, as milliseconds. */
export function retryAfterMs(response: HttpResponse): number | undefined {
	const retryAfter = header(response, 'retry-after')?.trim();
	return retryAfter && /^\d+(\.\d+)?$/.test(retryAfter) ? Math.round(Number(retryAfter) * 1000) : undefined;
}

/** What came instead of a Chime answer, in a few words: `an HTML page titled "Bad Gateway"`. */
export function pageOf(response: HttpResponse): string {
	const text = response.body.trim();
	if (!text) return 'an empty answer';
	const type = String(header(response, 'content-type') ?? '').split(';')[0].trim();
	if (/html/i.test(type) || /^<(!doctype|html)/i.test(text)) {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
		return title ? `an HTML page titled ${JSON.stringify(excerpt(title, 60))}` : `an HTML page (${JSON.stringify(excerpt(text))})`;
	}
	return `${type ? `a ${type} answer` : 'an answer'} (${JSON.stringify(excerpt(text))})`;
}

/** The start of a text, on one line: enough to recognise it, never a whole page in a message. */
function excerpt(text: string, length = 80): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > length ? `${line.slice(0, length)}…` : line;
}

/** The code Chime's error would carry, for answers with none: the status its error shapes are sent with. */
const CODE_BY_STATUS: Record<number, string> = {
	400: 'BadRequest',
	401: 'UnauthorizedClient',
	403: 'Forbidden',
	404: 'NotFound',
	409: 'Conflict',
	422: 'UnprocessableEntity',
	429: 'ThrottledClient',
	500: 'ServiceFailure',
	503: 'ServiceUnavailable',
};

/** `ns#Name:extra,more` → `Name`, as the SDK reads error types. */
function sanitizeCode(raw: string): string {
	let code = raw.split(',')[0].split(':')[0];
	if (code.includes('#')) code = code.split('#')[1];
	return code;
}

/**
 * Chime's error: the code from x-amzn-ErrorType, else the body's `code` (any case) or `__type`, else
 * from the status (`HTTP502` for a status Chime gives no code); `Exception` left off. The message as the SDK takes it: `message`, else `Message`.
 */
export function parseError(response: HttpResponse): ChimeError {
	let data: Record<string, unknown> = {};
	try {
		const parsed: unknown = response.body ? JSON.parse(response.body) : {};
		if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
	} catch {
		// Not JSON, under Chime's error type header: the header speaks for it.
	}
	const typeHeader = header(response, 'x-amzn-errortype') || undefined;
	const codeKey = Object.keys(data).find((key) => key.toLowerCase() === 'code');
	const raw =
		typeHeader ??
		(codeKey !== undefined && data[codeKey] !== undefined && data[codeKey] !== null ? String(data[codeKey]) : undefined) ??
		(data.__type !== undefined && data.__type !== null ? String(data.__type) : undefined);
	const code = (raw !== undefined ? sanitizeCode(raw) : (CODE_BY_STATUS[response.status] ?? `HTTP${response.status}`)).replace(/Exception$/, '');
	const message = data.message ?? data.Message;
	return new ChimeError(code, message == null ? 'UnknownError' : String(message), response.status, retryAfterMs(response));
}
