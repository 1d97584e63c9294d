/** The sandbox's whole state: plain JSON, so that `--data FILE` can keep it across restarts. */
export type Obj = Record<string, unknown>;

export interface Message {
	MessageId: string;
	Content?: string;
	Sender: string;
	CreatedTimestamp: string;
	Redacted: boolean;
}

export interface UserRecord {
	user: Obj;
	settings: Obj;
	logouts: number;
}

export interface RoomRecord {
	room: Obj;
	/** CreateRoom's idempotency token: the same token makes the same room once. */
	clientRequestToken?: string;
	/** Memberships by member ID. */
	memberships: Record<string, Obj>;
	messages: Record<string, Message>;
}

export interface BotRecord {
	bot: Obj;
	events?: Obj;
}

export interface AccountRecord {
	account: Obj;
	settings: Obj;
	retention?: Obj;
	users: Record<string, UserRecord>;
	rooms: Record<string, RoomRecord>;
	bots: Record<string, BotRecord>;
	conversations: Record<string, { messages: Record<string, Message> }>;
}

export interface OrderRecord {
	order: Obj;
	/** When a Processing order settles to Successful, Partial or Failed. */
	settleAt: string;
	/** Numbers this order reserved at creation: the ones that were still available. */
	reserved: string[];
}

export interface State {
	accounts: Record<string, AccountRecord>;
	/** Phone numbers in the inventory, by PhoneNumberId (the E.164 number). */
	phoneNumbers: Record<string, Obj>;
	orders: Record<string, OrderRecord>;
	globalSettings: Obj;
	phoneNumberSettings: Obj;
	dialOuts: Obj[];
	/** Amazon Chime SDK Voice's own inventory, orders and settings (backend/voice.ts), apart from Chime's. */
	voice: VoiceState;
}

/** What Chime SDK Voice keeps: the phone-number part of Chime's state, for the sandbox's one Voice region. */
export type VoiceState = Pick<State, 'phoneNumbers' | 'orders' | 'globalSettings' | 'phoneNumberSettings'> & {
	/** The Name an order was placed with, by order ID, until its numbers are acquired and take it. */
	orderNames: Record<string, string>;
};

export const emptyVoiceState = (): VoiceState => ({ phoneNumbers: {}, orders: {}, globalSettings: {}, phoneNumberSettings: {}, orderNames: {} });

export function emptyState(): State {
	return { accounts: {}, phoneNumbers: {}, orders: {}, globalSettings: {}, phoneNumberSettings: {}, dialOuts: [], voice: emptyVoiceState() };
}

export interface SandboxOptions {
	/** How long a phone number order stays Processing. */
	orderDelayMs: number;
	/** How far reads (lists and gets) lag behind writes. */
	listLagMs: number;
}

/** What every handler gets: the state, the clock and the options. */
export interface Ctx {
	state: State;
	now: Date;
	options: SandboxOptions;
}

export type Handler = (ctx: Ctx, input: Obj) => Obj | undefined;
