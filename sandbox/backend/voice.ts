/**
 * Amazon Chime SDK Voice's phone-number actions (`voice:<Action>`): Chime's rules for numbers, orders and
 * settings (phoneNumbers.ts), applied to Voice's own state, plus what Voice adds: a Name on numbers and
 * orders, and global settings with only VoiceConnector. Business Calling does not exist there: the Voice
 * model's enums refuse it before a handler runs.
 */
import { ordersDue, phoneNumber, phoneNumberHandlers, settleOrders } from './phoneNumbers';
import type { Ctx, Handler, Obj, State } from './state';

/** Chime's number rules see Voice's inventory as theirs: the same fields, Voice's own records. */
const inVoice = (ctx: Ctx): Ctx => ({ ...ctx, state: ctx.state.voice as unknown as State });

const rule = (action: string): Handler => (ctx, input) => phoneNumberHandlers[action](inVoice(ctx), input);

/** Voice's update takes a Name too; Chime's rules do the rest. */
function named(action: string, items: (input: Obj) => Obj[]): Handler {
	return (ctx, input) => {
		const strip = (item: Obj) => Object.fromEntries(Object.entries(item).filter(([key]) => key !== 'Name'));
		const answer = phoneNumberHandlers[action](inVoice(ctx), action === 'UpdatePhoneNumber' ? strip(input) : { ...input, UpdatePhoneNumberRequestItems: items(input).map(strip) });
		const failed = new Set(((answer?.PhoneNumberErrors ?? []) as Obj[]).map((e) => e.PhoneNumberId));
		for (const item of items(input)) {
			if (item.Name !== undefined && !failed.has(item.PhoneNumberId)) phoneNumber(inVoice(ctx), item.PhoneNumberId).Name = item.Name;
		}
		return answer;
	};
}

export function voiceOrdersDue(ctx: Ctx): boolean {
	return ordersDue(inVoice(ctx));
}

/** Orders settle as Chime's do; the numbers an order acquired take the Name it was placed with. */
export function settleVoiceOrders(ctx: Ctx): void {
	settleOrders(inVoice(ctx));
	const { orders, orderNames } = ctx.state.voice;
	for (const [orderId, name] of Object.entries(orderNames)) {
		const order = orders[orderId]?.order;
		if (order?.Status === 'Processing') continue;
		for (const entry of (order?.OrderedPhoneNumbers ?? []) as Obj[]) {
			if (entry.Status === 'Acquired') phoneNumber(inVoice(ctx), entry.E164PhoneNumber).Name = name;
		}
		delete orderNames[orderId];
	}
}

export const voiceHandlers: Record<string, Handler> = {
	...Object.fromEntries(
		[
			'BatchDeletePhoneNumber',
			'DeletePhoneNumber',
			'GetPhoneNumber',
			'GetPhoneNumberOrder',
			'GetPhoneNumberSettings',
			'ListPhoneNumberOrders',
			'ListPhoneNumbers',
			'ListSupportedPhoneNumberCountries',
			'RestorePhoneNumber',
			'SearchAvailablePhoneNumbers',
			'UpdatePhoneNumberSettings',
		].map((action) => [`voice:${action}`, rule(action)]),
	),
	'voice:CreatePhoneNumberOrder': (ctx, input) => {
		const { Name, ...order } = input;
		const answer = phoneNumberHandlers.CreatePhoneNumberOrder(inVoice(ctx), order);
		// Voice's order shape has no Name: it is kept aside until the numbers are acquired.
		if (Name !== undefined) ctx.state.voice.orderNames[String((answer!.PhoneNumberOrder as Obj).PhoneNumberOrderId)] = String(Name);
		settleVoiceOrders(ctx);
		return answer;
	},
	'voice:UpdatePhoneNumber': named('UpdatePhoneNumber', (input) => [input]),
	'voice:BatchUpdatePhoneNumber': named('BatchUpdatePhoneNumber', (input) => input.UpdatePhoneNumberRequestItems as Obj[]),
	'voice:GetGlobalSettings': (ctx) => ({ VoiceConnector: ctx.state.voice.globalSettings.VoiceConnector ?? {} }),
	'voice:UpdateGlobalSettings': (ctx, input) => {
		if (input.VoiceConnector !== undefined) ctx.state.voice.globalSettings.VoiceConnector = input.VoiceConnector;
		return undefined;
	},
};
