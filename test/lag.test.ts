/**
 * Look-ups that tolerate lag: the sandbox's lists and gets show what was made only 3 s later
 * (`listLagMs`), and the first answer of each action is lost after Chime acted (`dropAfter`). The
 * look-up misses at first, reads again, finds what the lost attempt made, and reports it: one user,
 * account, bot, order, membership and invitation each, none doubled, none misreported. Time is faked
 * (harness/clock.ts): the sandbox's clock and the nodes' waits move together, nothing waits for real.
 */
import { LOOK_AGAIN_MS } from '../nodes/shared/lookups/reconcile';
import type { SeenRequest } from '../sandbox/server';
import { driven, useFakeTime } from './harness/clock';
import { creations } from './harness/creations';
import { runNode } from './harness/n8n';
import { sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

const LAG_MS = 3000;
const LOOK_WINDOW_MS = LOOK_AGAIN_MS.reduce((a, b) => a + b, 0);

useFakeTime();
let sb: Sandbox;
const seen: SeenRequest[] = [];
let hook: (request: SeenRequest) => void = () => {};
beforeAll(async () => {
	sb = await sandbox({ onRequest: (request) => (seen.push(request), hook(request)) });
});
afterAll(() => sb.stop());
beforeEach(() => {
	sb.reset(true);
	sb.faults.set({});
	sb.options.listLagMs = LAG_MS;
	seen.length = 0;
});

/** The first request of `action` loses its answer after acting; the rest are answered. */
function loseFirstAnswer(action: string): void {
	sb.faults.set({ actions: { [action]: { dropAfter: 1 } } });
	hook = (request) => {
		if (request.action === action) {
			hook = () => {};
			queueMicrotask(() => sb.faults.set({}));
		}
	};
}
const sent = (action: string) => seen.filter((r) => r.action === action).length;

// A restored number is read with GetPhoneNumber, not a list: the lag tests are about lists.
const cases = creations(() => sb).filter((c) => c.action !== 'RestorePhoneNumber');

describe(`lists and gets ${LAG_MS} ms behind, and the first answer lost after Chime acted`, () => {
	test.each(cases.map((c) => [c.action, c] as const))('%s: made once, found when the list shows it, reported as reconciled', async (action, c) => {
		loseFirstAnswer(action);
		const { value: result, waitedMs } = await driven(runNode({ type: c.type, parameters: c.parameters }, c.input ?? [{}], sandboxCredential(sb)));
		expect(result.error).toBeUndefined();
		expect(sb.faults.report().byAction[action].lost).toBeDefined();
		expect(sent(action)).toBe(1);
		expect(c.count()).toBe(1);
		const items = result.output.Chime;
		expect(items).toHaveLength((c.input ?? [{}]).length);
		for (const json of items) {
			expect(json.reconciled).toBe(true);
			c.output(json);
		}
		// The list did not show it at once: read again, until the lag had passed, and within the window.
		expect(sent(c.lookup)).toBeGreaterThan(1);
		expect(waitedMs).toBeGreaterThanOrEqual(LAG_MS);
		expect(waitedMs).toBeLessThanOrEqual(LOOK_WINDOW_MS);
	});
});

test('with no lag, the first look-up finds it: no wait at all', async () => {
	sb.options.listLagMs = 0;
	loseFirstAnswer('CreateBot');
	const { value: result, waitedMs } = await driven(runNode({ type: cases[2].type, parameters: cases[2].parameters }, [{}], sandboxCredential(sb)));
	expect(result.output.Chime[0]).toMatchObject({ DisplayName: 'Onboarding Bot', reconciled: true });
	expect(sent('ListBots')).toBe(1);
	expect(waitedMs).toBe(0);
});
