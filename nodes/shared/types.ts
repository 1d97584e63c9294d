import type { IDisplayOptions } from 'n8n-workflow';

/** The Chime resources that users pick from a list, type an ID for, or (users) give an email for. */
export type LocatorKind = 'account' | 'user' | 'room' | 'bot' | 'phoneNumber';

/** Where an optional field lives in the panel. Required fields always stand at the top level. */
export type Collection = 'additionalFields' | 'updateFields' | 'filters' | 'options';

/**
 * One request field of an operation. Its type, enum options and constraints come from the Chime model,
 * so a field only says where its value goes and how it looks in the panel.
 */
export interface Field {
	/**
	 * Where the value goes in the SDK command input: `AccountId`, `UserSettings.Telephony.SMS`.
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
	/** Forces a field to the top of the panel where the model leaves it optional inside a required list. */
	required?: boolean;
	/** Panel default for a required field. */
	default?: string | number | boolean;
	/** Only show the field under these conditions (on top of the operation's own). */
	displayOptions?: IDisplayOptions;
}

/** A batch action takes one member per input item and groups items into as few calls as allowed. */
export interface Batch {
	/** The request member that holds the entries, e.g. `UserIdList`. */
	member: string;
	/** The key that identifies an entry in output and in Chime's per-entry errors, e.g. `UserId`. */
	id: string;
	/** Response list of per-entry failures (`UserErrors`, `PhoneNumberErrors`, `Errors`). */
	errors?: string;
	/** Response list of per-entry results, matched by `id` (InviteUsers' `Invites`). */
	results?: string;
	/** Entries per call when the model sets no maximum. */
	size?: number;
}

export interface Operation {
	/** The panel's Resource value, for nodes that group several resources. */
	resource?: string;
	/** The panel's Operation value, e.g. `getAll`. */
	value: string;
	/** The panel's Operation name, e.g. `Get Many`. */
	name: string;
	/** The sentence n8n shows in the node picker and to AI agents, e.g. `Get many users`. */
	action: string;
	/** The Chime API action; the SDK command is `${chime}Command`. */
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
}

/** A node's resources in panel order; nodes with one resource leave `resources` out. */
export interface NodeSpec {
	resources?: Array<{ name: string; value: string }>;
	operations: Operation[];
}
