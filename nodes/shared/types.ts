/** The Chime resources that users pick from a list, type an ID for, or (users) give an email for. */
export type LocatorKind = 'account' | 'user' | 'room' | 'bot' | 'phoneNumber' | 'roomMember' | 'phoneNumberOrder';

/** Where an optional field lives in the panel. Required fields always stand at the top level. */
export type Collection = 'additionalFields' | 'updateFields' | 'filters' | 'options';

/**
 * One request field of an operation. Its type, enum options and constraints come from the Chime model,
 * so a field only says where its value goes and how it looks in the panel.
 */
export interface Field {
	/**
	 * Where the value goes in the action's input: `AccountId`, `UserSettings.Telephony.SMS`.
	 * `[]` marks a list: `E164PhoneNumbers[]` takes a comma-separated list; in a batch operation the
	 * batch member's path (`UserIdList[]`) takes this item's single entry.
	 */
	path: string;
	/** Panel label; defaults to the member name in words. */
	displayName?: string;
	/** Parameter name; defaults to the member name in camelCase. */
	name?: string;
	/** Panel hint; defaults to the model's first sentence. */
	description?: string;
	locator?: LocatorKind;
	/** Optional fields go to the operation's collection unless this says otherwise. */
	in?: Collection;
	/** Shown as dots and never echoed in errors. */
	password?: boolean;
	placeholder?: string;
	/**
	 * Overrides the model's word on whether the field is required: `true` puts an optional field at the
	 * top of the panel (Create User's Email, which an HR flow always has), `false` moves a required one
	 * into the operation's collection.
	 */
	required?: boolean;
	/** Panel default; for an optional field, the value it starts at once added (never a destructive one). */
	default?: string | number | boolean;
	/** Names for the model's allowed values where its words read badly: `{ SipMediaApplicationDialIn: 'SIP Media Application Dial-In' }`. */
	optionNames?: Record<string, string>;
	/**
	 * Another field (its path) this one means nothing without: Associated With needs Associated ID. Given
	 * alone, the item is refused naming both, rather than sent with half a filter.
	 */
	needs?: string;
}

/** A batch action takes one member per input item and groups items into as few calls as allowed. */
interface Batch {
	/** The request member that holds the entries, e.g. `UserIdList`. */
	member: string;
	/** The key that identifies an entry in output and in Chime's per-entry errors, e.g. `UserId`. */
	id: string;
	/** Response list of per-entry failures (`UserErrors`, `PhoneNumberErrors`, `Errors`). */
	errors?: string;
	/** Response list of per-entry results, matched by `id` (InviteUsers' `Invites`). */
	results?: string;
}

/**
 * Where to look in Chime for what an earlier attempt of an action did (nodes/shared/lookups/reconcile.ts):
 * users by email, invitations by email and time, accounts by name, bots by name and time, a room's
 * members, phone number orders by numbers and time, a number's status.
 */
export type Reconcile = 'user' | 'invitation' | 'account' | 'bot' | 'membership' | 'phoneNumberOrder' | 'restoredNumber';

/**
 * What sending an action again does after an attempt that may have reached Chime: its answer was lost,
 * timed out, or was a 5xx. Throttled attempts (refused before acting) and refused connections (never
 * sent) are always sent again: this is about the rest.
 */
type Repeat =
	/** Twice is the same as once: reads, updates, puts, associations, CreateRoom (its request token). */
	| 'safe'
	/** Twice is the same as once, but the second answers NotFound: after our own uncertain attempt that means done. */
	| 'delete'
	/** Each call makes a new secret (a PIN, a token): twice just makes another, and the last answer holds the one in force. */
	| 'renew'
	/** Twice would do it twice: after an uncertain attempt, look in Chime; send again only if it did not happen. */
	| { reconcile: Reconcile }
	/** Twice would do it twice, and Chime offers no way to check: never sent again; the item says it may have happened. */
	| 'never';

export interface Operation {
	/** The panel's Resource value, for nodes that group several resources. */
	resource?: string;
	/** The panel's Operation value, e.g. `getAll`. */
	value: string;
	/** The panel's Operation name, e.g. `Get Many`. */
	name: string;
	/** The sentence n8n shows in the node picker and to AI agents, e.g. `Get many users`. */
	action: string;
	/** The Chime API action, as the model names it: `CreateUser`. */
	chime: string;
	fields: Field[];
	/** Collection for optional fields without their own `in`; defaults to Additional Fields. */
	optionalIn?: Collection;
	/** Response member holding a list: one output item per element. Paged when the action takes NextToken. */
	list?: string;
	/** For lists of plain values: the key each value is put under, e.g. `E164PhoneNumber`. */
	listItemKey?: string;
	batch?: Batch;
	/** Secret members this action exists to return (ResetPersonalPIN returns PersonalPIN). */
	reveals?: string[];
	/**
	 * The output item also says `success: true` and what was sent, next to what Chime answers: for actions
	 * Chime may answer with nothing (PutRetentionSettings: 204, with or without a body). Output shapes: output.ts.
	 */
	echoInput?: boolean;
	/** Whether sending it again is safe, and if not, how to find out what happened. */
	repeat: Repeat;
	/**
	 * For actions that must not happen twice (repeat: a look-up, or never): what it does, in the past
	 * ("created the user"), for the error that says it may have happened; and, where checking first is not
	 * the advice, what to do instead.
	 */
	uncertain?: { done: string; advice?: string };
	/** What the action starts and Chime finishes later: the panel offers Wait for Completion under Options. */
	waitFor?: WaitFor;
	/** Shown above the operation's fields: where it cannot work, said before running (Unsuspend: EnterpriseLWA accounts only). */
	notice?: string;
	/** Chime refusals this action is known for, in words that say what to do instead; the item's error then reads so. */
	refusals?: Refusal[];
	/**
	 * The output also says who: `PrimaryEmail`, the user's email when it is known without another call (the
	 * user given By Email or picked From List), else null. For actions Chime answers with nothing but IDs.
	 */
	outputEmail?: boolean;
	/**
	 * A user given By Email is answered by the look-up itself: ListUsers already returned the very user
	 * this action would read (GetUser), so it is not called again.
	 */
	answeredByLookUp?: boolean;
}

/** A refusal of Chime's, recognised by its code and (part of) its message, said in words. */
interface Refusal {
	code: string;
	/** Text Chime's message contains (any case); unset: any message with this code. */
	says?: string;
	sentence: string;
}

/**
 * Waiting for what an action started (an order stays Processing for a while): with Wait for Completion
 * chosen, the output's `id` is read with `chime` (wait.ts) until its `status` is none of `pending`, and
 * what was read last is the output. An end other than `succeeded` (a partial one: as the user chooses) is an error on the item, naming the
 * `parts` that did not end `ok`. Its Options (properties.ts) are not Chime fields: item.ts reads them.
 */
export interface WaitFor {
	/** The read action, e.g. `GetPhoneNumberOrder`; its answer's one structure is the output. */
	chime: string;
	/** The member naming what was made, in the output and in the read's input: `PhoneNumberOrderId`. */
	id: string;
	/** The output member holding the state, and its values while Chime is still at work. */
	status: string;
	pending: string[];
	/** The ends that are a success. */
	succeeded: string[];
	/** Its parts, each with a state (an order's numbers): a failed end names those that are not `ok`. */
	parts?: WaitParts;
}

export interface WaitParts {
	list: string;
	key: string;
	status: string;
	ok: string[];
	/**
	 * Output keys added to what was waited on, so that a report reads the outcome without going through
	 * `list`: `ok` lists the keys of parts that ended ok, `failed` those that did not, each with its state and why.
	 */
	summary: { ok: string; failed: string };
	/** Why a part that did not end ok failed, when Chime gives no reason of its own. */
	failedBecause: string;
	/** An end where some parts are ok and some not (`Partial`): whether it is an error is the user's choice, under this label. */
	partial?: { end: string; label: string };
}

/** A node's resources in panel order; nodes with one resource leave `resources` out. */
export interface NodeSpec {
	resources?: Array<{ name: string; value: string }>;
	operations: Operation[];
}
