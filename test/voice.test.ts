/**
 * Issue 21: the Phone Number node with Service Amazon Chime SDK Voice, through n8n's engine, against the
 * sandbox's Voice (under /voice, the credential's Custom Voice Endpoint) in eu-central-1: all 16
 * operations, with what they output and what they did to the sandbox's Voice state; a Region the
 * endpoint does not serve is refused; workflows saved without a Service stay on Amazon Chime.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { listSearch } from '../nodes/shared/panel/locators';
import type { SeenRequest } from '../sandbox/server';
import { loadOptionsContext, runNode } from './harness/n8n';
import { id } from './harness/params';
import { DEMO, sandbox, sandboxCredential, type Sandbox } from './harness/sandbox';

const REGION = 'eu-central-1';
let sb: Sandbox;
const requests: SeenRequest[] = [];
beforeAll(async () => {
	sb = await sandbox({ voiceRegion: REGION, onRequest: (request) => requests.push(request) });
});
afterAll(() => sb.stop());
beforeEach(() => {
	sb.reset(true);
	requests.length = 0;
});

const credential = () => ({ ...sandboxCredential(sb), voiceEndpoint: `${sb.url}/voice` });
const onVoice = (parameters: INodeParameters, region = REGION): INodeParameters => ({ service: 'voice', region, ...parameters });
const run = (parameters: INodeParameters, input: IDataObject[] = [{}], continueOnFail = false) =>
	runNode({ type: 'amazonChimePhoneNumber', parameters: onVoice(parameters), continueOnFail }, input, credential());
const voice = () => sb.state().voice;
const actions = () => requests.map((r) => r.action);

const FREE = ['+12065550170', '+12065550171', '+12065550172'];

/** Numbers in Voice's inventory, ordered through the node. */
async function ordered(numbers = FREE, name?: string): Promise<IDataObject> {
	const result = await run({
		resource: 'voicePhoneNumberOrder',
		operation: 'create',
		productType: 'VoiceConnector',
		e164PhoneNumbers: numbers.join(','),
		...(name ? { additionalFields: { name } } : {}),
		options: { waitForCompletion: true },
	});
	expect(result.error).toBeUndefined();
	return result.output.Chime[0];
}

test('Order → Create with a Name and Wait for Completion: the numbers join Voice\'s inventory, named; Chime\'s is untouched', async () => {
	const chimeNumbers = Object.keys(sb.state().phoneNumbers);
	// Processing until after the node's first read (250 ms): the wait's reads go to Voice too.
	sb.options.orderDelayMs = 100;
	const order = await ordered(FREE, 'Front desk');
	expect(order).toMatchObject({ Status: 'Successful', ProductType: 'VoiceConnector', AcquiredPhoneNumbers: FREE, FailedPhoneNumbers: [] });
	expect(FREE.map((n) => [voice().phoneNumbers[n]?.Name, voice().phoneNumbers[n]?.ProductType])).toEqual(FREE.map(() => ['Front desk', 'VoiceConnector']));
	expect(Object.keys(sb.state().phoneNumbers)).toEqual(chimeNumbers);
	expect(actions()).toEqual(['voice:CreatePhoneNumberOrder', 'voice:GetPhoneNumberOrder']);
	expect(requests[0]).toMatchObject({ method: 'POST', path: '/phone-number-orders', body: { ProductType: 'VoiceConnector', E164PhoneNumbers: FREE, Name: 'Front desk' } });
});

test("a lost answer to Order → Create is looked up in Voice's orders, not placed twice", async () => {
	// The first CreatePhoneNumberOrder acts, then its answer is lost; later requests are answered.
	sb.faults.set({ actions: { 'voice:CreatePhoneNumberOrder': { dropAfter: 1 } } });
	const order = await run({ resource: 'voicePhoneNumberOrder', operation: 'create', productType: 'VoiceConnector', e164PhoneNumbers: FREE.join(',') });
	sb.faults.set({});
	expect(order.error).toBeUndefined();
	expect(actions()).toEqual(['voice:CreatePhoneNumberOrder', 'voice:ListPhoneNumberOrders']);
	expect(Object.keys(voice().orders)).toEqual([order.output.Chime[0].PhoneNumberOrderId]);
	expect(Object.keys(sb.state().orders)).not.toContain(order.output.Chime[0].PhoneNumberOrderId);
});

test('Order → Get and Get Many read Voice\'s orders', async () => {
	const { PhoneNumberOrderId } = await ordered();
	const one = await run({ resource: 'voicePhoneNumberOrder', operation: 'get', phoneNumberOrderId: id(String(PhoneNumberOrderId)) });
	expect(one.output.Chime).toEqual([expect.objectContaining({ PhoneNumberOrderId, Status: 'Successful' })]);
	const all = await run({ resource: 'voicePhoneNumberOrder', operation: 'getAll', returnAll: true });
	expect(all.output.Chime.map((o) => o.PhoneNumberOrderId)).toEqual(Object.keys(voice().orders));
});

test('Phone Number → Search Available, Get Supported Countries', async () => {
	const search = await run({ resource: 'voicePhoneNumber', operation: 'search', returnAll: false, limit: 3, filters: { areaCode: '206' } });
	expect(search.output.Chime).toEqual([{ E164PhoneNumber: '+12065550100' }, { E164PhoneNumber: '+12065550101' }, { E164PhoneNumber: '+12065550102' }]);
	expect(requests[0]).toMatchObject({ action: 'voice:SearchAvailablePhoneNumbers', query: { 'area-code': '206' } });
	const countries = await run({ resource: 'voicePhoneNumber', operation: 'getCountries', productType: 'SipMediaApplicationDialIn' });
	expect(countries.output.Chime.map((c) => c.CountryCode)).toEqual(['US', 'GB']);
});

test('Phone Number → Get, Get Many (Voice\'s filters), Update with a Name, Update Many', async () => {
	await ordered();
	const get = await run({ resource: 'voicePhoneNumber', operation: 'get', phoneNumberId: id(FREE[0]) });
	expect(get.output.Chime).toEqual([expect.objectContaining({ PhoneNumberId: FREE[0], Status: 'Unassigned', ProductType: 'VoiceConnector' })]);
	const many = await run({ resource: 'voicePhoneNumber', operation: 'getAll', returnAll: true, filters: { status: 'Unassigned', productType: 'VoiceConnector' } });
	expect(many.output.Chime.map((n) => n.PhoneNumberId)).toEqual(FREE);

	const update = await run({ resource: 'voicePhoneNumber', operation: 'update', phoneNumberId: id(FREE[0]), updateFields: { name: 'Reception' } });
	expect(update.output.Chime).toEqual([expect.objectContaining({ PhoneNumberId: FREE[0], Name: 'Reception' })]);
	expect(voice().phoneNumbers[FREE[0]].Name).toBe('Reception');

	const batch = await run(
		{ resource: 'voicePhoneNumber', operation: 'updateMany', phoneNumberId: id('={{ $json.number }}'), updateFields: { callingName: 'Example Corp', name: 'Sales' } },
		[{ number: FREE[1] }, { number: FREE[2] }],
	);
	expect(batch.output.Chime).toEqual([FREE[1], FREE[2]].map((PhoneNumberId) => ({ success: true, PhoneNumberId, CallingName: 'Example Corp', Name: 'Sales' })));
	expect(requests.filter((r) => r.action === 'voice:BatchUpdatePhoneNumber')).toHaveLength(1);
	expect([FREE[1], FREE[2]].map((n) => [voice().phoneNumbers[n].CallingName, voice().phoneNumbers[n].Name])).toEqual([
		['Example Corp', 'Sales'],
		['Example Corp', 'Sales'],
	]);
});

test('Phone Number → Delete, Restore, Delete Many', async () => {
	await ordered();
	const del = await run({ resource: 'voicePhoneNumber', operation: 'delete', phoneNumberId: id(FREE[0]) });
	expect(del.output.Chime).toEqual([{ success: true, PhoneNumberId: FREE[0] }]);
	expect(voice().phoneNumbers[FREE[0]].Status).toBe('DeleteInProgress');
	const restore = await run({ resource: 'voicePhoneNumber', operation: 'restore', phoneNumberId: id(FREE[0]) });
	expect(restore.output.Chime).toEqual([expect.objectContaining({ PhoneNumberId: FREE[0], Status: 'Unassigned' })]);
	const many = await run({ resource: 'voicePhoneNumber', operation: 'deleteMany', phoneNumberId: id('={{ $json.number }}') }, FREE.map((number) => ({ number })));
	expect(many.output.Chime).toEqual(FREE.map((PhoneNumberId) => ({ success: true, PhoneNumberId })));
	expect(FREE.map((n) => voice().phoneNumbers[n].Status)).toEqual(FREE.map(() => 'DeleteInProgress'));
});

test('Phone Number Setting → Update, Get; Global Setting → Update, Get', async () => {
	const set = await run({ resource: 'voicePhoneNumberSettings', operation: 'update', callingName: 'Example Corp' });
	expect(set.output.Chime).toEqual([{ success: true, CallingName: 'Example Corp' }]);
	const get = await run({ resource: 'voicePhoneNumberSettings', operation: 'get' });
	expect(get.output.Chime).toEqual([{ CallingName: 'Example Corp', CallingNameUpdatedTimestamp: expect.any(String) }]);
	const global = await run({ resource: 'voiceGlobalSettings', operation: 'update', updateFields: { voiceConnectorCdrBucket: 'voice-cdrs' } });
	expect(global.error).toBeUndefined();
	expect(voice().globalSettings).toEqual({ VoiceConnector: { CdrBucket: 'voice-cdrs' } });
	const read = await run({ resource: 'voiceGlobalSettings', operation: 'get' });
	expect(read.output.Chime).toEqual([{ CdrBucket: 'voice-cdrs' }]);
	expect(sb.state().globalSettings).not.toEqual(expect.objectContaining({ VoiceConnector: { CdrBucket: 'voice-cdrs' } }));
});

test('Business Calling is not offered on Voice: refused before sending, naming the field and the item', async () => {
	const result = await run({ resource: 'voicePhoneNumber', operation: 'getCountries', productType: 'BusinessCalling' }, [{}], true);
	expect(String(result.output.Chime[0].error)).toMatch(/Used For.*must be one of VoiceConnector, SipMediaApplicationDialIn/);
	expect(requests).toEqual([]);
});

test('a Region the endpoint does not answer for is refused: signed for us-west-2, the sandbox (eu-central-1) says so', async () => {
	const result = await runNode(
		{ type: 'amazonChimePhoneNumber', parameters: onVoice({ resource: 'voicePhoneNumberSettings', operation: 'get' }, 'us-west-2'), continueOnFail: true },
		[{}],
		credential(),
	);
	expect(result.output.Chime[0]).toMatchObject({ error: expect.stringMatching(/InvalidSignature/) });
	expect(JSON.stringify(result.output.Chime[0])).toContain(`${REGION}/chime, not us-west-2/chime`);
	expect(JSON.stringify(result.output.Chime[0])).not.toContain(credential().secretAccessKey);
	expect(requests).toEqual([]);
});

test('a workflow saved without a Service still works on Amazon Chime, as before', async () => {
	const result = await runNode(
		{ type: 'amazonChimePhoneNumber', parameters: { resource: 'phoneNumber', operation: 'get', phoneNumberId: id(DEMO.numbers.alice) } },
		[{}],
		credential(),
	);
	expect(result.output.Chime).toEqual([expect.objectContaining({ PhoneNumberId: DEMO.numbers.alice, ProductType: 'BusinessCalling' })]);
	expect(actions()).toEqual(['GetPhoneNumber']);
});

test('From List lists the numbers of the chosen service and region', async () => {
	await ordered();
	const context = (service: string) =>
		loadOptionsContext('amazonChimePhoneNumber', { service, region: REGION, resource: 'voicePhoneNumber', operation: 'get' }, credential());
	const onVoiceList = await listSearch.searchPhoneNumbers.call(context('voice'));
	expect(onVoiceList.results.map((r) => r.value)).toEqual(FREE);
	const onChime = await listSearch.searchPhoneNumbers.call(context('chime'));
	expect(onChime.results.map((r) => r.value)).toEqual(Object.keys(sb.state().phoneNumbers));
});
