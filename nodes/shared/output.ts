import type { IDataObject } from 'n8n-workflow';

/** Response members that hold secrets. They are dropped unless the action exists to return them. */
const SECRET_MEMBERS = ['PersonalPIN', 'SecurityToken'];

/** Makes a response value plain JSON: dates as ISO 8601 strings, secrets removed, SDK metadata gone. */
export function plain(value: unknown, reveals: string[] = []): unknown {
	// ISO 8601 in UTC with milliseconds, e.g. 2026-01-02T03:04:05.000Z (cheap enough for 20,000 users).
	if (value instanceof Date) return value.toISOString();
	if (Array.isArray(value)) return value.map((entry) => plain(entry, reveals));
	if (value && typeof value === 'object') {
		const out: IDataObject = {};
		for (const [key, entry] of Object.entries(value)) {
			if (key === '$metadata' || entry === undefined) continue;
			if (SECRET_MEMBERS.includes(key) && !reveals.includes(key)) continue;
			out[key] = plain(entry, reveals) as IDataObject;
		}
		return out;
	}
	return value;
}
