import { createHash } from 'crypto';

/**
 * What a poll remembers of one kind of resource (users, orders, numbers), in the workflow's static
 * data: per resource a short key and the values of the fields the trigger watches, packed so that
 * 20,000 users take under 200 KB instead of the 10 MB their whole records would.
 */
export interface Snapshot {
	/** The distinct combinations of watched values, each joined by `|`, an absent value as ''. */
	kinds: string[];
	/**
	 * Per resource, one after the other: its key (KEY_LENGTH characters) and the index of its
	 * combination in `kinds`, in base64url digits, as many as `kinds` needs (one up to 64 combinations).
	 */
	records: string;
}

/** The watched values of one resource, in the source's field order; absent values are null. */
export type Values = Array<string | null>;

/**
 * 48 bits of SHA-256 of the resource's ID: the chance that two of 20,000 users share a key is about
 * one in 1.4 million. Should it happen, the first of the two listed is watched and the other is not.
 */
const KEY_LENGTH = 8;
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEPARATOR = '|';

export function keyOf(id: string): string {
	return createHash('sha256').update(id).digest('base64url').slice(0, KEY_LENGTH);
}

function digitsFor(kindCount: number): number {
	let width = 1;
	while (DIGITS.length ** width < kindCount) width++;
	return width;
}

function joinValues(values: Values): string {
	return values.map((value) => value ?? '').join(SEPARATOR);
}

function splitValues(kind: string): Values {
	return kind.split(SEPARATOR).map((value) => (value === '' ? null : value));
}

/** Builds a snapshot from resources' keys and watched values, in the order given. */
export function packSnapshot(entries: Iterable<[key: string, values: Values]>): Snapshot {
	const kinds: string[] = [];
	const kindIndex = new Map<string, number>();
	const packed: Array<[string, number]> = [];
	for (const [key, values] of entries) {
		const kind = joinValues(values);
		let index = kindIndex.get(kind);
		if (index === undefined) {
			index = kinds.push(kind) - 1;
			kindIndex.set(kind, index);
		}
		packed.push([key, index]);
	}
	const width = digitsFor(kinds.length);
	const records = packed.map(([key, index]) => key + encodeIndex(index, width)).join('');
	return { kinds, records };
}

/** The watched values of every resource a snapshot holds, by key. */
export function unpackSnapshot(snapshot: Snapshot): Map<string, Values> {
	const kinds = snapshot.kinds.map(splitValues);
	const width = digitsFor(kinds.length);
	const size = KEY_LENGTH + width;
	const byKey = new Map<string, Values>();
	for (let at = 0; at + size <= snapshot.records.length; at += size) {
		const index = decodeIndex(snapshot.records.slice(at + KEY_LENGTH, at + size));
		byKey.set(snapshot.records.slice(at, at + KEY_LENGTH), kinds[index] ?? []);
	}
	return byKey;
}

function encodeIndex(index: number, width: number): string {
	let out = '';
	for (let i = 0; i < width; i++) {
		out = DIGITS[index % DIGITS.length] + out;
		index = Math.floor(index / DIGITS.length);
	}
	return out;
}

function decodeIndex(text: string): number {
	let index = 0;
	for (const digit of text) index = index * DIGITS.length + DIGITS.indexOf(digit);
	return index;
}

/** Whether a value read from static data is a snapshot this version wrote. */
export function isSnapshot(value: unknown): value is Snapshot {
	const s = value as Partial<Snapshot> | undefined;
	return !!s && Array.isArray(s.kinds) && typeof s.records === 'string';
}
