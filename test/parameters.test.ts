/**
 * The parameter reader's shortcuts give what n8n's evaluation gives: fixed values read once,
 * `{{ $json.a.b }}` read from the item, every other expression evaluated by n8n.
 */
import { useNodeTestBed } from './harness/chime';
import { DEMO } from './harness/sandbox';

const bed = useNodeTestBed();

const logout = (accountId: unknown, userId: unknown) => ({ resource: 'user', operation: 'logout', accountId, userId }) as never;
const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });
const { alice, bob } = DEMO.users;

test.each([
	['a nested $json field', rl('={{ $json.person.id }}'), [{ person: { id: alice } }, { person: { id: bob } }]],
	['an expression n8n evaluates', rl('={{ $json.person.id.trim() }}'), [{ person: { id: ` ${alice} ` } }, { person: { id: `${bob}  ` } }]],
	['a reference to another node', rl("={{ $('Start').item.json.person.id }}"), [{ person: { id: alice } }, { person: { id: bob } }]],
	['an email from $json', rl('={{ $json.email }}', 'email'), [{ email: 'alice@example.com' }, { email: 'bob@example.com' }]],
])('%s', async (_, userId, input) => {
	const result = await bed.run('amazonChimeUser', logout(rl(DEMO.accountId), userId), input);
	expect(result.error).toBeUndefined();
	expect(result.output.Chime.map((o) => o.UserId)).toEqual([alice, bob]);
});

test('a fixed account with per-item users: the account is the same for every item', async () => {
	const result = await bed.run('amazonChimeUser', logout(rl(DEMO.accountId), rl('={{ $json.id }}')), [{ id: alice }, { id: bob }]);
	expect(bed.requests.map((r) => r.path)).toEqual([`/accounts/${DEMO.accountId}/users/${alice}`, `/accounts/${DEMO.accountId}/users/${bob}`]);
	expect(result.output.Chime).toHaveLength(2);
});

test('a missing $json field is reported as an expression that gave no value, naming the item', async () => {
	const result = await bed.run('amazonChimeUser', logout(rl(DEMO.accountId), rl('={{ $json.id }}')), [{ id: alice }, { other: 1 }]);
	expect(result.error?.message).toBe('Invalid "User" [item 2]: is empty: its expression gave no value (does the input item have that field?)');
	expect(bed.requests).toEqual([]);
});
