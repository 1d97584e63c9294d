/**
 * Issue 10, "output shape depends on the data": each operation has one output shape, decided from the
 * model and its entry (nodes/shared/pipeline/output.ts), never from what an answer happens to hold. What
 * each operation outputs is in its plan (test/__snapshots__/plans.test.ts.snap, `output:`); the checks
 * here feed every single-item operation a full answer and an empty one.
 */
import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { botSpec } from '../nodes/AmazonChimeBot/operations';
import { conversationSpec } from '../nodes/AmazonChimeConversation/operations';
import { meetingSpec } from '../nodes/AmazonChimeMeeting/operations';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { roomSpec } from '../nodes/AmazonChimeRoom/operations';
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { outputShape, shape, type Shape } from '../nodes/shared/chime/model';
import { outputShapeOf, singleOutput } from '../nodes/shared/pipeline/output';
import type { Operation } from '../nodes/shared/types';
import { useNodeTestBed } from './harness/chime';
import { id } from './harness/params';
import { DEMO } from './harness/sandbox';

const operations = [accountSpec, userSpec, phoneNumberSpec, roomSpec, botSpec, conversationSpec, meetingSpec].flatMap((s) => s.operations);

/** A value for every member of a shape, as a full answer from Chime would hold. */
function sample(s: Shape): unknown {
	if (s.type === 'structure') return Object.fromEntries(Object.entries(s.members ?? {}).map(([k, m]) => [k, sample(shape(m.shape))]));
	if (s.type === 'list') return [sample(shape(s.member!.shape))];
	if (s.type === 'boolean') return true;
	if (s.type === 'integer' || s.type === 'long') return 1;
	if (s.type === 'timestamp') return new Date(0);
	return s.enum?.[0] ?? 'x';
}

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'list' : value instanceof Date ? 'date' : typeof value);
const topLevel = (value: unknown) => Object.keys(value as object).sort().map((key) => `${key}:${kindOf((value as Record<string, unknown>)[key])}`);

describe('one output shape per operation', () => {
	const single = operations.filter((op) => ['resource', 'answer'].includes(outputShapeOf(op).kind));
	test.each(single.map((op) => [op.chime, op] as const))('%s: the same keys whether Chime answers with every member or none', (_, op: Operation) => {
		const full = sample(outputShape(op.chime)) as Record<string, unknown>;
		const input = { AccountId: 'a' };
		const whenFull = singleOutput(op, outputShapeOf(op), input, full);
		const whenEmpty = singleOutput(op, outputShapeOf(op), input, {});
		const plan = outputShapeOf(op);
		if (plan.kind === 'resource') {
			// The resource itself, never its envelope, and an object either way.
			expect(whenFull).toEqual(full[plan.member]);
			expect(kindOf(whenEmpty)).toBe('object');
		} else if (plan.kind === 'answer') {
			expect(topLevel(whenEmpty).map((k) => k.split(':')[0])).toEqual(topLevel(whenFull).map((k) => k.split(':')[0]));
			// A member Chime left out has the kind it would have had ({} or []), or is null.
			const empty = whenEmpty as Record<string, unknown>;
			for (const member of plan.members) expect([kindOf(full[member]), 'null']).toContain(kindOf(empty[member]));
		}
	});
});

describe('one output shape per operation, through the engine against the sandbox', () => {
	const bed = useNodeTestBed();
	const A = DEMO.accountId;
	const accountSettings = (resource: string, extra = {}) => bed.run('amazonChimeAccount', { resource, operation: 'get', accountId: id(A), ...extra });

	test('Get Retention Settings: the same keys with and without a deletion timestamp', async () => {
		const before = await accountSettings('retentionSettings');
		bed.sb.state().accounts[A].retention = { RetentionSettings: { RoomRetentionSettings: { RetentionDays: 30 } }, InitiateDeletionTimestamp: '2026-01-02T03:04:05.000Z' };
		const after = await accountSettings('retentionSettings');
		expect(Object.keys(before.output.Chime[0]).sort()).toEqual(['InitiateDeletionTimestamp', 'RetentionSettings']);
		expect(Object.keys(after.output.Chime[0]).sort()).toEqual(['InitiateDeletionTimestamp', 'RetentionSettings']);
		expect(after.output.Chime[0].InitiateDeletionTimestamp).toBe('2026-01-02T03:04:05.000Z');
	});

	test('Get Global Settings with one bucket set still says which one it is', async () => {
		bed.sb.state().globalSettings = { VoiceConnector: { CdrBucket: 'cdr-vc' } } as never;
		const result = await bed.run('amazonChimeAccount', { resource: 'globalSettings', operation: 'get' });
		expect(result.output.Chime).toEqual([{ BusinessCalling: {}, VoiceConnector: { CdrBucket: 'cdr-vc' } }]);
	});

	test('a dial-out join token is sent but never echoed into output', async () => {
		const { plain } = await import('../nodes/shared/pipeline/output');
		const dialOut = meetingSpec.operations[0];
		const echoed = { ...dialOut, echoInput: true };
		expect(plain(singleOutput(echoed, outputShapeOf(echoed), { MeetingId: 'm', JoinToken: 'secret+token' }, {}))).toEqual({ success: true, MeetingId: 'm', TransactionId: null });
	});
});
