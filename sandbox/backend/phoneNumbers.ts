/** The phone number inventory: searching what is available, orders, numbers, their settings. */
import { badRequest, conflict, notFound } from '../errors';
import type { Ctx, Handler, Obj } from './state';
import { iso, newId, page, perMember } from './util';

/** The numbers Chime has to sell in the sandbox: 100 local numbers per area, 50 per toll-free prefix. */
const US_AREAS = [
	{ AreaCode: '206', City: 'Seattle', State: 'WA' },
	{ AreaCode: '212', City: 'New York', State: 'NY' },
	{ AreaCode: '312', City: 'Chicago', State: 'IL' },
	{ AreaCode: '415', City: 'San Francisco', State: 'CA' },
	{ AreaCode: '512', City: 'Austin', State: 'TX' },
];
const TOLL_FREE_PREFIXES = ['800', '833', '844', '855', '866', '877', '888'];

interface Listing {
	E164PhoneNumber: string;
	Country: string;
	Type: 'Local' | 'TollFree';
	AreaCode?: string;
	City?: string;
	State?: string;
	TollFreePrefix?: string;
}

const range = (n: number, from: number) => Array.from({ length: n }, (_, i) => String(from + i).padStart(4, '0'));

const CATALOGUE: Listing[] = [
	...US_AREAS.flatMap((area) =>
		range(100, 100).map((line) => ({ E164PhoneNumber: `+1${area.AreaCode}555${line}`, Country: 'US', Type: 'Local' as const, ...area })),
	),
	...TOLL_FREE_PREFIXES.flatMap((prefix) =>
		range(50, 100).map((line) => ({ E164PhoneNumber: `+1${prefix}555${line}`, Country: 'US', Type: 'TollFree' as const, TollFreePrefix: prefix })),
	),
	...range(100, 0).map((line) => ({ E164PhoneNumber: `+44207946${line}`, Country: 'GB', Type: 'Local' as const })),
];
const LISTINGS = new Map(CATALOGUE.map((listing) => [listing.E164PhoneNumber, listing]));

const SUPPORTED_COUNTRIES: Record<string, Obj[]> = {
	BusinessCalling: [{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] }],
	VoiceConnector: [
		{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] },
		{ CountryCode: 'GB', SupportedPhoneNumberTypes: ['Local'] },
	],
	SipMediaApplicationDialIn: [
		{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] },
		{ CountryCode: 'GB', SupportedPhoneNumberTypes: ['Local'] },
	],
};

/** Numbers nobody owns and no order has reserved. */
function isAvailable(ctx: Ctx, number: string): boolean {
	if (!LISTINGS.has(number) || ctx.state.phoneNumbers[number]) return false;
	return !Object.values(ctx.state.orders).some((o) => o.order.Status === 'Processing' && o.reserved.includes(number));
}

export function phoneNumber(ctx: Ctx, id: unknown): Obj {
	const found = ctx.state.phoneNumbers[String(id)];
	if (!found) throw notFound(`The phone number ${String(id)} is not in your inventory.`);
	return found;
}

/** Whether an order is due to settle: a change to the state, as a write is. */
export function ordersDue(ctx: Ctx): boolean {
	return Object.values(ctx.state.orders).some((record) => record.order.Status === 'Processing' && new Date(record.settleAt) <= ctx.now);
}

/** Processing orders whose time has come become Successful, Partial or Failed; their numbers join the inventory. */
export function settleOrders(ctx: Ctx): void {
	for (const record of Object.values(ctx.state.orders)) {
		if (record.order.Status !== 'Processing' || new Date(record.settleAt) > ctx.now) continue;
		const ordered = record.order.OrderedPhoneNumbers as Obj[];
		for (const entry of ordered) {
			const number = String(entry.E164PhoneNumber);
			if (!record.reserved.includes(number)) {
				entry.Status = 'Failed';
				continue;
			}
			const listing = LISTINGS.get(number)!;
			ctx.state.phoneNumbers[number] = {
				PhoneNumberId: number,
				E164PhoneNumber: number,
				Country: listing.Country,
				Type: listing.Type,
				ProductType: record.order.ProductType,
				Status: 'Unassigned',
				Capabilities: { InboundCall: true, OutboundCall: true, InboundSMS: true, OutboundSMS: true, InboundMMS: true, OutboundMMS: true },
				Associations: [],
				CallingNameStatus: 'Unassigned',
				CreatedTimestamp: record.settleAt,
				UpdatedTimestamp: record.settleAt,
			};
			entry.Status = 'Acquired';
		}
		const acquired = ordered.filter((e) => e.Status === 'Acquired').length;
		record.order.Status = acquired === ordered.length ? 'Successful' : acquired === 0 ? 'Failed' : 'Partial';
		record.order.UpdatedTimestamp = record.settleAt;
	}
}

/** Gives an Unassigned Business Calling number to a user. */
export function associate(ctx: Ctx, number: string, user: Obj): void {
	const record = phoneNumber(ctx, number);
	if (record.Status !== 'Unassigned') {
		throw conflict(`The phone number ${number} is ${String(record.Status)}, not Unassigned.`);
	}
	if (record.ProductType !== 'BusinessCalling') {
		throw badRequest(`Only Business Calling numbers can be associated with users; ${number} is ${String(record.ProductType)}.`);
	}
	record.Status = 'Assigned';
	record.Associations = [
		{ Value: user.UserId, Name: 'UserId', AssociatedTimestamp: iso(ctx) },
		{ Value: user.AccountId, Name: 'AccountId', AssociatedTimestamp: iso(ctx) },
	];
	record.UpdatedTimestamp = iso(ctx);
}

export function release(ctx: Ctx, number: string): void {
	const record = ctx.state.phoneNumbers[number];
	if (!record) return;
	record.Status = 'Unassigned';
	record.Associations = [];
	record.UpdatedTimestamp = iso(ctx);
}

const DELETION_QUEUE_MS = 7 * 24 * 3600 * 1000;

function deleteNumber(ctx: Ctx, id: unknown): void {
	const record = phoneNumber(ctx, id);
	if (record.Status === 'Assigned') {
		throw badRequest(`The phone number ${String(id)} must be disassociated from its user before it can be deleted.`);
	}
	record.Status = 'DeleteInProgress';
	record.DeletionTimestamp = iso(ctx, DELETION_QUEUE_MS);
	record.UpdatedTimestamp = iso(ctx);
}

function updateNumber(ctx: Ctx, item: Obj): Obj {
	const record = phoneNumber(ctx, item.PhoneNumberId);
	if (item.ProductType !== undefined && item.CallingName !== undefined) {
		throw badRequest('Update the product type or the calling name, one at a time.');
	}
	if (item.ProductType !== undefined) {
		if (record.Type === 'TollFree' && item.ProductType === 'BusinessCalling') {
			throw badRequest('Toll-free numbers cannot use the Business Calling product type.');
		}
		record.ProductType = item.ProductType;
	}
	if (item.CallingName !== undefined) {
		record.CallingName = item.CallingName;
		record.CallingNameStatus = 'UpdateSucceeded';
	}
	record.UpdatedTimestamp = iso(ctx);
	return record;
}

function search(ctx: Ctx, input: Obj): Listing[] {
	const country = String(input.Country ?? 'US');
	if (country === 'US') {
		if (!['AreaCode', 'City', 'State', 'TollFreePrefix'].some((k) => input[k] !== undefined)) {
			throw badRequest('For US numbers, provide at least one of AreaCode, City, State or TollFreePrefix.');
		}
		if (input.City !== undefined && input.State === undefined) throw badRequest('If you provide City, you must also provide State.');
	} else if (input.PhoneNumberType === undefined || ['AreaCode', 'City', 'State', 'TollFreePrefix'].some((k) => input[k] !== undefined)) {
		throw badRequest('Numbers outside the US only support the PhoneNumberType filter, which you must use.');
	}
	const matches = (listing: Listing, key: keyof Listing) =>
		input[key] === undefined || String(listing[key] ?? '').toLowerCase() === String(input[key]).toLowerCase();
	return CATALOGUE.filter(
		(l) =>
			l.Country === country &&
			(input.PhoneNumberType === undefined || l.Type === input.PhoneNumberType) &&
			(['AreaCode', 'City', 'State', 'TollFreePrefix'] as const).every((key) => matches(l, key)) &&
			isAvailable(ctx, l.E164PhoneNumber),
	);
}

export const phoneNumberHandlers: Record<string, Handler> = {
	SearchAvailablePhoneNumbers: (ctx, input) => {
		const found = search(ctx, input).map((l) => l.E164PhoneNumber);
		return page('SearchAvailablePhoneNumbers', input, found, 'E164PhoneNumbers');
	},

	ListSupportedPhoneNumberCountries: (_ctx, input) => ({
		PhoneNumberCountries: SUPPORTED_COUNTRIES[String(input.ProductType)] ?? [],
	}),

	CreatePhoneNumberOrder: (ctx, input) => {
		const numbers = input.E164PhoneNumbers as string[];
		if (numbers.length === 0) throw badRequest('E164PhoneNumbers needs at least one number.');
		for (const number of numbers) {
			const listing = LISTINGS.get(number);
			if (listing?.Type === 'TollFree' && input.ProductType === 'BusinessCalling') {
				throw badRequest(`Toll-free numbers cannot use the Business Calling product type: ${number}.`);
			}
			if (listing && listing.Country !== 'US' && input.ProductType !== 'SipMediaApplicationDialIn') {
				throw badRequest(`Numbers outside the US must use the SIP Media Application Dial-In product type: ${number}.`);
			}
		}
		const order = {
			PhoneNumberOrderId: newId(),
			ProductType: input.ProductType,
			Status: 'Processing',
			OrderedPhoneNumbers: numbers.map((E164PhoneNumber) => ({ E164PhoneNumber, Status: 'Processing' })),
			CreatedTimestamp: iso(ctx),
			UpdatedTimestamp: iso(ctx),
		};
		ctx.state.orders[order.PhoneNumberOrderId] = {
			order,
			settleAt: iso(ctx, ctx.options.orderDelayMs),
			reserved: [...new Set(numbers)].filter((n) => isAvailable(ctx, n)),
		};
		settleOrders(ctx);
		return { PhoneNumberOrder: order };
	},

	GetPhoneNumberOrder: (ctx, input) => {
		const record = ctx.state.orders[String(input.PhoneNumberOrderId)];
		if (!record) throw notFound(`The phone number order ${String(input.PhoneNumberOrderId)} does not exist.`);
		return { PhoneNumberOrder: record.order };
	},

	ListPhoneNumberOrders: (ctx, input) =>
		page('ListPhoneNumberOrders', input, Object.values(ctx.state.orders).map((o) => o.order), 'PhoneNumberOrders'),

	GetPhoneNumber: (ctx, input) => ({ PhoneNumber: phoneNumber(ctx, input.PhoneNumberId) }),

	ListPhoneNumbers: (ctx, input) => {
		const numbers = Object.values(ctx.state.phoneNumbers)
			.filter((n) => input.Status === undefined || n.Status === input.Status)
			.filter((n) => input.ProductType === undefined || n.ProductType === input.ProductType)
			.filter(
				(n) =>
					input.FilterName === undefined ||
					(n.Associations as Obj[]).some(
						(a) => a.Name === input.FilterName && (input.FilterValue === undefined || a.Value === input.FilterValue),
					),
			);
		return page('ListPhoneNumbers', input, numbers, 'PhoneNumbers');
	},

	UpdatePhoneNumber: (ctx, input) => ({ PhoneNumber: updateNumber(ctx, input) }),

	BatchUpdatePhoneNumber: (ctx, input) => {
		const items = input.UpdatePhoneNumberRequestItems as Obj[];
		return { PhoneNumberErrors: perMember(items, 'PhoneNumberId', (item) => item.PhoneNumberId, (item) => updateNumber(ctx, item)) };
	},

	DeletePhoneNumber: (ctx, input) => {
		deleteNumber(ctx, input.PhoneNumberId);
		return undefined;
	},

	BatchDeletePhoneNumber: (ctx, input) => ({
		PhoneNumberErrors: perMember(input.PhoneNumberIds as unknown[], 'PhoneNumberId', (id) => id, (id) => deleteNumber(ctx, id)),
	}),

	RestorePhoneNumber: (ctx, input) => {
		const record = phoneNumber(ctx, input.PhoneNumberId);
		if (record.Status !== 'DeleteInProgress') {
			throw badRequest(`Only numbers in the deletion queue can be restored; ${String(input.PhoneNumberId)} is ${String(record.Status)}.`);
		}
		record.Status = 'Unassigned';
		delete record.DeletionTimestamp;
		record.UpdatedTimestamp = iso(ctx);
		return { PhoneNumber: record };
	},

	GetPhoneNumberSettings: (ctx) => ctx.state.phoneNumberSettings,

	UpdatePhoneNumberSettings: (ctx, input) => {
		ctx.state.phoneNumberSettings = { CallingName: input.CallingName, CallingNameUpdatedTimestamp: iso(ctx) };
		return undefined;
	},
};
