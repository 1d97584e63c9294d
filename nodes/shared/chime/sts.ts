/**
 * Assume Role: temporary keys from AWS STS AssumeRole, sent through n8n's helpers and signed with the
 * source keys for service `sts` by the send (the credential's `authenticate`), its XML answer read with
 * a few patterns. The keys are fetched once per session and kept in memory (never in output or logs),
 * refreshed shortly before they expire; concurrent calls share one request to STS.
 */
import { createHash } from 'crypto';

import { isCancel, isRetryable, networkCode, wait } from './retry';
import { uriEncode } from './sigv4';
import type { AwsKeys, HttpSend } from './types';

export const STS_DEFAULT_ENDPOINT = 'https://sts.amazonaws.com';
export const DEFAULT_SESSION_NAME = 'n8n-amazon-chime';
export const DEFAULT_DURATION_SECONDS = 3600;

export interface RoleSettings {
	/** The keys that may assume the role (or a session of them). */
	sourceKeys: AwsKeys;
	roleArn: string;
	externalId?: string;
	sessionName: string;
	durationSeconds: number;
	/** Origin and optional path of STS: AWS's global endpoint unless set. */
	endpoint: string;
}

interface TemporaryKeys {
	keys: AwsKeys;
	/** Milliseconds since the epoch, as STS's Expiration says. */
	expiresAt: number;
}

/** STS refused AssumeRole, or answered something that is not STS's. `code` as STS names it (AccessDenied…). */
export class StsError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status: number,
	) {
		super(message);
		this.name = 'StsError';
	}
}

const ATTEMPTS = 3;
const TIMEOUT_MS = 15_000;

/** `&amp;` and friends, as XML escapes them. */
function unescapeXml(text: string): string {
	return text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
		.replace(/&amp;/g, '&');
}

/** The text of the first `<name>` element (namespace prefixes allowed), or undefined. */
function element(xml: string, name: string): string | undefined {
	const match = new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${name}>`).exec(xml);
	return match ? unescapeXml(match[1].trim()) : undefined;
}

/** STS's answer to AssumeRole: the temporary keys, or the StsError it says. */
function parseAssumeRoleAnswer(status: number, xml: string): TemporaryKeys {
	if (status < 200 || status >= 300) {
		const code = element(xml, 'Code');
		if (!code) throw new StsError(`HTTP${status}`, `STS answered ${status} without an STS error: ${xml.slice(0, 200)}`, status);
		throw new StsError(code, element(xml, 'Message') ?? code, status);
	}
	const credentials = element(xml, 'Credentials') ?? '';
	const accessKeyId = element(credentials, 'AccessKeyId');
	const secretAccessKey = element(credentials, 'SecretAccessKey');
	const sessionToken = element(credentials, 'SessionToken');
	const expiresAt = Date.parse(element(credentials, 'Expiration') ?? '');
	if (!accessKeyId || !secretAccessKey || !sessionToken || Number.isNaN(expiresAt)) {
		throw new StsError('NotStsAnswer', 'The answer to AssumeRole holds no temporary keys with an expiry: is the STS Endpoint right?', status);
	}
	return { keys: { accessKeyId, secretAccessKey, sessionToken }, expiresAt };
}

/** One AssumeRole, repeated (up to 3 attempts) only when throttled, on a 5xx or a lost connection. */
export async function assumeRole(send: HttpSend, role: RoleSettings, signal?: AbortSignal): Promise<TemporaryKeys> {
	const form: Record<string, string> = {
		Action: 'AssumeRole',
		Version: '2011-06-15',
		RoleArn: role.roleArn,
		RoleSessionName: role.sessionName,
		DurationSeconds: String(role.durationSeconds),
		...(role.externalId ? { ExternalId: role.externalId } : {}),
	};
	const body = Object.entries(form)
		.map(([key, value]) => `${key}=${uriEncode(value)}`)
		.join('&');
	// The endpoint's own path ('/' for AWS, '/_sts' for the sandbox); no trailing slash is added to it.
	const base = role.endpoint.replace(/\/+$/, '');
	const url = new URL(base).pathname === '/' ? `${base}/` : base;
	const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
	for (let attempt = 1; ; attempt++) {
		try {
			const response = await send({ method: 'POST', url, headers, body, service: 'sts', timeoutMs: TIMEOUT_MS, signal });
			return parseAssumeRoleAnswer(response.status, response.body);
		} catch (error) {
			const again = error instanceof StsError ? error.status >= 500 || error.code === 'Throttling' : isRetryable(error);
			if (!again || attempt >= ATTEMPTS || isCancel(error)) throw unreached(error, base);
			await wait(200 * 2 ** attempt, signal);
		}
	}
}

/**
 * The error an AssumeRole ends with, named AssumeRole (a run's error then says which call failed); one
 * that never reached STS says so with STS's endpoint, not Chime's. A Stop stays a Stop.
 */
function unreached(error: unknown, endpoint: string): unknown {
	if (error instanceof StsError || isCancel(error)) return error && typeof error === 'object' ? Object.assign(error, { action: 'AssumeRole' }) : error;
	const e = error as { code?: unknown; message?: string };
	const code = networkCode(error) ?? (typeof e?.code === 'string' ? e.code : 'Error');
	// Not the connection's own code: that would read as Chime being out of reach.
	return Object.assign(new StsError('STSUnreachable', `Could not reach AWS STS at ${endpoint} (${code}): ${e?.message ?? String(error)}`, 0), {
		action: 'AssumeRole',
		reason: code,
	});
}

interface Session {
	current?: TemporaryKeys;
	/** The AssumeRole under way, shared by every call that needs keys meanwhile. */
	pending?: Promise<AwsKeys>;
	/** Secrets to scrub from errors: the source keys', then every temporary key issued (a live list). */
	secrets: string[];
}

/** Sessions by a hash of what they were assumed with (source keys, role, external ID, name, STS). */
const sessions = new Map<string, Session>();
const MAX_SESSIONS = 50;
/** Temporary keys are renewed when less than this is left (a session lasts at least 15 minutes). */
const REFRESH_MARGIN_MS = 5 * 60_000;

function sessionOf(role: RoleSettings, baseSecrets: string[]): Session {
	const id = createHash('sha256')
		.update(JSON.stringify([role.sourceKeys, role.roleArn, role.externalId ?? '', role.sessionName, role.durationSeconds, role.endpoint]))
		.digest('hex');
	let session = sessions.get(id);
	if (!session) {
		if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
		session = { secrets: [...baseSecrets] };
		sessions.set(id, session);
	}
	return session;
}

/** The live list of secrets for a role: it grows as temporary keys are issued, so errors scrub them too. */
export function roleSecrets(role: RoleSettings, baseSecrets: string[]): string[] {
	return sessionOf(role, baseSecrets).secrets;
}

function fresh(current: TemporaryKeys | undefined, now: number): current is TemporaryKeys {
	return current !== undefined && current.expiresAt - now > REFRESH_MARGIN_MS;
}

/**
 * The role's temporary keys: the cached ones while more than 5 minutes remain, else one AssumeRole
 * for every caller. `refused` is a set of keys Chime has just refused as expired: they are not handed
 * out again, whatever their stated expiry (clocks differ).
 */
export async function roleKeys(send: HttpSend, role: RoleSettings, baseSecrets: string[], refused?: AwsKeys): Promise<AwsKeys> {
	const session = sessionOf(role, baseSecrets);
	const current = session.current;
	if (fresh(current, Date.now()) && current.keys !== refused) return current.keys;
	// No execution's Stop signal: the request may be shared with other runs of the credential (it is bounded by its time limits).
	session.pending ??= assumeRole(send, role)
		.then((issued) => {
			session.current = issued;
			// Keeps the source's secrets and the last few sessions' (older keys are long expired).
			session.secrets.push(issued.keys.secretAccessKey, issued.keys.sessionToken!);
			if (session.secrets.length > baseSecrets.length + 6) session.secrets.splice(baseSecrets.length, 2);
			return issued.keys;
		})
		.finally(() => {
			session.pending = undefined;
		});
	return await session.pending;
}
