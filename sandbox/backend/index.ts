/** Every Chime action's business rules, by action name. */
import { accountHandlers } from './accounts';
import { botHandlers } from './bots';
import { phoneNumberHandlers } from './phoneNumbers';
import { roomHandlers } from './rooms';
import type { Handler } from './state';
import { userHandlers } from './users';

export const handlers: Record<string, Handler> = {
	...accountHandlers,
	...userHandlers,
	...phoneNumberHandlers,
	...roomHandlers,
	...botHandlers,
};

export { ordersDue, settleOrders } from './phoneNumbers';
