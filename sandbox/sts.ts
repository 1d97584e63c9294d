/**
 * The sandbox's AWS STS: `AssumeRole` (Query protocol, form body, XML answer) at POST /_sts, signed
 * for service `sts`. Roles trust a list of access key IDs and may require an external ID; the
 * temporary keys it issues join the keys the Chime routes accept until their expiry, after which
 * those routes answer 403 ExpiredTokenException as AWS does. Counters show tests how often it was called.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { verify, type KeyPair } from './sigv4';

export interface RoleConfig {
	/** arn:aws:iam::123456789012:role/n8n-chime */
	arn: string;
	/** Access key IDs that may assume the role (its trust policy). */
	trust: string[];
	/** When set, AssumeRole must send it as ExternalId (the trust policy's sts:ExternalId condition). */
	externalId?: string;
	/** Chime actions the role's keys may call, `*` as a wildcard; all when unset. */
	allow?: string[];
	/** The role's maximum session duration; 3600 s unless set (AWS's default). */
	maxSessionSeconds?: number;
}

export interface StsCounters {
	/** AssumeRole requests that reached the sandbox, signed or not. */
	calls: number;
	/** Temporary keys issued. */
	issued: number;
	/** Refused: bad keys, not trusted, wrong external ID, invalid input. */
	refused: number;
	/** Requests (to Chime or STS) refused with ExpiredToken because their temporary keys had expired. */
	expiredRefusals: number;
}

interface Answer {
	status: number;
	xml: string;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function errorAnswer(status: number, code: string, message: string): Answer {
	const xml = `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomBytes(16).toString('hex')}</RequestId></ErrorResponse>`;
	return { status, xml };
}

/** AWS's STS error codes for what the signature check finds (it answers in XML, not Chime's JSON). */
const STS_AUTH_CODES: Record<string, string> = {
	UnrecognizedClient: 'InvalidClientTokenId',
	InvalidSignature: 'SignatureDoesNotMatch',
	MissingAuthenticationToken: 'MissingAuthenticationToken',
	IncompleteSignature: 'IncompleteSignature',
};

const token = (alphabet: string, length: number) =>
	Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export class Sts {
	readonly counters: StsCounters = { calls: 0, issued: 0, refused: 0, expiredRefusals: 0 };
	/** Expiry (ms) of each temporary access key ID issued. */
	private readonly expiries = new Map<string, number>();

	constructor(
		readonly roles: RoleConfig[],
		/** The sandbox's accepted keys: issued keys are added to them. */
		private readonly keys: KeyPair[],
		private readonly clock: () => Date,
	) {}

	/** Whether a key is a temporary one past its expiry (counted: the request is refused). */
	expired(key: KeyPair): boolean {
		const expiry = this.expiries.get(key.accessKeyId);
		const past = expiry !== undefined && this.clock().getTime() >= expiry;
		if (past) this.counters.expiredRefusals++;
		return past;
	}

	/** Ends every issued session now (a test fixture: as if their hour had passed). */
	expireAll(): void {
		const now = this.clock().getTime();
		for (const id of this.expiries.keys()) this.expiries.set(id, now);
	}

	resetCounters(): void {
		Object.assign(this.counters, { calls: 0, issued: 0, refused: 0, expiredRefusals: 0 });
	}

	handle(req: IncomingMessage, body: Buffer): Answer {
		this.counters.calls++;
		const answer = this.assumeRole(req, body);
		if (answer.status === 200) this.counters.issued++;
		else this.counters.refused++;
		return answer;
	}

	private assumeRole(req: IncomingMessage, body: Buffer): Answer {
		if (req.method !== 'POST') return errorAnswer(400, 'InvalidAction', 'STS takes POST with a form body.');
		const signedBy = verify({ method: 'POST', url: req.url ?? '/', headers: req.headers, body }, this.keys, this.clock(), 'sts');
		if (!('secretAccessKey' in signedBy)) {
			return errorAnswer(signedBy.status, STS_AUTH_CODES[signedBy.code] ?? signedBy.code, signedBy.message);
		}
		if (this.expired(signedBy)) return errorAnswer(403, 'ExpiredToken', 'The security token included in the request is expired');
		const form = new URLSearchParams(body.toString('utf8'));
		if (form.get('Action') !== 'AssumeRole') return errorAnswer(400, 'InvalidAction', `Could not find operation ${form.get('Action') ?? ''} for version ${form.get('Version') ?? ''}`);
		if (form.get('Version') !== '2011-06-15') return errorAnswer(400, 'InvalidAction', `Could not find operation AssumeRole for version ${form.get('Version') ?? ''}`);
		const arn = form.get('RoleArn') ?? '';
		const sessionName = form.get('RoleSessionName') ?? '';
		const duration = Number(form.get('DurationSeconds') ?? 3600);
		const externalId = form.get('ExternalId');
		if (!/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(arn)) return errorAnswer(400, 'ValidationError', `${arn} is invalid`);
		if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
			return errorAnswer(400, 'ValidationError', "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
		}
		const role = this.roles.find((r) => r.arn === arn);
		const denied = errorAnswer(403, 'AccessDenied', `User: ${signedBy.accessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
		// AWS says the same for a role that is not there, one that does not trust the caller and a wrong external ID.
		if (!role || !role.trust.includes(signedBy.accessKeyId)) return denied;
		// A role without the condition ignores an external ID; one with it wants exactly its own.
		if (role.externalId !== undefined && externalId !== role.externalId) return denied;
		const max = role.maxSessionSeconds ?? 3600;
		if (!Number.isInteger(duration) || duration < 900 || duration > max) {
			const why = duration > max ? 'exceeds the MaxSessionDuration set for this role' : 'must be a whole number of seconds from 900';
			return errorAnswer(400, 'ValidationError', `The requested DurationSeconds ${why}.`);
		}
		const expiresAt = this.clock().getTime() + duration * 1000;
		const issued: KeyPair = {
			accessKeyId: `ASIA${token(UPPER, 16)}`,
			secretAccessKey: token(BASE64, 40),
			sessionToken: `IQoJb3JpZ2luX2Vj${token(BASE64, 120)}`,
			...(role.allow ? { allow: role.allow } : {}),
		};
		this.keys.push(issued);
		this.expiries.set(issued.accessKeyId, expiresAt);
		const xml = `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult><SourceIdentity/><AssumedRoleUser><AssumedRoleId>AROA${token(UPPER, 17)}:${escapeXml(sessionName)}</AssumedRoleId><Arn>${escapeXml(arn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/'))}/${escapeXml(sessionName)}</Arn></AssumedRoleUser><Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${escapeXml(issued.secretAccessKey)}</SecretAccessKey><SessionToken>${escapeXml(issued.sessionToken!)}</SessionToken><Expiration>${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</Expiration></Credentials><PackedPolicySize>0</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>${randomBytes(16).toString('hex')}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
		return { status: 200, xml };
	}
}
