/**
 * AWS Signature Version 4 verification, as AWS's front door does it for Chime (service `chime`,
 * region us-east-1): the same canonical request the SDKs and the AWS CLI sign, recomputed here.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { DateTime } from 'luxon';

import { authError, type ChimeError } from './errors';

export interface KeyPair {
	accessKeyId: string;
	secretAccessKey: string;
	/** When set, requests with this key must carry it as X-Amz-Security-Token. */
	sessionToken?: string;
	/** Actions this key may call, `*` as a wildcard (`Get*`, `List*`); all when unset. Others: 403 Forbidden. */
	allow?: string[];
	/** A suspended key signs correctly but is not authorized: 401 UnauthorizedClient. */
	suspended?: boolean;
}

export interface SignedRequest {
	method: string;
	/** The path and query exactly as they came on the wire. */
	url: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

const MAX_SKEW_MINUTES = 5;
const REGION = 'us-east-1';
const SERVICE = 'chime';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it. */
function encode(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Non-S3 services sign the path encoded a second time, with `.` and `..` resolved. */
function canonicalPath(rawPath: string): string {
	const segments: string[] = [];
	for (const segment of rawPath.split('/')) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') segments.pop();
		else segments.push(segment);
	}
	const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
	return encode(`/${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

function canonicalQuery(rawQuery: string): string {
	if (!rawQuery) return '';
	return rawQuery
		.split('&')
		.filter(Boolean)
		.map((pair) => {
			const at = pair.indexOf('=');
			const key = decodeURIComponent((at === -1 ? pair : pair.slice(0, at)).replace(/\+/g, ' '));
			const value = at === -1 ? '' : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, ' '));
			return [encode(key), encode(value)];
		})
		.sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
}

function header(headers: IncomingHttpHeaders, name: string): string {
	const value = headers[name];
	return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
}

const INVALID_SIGNATURE =
	'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Returns the key pair that signed the request, or the error AWS would answer with. */
/**
 * `service` is `chime` for Chime's routes and `sts` for the sandbox's STS (sts.ts); `region_` us-east-1
 * but for Chime SDK Voice's routes, which answer for the sandbox's Voice region only, as AWS's do.
 */
export function verify(request: SignedRequest, keys: KeyPair[], now: Date, service_: string = SERVICE, region_: string = REGION): KeyPair | ChimeError {
	const authorization = header(request.headers, 'authorization');
	if (!authorization) return authError('MissingAuthenticationTokenException', 'Missing Authentication Token');
	const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
		authorization,
	);
	if (!match) {
		return authError('IncompleteSignatureException', `Authorization header requires Credential, SignedHeaders and Signature: ${authorization.split(' ')[0]}`);
	}
	const [, accessKeyId, date, region, service, signedHeaderList, signature] = match;
	const key = keys.find((k) => k.accessKeyId === accessKeyId);
	if (!key) return authError('UnrecognizedClientException', 'The security token included in the request is invalid.');
	if (region !== region_ || service !== service_) {
		return authError('InvalidSignatureException', `Credential should be scoped to a valid region and service: ${region_}/${service_}, not ${region}/${service}.`);
	}
	const amzDate = header(request.headers, 'x-amz-date');
	// Parsed by hand: this runs for every request, and luxon's format parsing is slow by comparison.
	const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
	const signedAt = parts
		? DateTime.fromMillis(Date.UTC(+parts[1], +parts[2] - 1, +parts[3], +parts[4], +parts[5], +parts[6]), { zone: 'utc' })
		: DateTime.invalid('not a SigV4 date');
	if (!signedAt.isValid || !amzDate.startsWith(date)) {
		return authError('IncompleteSignatureException', 'Date must be in ISO-8601 basic format and match the credential scope.');
	}
	const clock = DateTime.fromJSDate(now, { zone: 'utc' });
	const fmt = (d: DateTime) => d.toFormat("yyyyMMdd'T'HHmmss'Z'");
	if (signedAt < clock.minus({ minutes: MAX_SKEW_MINUTES })) {
		return authError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${fmt(clock.minus({ minutes: MAX_SKEW_MINUTES }))} (${fmt(clock)} - ${MAX_SKEW_MINUTES} min.)`);
	}
	if (signedAt > clock.plus({ minutes: MAX_SKEW_MINUTES })) {
		return authError('InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${fmt(clock.plus({ minutes: MAX_SKEW_MINUTES }))} (${fmt(clock)} + ${MAX_SKEW_MINUTES} min.)`);
	}
	if (key.sessionToken !== undefined && header(request.headers, 'x-amz-security-token') !== key.sessionToken) {
		return authError('UnrecognizedClientException', 'The security token included in the request is invalid.');
	}
	const signedHeaders = signedHeaderList.split(';');
	if (!signedHeaders.includes('host')) {
		return authError('InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
	}
	const [rawPath, rawQuery = ''] = request.url.split(/\?(.*)/s);
	const declaredHash = header(request.headers, 'x-amz-content-sha256');
	const payloadHash = declaredHash === 'UNSIGNED-PAYLOAD' ? declaredHash : sha256(request.body);
	const canonicalRequest = [
		request.method,
		canonicalPath(rawPath),
		canonicalQuery(rawQuery),
		signedHeaders.map((name) => `${name}:${header(request.headers, name)}\n`).join(''),
		signedHeaderList,
		payloadHash,
	].join('\n');
	const scope = `${date}/${region}/${service}/aws4_request`;
	const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
	const signingKey = ['aws4_request'].reduce(
		(k, part) => hmac(k, part),
		hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, date), region), service),
	);
	const expected = Buffer.from(createHmac('sha256', signingKey).update(stringToSign).digest('hex'));
	if (!timingSafeEqual(expected, Buffer.from(signature))) return authError('InvalidSignatureException', INVALID_SIGNATURE);
	return key;
}
