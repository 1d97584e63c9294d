/** Accounts, their settings, retention, sign-in delegate groups; the AWS account's global settings. */
import { badRequest, conflict, unprocessable } from '../errors';
import type { AccountRecord, Ctx, Handler, Obj } from './state';
import { usersOf } from './users';
import { account, iso, newId, page, str } from './util';

export const DEMO_AWS_ACCOUNT = '111122223333';

/** CreateAccount makes Team accounts; the admin endpoint can make the other types for tests. */
export function createAccount(ctx: Ctx, name: string, accountType = 'Team'): AccountRecord {
	if (Object.values(ctx.state.accounts).some((a) => a.account.Name === name)) {
		throw conflict(`An account named ${name} already exists.`);
	}
	const record: AccountRecord = {
		account: {
			AwsAccountId: DEMO_AWS_ACCOUNT,
			AccountId: newId(),
			Name: name,
			AccountType: accountType,
			CreatedTimestamp: iso(ctx),
			DefaultLicense: 'Pro',
			SupportedLicenses: ['Basic', 'Pro'],
			AccountStatus: 'Active',
			SigninDelegateGroups: [],
		},
		settings: { DisableRemoteControl: false, EnableDialOut: false },
		users: {},
		rooms: {},
		bots: {},
		conversations: {},
	};
	ctx.state.accounts[record.account.AccountId as string] = record;
	return record;
}

function mergeRetention(current: Obj | undefined, update: Obj): Obj {
	return { ...(current ?? {}), ...update };
}

export const accountHandlers: Record<string, Handler> = {
	CreateAccount: (ctx, input) => ({ Account: createAccount(ctx, String(input.Name)).account }),

	GetAccount: (ctx, input) => ({ Account: account(ctx, input.AccountId).account }),

	ListAccounts: (ctx, input) => {
		const email = str(input, 'UserEmail')?.toLowerCase();
		const accounts = Object.values(ctx.state.accounts)
			.filter((a) => input.Name === undefined || a.account.Name === input.Name)
			.filter((a) => !email || usersOf(a).some((u) => String(u.user.PrimaryEmail).toLowerCase() === email))
			.map((a) => a.account);
		return page('ListAccounts', input, accounts, 'Accounts');
	},

	UpdateAccount: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		if (input.DefaultLicense !== undefined) {
			const supported = record.account.SupportedLicenses as string[];
			if (!supported.includes(String(input.DefaultLicense))) {
				throw badRequest(`The account supports the licenses ${supported.join(', ')}, not ${String(input.DefaultLicense)}.`);
			}
			record.account.DefaultLicense = input.DefaultLicense;
		}
		if (input.Name !== undefined) record.account.Name = input.Name;
		return { Account: record.account };
	},

	DeleteAccount: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const active = usersOf(record).filter((u) => u.user.UserRegistrationStatus !== 'Suspended');
		if (record.account.AccountType === 'Team' && active.length > 0) {
			throw unprocessable(`You must suspend all users before deleting a Team account: ${active.length} are not suspended.`);
		}
		delete ctx.state.accounts[String(input.AccountId)];
		return undefined;
	},

	GetAccountSettings: (ctx, input) => ({ AccountSettings: account(ctx, input.AccountId).settings }),

	UpdateAccountSettings: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		record.settings = { ...record.settings, ...(input.AccountSettings as Obj) };
		return {};
	},

	AssociateSigninDelegateGroupsWithAccount: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const groups = record.account.SigninDelegateGroups as Obj[];
		for (const group of input.SigninDelegateGroups as Obj[]) {
			if (!groups.some((g) => g.GroupName === group.GroupName)) groups.push({ GroupName: group.GroupName });
		}
		return {};
	},

	DisassociateSigninDelegateGroupsFromAccount: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const remove = input.GroupNames as string[];
		record.account.SigninDelegateGroups = (record.account.SigninDelegateGroups as Obj[]).filter(
			(g) => !remove.includes(String(g.GroupName)),
		);
		return {};
	},

	GetRetentionSettings: (ctx, input) => {
		const retention = account(ctx, input.AccountId).retention;
		return retention ?? { RetentionSettings: {} };
	},

	PutRetentionSettings: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const settings = mergeRetention(record.retention?.RetentionSettings as Obj | undefined, input.RetentionSettings as Obj);
		record.retention = { RetentionSettings: settings, InitiateDeletionTimestamp: iso(ctx) };
		return record.retention;
	},

	GetGlobalSettings: (ctx) => ({
		BusinessCalling: ctx.state.globalSettings.BusinessCalling ?? {},
		VoiceConnector: ctx.state.globalSettings.VoiceConnector ?? {},
	}),

	UpdateGlobalSettings: (ctx, input) => {
		for (const key of ['BusinessCalling', 'VoiceConnector']) {
			if (input[key]) ctx.state.globalSettings[key] = { ...((ctx.state.globalSettings[key] as Obj) ?? {}), ...(input[key] as Obj) };
		}
		return undefined;
	},
};
