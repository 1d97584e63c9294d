import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import type { Values } from './snapshot';

export type ChimeEvent =
	| 'invitationAccepted'
	| 'newUser'
	| 'phoneNumberAssignedOrReleased'
	| 'phoneNumberOrderCompleted'
	| 'userLicenseChanged'
	| 'userSuspended';

/** The Events options, in the panel's (alphabetical) order. */
export const EVENT_OPTIONS: Array<INodePropertyOptions & { value: ChimeEvent }> = [
	{
		name: 'Invitation Accepted',
		value: 'invitationAccepted',
		description: 'Someone accepted their invitation and is now registered in the account',
	},
	{ name: 'New User', value: 'newUser', description: 'A user joined the account, invited or created' },
	{
		name: 'Number Assigned or Released',
		value: 'phoneNumberAssignedOrReleased',
		description:
			'A phone number was assigned, or released from its user or into the deletion queue; any number of the AWS account',
	},
	{
		name: 'Phone Number Order Completed',
		value: 'phoneNumberOrderCompleted',
		description: 'An order of phone numbers ended Successful, Partial or Failed; any order of the AWS account',
	},
	{ name: 'User License Changed', value: 'userLicenseChanged', description: "A user's license type or user type changed" },
	{ name: 'User Suspended', value: 'userSuspended', description: 'A user was suspended' },
];

export const USER_EVENTS: ChimeEvent[] = ['invitationAccepted', 'newUser', 'userLicenseChanged', 'userSuspended'];

/** An event's name as the Events list shows it ("User Suspended"): what items say in `event`. */
export const eventName = (event: ChimeEvent): string => EVENT_OPTIONS.find((option) => option.value === event)!.name;

/** What a test run found none of, for an event without a sample; `{account}` is the watched account. */
export const NO_SAMPLE: Record<ChimeEvent, string> = {
	invitationAccepted: 'no registered user in account {account}',
	newUser: 'no user in account {account}',
	phoneNumberAssignedOrReleased: 'no assigned or released phone number in the AWS account',
	phoneNumberOrderCompleted: 'no completed phone number order in the AWS account',
	userLicenseChanged: 'no user in account {account}',
	userSuspended: 'no suspended user in account {account}',
};

type Resource = Record<string, unknown>;
/** Watched field name → value (null when the resource does not have it). */
type Watched = Record<string, string | null>;

/** One event a resource gave: the fields that go beside the resource in the output item. */
export interface Change {
	event: ChimeEvent;
	/** Only for phone numbers: `assigned` or `released`. */
	change?: string;
	/** The watched fields before the change; left out where the resource was not known before. */
	previous?: IDataObject;
}

/** A kind of resource the trigger lists and compares from one poll to the next. */
export interface Source {
	name: 'users' | 'orders' | 'numbers';
	events: ChimeEvent[];
	/** The listing: action and the response member holding the list. */
	action: string;
	member: string;
	/** Whether the listing is of one Chime account (users) rather than of the whole AWS account. */
	perAccount: boolean;
	id(resource: Resource): string;
	/** Field names, in the order their values are stored. */
	fields: string[];
	watched(resource: Resource): Values;
	/** The events between what was known of a resource (undefined: it is new) and what it is now. */
	changes(was: Watched | undefined, now: Watched): Change[];
	/** For a manual test run: a recent resource for an event, and what goes beside it. */
	example(event: ChimeEvent, resources: Resource[]): { resource: Resource; change: Change } | undefined;
}

const str = (value: unknown): string | null => (value === undefined || value === null || value === '' ? null : String(value));

/**
 * `previous`, the watched fields as they were, for a resource known before; nothing for one that was
 * not (new since the last poll, or a test run's sample): nulls there would read as values it had.
 */
function before(watched: Watched | undefined, fields: string[]): Pick<Change, 'previous'> {
	return watched ? { previous: Object.fromEntries(fields.map((field) => [field, watched[field]])) } : {};
}

function time(value: unknown): number {
	const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(ms) ? -Infinity : ms;
}

/** The most recent by the first timestamp each has; ties (and resources without one) go to the later listed. */
function newest(resources: Resource[], timestamps: string[]): Resource | undefined {
	let best: Resource | undefined;
	let bestTime = -Infinity;
	for (const resource of resources) {
		const at = timestamps.map((field) => time(resource[field])).find((ms) => ms !== -Infinity) ?? -Infinity;
		if (!best || at >= bestTime) [best, bestTime] = [resource, at];
	}
	return best;
}

export const named = (fields: string[], values: Values): Watched =>
	Object.fromEntries(fields.map((field, i) => [field, values[i] ?? null]));

const USER_FIELDS = ['UserRegistrationStatus', 'UserInvitationStatus', 'LicenseType', 'UserType'];
const REGISTRATION = ['UserRegistrationStatus', 'UserInvitationStatus'];
const LICENSE = ['LicenseType', 'UserType'];
const USER_TIMES = ['RegisteredOn', 'InvitedOn'];

/**
 * Invitations are accepted when an invited (Unregistered) user becomes Registered, or their invitation
 * becomes Accepted; unsuspending (Suspended → Registered) is not an acceptance. A user both invited and
 * accepted between two polls is new and accepted at once.
 */
function accepted(was: Watched | undefined, now: Watched): boolean {
	if (now.UserRegistrationStatus !== 'Registered') return false;
	if (!was) return now.UserInvitationStatus === 'Accepted';
	return (
		was.UserRegistrationStatus === 'Unregistered' ||
		(now.UserInvitationStatus === 'Accepted' && was.UserInvitationStatus !== 'Accepted')
	);
}

const users: Source = {
	name: 'users',
	events: USER_EVENTS,
	action: 'ListUsers',
	member: 'Users',
	perAccount: true,
	id: (user) => String(user.UserId),
	fields: USER_FIELDS,
	watched: (user) => USER_FIELDS.map((field) => str(user[field])),
	changes(was, now) {
		const changes: Change[] = [];
		if (!was) changes.push({ event: 'newUser' });
		if (accepted(was, now)) changes.push({ event: 'invitationAccepted', ...before(was, REGISTRATION) });
		if (now.UserRegistrationStatus === 'Suspended' && was?.UserRegistrationStatus !== 'Suspended') {
			changes.push({ event: 'userSuspended', ...before(was, ['UserRegistrationStatus']) });
		}
		if (was && LICENSE.some((field) => was[field] !== now[field])) {
			changes.push({ event: 'userLicenseChanged', ...before(was, LICENSE) });
		}
		return changes;
	},
	example(event, list) {
		const registered = list.filter((u) => u.UserRegistrationStatus === 'Registered');
		const candidates: Record<string, Resource[]> = {
			newUser: list,
			invitationAccepted: registered.some((u) => u.UserInvitationStatus === 'Accepted')
				? registered.filter((u) => u.UserInvitationStatus === 'Accepted')
				: registered,
			userSuspended: list.filter((u) => u.UserRegistrationStatus === 'Suspended'),
			userLicenseChanged: list,
		};
		const resource = newest(candidates[event] ?? [], USER_TIMES);
		// What the sample user was before is not known: its `previous` is left out.
		return resource && { resource, change: { event } };
	},
};

const SETTLED = ['Successful', 'Partial', 'Failed'];

const orders: Source = {
	name: 'orders',
	events: ['phoneNumberOrderCompleted'],
	action: 'ListPhoneNumberOrders',
	member: 'PhoneNumberOrders',
	perAccount: false,
	id: (order) => String(order.PhoneNumberOrderId),
	fields: ['Status'],
	watched: (order) => [str(order.Status)],
	changes(was, now) {
		const completed = SETTLED.includes(now.Status ?? '') && (!was || !SETTLED.includes(was.Status ?? ''));
		return completed ? [{ event: 'phoneNumberOrderCompleted', ...before(was, ['Status']) }] : [];
	},
	example(event, list) {
		const resource = newest(list.filter((o) => SETTLED.includes(String(o.Status))), ['UpdatedTimestamp', 'CreatedTimestamp']);
		// Processing is the only state an order ends from: what every completed order was before.
		return resource && { resource, change: { event, previous: { Status: 'Processing' } } };
	},
};

/** Statuses of a number on its way out of the inventory. */
const LEAVING = ['ReleaseInProgress', 'DeleteInProgress'];

/**
 * Who a number is assigned to, as `Name=Value` pairs: a user's number names the user's account too,
 * which is left out (it is the user's own), so that a number takes about 60 bytes of static data.
 */
function holders(number: Resource): string | null {
	const associations = ((number.Associations ?? []) as Resource[]).map((a) => ({ name: String(a.Name), value: String(a.Value) }));
	const hasUser = associations.some((a) => a.name === 'UserId');
	const kept = associations.filter((a) => !(hasUser && a.name === 'AccountId')).map((a) => `${a.name}=${a.value}`);
	return kept.length ? kept.sort().join(',') : null;
}

function associationsOf(held: string | null): IDataObject[] {
	return held ? held.split(',').map((pair) => ({ Name: pair.slice(0, pair.indexOf('=')), Value: pair.slice(pair.indexOf('=') + 1) })) : [];
}

function numberPrevious(was: Watched | undefined): Pick<Change, 'previous'> {
	return was ? { previous: { Status: was.Status, Associations: associationsOf(was.Holders) } } : {};
}

const numbers: Source = {
	name: 'numbers',
	events: ['phoneNumberAssignedOrReleased'],
	action: 'ListPhoneNumbers',
	member: 'PhoneNumbers',
	perAccount: false,
	id: (number) => String(number.PhoneNumberId ?? number.E164PhoneNumber),
	fields: ['Status', 'Holders'],
	watched: (number) => [str(number.Status), holders(number)],
	changes(was, now) {
		const event = 'phoneNumberAssignedOrReleased';
		if (now.Status === 'Assigned' && (was?.Status !== 'Assigned' || was.Holders !== now.Holders)) {
			return [{ event, change: 'assigned', ...numberPrevious(was) }];
		}
		const unassigned = was?.Status === 'Assigned' && now.Status !== 'Assigned';
		const leaving = !!was && LEAVING.includes(now.Status ?? '') && !LEAVING.includes(was.Status ?? '');
		return unassigned || leaving ? [{ event, change: 'released', ...numberPrevious(was) }] : [];
	},
	example(event, list) {
		const times = ['UpdatedTimestamp', 'CreatedTimestamp'];
		const assigned = newest(list.filter((n) => n.Status === 'Assigned'), times);
		if (assigned) return { resource: assigned, change: { event, change: 'assigned' } };
		const released = newest(list.filter((n) => LEAVING.includes(String(n.Status))), times);
		return released && { resource: released, change: { event, change: 'released' } };
	},
};

export const SOURCES: Source[] = [users, orders, numbers];
