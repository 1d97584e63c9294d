/**
 * Issue 10, "types": values from a CSV file or a spreadsheet arrive as text. Where the text means one
 * thing only it becomes what Chime wants, as n8n's own nodes convert it; anything else is refused as
 * before, naming the field and the item, with nothing sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useNodeTestBed } from './harness/chime';
import { id } from './harness/params';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();
const A = id(DEMO.accountId);

const retention = (days: unknown) =>
	bed.run('amazonChimeAccount', { resource: 'retentionSettings', operation: 'update', accountId: A, updateFields: { roomRetentionDays: '={{ $json.days }}' } }, [{ days }] as IDataObject[]);
const accountSettings = (value: unknown) =>
	bed.run('amazonChimeAccount', { resource: 'accountSettings', operation: 'update', accountId: A, updateFields: { enableDialOut: '={{ $json.value }}' } }, [{ value }] as IDataObject[]);
const userSettings = (inbound: unknown) =>
	bed.run(
		'amazonChimeUser',
		{ resource: 'userSettings', operation: 'update', accountId: A, userId: id(DEMO.users.bob), inboundCalling: '={{ $json.inbound }}', outboundCalling: true, sms: true } as INodeParameters,
		[{ inbound }] as IDataObject[],
	);
const sentBody = () => bed.requests[0]?.body as Record<string, unknown> | undefined;

describe('numbers, booleans and lists given as text', () => {
	test.each([['30', 30], [' 30 ', 30], ['+30', 30], [30, 30]])('a number field takes %j as %j', async (days, sent) => {
		const result = await retention(days);
		expect(result.error).toBeUndefined();
		expect(sentBody()).toEqual({ RetentionSettings: { RoomRetentionSettings: { RetentionDays: sent } } });
	});

	test.each(['thirty', '30.5', '', '1e3', '0x1e'])('a number field refuses %j, naming the field and the item', async (days) => {
		const result = await retention(days);
		expect(result.error?.message).toBe(`Invalid "Room Retention Days" [item 1]: must be a whole number (got ${JSON.stringify(days)})`);
		expect(bed.requests).toEqual([]);
	});

	test.each([['true', true], ['TRUE', true], [' False ', false], ['1', true], ['0', false], [0, false]])('a boolean in a collection takes %j as %j', async (value, sent) => {
		const result = await accountSettings(value);
		expect(result.error).toBeUndefined();
		expect(sentBody()).toEqual({ AccountSettings: { EnableDialOut: sent } });
	});

	test.each(['yes', 'maybe', '2'])('a boolean refuses %j', async (value) => {
		const result = await accountSettings(value);
		expect(result.error?.message).toBe(`Invalid "Enable Dial-Out" [item 1]: must be true or false (got ${JSON.stringify(value)})`);
		expect(bed.requests).toEqual([]);
	});

	test('a boolean at the top of the panel takes "false" from an expression', async () => {
		const result = await userSettings('false');
		expect(result.error).toBeUndefined();
		expect(sentBody()).toEqual({ UserSettings: { Telephony: { InboundCalling: false, OutboundCalling: true, SMS: true } } });
	});

	test('text fields take numbers: an area code read from a spreadsheet as 206', async () => {
		const result = await bed.run('amazonChimePhoneNumber', { resource: 'phoneNumber', operation: 'search', limit: 1, filters: { areaCode: '={{ $json.area }}' } }, [{ area: 206 }]);
		expect(result.error).toBeUndefined();
		expect(bed.requests[0].query['area-code']).toBe('206');
	});

	test.each([
		['a JSON array as text (a CSV cell)', '["+13125550100", "+13125550101"]'],
		['text separated by commas', '+13125550100, +13125550101'],
		['an array', ['+13125550100', '+13125550101']],
	])('a list field takes %s', async (_, numbers) => {
		const result = await bed.run('amazonChimePhoneNumber', { resource: 'phoneNumberOrder', operation: 'create', productType: 'BusinessCalling', e164PhoneNumbers: '={{ $json.numbers }}' }, [{ numbers }] as IDataObject[]);
		expect(result.error).toBeUndefined();
		expect(sentBody()).toEqual({ ProductType: 'BusinessCalling', E164PhoneNumbers: ['+13125550100', '+13125550101'] });
	});

	test('a page size from a spreadsheet', async () => {
		const result = await bed.run('amazonChimeUser', { resource: 'user', operation: 'getAll', accountId: A, returnAll: true, options: { pageSize: '={{ $json.size }}' } }, [{ size: '2' }]);
		expect(result.error).toBeUndefined();
		expect(bed.requests[0].query['max-results']).toBe('2');
	});
});
