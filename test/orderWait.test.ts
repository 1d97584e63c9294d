/**
 * Issue 11: Phone Number Order → Create with Wait for Completion (Options), through n8n's engine against
 * the sandbox, whose orders stay Processing for `orderDelayMs` and then end Successful, or Partial or
 * Failed for numbers that are not available (here: numbers the inventory already holds).
 */
import type { INodeParameters } from 'n8n-workflow';

import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { FIRST_READ_MS, waitUntilDone } from '../nodes/shared/wait';
import { useNodeTestBed } from './harness/chime';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();

/** Available in the sandbox's catalogue (area code 206), unlike DEMO's numbers, which the inventory holds. */
const FREE = ['+12065550102', '+12065550103'];
const TAKEN = DEMO.numbers.alice;
/** Chime says only Failed, number by number: the entry says what that most often means. */
const REASON = 'Amazon Chime gives no reason; most often the number was no longer available: search again and order another';

const order = (numbers: string, options: INodeParameters = { waitForCompletion: true }): INodeParameters => ({
	resource: 'phoneNumberOrder',
	operation: 'create',
	productType: 'BusinessCalling',
	e164PhoneNumbers: numbers,
	options,
});
const gets = () => bed.requests.filter((r) => r.action === 'GetPhoneNumberOrder');
const creates = () => bed.requests.filter((r) => r.action === 'CreatePhoneNumberOrder');
/** Orders made by the test: the seed has one of its own. */
let seeded = new Set<string>();
beforeEach(() => {
	seeded = new Set(Object.keys(bed.sb.state().orders));
});
const orderIds = () => Object.keys(bed.sb.state().orders).filter((id) => !seeded.has(id));

test('Successful after a delay: the order is read until it is done, and the node outputs it as it ended', async () => {
	bed.sb.options.orderDelayMs = 600;
	const started = Date.now();
	const result = await bed.run('amazonChimePhoneNumber', order(FREE.join(',')));
	expect(result.error).toBeUndefined();
	expect(Date.now() - started).toBeGreaterThanOrEqual(600);
	expect(result.output.Chime).toEqual([
		expect.objectContaining({
			PhoneNumberOrderId: orderIds()[0],
			Status: 'Successful',
			OrderedPhoneNumbers: FREE.map((E164PhoneNumber) => ({ E164PhoneNumber, Status: 'Acquired' })),
			CreatedTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
		}),
	]);
	// Read at 250 ms and 750 ms (250 ms, then twice as long): done at the second.
	expect(gets().length).toBeGreaterThanOrEqual(1);
	expect(gets().length).toBeLessThanOrEqual(3);
	expect(gets().every((r) => r.path === `/phone-number-orders/${orderIds()[0]}`)).toBe(true);
	expect(creates()).toHaveLength(1);
	expect(FREE.map((n) => bed.sb.state().phoneNumbers[n].Status)).toEqual(['Unassigned', 'Unassigned']);
});

test('default off: the order is output as Create answered (Processing), with no reads', async () => {
	bed.sb.options.orderDelayMs = 600;
	const result = await bed.run('amazonChimePhoneNumber', order(FREE[0], {}));
	expect(result.error).toBeUndefined();
	expect(result.output.Chime).toEqual([expect.objectContaining({ Status: 'Processing' })]);
	expect(gets()).toHaveLength(0);
});

test('Partial: an error on the item naming the numbers that failed; with Continue On Fail, the other items go on', async () => {
	bed.sb.options.orderDelayMs = 300;
	const result = await bed.run('amazonChimePhoneNumber', order('={{ $json.numbers }}'), [{ numbers: FREE[0] }, { numbers: `${FREE[1]},${TAKEN}` }], {
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	const partial = orderIds().find((id) => bed.sb.state().orders[id].order.Status === 'Partial');
	expect(result.output.Chime).toEqual([
		expect.objectContaining({ Status: 'Successful', OrderedPhoneNumbers: [{ E164PhoneNumber: FREE[0], Status: 'Acquired' }] }),
		{
			error: `The phone number order ${partial} ended Partial: 1 of 2 phone numbers failed (${TAKEN})`,
			details: `Acquired: ${FREE[1]}. Not acquired: ${TAKEN} (${REASON}).`,
			// The number bought is in the output, not only in words (test/partial-orders.test.ts).
			PhoneNumberOrder: expect.objectContaining({ Status: 'Partial', AcquiredPhoneNumbers: [FREE[1]] }),
		},
	]);
	expect(result.items.Chime.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(gets().length).toBeGreaterThanOrEqual(2);
});

test('Failed: the node stops with an error naming the number', async () => {
	bed.sb.options.orderDelayMs = 300;
	const result = await bed.run('amazonChimePhoneNumber', order(TAKEN));
	expect(result.error?.message).toBe(`The phone number order ${orderIds()[0]} ended Failed: 1 of 1 phone number failed (${TAKEN})`);
	expect(result.error?.description).toBe(`None was acquired. Not acquired: ${TAKEN} (${REASON}).`);
	expect(gets().length).toBeGreaterThanOrEqual(1);
});

test('timeout: still Processing when Wait Timeout is up is an error with the order ID, reads stop', async () => {
	bed.sb.options.orderDelayMs = 60_000;
	const started = Date.now();
	const result = await bed.run('amazonChimePhoneNumber', order(FREE[0], { waitForCompletion: true, waitTimeout: 1 }), [{}], { continueOnFail: true });
	const took = Date.now() - started;
	expect(took).toBeGreaterThanOrEqual(1000);
	expect(took).toBeLessThan(5000);
	expect(result.output.Chime).toEqual([
		{
			error: `The phone number order ${orderIds()[0]} is still Processing after 1 s (Wait Timeout)`,
			details: expect.stringContaining('raise Wait Timeout (Seconds) in Options'),
		},
	]);
	// At 250 ms, 750 ms and on the deadline; then no more.
	const reads = gets().length;
	expect(reads).toBeGreaterThanOrEqual(2);
	expect(reads).toBeLessThanOrEqual(4);
	await new Promise((resolve) => setTimeout(resolve, 600));
	expect(gets()).toHaveLength(reads);
});

test('Stop ends the wait at once (the execution cancel signal), not at the next read', async () => {
	bed.sb.options.orderDelayMs = 60_000;
	const started = Date.now();
	// Reads at 250, 750 and 1750 ms; Stop at 2000 ms, in the wait before the read at 3750 ms.
	await bed.run('amazonChimePhoneNumber', order(FREE[0], { waitForCompletion: true, waitTimeout: 300 }), [{}], { cancelAfterMs: 2000 });
	expect(Date.now() - started).toBeLessThan(3000);
	const reads = gets().length;
	expect(reads).toBeGreaterThanOrEqual(2);
	expect(reads).toBeLessThanOrEqual(3);
	await new Promise((resolve) => setTimeout(resolve, 2500));
	expect(gets()).toHaveLength(reads);
});

test('a Wait Timeout that is not a whole number of seconds from 1 to 3600 stops the node before anything is ordered', async () => {
	const result = await bed.run('amazonChimePhoneNumber', order(FREE[0], { waitForCompletion: true, waitTimeout: 0 }));
	expect(result.error?.message).toBe('Invalid "Wait Timeout (Seconds)" [item 1]: must be a whole number from 1 to 3600 (got 0)');
	expect(creates()).toHaveLength(0);
});

test('an order Chime finished at once is not read again', async () => {
	bed.sb.options.orderDelayMs = 0;
	const result = await bed.run('amazonChimePhoneNumber', order(FREE[0]));
	expect(result.output.Chime).toEqual([expect.objectContaining({ Status: 'Successful' })]);
	expect(gets()).toHaveLength(0);
});

test('the wait stops at a cancel signal even between reads (the shared poller on its own)', async () => {
	const waitFor = phoneNumberSpec.operations.find((op) => op.waitFor)!.waitFor!;
	const controller = new AbortController();
	let reads = 0;
	const waiting = waitUntilDone(waitFor, { PhoneNumberOrderId: 'o-1', Status: 'Processing' }, {
		timeoutMs: 60_000,
		signal: controller.signal,
		read: async () => (reads++, { PhoneNumberOrder: { PhoneNumberOrderId: 'o-1', Status: 'Processing' } }),
		fail: (message) => new Error(message),
	});
	setTimeout(() => controller.abort(), FIRST_READ_MS * 4);
	await expect(waiting).rejects.toMatchObject({ code: 'ERR_CANCELED' });
	const after = reads;
	await new Promise((resolve) => setTimeout(resolve, FIRST_READ_MS * 8));
	expect(reads).toBe(after);
	expect(after).toBeGreaterThanOrEqual(1);
});
