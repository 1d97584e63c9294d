/**
 * AWS Signature Version 4 for Chime, computed the way @smithy/signature-v4 does it for the SDK:
 * the same canonical request, the same signed headers, the same Authorization header.
 */
import { createHash, createHmac } from 'crypto';

import type { AwsKeys } from './types';

/** Chime answers at one endpoint and is signed for us-east-1, whatever the endpoint's host says; Chime SDK Voice for its own region. */
const REGION = 'us-east-1';
const SERVICE = 'chime';
const ALGORITHM = 'AWS4-HMAC-SHA256';

/** Headers the SDK never signs: proxies and clients may rewrite them on the way. */
const UNSIGNABLE = new Set([
	'authorization',
	'cache-control',
	'connection',
	'expect',
	'from',
	'keep-alive',
	'max-forwards',
	'pragma',
	'referer',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
	'user-agent',
	'x-amzn-trace-id',
]);
/** Headers the signer sets itself: any the caller passes are dropped. */
const GENERATED = new Set(['authorization', 'x-amz-date', 'date']);

interface SignableRequest {
	method: string;
	/** Full URL, path and query percent-encoded as they go on the wire. */
	url: string;
	/** Lower-case names. */
	headers: Record<string, string>;
	body: string;
}

/** RFC 3986 percent-encoding: encodeURIComponent plus `!'()*`. The SDK's escapeUri. */
export function uriEncode(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** scheme://authority, then the path and the query as they are. */
const URL_PARTS = /^[^:/?#]+:\/\/[^/?#]*([^?#]*)(?:\?([^#]*))?/;

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Non-S3 services sign the path with empty, `.` and `..` segments resolved, then encoded once more
 * (the path on the wire is already encoded: `%2F` in a label becomes `%252F`).
 */
function canonicalPath(path: string): string {
	const segments: string[] = [];
	for (const segment of path.split('/')) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') segments.pop();
		else segments.push(segment);
	}
	const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
	return uriEncode(normalized).replace(/%2F/g, '/');
}

/** Keys sorted; a repeated key's `key=value` pairs sorted among themselves. */
function canonicalQuery(query: string): string {
	const byKey = new Map<string, string[]>();
	for (const pair of query.split('&')) {
		if (!pair) continue;
		const at = pair.indexOf('=');
		const key = uriEncode(decodeURIComponent(at === -1 ? pair : pair.slice(0, at)));
		if (key.toLowerCase() === 'x-amz-signature') continue;
		const value = at === -1 ? '' : decodeURIComponent(pair.slice(at + 1));
		const pairs = byKey.get(key) ?? [];
		pairs.push(`${key}=${uriEncode(value)}`);
		byKey.set(key, pairs);
	}
	return [...byKey.keys()]
		.sort()
		.map((key) => byKey.get(key)!.sort().join('&'))
		.join('&');
}

/** The signing key changes once a day per secret: derived once, not four HMACs per request. */
const signingKeys = new Map<string, Buffer>();
const MAX_SIGNING_KEYS = 50;

function signingKey(secret: string, shortDate: string, region: string, service: string): Buffer {
	// The secret itself is not kept as a map key.
	const cacheKey = `${shortDate}/${region}/${service}/${sha256(secret)}`;
	let key = signingKeys.get(cacheKey);
	if (!key) {
		key = hmac(hmac(hmac(hmac(`AWS4${secret}`, shortDate), region), service), 'aws4_request');
		if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.delete(signingKeys.keys().next().value!);
		signingKeys.set(cacheKey, key);
	}
	return key;
}

/**
 * Signs one request at `now`. Returns the headers to send: the request's own (less any
 * authorization, x-amz-date or date) plus host, x-amz-date, x-amz-security-token (temporary
 * credentials only), x-amz-content-sha256 and authorization. Every header except the SDK's
 * unsignable ones is signed, content-type and content-length included. Signed for Chime (`chime`,
 * us-east-1) unless said: `sts` for AssumeRole (its global endpoint is signed for us-east-1 too), a
 * chosen region for Chime SDK Voice.
 */
export function signRequest(request: SignableRequest, keys: AwsKeys, now: Date, service = SERVICE, region = REGION): Record<string, string> {
	// The raw path and query, as the caller encoded them: URL would resolve `.` segments and re-encode.
	const [, rawPath = '', rawQuery = ''] = URL_PARTS.exec(request.url) ?? [];

	const longDate = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
	const shortDate = longDate.slice(0, 8);
	const scope = `${shortDate}/${region}/${service}/aws4_request`;

	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value !== undefined && !GENERATED.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
	}
	// URL gives the host as the SDK sends it: lower-case, default port left out.
	headers.host ??= new URL(request.url).host;
	headers['x-amz-date'] = longDate;
	if (keys.sessionToken) headers['x-amz-security-token'] = keys.sessionToken;
	const payloadHash = (headers['x-amz-content-sha256'] ??= sha256(request.body));

	const signed = Object.keys(headers)
		.filter((name) => !UNSIGNABLE.has(name) && !/^(proxy|sec)-/.test(name))
		.sort();
	const canonicalHeaders = signed
		.map((name) => `${name}:${headers[name].replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '')}\n`)
		.join('');
	const signedHeaders = signed.join(';');
	const canonicalRequest = [
		request.method,
		canonicalPath(rawPath || '/'),
		canonicalQuery(rawQuery),
		canonicalHeaders,
		signedHeaders,
		payloadHash,
	].join('\n');
	const stringToSign = [ALGORITHM, longDate, scope, sha256(canonicalRequest)].join('\n');
	const signature = createHmac('sha256', signingKey(keys.secretAccessKey, shortDate, region, service)).update(stringToSign, 'utf8').digest('hex');
	headers.authorization = `${ALGORITHM} Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
	return headers;
}
