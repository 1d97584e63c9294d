/** Users: creation and invitation, licenses, suspension, PINs, logout, settings and their phone number. */
import { badRequest, conflict, notFound } from '../errors';
import { associate, release } from './phoneNumbers';
import type { AccountRecord, Handler, Obj, UserRecord } from './state';
import { account, digits, iso, newId, page, perMember, str } from './util';

/**
 * An account's users as a list, kept beside the state: Object.values over 20,000 users takes
 * milliseconds on every call. Users are only ever added (the API has no DeleteUser), by addUser.
 */
const userLists = new WeakMap<AccountRecord, UserRecord[]>();

export function usersOf(record: AccountRecord): UserRecord[] {
	let list = userLists.get(record);
	if (!list) {
		list = Object.values(record.users);
		userLists.set(record, list);
	}
	return list;
}

export function findUser(record: AccountRecord, userId: unknown): UserRecord {
	const found = record.users[String(userId)];
	if (!found) throw notFound(`The user ${String(userId)} does not exist in account ${String(record.account.AccountId)}.`);
	return found;
}

function byEmail(record: AccountRecord, email: string): UserRecord | undefined {
	return usersOf(record).find((u) => String(u.user.PrimaryEmail).toLowerCase() === email.toLowerCase());
}

export function addUser(record: AccountRecord, email: string | undefined, fields: Obj): UserRecord {
	const user: UserRecord = {
		user: {
			UserId: newId(),
			AccountId: record.account.AccountId,
			...(email ? { PrimaryEmail: email, DisplayName: email.split('@')[0] } : {}),
			LicenseType: record.account.DefaultLicense,
			UserType: 'PrivateUser',
			PersonalPIN: digits(10),
			...fields,
		},
		settings: { Telephony: { InboundCalling: true, OutboundCalling: true, SMS: true } },
		logouts: 0,
	};
	usersOf(record).push(user);
	record.users[user.user.UserId as string] = user;
	return user;
}

function checkLicense(record: AccountRecord, license: unknown): void {
	const supported = record.account.SupportedLicenses as string[];
	if (license !== undefined && !supported.includes(String(license))) {
		throw badRequest(`The account supports the licenses ${supported.join(', ')}, not ${String(license)}.`);
	}
}

function updateUser(record: AccountRecord, item: Obj): Obj {
	const user = findUser(record, item.UserId);
	checkLicense(record, item.LicenseType);
	for (const key of ['LicenseType', 'UserType', 'AlexaForBusinessMetadata']) {
		if (item[key] !== undefined) user.user[key] = item[key];
	}
	return user.user;
}

function eachUser(ids: unknown[], change: (userId: unknown) => void): Obj {
	return { UserErrors: perMember(ids, 'UserId', (id) => id, change) };
}

export const userHandlers: Record<string, Handler> = {
	CreateUser: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const email = str(input, 'Email');
		if (email && byEmail(record, email)) throw conflict(`A user with the email ${email} already exists in this account.`);
		const user = addUser(record, email, {
			...(input.Username !== undefined ? { DisplayName: input.Username } : {}),
			UserType: input.UserType ?? 'PrivateUser',
			UserRegistrationStatus: 'Registered',
			RegisteredOn: iso(ctx),
		});
		return { User: user.user };
	},

	GetUser: (ctx, input) => ({ User: findUser(account(ctx, input.AccountId), input.UserId).user }),

	ListUsers: (ctx, input) => {
		const email = str(input, 'UserEmail')?.toLowerCase();
		let users = usersOf(account(ctx, input.AccountId));
		if (email) users = users.filter((u) => String(u.user.PrimaryEmail).toLowerCase() === email);
		if (input.UserType !== undefined) users = users.filter((u) => u.user.UserType === input.UserType);
		return page('ListUsers', input, users, 'Users', (u) => u.user);
	},

	UpdateUser: (ctx, input) => ({ User: updateUser(account(ctx, input.AccountId), input) }),

	BatchUpdateUser: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const items = input.UpdateUserRequestItems as Obj[];
		return { UserErrors: perMember(items, 'UserId', (item) => item.UserId, (item) => updateUser(record, item)) };
	},

	BatchSuspendUser: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		if (!['Team', 'EnterpriseLWA'].includes(String(record.account.AccountType))) {
			throw badRequest('Users can be suspended only in Team and EnterpriseLWA accounts.');
		}
		return eachUser(input.UserIdList as unknown[], (userId) => {
			findUser(record, userId).user.UserRegistrationStatus = 'Suspended';
		});
	},

	BatchUnsuspendUser: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		return eachUser(input.UserIdList as unknown[], (userId) => {
			const user = findUser(record, userId);
			if (record.account.AccountType !== 'EnterpriseLWA') {
				throw badRequest('Only users on EnterpriseLWA accounts can be unsuspended.');
			}
			if (user.user.UserRegistrationStatus === 'Suspended') {
				user.user.UserRegistrationStatus = user.user.RegisteredOn ? 'Registered' : 'Unregistered';
			}
		});
	},

	InviteUsers: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		if (record.account.AccountType !== 'Team') throw badRequest('Only Team accounts can invite users.');
		// One index per call: a scan per email would make a batch of 50 in a big account slow.
		const byAddress = new Map(usersOf(record).map((u) => [String(u.user.PrimaryEmail).toLowerCase(), u]));
		const Invites = (input.UserEmailList as string[]).map((email) => {
			let user = byAddress.get(email.toLowerCase());
			if (user?.user.UserRegistrationStatus === 'Registered') {
				return { InviteId: newId(), Status: 'Accepted', EmailAddress: email, EmailStatus: 'NotSent' };
			}
			if (!user) {
				user = addUser(record, email, { UserRegistrationStatus: 'Unregistered', UserType: input.UserType ?? 'PrivateUser' });
				byAddress.set(email.toLowerCase(), user);
			}
			Object.assign(user.user, { UserInvitationStatus: 'Pending', InvitedOn: iso(ctx) });
			return { InviteId: newId(), Status: 'Pending', EmailAddress: email, EmailStatus: 'Sent' };
		});
		return { Invites };
	},

	LogoutUser: (ctx, input) => {
		findUser(account(ctx, input.AccountId), input.UserId).logouts++;
		return undefined;
	},

	ResetPersonalPIN: (ctx, input) => {
		const user = findUser(account(ctx, input.AccountId), input.UserId);
		user.user.PersonalPIN = digits(10);
		return { User: user.user };
	},

	GetUserSettings: (ctx, input) => ({ UserSettings: findUser(account(ctx, input.AccountId), input.UserId).settings }),

	UpdateUserSettings: (ctx, input) => {
		findUser(account(ctx, input.AccountId), input.UserId).settings = input.UserSettings as Obj;
		return undefined;
	},

	AssociatePhoneNumberWithUser: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const user = findUser(record, input.UserId);
		const number = String(input.E164PhoneNumber);
		const current = user.user.PrimaryProvisionedNumber;
		if (current === number) return {};
		if (current) throw conflict(`The user already has the phone number ${String(current)}: disassociate it first.`);
		associate(ctx, number, user.user);
		user.user.PrimaryProvisionedNumber = number;
		return {};
	},

	DisassociatePhoneNumberFromUser: (ctx, input) => {
		const user = findUser(account(ctx, input.AccountId), input.UserId);
		const number = user.user.PrimaryProvisionedNumber;
		if (!number) throw notFound(`The user ${String(input.UserId)} has no phone number.`);
		release(ctx, String(number));
		delete user.user.PrimaryProvisionedNumber;
		return {};
	},
};
