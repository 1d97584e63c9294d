/**
 * Every Chime action against the sandbox through @aws-sdk/client-chime over HTTP: a happy path that
 * checks what changed in the sandbox's state, and an error path with the status and code Chime gives.
 */
import * as C from '@aws-sdk/client-chime';

import { client, DEMO, sandbox, useSandbox } from '../harness/sandbox';

const env = useSandbox();
beforeEach(() => env.sb.reset(true));

const A = DEMO.accountId;
const U = DEMO.users;
const account = () => env.sb.state().accounts[A];
const user = (id: string) => account().users[id].user;
const number = (id: string) => env.sb.state().phoneNumbers[id];
async function fails(command: unknown, status: number, name: string) {
	await expect(env.send(command)).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
}
/** Orders a spare number and returns it once the order has settled. */
async function orderedNumber(e164 = '+13125550100'): Promise<string> {
	await env.send(new C.CreatePhoneNumberOrderCommand({ ProductType: 'BusinessCalling', E164PhoneNumbers: [e164] }));
	return e164;
}

interface Row {
	action: string;
	happy: () => Promise<void>;
	error: () => Promise<void>;
}

const rows: Row[] = [
	{
		action: 'CreateAccount',
		happy: async () => {
			const { Account } = await env.send(new C.CreateAccountCommand({ Name: 'Second Corp' }));
			expect(Account).toMatchObject({ Name: 'Second Corp', AccountType: 'Team', AccountStatus: 'Active', DefaultLicense: 'Pro' });
			expect(env.sb.state().accounts[Account.AccountId].account.Name).toBe('Second Corp');
		},
		error: () => fails(new C.CreateAccountCommand({ Name: 'Example Corp' }), 409, 'ConflictException'),
	},
	{
		action: 'GetAccount',
		happy: async () => {
			const { Account } = await env.send(new C.GetAccountCommand({ AccountId: A }));
			expect(Account.Name).toBe('Example Corp');
			expect(Account.CreatedTimestamp).toBeInstanceOf(Date);
		},
		error: () => fails(new C.GetAccountCommand({ AccountId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'ListAccounts',
		happy: async () => {
			for (let i = 0; i < 3; i++) await env.send(new C.CreateAccountCommand({ Name: `Corp ${i}` }));
			const first = await env.send(new C.ListAccountsCommand({ MaxResults: 3 }));
			expect(first.Accounts).toHaveLength(3);
			const second = await env.send(new C.ListAccountsCommand({ MaxResults: 3, NextToken: first.NextToken }));
			expect(second.Accounts).toHaveLength(1);
			expect(second.NextToken).toBeUndefined();
			const byEmail = await env.send(new C.ListAccountsCommand({ UserEmail: 'bob@example.com' }));
			expect(byEmail.Accounts.map((a: C.Account) => a.AccountId)).toEqual([A]);
		},
		error: () => fails(new C.ListAccountsCommand({ MaxResults: 201 }), 400, 'BadRequestException'),
	},
	{
		action: 'UpdateAccount',
		happy: async () => {
			await env.send(new C.UpdateAccountCommand({ AccountId: A, Name: 'Renamed', DefaultLicense: 'Basic' }));
			expect(account().account).toMatchObject({ Name: 'Renamed', DefaultLicense: 'Basic' });
		},
		error: () => fails(new C.UpdateAccountCommand({ AccountId: A, DefaultLicense: 'ProTrial' }), 400, 'BadRequestException'),
	},
	{
		action: 'DeleteAccount',
		happy: async () => {
			const ids = Object.keys(account().users);
			await env.send(new C.BatchSuspendUserCommand({ AccountId: A, UserIdList: ids }));
			await env.send(new C.DeleteAccountCommand({ AccountId: A }));
			expect(env.sb.state().accounts[A]).toBeUndefined();
		},
		// A Team account with unsuspended users cannot be deleted.
		error: async () => {
			await fails(new C.DeleteAccountCommand({ AccountId: A }), 422, 'UnprocessableEntityException');
			expect(account()).toBeDefined();
		},
	},
	{
		action: 'GetAccountSettings',
		happy: async () => {
			const { AccountSettings } = await env.send(new C.GetAccountSettingsCommand({ AccountId: A }));
			expect(AccountSettings).toEqual({ DisableRemoteControl: false, EnableDialOut: false });
		},
		error: () => fails(new C.GetAccountSettingsCommand({ AccountId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'UpdateAccountSettings',
		happy: async () => {
			await env.send(new C.UpdateAccountSettingsCommand({ AccountId: A, AccountSettings: { EnableDialOut: true } }));
			expect(account().settings).toEqual({ DisableRemoteControl: false, EnableDialOut: true });
		},
		error: () => fails(new C.UpdateAccountSettingsCommand({ AccountId: ' ', AccountSettings: {} }), 400, 'BadRequestException'),
	},
	{
		action: 'AssociateSigninDelegateGroupsWithAccount',
		happy: async () => {
			await env.send(new C.AssociateSigninDelegateGroupsWithAccountCommand({ AccountId: A, SigninDelegateGroups: [{ GroupName: 'Staff' }] }));
			expect(account().account.SigninDelegateGroups).toEqual([{ GroupName: 'Staff' }]);
		},
		error: () =>
			fails(new C.AssociateSigninDelegateGroupsWithAccountCommand({ AccountId: 'missing', SigninDelegateGroups: [{ GroupName: 'S' }] }), 404, 'NotFoundException'),
	},
	{
		action: 'DisassociateSigninDelegateGroupsFromAccount',
		happy: async () => {
			await env.send(new C.AssociateSigninDelegateGroupsWithAccountCommand({ AccountId: A, SigninDelegateGroups: [{ GroupName: 'Staff' }, { GroupName: 'Temps' }] }));
			await env.send(new C.DisassociateSigninDelegateGroupsFromAccountCommand({ AccountId: A, GroupNames: ['Temps'] }));
			expect(account().account.SigninDelegateGroups).toEqual([{ GroupName: 'Staff' }]);
		},
		error: () => fails(new C.DisassociateSigninDelegateGroupsFromAccountCommand({ AccountId: A, GroupNames: [] }), 400, 'BadRequestException'),
	},
	{
		action: 'GetRetentionSettings',
		happy: async () => {
			await env.send(new C.PutRetentionSettingsCommand({ AccountId: A, RetentionSettings: { RoomRetentionSettings: { RetentionDays: 30 } } }));
			const got = await env.send(new C.GetRetentionSettingsCommand({ AccountId: A }));
			expect(got.RetentionSettings).toEqual({ RoomRetentionSettings: { RetentionDays: 30 } });
			expect(got.InitiateDeletionTimestamp).toBeInstanceOf(Date);
		},
		error: () => fails(new C.GetRetentionSettingsCommand({ AccountId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'PutRetentionSettings',
		happy: async () => {
			await env.send(new C.PutRetentionSettingsCommand({ AccountId: A, RetentionSettings: { ConversationRetentionSettings: { RetentionDays: 5475 } } }));
			expect(account().retention?.RetentionSettings).toEqual({ ConversationRetentionSettings: { RetentionDays: 5475 } });
		},
		error: () =>
			fails(new C.PutRetentionSettingsCommand({ AccountId: A, RetentionSettings: { RoomRetentionSettings: { RetentionDays: 5476 } } }), 400, 'BadRequestException'),
	},
	{
		action: 'GetGlobalSettings',
		happy: async () => {
			const got = await env.send(new C.GetGlobalSettingsCommand({}));
			expect(got).toMatchObject({ BusinessCalling: {}, VoiceConnector: {} });
		},
		// GetGlobalSettings takes no input: it can only fail before Chime, here on a wrong secret.
		error: async () => {
			const bad = client(env.sb, { credentials: { accessKeyId: 'AKIASANDBOXCHIME0001', secretAccessKey: 'wrong' }, maxAttempts: 1 });
			await expect(bad.send(new C.GetGlobalSettingsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
			bad.destroy();
		},
	},
	{
		action: 'UpdateGlobalSettings',
		happy: async () => {
			await env.send(new C.UpdateGlobalSettingsCommand({ BusinessCalling: { CdrBucket: 'cdr' } }));
			expect(env.sb.state().globalSettings).toEqual({ BusinessCalling: { CdrBucket: 'cdr' } });
		},
		error: async () => {
			const unknown = client(env.sb, { credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }, maxAttempts: 1 });
			await expect(unknown.send(new C.UpdateGlobalSettingsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
		},
	},
	// Users
	{
		action: 'CreateUser',
		happy: async () => {
			const { User } = await env.send(new C.CreateUserCommand({ AccountId: A, Email: 'new@example.com', Username: 'New Hire' }));
			expect(user(User.UserId)).toMatchObject({ PrimaryEmail: 'new@example.com', DisplayName: 'New Hire', UserRegistrationStatus: 'Registered', LicenseType: 'Pro' });
		},
		error: () => fails(new C.CreateUserCommand({ AccountId: A, Email: 'ALICE@example.com' }), 409, 'ConflictException'),
	},
	{
		action: 'GetUser',
		happy: async () => {
			const { User } = await env.send(new C.GetUserCommand({ AccountId: A, UserId: U.alice }));
			expect(User).toMatchObject({ PrimaryEmail: 'alice@example.com', PrimaryProvisionedNumber: DEMO.numbers.alice });
			expect(User.PersonalPIN).toMatch(/^\d{10}$/);
		},
		error: () => fails(new C.GetUserCommand({ AccountId: A, UserId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'ListUsers',
		happy: async () => {
			const all = await env.send(new C.ListUsersCommand({ AccountId: A, MaxResults: 2 }));
			expect(all.Users).toHaveLength(2);
			expect(all.NextToken).toBeDefined();
			const one = await env.send(new C.ListUsersCommand({ AccountId: A, UserEmail: 'Carol@Example.com' }));
			expect(one.Users.map((u: C.User) => u.UserId)).toEqual([U.carol]);
		},
		error: () => fails(new C.ListUsersCommand({ AccountId: A, UserEmail: 'not-an-email' }), 400, 'BadRequestException'),
	},
	{
		action: 'UpdateUser',
		happy: async () => {
			await env.send(new C.UpdateUserCommand({ AccountId: A, UserId: U.bob, LicenseType: 'Pro' }));
			expect(user(U.bob).LicenseType).toBe('Pro');
		},
		error: () => fails(new C.UpdateUserCommand({ AccountId: A, UserId: U.bob, LicenseType: 'ProTrial' }), 400, 'BadRequestException'),
	},
	{
		action: 'BatchUpdateUser',
		happy: async () => {
			const { UserErrors } = await env.send(
				new C.BatchUpdateUserCommand({ AccountId: A, UpdateUserRequestItems: [{ UserId: U.alice, LicenseType: 'Basic' }, { UserId: 'ghost', LicenseType: 'Basic' }] }),
			);
			expect(UserErrors).toEqual([{ UserId: 'ghost', ErrorCode: 'NotFound', ErrorMessage: expect.any(String) }]);
			expect(user(U.alice).LicenseType).toBe('Basic');
		},
		error: () =>
			fails(new C.BatchUpdateUserCommand({ AccountId: A, UpdateUserRequestItems: Array.from({ length: 21 }, (_, i) => ({ UserId: `u${i}` })) }), 400, 'BadRequestException'),
	},
	{
		action: 'BatchSuspendUser',
		happy: async () => {
			const { UserErrors } = await env.send(new C.BatchSuspendUserCommand({ AccountId: A, UserIdList: [U.alice, 'ghost'] }));
			expect(UserErrors.map((e: C.UserError) => [e.UserId, e.ErrorCode])).toEqual([['ghost', 'NotFound']]);
			const listed = await env.send(new C.ListUsersCommand({ AccountId: A, UserEmail: 'alice@example.com' }));
			expect(listed.Users[0].UserRegistrationStatus).toBe('Suspended');
		},
		error: () => fails(new C.BatchSuspendUserCommand({ AccountId: A, UserIdList: Array.from({ length: 51 }, (_, i) => `u${i}`) }), 400, 'BadRequestException'),
	},
	{
		action: 'BatchUnsuspendUser',
		happy: async () => {
			const lwa = (await (await fetch(`${env.sb.url}/_sandbox/accounts`, { method: 'POST', body: JSON.stringify({ Name: 'LWA', AccountType: 'EnterpriseLWA' }) })).json()) as { Account: { AccountId: string } };
			const { User } = await env.send(new C.CreateUserCommand({ AccountId: lwa.Account.AccountId, Email: 'x@example.com' }));
			await env.send(new C.BatchSuspendUserCommand({ AccountId: lwa.Account.AccountId, UserIdList: [User.UserId] }));
			const { UserErrors } = await env.send(new C.BatchUnsuspendUserCommand({ AccountId: lwa.Account.AccountId, UserIdList: [User.UserId] }));
			expect(UserErrors).toEqual([]);
			expect(env.sb.state().accounts[lwa.Account.AccountId].users[User.UserId].user.UserRegistrationStatus).toBe('Registered');
		},
		// Only EnterpriseLWA accounts can unsuspend: a Team account reports it per user.
		error: async () => {
			const { UserErrors } = await env.send(new C.BatchUnsuspendUserCommand({ AccountId: A, UserIdList: [U.erin] }));
			expect(UserErrors).toEqual([{ UserId: U.erin, ErrorCode: 'BadRequest', ErrorMessage: expect.stringContaining('EnterpriseLWA') }]);
			expect(user(U.erin).UserRegistrationStatus).toBe('Suspended');
		},
	},
	{
		action: 'InviteUsers',
		happy: async () => {
			const { Invites } = await env.send(new C.InviteUsersCommand({ AccountId: A, UserEmailList: ['hire@example.com', 'alice@example.com'] }));
			expect(Invites.map((i: C.Invite) => [i.EmailAddress, i.Status, i.EmailStatus])).toEqual([
				['hire@example.com', 'Pending', 'Sent'],
				['alice@example.com', 'Accepted', 'NotSent'],
			]);
			const hire = Object.values(account().users).find((u) => u.user.PrimaryEmail === 'hire@example.com')!;
			expect(hire.user).toMatchObject({ UserInvitationStatus: 'Pending', UserRegistrationStatus: 'Unregistered' });
		},
		error: () => fails(new C.InviteUsersCommand({ AccountId: A, UserEmailList: ['nope'] }), 400, 'BadRequestException'),
	},
	{
		action: 'LogoutUser',
		happy: async () => {
			await env.send(new C.LogoutUserCommand({ AccountId: A, UserId: U.bob }));
			expect(account().users[U.bob].logouts).toBe(1);
		},
		error: () => fails(new C.LogoutUserCommand({ AccountId: A, UserId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'ResetPersonalPIN',
		happy: async () => {
			const before = user(U.bob).PersonalPIN;
			const { User } = await env.send(new C.ResetPersonalPINCommand({ AccountId: A, UserId: U.bob }));
			expect(User.PersonalPIN).toMatch(/^\d{10}$/);
			expect(User.PersonalPIN).not.toBe(before);
			expect(user(U.bob).PersonalPIN).toBe(User.PersonalPIN);
		},
		error: () => fails(new C.ResetPersonalPINCommand({ AccountId: 'missing', UserId: U.bob }), 404, 'NotFoundException'),
	},
	{
		action: 'GetUserSettings',
		happy: async () => {
			const { UserSettings } = await env.send(new C.GetUserSettingsCommand({ AccountId: A, UserId: U.bob }));
			expect(UserSettings).toEqual({ Telephony: { InboundCalling: true, OutboundCalling: true, SMS: true } });
		},
		error: () => fails(new C.GetUserSettingsCommand({ AccountId: A, UserId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'UpdateUserSettings',
		happy: async () => {
			const settings = { Telephony: { InboundCalling: true, OutboundCalling: false, SMS: false } };
			await env.send(new C.UpdateUserSettingsCommand({ AccountId: A, UserId: U.bob, UserSettings: settings }));
			expect(account().users[U.bob].settings).toEqual(settings);
		},
		error: () =>
			fails(new C.UpdateUserSettingsCommand({ AccountId: A, UserId: U.bob, UserSettings: { Telephony: { InboundCalling: true } } as C.UserSettings }), 400, 'BadRequestException'),
	},
	{
		action: 'AssociatePhoneNumberWithUser',
		happy: async () => {
			// An ordered number becomes associable once its order is Successful.
			const e164 = await orderedNumber();
			await env.send(new C.AssociatePhoneNumberWithUserCommand({ AccountId: A, UserId: U.bob, E164PhoneNumber: e164 }));
			expect(number(e164)).toMatchObject({ Status: 'Assigned', Associations: expect.arrayContaining([expect.objectContaining({ Name: 'UserId', Value: U.bob })]) });
			expect(user(U.bob).PrimaryProvisionedNumber).toBe(e164);
		},
		error: () => fails(new C.AssociatePhoneNumberWithUserCommand({ AccountId: A, UserId: U.bob, E164PhoneNumber: DEMO.numbers.alice }), 409, 'ConflictException'),
	},
	{
		action: 'DisassociatePhoneNumberFromUser',
		happy: async () => {
			await env.send(new C.DisassociatePhoneNumberFromUserCommand({ AccountId: A, UserId: U.alice }));
			expect(number(DEMO.numbers.alice)).toMatchObject({ Status: 'Unassigned', Associations: [] });
			expect(user(U.alice).PrimaryProvisionedNumber).toBeUndefined();
		},
		error: () => fails(new C.DisassociatePhoneNumberFromUserCommand({ AccountId: A, UserId: U.bob }), 404, 'NotFoundException'),
	},
	// Phone numbers
	{
		action: 'SearchAvailablePhoneNumbers',
		happy: async () => {
			const found = await env.send(new C.SearchAvailablePhoneNumbersCommand({ AreaCode: '206', MaxResults: 3 }));
			expect(found.E164PhoneNumbers).toEqual(['+12065550102', '+12065550103', '+12065550104']);
			const tollFree = await env.send(new C.SearchAvailablePhoneNumbersCommand({ TollFreePrefix: '844', MaxResults: 1 }));
			expect(tollFree.E164PhoneNumbers).toEqual(['+18445550100']);
			const seattle = await env.send(new C.SearchAvailablePhoneNumbersCommand({ City: 'Seattle', State: 'WA', MaxResults: 500 }));
			expect(seattle.E164PhoneNumbers).toHaveLength(98);
		},
		error: () => fails(new C.SearchAvailablePhoneNumbersCommand({ City: 'Seattle' }), 400, 'BadRequestException'),
	},
	{
		action: 'ListSupportedPhoneNumberCountries',
		happy: async () => {
			const { PhoneNumberCountries } = await env.send(new C.ListSupportedPhoneNumberCountriesCommand({ ProductType: 'BusinessCalling' }));
			expect(PhoneNumberCountries).toEqual([{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] }]);
		},
		error: () => fails(new C.ListSupportedPhoneNumberCountriesCommand({ ProductType: 'Fax' as C.PhoneNumberProductType }), 400, 'BadRequestException'),
	},
	{
		action: 'CreatePhoneNumberOrder',
		happy: async () => {
			// An unavailable number (already Alice's) makes the order Partial.
			const { PhoneNumberOrder } = await env.send(new C.CreatePhoneNumberOrderCommand({ ProductType: 'BusinessCalling', E164PhoneNumbers: ['+14155550100', DEMO.numbers.alice] }));
			const order = env.sb.state().orders[PhoneNumberOrder.PhoneNumberOrderId].order;
			expect(order.Status).toBe('Partial');
			expect(order.OrderedPhoneNumbers).toEqual([
				{ E164PhoneNumber: '+14155550100', Status: 'Acquired' },
				{ E164PhoneNumber: DEMO.numbers.alice, Status: 'Failed' },
			]);
			expect(number('+14155550100')).toMatchObject({ Status: 'Unassigned', ProductType: 'BusinessCalling' });
		},
		error: () => fails(new C.CreatePhoneNumberOrderCommand({ ProductType: 'BusinessCalling', E164PhoneNumbers: ['+18005550100'] }), 400, 'BadRequestException'),
	},
	{
		action: 'GetPhoneNumberOrder',
		happy: async () => {
			env.sb.options.orderDelayMs = 60_000;
			const { PhoneNumberOrder } = await env.send(new C.CreatePhoneNumberOrderCommand({ ProductType: 'BusinessCalling', E164PhoneNumbers: ['+15125550100'] }));
			const got = await env.send(new C.GetPhoneNumberOrderCommand({ PhoneNumberOrderId: PhoneNumberOrder.PhoneNumberOrderId }));
			expect(got.PhoneNumberOrder.Status).toBe('Processing');
			expect(number('+15125550100')).toBeUndefined();
			env.sb.options.orderDelayMs = 0;
		},
		error: () => fails(new C.GetPhoneNumberOrderCommand({ PhoneNumberOrderId: '00000000-0000-4000-8000-000000000000' }), 404, 'NotFoundException'),
	},
	{
		action: 'ListPhoneNumberOrders',
		happy: async () => {
			await orderedNumber();
			const { PhoneNumberOrders } = await env.send(new C.ListPhoneNumberOrdersCommand({}));
			expect(PhoneNumberOrders.map((o: C.PhoneNumberOrder) => o.Status)).toEqual(['Successful', 'Successful']);
		},
		error: () => fails(new C.ListPhoneNumberOrdersCommand({ MaxResults: 100 }), 400, 'BadRequestException'),
	},
	{
		action: 'GetPhoneNumber',
		happy: async () => {
			const { PhoneNumber } = await env.send(new C.GetPhoneNumberCommand({ PhoneNumberId: DEMO.numbers.alice }));
			expect(PhoneNumber).toMatchObject({ E164PhoneNumber: DEMO.numbers.alice, Status: 'Assigned', Type: 'Local' });
		},
		error: () => fails(new C.GetPhoneNumberCommand({ PhoneNumberId: '+19995550100' }), 404, 'NotFoundException'),
	},
	{
		action: 'ListPhoneNumbers',
		happy: async () => {
			const unassigned = await env.send(new C.ListPhoneNumbersCommand({ Status: 'Unassigned' }));
			expect(unassigned.PhoneNumbers.map((p: C.PhoneNumber) => p.PhoneNumberId)).toEqual([DEMO.numbers.spare]);
			const alices = await env.send(new C.ListPhoneNumbersCommand({ FilterName: 'UserId', FilterValue: U.alice }));
			expect(alices.PhoneNumbers.map((p: C.PhoneNumber) => p.PhoneNumberId)).toEqual([DEMO.numbers.alice]);
		},
		error: () => fails(new C.ListPhoneNumbersCommand({ Status: 'Lost' as C.PhoneNumberStatus }), 400, 'BadRequestException'),
	},
	{
		action: 'UpdatePhoneNumber',
		happy: async () => {
			await env.send(new C.UpdatePhoneNumberCommand({ PhoneNumberId: DEMO.numbers.spare, CallingName: 'Example Corp' }));
			expect(number(DEMO.numbers.spare)).toMatchObject({ CallingName: 'Example Corp', CallingNameStatus: 'UpdateSucceeded' });
		},
		error: () => fails(new C.UpdatePhoneNumberCommand({ PhoneNumberId: DEMO.numbers.spare, CallingName: 'X' }), 400, 'BadRequestException'),
	},
	{
		action: 'BatchUpdatePhoneNumber',
		happy: async () => {
			const { PhoneNumberErrors } = await env.send(
				new C.BatchUpdatePhoneNumberCommand({
					UpdatePhoneNumberRequestItems: [
						{ PhoneNumberId: DEMO.numbers.spare, ProductType: 'VoiceConnector' },
						{ PhoneNumberId: '+19995550100', ProductType: 'VoiceConnector' },
					],
				}),
			);
			expect(PhoneNumberErrors.map((e: C.PhoneNumberError) => [e.PhoneNumberId, e.ErrorCode])).toEqual([['+19995550100', 'NotFound']]);
			expect(number(DEMO.numbers.spare).ProductType).toBe('VoiceConnector');
		},
		error: () => fails(new C.BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: [{ PhoneNumberId: ' ' }] }), 400, 'BadRequestException'),
	},
	{
		action: 'DeletePhoneNumber',
		happy: async () => {
			await env.send(new C.DeletePhoneNumberCommand({ PhoneNumberId: DEMO.numbers.spare }));
			expect(number(DEMO.numbers.spare).Status).toBe('DeleteInProgress');
			expect(number(DEMO.numbers.spare).DeletionTimestamp).toBeDefined();
		},
		// An assigned number must be disassociated first.
		error: () => fails(new C.DeletePhoneNumberCommand({ PhoneNumberId: DEMO.numbers.alice }), 400, 'BadRequestException'),
	},
	{
		action: 'BatchDeletePhoneNumber',
		happy: async () => {
			const { PhoneNumberErrors } = await env.send(new C.BatchDeletePhoneNumberCommand({ PhoneNumberIds: [DEMO.numbers.spare, DEMO.numbers.alice] }));
			expect(PhoneNumberErrors.map((e: C.PhoneNumberError) => [e.PhoneNumberId, e.ErrorCode])).toEqual([[DEMO.numbers.alice, 'BadRequest']]);
			expect(number(DEMO.numbers.spare).Status).toBe('DeleteInProgress');
			expect(number(DEMO.numbers.alice).Status).toBe('Assigned');
		},
		error: () => fails(new C.BatchDeletePhoneNumberCommand({ PhoneNumberIds: [] }), 400, 'BadRequestException'),
	},
	{
		action: 'RestorePhoneNumber',
		happy: async () => {
			// A deleted number restores.
			await env.send(new C.DeletePhoneNumberCommand({ PhoneNumberId: DEMO.numbers.spare }));
			const { PhoneNumber } = await env.send(new C.RestorePhoneNumberCommand({ PhoneNumberId: DEMO.numbers.spare }));
			expect(PhoneNumber.Status).toBe('Unassigned');
			expect(number(DEMO.numbers.spare).DeletionTimestamp).toBeUndefined();
		},
		error: () => fails(new C.RestorePhoneNumberCommand({ PhoneNumberId: DEMO.numbers.spare }), 400, 'BadRequestException'),
	},
	{
		action: 'GetPhoneNumberSettings',
		happy: async () => {
			await env.send(new C.UpdatePhoneNumberSettingsCommand({ CallingName: 'Example Corp' }));
			const got = await env.send(new C.GetPhoneNumberSettingsCommand({}));
			expect(got.CallingName).toBe('Example Corp');
			expect(got.CallingNameUpdatedTimestamp).toBeInstanceOf(Date);
		},
		error: async () => {
			const skewed = await sandbox({ clock: () => new Date(Date.now() + 10 * 60_000) });
			const c = client(skewed, { maxAttempts: 1 });
			await expect(c.send(new C.GetPhoneNumberSettingsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
			c.destroy();
			await skewed.stop();
		},
	},
	{
		action: 'UpdatePhoneNumberSettings',
		happy: async () => {
			await env.send(new C.UpdatePhoneNumberSettingsCommand({ CallingName: '' }));
			expect(env.sb.state().phoneNumberSettings.CallingName).toBe('');
		},
		error: () => fails(new C.UpdatePhoneNumberSettingsCommand({ CallingName: 'Acme, Inc.' }), 400, 'BadRequestException'),
	},
	// Rooms
	{
		action: 'CreateRoom',
		happy: async () => {
			const first = await env.send(new C.CreateRoomCommand({ AccountId: A, Name: 'Support', ClientRequestToken: 'hire-42' }));
			const again = await env.send(new C.CreateRoomCommand({ AccountId: A, Name: 'Support', ClientRequestToken: 'hire-42' }));
			expect(again.Room.RoomId).toBe(first.Room.RoomId);
			expect(Object.values(account().rooms).map((r) => r.room.Name).sort()).toEqual(['Engineering', 'Sales', 'Support']);
		},
		error: () => fails(new C.CreateRoomCommand({ AccountId: 'missing', Name: 'X' }), 404, 'NotFoundException'),
	},
	{
		action: 'GetRoom',
		happy: async () => {
			const { Room } = await env.send(new C.GetRoomCommand({ AccountId: A, RoomId: DEMO.roomId }));
			expect(Room.Name).toBe('Engineering');
		},
		error: () => fails(new C.GetRoomCommand({ AccountId: A, RoomId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'ListRooms',
		happy: async () => {
			const { Rooms } = await env.send(new C.ListRoomsCommand({ AccountId: A, MemberId: U.alice }));
			expect(Rooms.map((r: C.Room) => r.RoomId)).toEqual([DEMO.roomId]);
		},
		error: () => fails(new C.ListRoomsCommand({ AccountId: A, MaxResults: 0 }), 400, 'BadRequestException'),
	},
	{
		action: 'UpdateRoom',
		happy: async () => {
			await env.send(new C.UpdateRoomCommand({ AccountId: A, RoomId: DEMO.roomId, Name: 'Eng' }));
			expect(account().rooms[DEMO.roomId].room.Name).toBe('Eng');
		},
		error: () => fails(new C.UpdateRoomCommand({ AccountId: A, RoomId: 'missing', Name: 'x' }), 404, 'NotFoundException'),
	},
	{
		action: 'DeleteRoom',
		happy: async () => {
			await env.send(new C.DeleteRoomCommand({ AccountId: A, RoomId: DEMO.salesRoomId }));
			expect(account().rooms[DEMO.salesRoomId]).toBeUndefined();
		},
		error: () => fails(new C.DeleteRoomCommand({ AccountId: A, RoomId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'CreateRoomMembership',
		happy: async () => {
			const { RoomMembership } = await env.send(new C.CreateRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MemberId: U.bob }));
			expect(RoomMembership).toMatchObject({ Role: 'Member', Member: { MemberId: U.bob, MemberType: 'User', Email: 'bob@example.com' } });
			expect(account().rooms[DEMO.roomId].memberships[U.bob]).toBeDefined();
		},
		error: () => fails(new C.CreateRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MemberId: U.alice }), 409, 'ConflictException'),
	},
	{
		action: 'BatchCreateRoomMembership',
		happy: async () => {
			const { Errors } = await env.send(
				new C.BatchCreateRoomMembershipCommand({
					AccountId: A,
					RoomId: DEMO.salesRoomId,
					MembershipItemList: [{ MemberId: U.bob, Role: 'Administrator' }, { MemberId: DEMO.botId }, { MemberId: 'ghost' }],
				}),
			);
			expect(Errors.map((e: C.MemberError) => [e.MemberId, e.ErrorCode])).toEqual([['ghost', 'NotFound']]);
			const members = account().rooms[DEMO.salesRoomId].memberships;
			expect(Object.keys(members).sort()).toEqual([U.bob, DEMO.botId].sort());
			expect(members[DEMO.botId].Member).toMatchObject({ MemberType: 'Bot' });
		},
		error: () =>
			fails(new C.BatchCreateRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MembershipItemList: Array.from({ length: 51 }, (_, i) => ({ MemberId: `m${i}` })) }), 400, 'BadRequestException'),
	},
	{
		action: 'ListRoomMemberships',
		happy: async () => {
			const { RoomMemberships } = await env.send(new C.ListRoomMembershipsCommand({ AccountId: A, RoomId: DEMO.roomId }));
			expect(RoomMemberships.map((m: C.RoomMembership) => [m.Member?.MemberId, m.Role])).toEqual([[U.alice, 'Administrator']]);
		},
		error: () => fails(new C.ListRoomMembershipsCommand({ AccountId: A, RoomId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'UpdateRoomMembership',
		happy: async () => {
			await env.send(new C.UpdateRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MemberId: U.alice, Role: 'Member' }));
			expect(account().rooms[DEMO.roomId].memberships[U.alice].Role).toBe('Member');
		},
		error: () => fails(new C.UpdateRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MemberId: U.bob, Role: 'Member' }), 404, 'NotFoundException'),
	},
	{
		action: 'DeleteRoomMembership',
		happy: async () => {
			await env.send(new C.DeleteRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MemberId: U.alice }));
			expect(account().rooms[DEMO.roomId].memberships).toEqual({});
		},
		error: () => fails(new C.DeleteRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MemberId: U.bob }), 404, 'NotFoundException'),
	},
	{
		action: 'RedactRoomMessage',
		happy: async () => {
			await env.send(new C.RedactRoomMessageCommand({ AccountId: A, RoomId: DEMO.roomId, MessageId: DEMO.messageId }));
			expect(account().rooms[DEMO.roomId].messages[DEMO.messageId]).toMatchObject({ Redacted: true });
			expect(account().rooms[DEMO.roomId].messages[DEMO.messageId].Content).toBeUndefined();
		},
		error: () => fails(new C.RedactRoomMessageCommand({ AccountId: A, RoomId: DEMO.roomId, MessageId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'RedactConversationMessage',
		happy: async () => {
			await env.send(new C.RedactConversationMessageCommand({ AccountId: A, ConversationId: DEMO.conversationId, MessageId: DEMO.conversationMessageId }));
			expect(account().conversations[DEMO.conversationId].messages[DEMO.conversationMessageId].Redacted).toBe(true);
		},
		error: () => fails(new C.RedactConversationMessageCommand({ AccountId: A, ConversationId: 'missing', MessageId: 'm' }), 404, 'NotFoundException'),
	},
	// Bots and meetings
	{
		action: 'CreateBot',
		happy: async () => {
			const { Bot } = await env.send(new C.CreateBotCommand({ AccountId: A, DisplayName: 'Onboarding Bot', Domain: 'example.com' }));
			expect(Bot).toMatchObject({ DisplayName: 'Onboarding Bot', Disabled: false, BotType: 'ChatBot' });
			expect(Bot.BotEmail).toMatch(/^onboarding-bot-[0-9a-f]{6}@example\.com$/);
			expect(account().bots[Bot.BotId].bot.SecurityToken).toBe(Bot.SecurityToken);
		},
		error: () => fails(new C.CreateBotCommand({ AccountId: 'missing', DisplayName: 'B' }), 404, 'NotFoundException'),
	},
	{
		action: 'GetBot',
		happy: async () => {
			const { Bot } = await env.send(new C.GetBotCommand({ AccountId: A, BotId: DEMO.botId }));
			expect(Bot.DisplayName).toBe('Helpdesk');
		},
		error: () => fails(new C.GetBotCommand({ AccountId: A, BotId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'ListBots',
		happy: async () => {
			const { Bots } = await env.send(new C.ListBotsCommand({ AccountId: A }));
			expect(Bots.map((b: C.Bot) => b.BotId)).toEqual([DEMO.botId]);
		},
		error: () => fails(new C.ListBotsCommand({ AccountId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'UpdateBot',
		happy: async () => {
			await env.send(new C.UpdateBotCommand({ AccountId: A, BotId: DEMO.botId, Disabled: true }));
			expect(account().bots[DEMO.botId].bot.Disabled).toBe(true);
		},
		error: () => fails(new C.UpdateBotCommand({ AccountId: A, BotId: 'missing', Disabled: true }), 404, 'NotFoundException'),
	},
	{
		action: 'RegenerateSecurityToken',
		happy: async () => {
			const { Bot } = await env.send(new C.RegenerateSecurityTokenCommand({ AccountId: A, BotId: DEMO.botId }));
			expect(Bot.SecurityToken).not.toBe('demo-bot-security-token');
			expect(account().bots[DEMO.botId].bot.SecurityToken).toBe(Bot.SecurityToken);
		},
		error: () => fails(new C.RegenerateSecurityTokenCommand({ AccountId: A, BotId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'PutEventsConfiguration',
		happy: async () => {
			await env.send(new C.PutEventsConfigurationCommand({ AccountId: A, BotId: DEMO.botId, OutboundEventsHTTPSEndpoint: 'https://example.com/events' }));
			expect(account().bots[DEMO.botId].events).toEqual({ BotId: DEMO.botId, OutboundEventsHTTPSEndpoint: 'https://example.com/events' });
		},
		error: () => fails(new C.PutEventsConfigurationCommand({ AccountId: A, BotId: DEMO.botId, OutboundEventsHTTPSEndpoint: 'http://plain.example.com' }), 400, 'BadRequestException'),
	},
	{
		action: 'GetEventsConfiguration',
		happy: async () => {
			await env.send(new C.PutEventsConfigurationCommand({ AccountId: A, BotId: DEMO.botId, LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f' }));
			const { EventsConfiguration } = await env.send(new C.GetEventsConfigurationCommand({ AccountId: A, BotId: DEMO.botId }));
			expect(EventsConfiguration.LambdaFunctionArn).toBe('arn:aws:lambda:us-east-1:111122223333:function:f');
		},
		error: () => fails(new C.GetEventsConfigurationCommand({ AccountId: A, BotId: DEMO.botId }), 404, 'NotFoundException'),
	},
	{
		action: 'DeleteEventsConfiguration',
		happy: async () => {
			await env.send(new C.PutEventsConfigurationCommand({ AccountId: A, BotId: DEMO.botId, OutboundEventsHTTPSEndpoint: 'https://example.com/e' }));
			await env.send(new C.DeleteEventsConfigurationCommand({ AccountId: A, BotId: DEMO.botId }));
			expect(account().bots[DEMO.botId].events).toBeUndefined();
		},
		error: () => fails(new C.DeleteEventsConfigurationCommand({ AccountId: A, BotId: 'missing' }), 404, 'NotFoundException'),
	},
	{
		action: 'CreateMeetingDialOut',
		happy: async () => {
			const meetingId = '0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
			const { TransactionId } = await env.send(
				new C.CreateMeetingDialOutCommand({ MeetingId: meetingId, FromPhoneNumber: DEMO.numbers.spare, ToPhoneNumber: '+12065550199', JoinToken: 'am9pbg' }),
			);
			expect(TransactionId).toMatch(/^[0-9a-f-]{36}$/);
			expect(env.sb.state().dialOuts).toEqual([expect.objectContaining({ TransactionId, MeetingId: meetingId })]);
		},
		error: () =>
			fails(new C.CreateMeetingDialOutCommand({ MeetingId: 'not-a-guid', FromPhoneNumber: DEMO.numbers.spare, ToPhoneNumber: '+12065550199', JoinToken: 'am9pbg' }), 400, 'BadRequestException'),
	},
];

test('the table covers the 62 SDK commands', () => {
	const commands = Object.keys(C).filter((k) => k.endsWith('Command') && k !== '$Command').map((k) => k.replace(/Command$/, ''));
	expect(rows.map((r) => r.action).sort()).toEqual(commands.sort());
});

describe.each(rows)('$action', (row) => {
	test('does what Chime does', row.happy);
	test('fails as Chime fails', row.error);
});
