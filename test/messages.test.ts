/**
 * Issue 16 point 4, messages in words: each names the field and the item as the editor numbers items
 * (the first is Item 1); a value an expression did not give says so; phone numbers are taken as people
 * paste them with a country code, and refused in words without one; an account picked From List is
 * named by its name.
 */
import { useNodeTestBed } from './harness/chime';
import { byEmail, id } from './harness/params';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();
const A = id(DEMO.accountId);
const EXAMPLE_CORP = { __rl: true, mode: 'list', value: DEMO.accountId, cachedResultName: 'Example Corp' };

describe('a value missing from an earlier step', () => {
	test('in a batch entry: "is empty", not "must be text", on the item the editor calls Item 2', async () => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'suspend', accountId: A, userId: id('={{ $json.userId }}') }, [
			{ userId: DEMO.users.bob },
			{ email: 'no id here' },
		]);
		expect(result.error?.message).toBe('Invalid "User" [item 2]: is empty: its expression gave no value (does the input item have that field?)');
		expect(bed.requests).toEqual([]);
	});

	test('in a top-level field read through n8n\'s own expression evaluation', async () => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'associatePhoneNumber', accountId: A, userId: id(DEMO.users.bob), e164PhoneNumber: "={{ $json['phone'].number }}" }, [
			{ phone: {} },
		]);
		expect(result.error?.message).toBe('Invalid "Phone Number" [item 1]: is empty: its expression gave no value (does the input item have that field?)');
		expect(bed.requests).toEqual([]);
	});

	test('By Email from a field the item lacks', async () => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: A, userId: byEmail('={{ $json.mail }}') }, [{ email: 'bob@example.com' }]);
		expect(result.error?.message).toBe('Invalid "User" [item 1]: is empty: its expression gave no value (does the input item have that field?)');
		expect(bed.requests).toEqual([]);
	});
});

describe('phone numbers as people paste them', () => {
	test.each([
		['+1 206-555-0101', '+12065550101'],
		['+1 (206) 555 0101', '+12065550101'],
		['+1.206.555.0101', '+12065550101'],
		['001 206 555 0101', '+12065550101'],
		[' +12065550101 ', '+12065550101'],
	])('%s is sent as %s', async (typed, sent) => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'associatePhoneNumber', accountId: A, userId: id(DEMO.users.bob), e164PhoneNumber: typed });
		expect(result.error).toBeUndefined();
		expect(bed.requests.map((r) => r.body)).toEqual([{ E164PhoneNumber: sent }]);
		expect(bed.sb.state().phoneNumbers[sent].Status).toBe('Assigned');
	});

	test('a list of them, in an order', async () => {
		const result = await bed.run('amazonChimePhoneNumber', {
			resource: 'phoneNumberOrder',
			operation: 'create',
			productType: 'BusinessCalling',
			e164PhoneNumbers: '+1 (206) 555-0102, +1 206.555.0103',
		});
		expect(result.error).toBeUndefined();
		expect(bed.requests[0].body).toEqual({ ProductType: 'BusinessCalling', E164PhoneNumbers: ['+12065550102', '+12065550103'] });
	});

	test('a phone number ID typed By ID', async () => {
		const result = await bed.run('amazonChimePhoneNumber', { resource: 'phoneNumber', operation: 'get', phoneNumberId: id('+1 206-555-0100') });
		expect(result.error).toBeUndefined();
		expect(bed.requests[0].path).toBe(`/phone-numbers/${DEMO.numbers.alice}`);
	});

	test.each(['(206) 555-0101', '206-555-0101'])('without a country code (%s): refused, saying what to type', async (typed) => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'associatePhoneNumber', accountId: A, userId: id(DEMO.users.bob), e164PhoneNumber: typed });
		expect(result.error?.message).toBe(`Invalid "Phone Number" [item 1]: must be a phone number with its country code, such as +1 206 555 0100 (got "${typed}")`);
		expect(bed.requests).toEqual([]);
	});
});

describe('an account picked From List is named by its name', () => {
	test('a NotFound', async () => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: EXAMPLE_CORP, userId: id('ghost') });
		expect(result.error?.message).toBe('The user ghost was not found in account Example Corp (NotFound)');
	});

	test('a NotFound of a batch entry', async () => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'suspend', accountId: EXAMPLE_CORP, userId: id('ghost') });
		expect(result.error?.message).toBe('The user ghost was not found in account Example Corp (NotFound)');
	});

	test('By Email, no such user', async () => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: EXAMPLE_CORP, userId: byEmail('nobody@example.com') });
		expect(result.error?.message).toBe('No user with the email nobody@example.com in account Example Corp (NotFound)');
	});

	test('By ID, the ID is what names it', async () => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'get', accountId: A, userId: byEmail('nobody@example.com') });
		expect(result.error?.message).toBe(`No user with the email nobody@example.com in account ${DEMO.accountId} (NotFound)`);
	});
});
