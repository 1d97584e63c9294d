/**
 * Users By Email at scale: many emails of one account are found with one paged listing (200 a page)
 * instead of one ListUsers per email, with the same results and the same errors per item.
 */
import { addUser } from '../sandbox/backend/users';
import { useNodeTestBed } from './harness/chime';
import { byEmail, id } from './harness/params';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();
const A = DEMO.accountId;

/** Adds `n` users to the demo account; returns their emails and IDs. */
function seed(n: number): Array<{ email: string; id: string }> {
	const record = bed.sb.state().accounts[A];
	return Array.from({ length: n }, (_, i) => {
		const email = `staff${i}@example.com`;
		return { email, id: addUser(record, email, {}).user.UserId as string };
	});
}

const getByEmail = { resource: 'user', operation: 'get', accountId: id(A), userId: byEmail('={{ $json.email }}') };
const listUsersCalls = () => bed.requests.filter((r) => r.method === 'GET' && r.path === `/accounts/${A}/users`);
const usersInAccount = () => Object.keys(bed.sb.state().accounts[A].users).length;

test('300 leavers in a 1,000-user account: one paged listing, same users, unknown emails fail on their own items', async () => {
	const staff = seed(1000);
	const wanted = [...staff.slice(0, 299), { email: 'nobody@example.com', id: '' }];
	const result = await bed.run('amazonChimeUser', getByEmail, wanted.map(({ email }) => ({ email })), { continueOnFail: true });
	// Pages of 200 while each finds many of them: the whole account, which also shows that nobody@ has no user.
	const listed = listUsersCalls().filter((r) => r.query['user-email'] === undefined);
	expect(listed).toHaveLength(Math.ceil(usersInAccount() / 200));
	expect(listed.every((r) => r.query['max-results'] === '200')).toBe(true);
	expect(listUsersCalls().filter((r) => r.query['user-email'] !== undefined)).toEqual([]);
	expect(result.output.Chime.slice(0, 299).map((u) => u.UserId)).toEqual(staff.slice(0, 299).map((s) => s.id));
	expect(result.output.Chime[299]).toEqual({ error: `No user with the email nobody@example.com in account ${A} (NotFound)`, details: expect.any(String) });
	expect(result.items.Chime.map((item) => item.pairedItem)).toEqual(wanted.map((_, item) => ({ item })));
});

test('a few emails are asked for one by one, with the email filter', async () => {
	const staff = seed(1000);
	const result = await bed.run('amazonChimeUser', getByEmail, staff.slice(0, 5).map(({ email }) => ({ email })));
	expect(listUsersCalls().map((r) => r.query['user-email'])).toEqual(staff.slice(0, 5).map((s) => s.email));
	expect(result.output.Chime.map((u) => u.UserId)).toEqual(staff.slice(0, 5).map((s) => s.id));
});

test('10,000 leavers of a 30,000-user account: the whole account listed (150 pages), not 10,000 calls', async () => {
	const staff = seed(30_000);
	const leavers = staff.filter((_, i) => i % 3 === 0);
	const result = await bed.run('amazonChimeUser', getByEmail, leavers.map(({ email }) => ({ email })));
	expect(listUsersCalls()).toHaveLength(Math.ceil(usersInAccount() / 200));
	expect(listUsersCalls().every((r) => r.query['user-email'] === undefined)).toBe(true);
	expect(result.output.Chime.map((u) => u.UserId)).toEqual(leavers.map((l) => l.id));
});

test('emails missing from a large account: the listing stops while asking one by one is still cheaper', async () => {
	seed(10_000);
	const missing = Array.from({ length: 30 }, (_, i) => ({ email: `gone${i}@example.com` }));
	const result = await bed.run('amazonChimeUser', getByEmail, missing, { continueOnFail: true });
	const calls = listUsersCalls();
	// At most 15 pages (unresolved ≥ 2 × pages read), then 30 filtered calls: never 51 pages of the account.
	expect(calls.filter((r) => r.query['user-email'] === undefined).length).toBeLessThanOrEqual(15);
	expect(calls.filter((r) => r.query['user-email'] !== undefined)).toHaveLength(30);
	expect(result.output.Chime.map((o) => o.error)).toEqual(missing.map(({ email }) => `No user with the email ${email} in account ${A} (NotFound)`));
});

test('a listing Chime refuses falls back to one call per email, and each item gets its own error', async () => {
	const staff = seed(300);
	await fetch(`${bed.sb.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ actions: { ListUsers: { serverError: 1 } } }) });
	const wanted = staff.slice(0, 25).map(({ email }) => ({ email }));
	const result = await bed.run('amazonChimeUser', { ...getByEmail, requestOptions: { maxAttempts: 1 } }, wanted, { continueOnFail: true });
	await fetch(`${bed.sb.url}/_sandbox/faults`, { method: 'PUT', body: '{}' });
	const calls = listUsersCalls();
	expect(calls.filter((r) => r.query['user-email'] === undefined)).toHaveLength(1);
	expect(calls.filter((r) => r.query['user-email'] !== undefined).map((r) => r.query['user-email'])).toEqual(wanted.map((w) => w.email));
	expect(result.output.Chime).toHaveLength(25);
	for (const item of result.output.Chime) expect(item.error).toMatch(/^Amazon Chime (failed to process the request|is temporarily unavailable)/);
});

test('Get User By Email answers from the look-up: no GetUser after ListUsers found the very user', async () => {
	const staff = seed(300);
	const result = await bed.run('amazonChimeUser', getByEmail, staff.slice(0, 250).map(({ email }) => ({ email })));
	expect(bed.requests.filter((r) => r.path.startsWith(`/accounts/${A}/users/`))).toEqual([]);
	expect(bed.requests.every((r) => r.method === 'GET' && r.path === `/accounts/${A}/users`)).toBe(true);
	const record = bed.sb.state().accounts[A].users;
	expect(result.output.Chime).toEqual(staff.slice(0, 250).map((s) => expect.objectContaining({ UserId: s.id, PrimaryEmail: s.email, AccountId: record[s.id].user.AccountId })));
	expect(result.output.Chime.every((u) => !('PersonalPIN' in u))).toBe(true);
});
