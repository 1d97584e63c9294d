/**
 * Issue 21: the sandbox's Amazon Chime SDK Voice (under /voice, for its one region), read with AWS's own
 * @aws-sdk/client-chime-sdk-voice: the 16 phone-number actions, Voice's own state apart from Chime's,
 * and a request signed for another region refused as AWS refuses it.
 */
import * as Voice from '@aws-sdk/client-chime-sdk-voice';

import { DEFAULT_KEYS } from '../../sandbox/server';
import { client as chimeClient, DEMO, sandbox, type Sandbox } from '../harness/sandbox';

const REGION = 'eu-central-1';
let sb: Sandbox;
let voice: Voice.ChimeSDKVoiceClient;

const voiceClient = (region = REGION) =>
	new Voice.ChimeSDKVoiceClient({
		region,
		endpoint: `${sb.url}/voice`,
		credentials: { accessKeyId: DEFAULT_KEYS.accessKeyId, secretAccessKey: DEFAULT_KEYS.secretAccessKey },
		maxAttempts: 1,
	});

beforeAll(async () => {
	sb = await sandbox({ voiceRegion: REGION });
	voice = voiceClient();
});
afterAll(async () => {
	voice.destroy();
	await sb.stop();
});

const FREE = ['+12065550150', '+12065550151'];
const voiceNumber = (id: string) => sb.state().voice.phoneNumbers[id] as Record<string, unknown>;

test('a number is searched, ordered with a Name, found, renamed, deleted and restored, in Voice only', async () => {
	const chimeBefore = JSON.stringify({ numbers: sb.state().phoneNumbers, orders: sb.state().orders });
	const found = await voice.send(new Voice.SearchAvailablePhoneNumbersCommand({ AreaCode: '206', MaxResults: 100 }));
	expect(found.E164PhoneNumbers).toEqual(expect.arrayContaining(FREE));

	const { PhoneNumberOrder: order } = await voice.send(
		new Voice.CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: FREE, Name: 'Front desk' }),
	);
	expect(order).toMatchObject({ ProductType: 'VoiceConnector', Status: 'Successful' });
	const got = await voice.send(new Voice.GetPhoneNumberOrderCommand({ PhoneNumberOrderId: order!.PhoneNumberOrderId }));
	expect(got.PhoneNumberOrder?.OrderedPhoneNumbers).toEqual(FREE.map((E164PhoneNumber) => ({ E164PhoneNumber, Status: 'Acquired' })));
	const orders = await voice.send(new Voice.ListPhoneNumberOrdersCommand({}));
	expect(orders.PhoneNumberOrders?.map((o) => o.PhoneNumberOrderId)).toEqual([order!.PhoneNumberOrderId]);

	const { PhoneNumbers } = await voice.send(new Voice.ListPhoneNumbersCommand({ ProductType: 'VoiceConnector' }));
	expect(PhoneNumbers?.map((n) => [n.PhoneNumberId, n.Name, n.Status])).toEqual(FREE.map((n) => [n, 'Front desk', 'Unassigned']));

	const { PhoneNumber } = await voice.send(new Voice.UpdatePhoneNumberCommand({ PhoneNumberId: FREE[0], Name: 'Reception' }));
	expect(PhoneNumber?.Name).toBe('Reception');
	const batch = await voice.send(
		new Voice.BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: [{ PhoneNumberId: FREE[1], CallingName: 'Example Corp', Name: 'Sales' }] }),
	);
	expect(batch.PhoneNumberErrors).toEqual([]);
	expect(voiceNumber(FREE[1])).toMatchObject({ CallingName: 'Example Corp', Name: 'Sales' });
	expect((await voice.send(new Voice.GetPhoneNumberCommand({ PhoneNumberId: FREE[0] }))).PhoneNumber?.Name).toBe('Reception');

	await voice.send(new Voice.DeletePhoneNumberCommand({ PhoneNumberId: FREE[0] }));
	expect(voiceNumber(FREE[0]).Status).toBe('DeleteInProgress');
	const restored = await voice.send(new Voice.RestorePhoneNumberCommand({ PhoneNumberId: FREE[0] }));
	expect(restored.PhoneNumber?.Status).toBe('Unassigned');
	const deleted = await voice.send(new Voice.BatchDeletePhoneNumberCommand({ PhoneNumberIds: FREE }));
	expect(deleted.PhoneNumberErrors).toEqual([]);
	expect(FREE.map((n) => voiceNumber(n).Status)).toEqual(['DeleteInProgress', 'DeleteInProgress']);

	// Chime's inventory is another service's: untouched, and it does not hold Voice's numbers.
	expect(JSON.stringify({ numbers: sb.state().phoneNumbers, orders: sb.state().orders })).toBe(chimeBefore);
	const chime = chimeClient(sb, { maxAttempts: 1 });
	await expect(chime.send(new (await import('@aws-sdk/client-chime')).GetPhoneNumberCommand({ PhoneNumberId: FREE[0] }))).rejects.toMatchObject({ name: 'NotFoundException' });
	chime.destroy();
});

test('settings: the default calling name, and global settings with only VoiceConnector', async () => {
	await voice.send(new Voice.UpdatePhoneNumberSettingsCommand({ CallingName: 'Example Corp' }));
	expect((await voice.send(new Voice.GetPhoneNumberSettingsCommand({}))).CallingName).toBe('Example Corp');
	await voice.send(new Voice.UpdateGlobalSettingsCommand({ VoiceConnector: { CdrBucket: 'voice-cdrs' } }));
	const settings = await voice.send(new Voice.GetGlobalSettingsCommand({}));
	expect(settings.VoiceConnector).toEqual({ CdrBucket: 'voice-cdrs' });
	expect(sb.state().voice.globalSettings).toEqual({ VoiceConnector: { CdrBucket: 'voice-cdrs' } });
	expect(sb.state().phoneNumberSettings).not.toEqual(expect.objectContaining({ CallingName: 'Example Corp' }));
	const countries = await voice.send(new Voice.ListSupportedPhoneNumberCountriesCommand({ ProductType: 'SipMediaApplicationDialIn' }));
	expect(countries.PhoneNumberCountries?.map((c) => c.CountryCode)).toEqual(['US', 'GB']);
});

test("Business Calling is not Voice's: the model's enum refuses it", async () => {
	await expect(
		voice.send(new Voice.CreatePhoneNumberOrderCommand({ ProductType: 'BusinessCalling' as Voice.PhoneNumberProductType, E164PhoneNumbers: ['+12065550160'] })),
	).rejects.toMatchObject({ name: 'BadRequestException', $metadata: expect.objectContaining({ httpStatusCode: 400 }) });
	expect(Object.keys(sb.state().voice.orders)).toHaveLength(1);
});

test('a request signed for another region is refused, as AWS refuses it', async () => {
	const elsewhere = voiceClient('us-west-2');
	await expect(elsewhere.send(new Voice.GetPhoneNumberSettingsCommand({}))).rejects.toMatchObject({
		name: 'InvalidSignatureException',
		message: `Credential should be scoped to a valid region and service: ${REGION}/chime, not us-west-2/chime.`,
		$metadata: expect.objectContaining({ httpStatusCode: 403 }),
	});
	elsewhere.destroy();
	// And Chime's own routes stay us-east-1's: a Voice-region signature is refused there.
	const chime = chimeClient(sb, { region: REGION, maxAttempts: 1 });
	await expect(chime.send(new (await import('@aws-sdk/client-chime')).ListAccountsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
	chime.destroy();
});

test("Chime's other actions are not Voice's: ListAccounts signed for the region under /voice finds no route", async () => {
	const chime = chimeClient(sb, { region: REGION, endpoint: `${sb.url}/voice`, maxAttempts: 1 });
	await expect(chime.send(new (await import('@aws-sdk/client-chime')).ListAccountsCommand({}))).rejects.toMatchObject({
		$metadata: expect.objectContaining({ httpStatusCode: 404 }),
		message: 'No Chime action is GET /accounts.',
	});
	chime.destroy();
	expect(Object.keys(sb.state().accounts)).toEqual([DEMO.accountId]);
});
