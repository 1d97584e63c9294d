/** Every Chime action's business rules, by action name; Chime SDK Voice's as `voice:<Action>`. */
import { accountHandlers } from './accounts';
import { botHandlers } from './bots';
import { ordersDue as chimeOrdersDue, phoneNumberHandlers, settleOrders as settleChimeOrders } from './phoneNumbers';
import { roomHandlers } from './rooms';
import type { Ctx, Handler } from './state';
import { userHandlers } from './users';
import { settleVoiceOrders, voiceHandlers, voiceOrdersDue } from './voice';

export const handlers: Record<string, Handler> = {
	...accountHandlers,
	...userHandlers,
	...phoneNumberHandlers,
	...roomHandlers,
	...botHandlers,
	...voiceHandlers,
};

/** Whether an order is due to settle, in Chime or in Chime SDK Voice. */
export const ordersDue = (ctx: Ctx): boolean => chimeOrdersDue(ctx) || voiceOrdersDue(ctx);

export function settleOrders(ctx: Ctx): void {
	settleChimeOrders(ctx);
	settleVoiceOrders(ctx);
}
