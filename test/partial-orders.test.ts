/**
 * Issue 16 point 3, orders that end Partial: the numbers bought are always in the output, with each
 * failed number and why; whether Partial is an error is the user's choice (Options → Partial Order Is).
 * Against the sandbox, whose orders fail numbers its inventory already holds.
 */
import type { INodeParameters } from 'n8n-workflow';

import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { outputAdds } from '../nodes/shared/pipeline/output';
import { useNodeTestBed } from './harness/chime';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();

const FREE = ['+12065550102', '+12065550103'];
const TAKEN = DEMO.numbers.alice;
const REASON = 'Amazon Chime gives no reason; most often the number was no longer available: search again and order another';

const order = (numbers: string, options: INodeParameters): INodeParameters => ({
	resource: 'phoneNumberOrder',
	operation: 'create',
	productType: 'BusinessCalling',
	e164PhoneNumbers: numbers,
	options,
});

test('Partial Order Is A Success: the item is output with the numbers bought and those that failed, with why', async () => {
	const result = await bed.run('amazonChimePhoneNumber', order(`${FREE[0]},${TAKEN}`, { waitForCompletion: true, partialIs: 'success' }));
	expect(result.error).toBeUndefined();
	expect(result.output.Chime).toEqual([
		expect.objectContaining({
			Status: 'Partial',
			AcquiredPhoneNumbers: [FREE[0]],
			FailedPhoneNumbers: [{ E164PhoneNumber: TAKEN, Status: 'Failed', Reason: REASON }],
		}),
	]);
	// What the output says was bought is what Chime holds now.
	expect(bed.sb.state().phoneNumbers[FREE[0]].Status).toBe('Unassigned');
});

test('Partial Order Is An Error (the default): the node stops, and its error names what was bought as well as what was not', async () => {
	const result = await bed.run('amazonChimePhoneNumber', order(`${FREE[0]},${TAKEN}`, { waitForCompletion: true }));
	expect(result.error?.message).toMatch(/ended Partial: 1 of 2 phone numbers failed \(\+12065550100\)$/);
	expect(result.error?.description).toBe(`Acquired: ${FREE[0]}. Not acquired: ${TAKEN} (${REASON}).`);
});

test('An Error with Continue On Fail: the error item also carries the order as it ended, numbers bought included', async () => {
	const result = await bed.run('amazonChimePhoneNumber', order(`${FREE[0]},${TAKEN}`, { waitForCompletion: true, partialIs: 'error' }), [{}], { continueOnFail: true });
	expect(result.output.Chime).toEqual([
		{
			error: expect.stringContaining('ended Partial'),
			details: expect.stringContaining(`Acquired: ${FREE[0]}.`),
			PhoneNumberOrder: expect.objectContaining({
				Status: 'Partial',
				AcquiredPhoneNumbers: [FREE[0]],
				FailedPhoneNumbers: [{ E164PhoneNumber: TAKEN, Status: 'Failed', Reason: REASON }],
			}),
		},
	]);
});

test('Failed stays an error whatever Partial Order Is says', async () => {
	const result = await bed.run('amazonChimePhoneNumber', order(TAKEN, { waitForCompletion: true, partialIs: 'success' }));
	expect(result.error?.message).toMatch(/ended Failed: 1 of 1 phone number failed/);
});

test('Successful: every number in AcquiredPhoneNumbers, none in FailedPhoneNumbers', async () => {
	const result = await bed.run('amazonChimePhoneNumber', order(FREE.join(','), { waitForCompletion: true }));
	expect(result.error).toBeUndefined();
	expect(result.output.Chime).toEqual([expect.objectContaining({ Status: 'Successful', AcquiredPhoneNumbers: FREE, FailedPhoneNumbers: [] })]);
	// Declared for output schemas (output.ts), not only added at run time.
	const create = phoneNumberSpec.operations.find((op) => op.waitFor)!;
	expect(outputAdds(create)).toEqual({ always: [], whenWaited: ['AcquiredPhoneNumbers', 'FailedPhoneNumbers'] });
	expect(Object.keys(result.output.Chime[0])).toEqual(expect.arrayContaining(outputAdds(create).whenWaited));
});
