/**
 * Every operation compiled into its plan (nodes/shared/pipeline/plan.ts), printed: the snapshot shows, without a
 * server, what each entry makes of its fields, batch, paging, output and repeating. An entry changed on
 * purpose is refreshed with `npx jest test/plans.test.ts -u`.
 */
import { accountSpec } from '../nodes/AmazonChimeAccount/operations';
import { botSpec } from '../nodes/AmazonChimeBot/operations';
import { conversationSpec } from '../nodes/AmazonChimeConversation/operations';
import { meetingSpec } from '../nodes/AmazonChimeMeeting/operations';
import { phoneNumberSpec } from '../nodes/AmazonChimePhoneNumber/operations';
import { roomSpec } from '../nodes/AmazonChimeRoom/operations';
import { userSpec } from '../nodes/AmazonChimeUser/operations';
import { describePlan, planOf } from '../nodes/shared/pipeline/plan';

const operations = [accountSpec, userSpec, phoneNumberSpec, roomSpec, botSpec, conversationSpec, meetingSpec].flatMap((s) => s.operations);

describe('each operation compiled once into a plan', () => {
	it('is compiled once and reused', () => {
		for (const op of operations) expect(planOf(op)).toBe(planOf(op));
	});

	it.each(operations.map((op) => [op.chime, op]))('%s', (_, op) => {
		expect(describePlan(planOf(op))).toMatchSnapshot();
	});

	it('Suspend: users 50 to a call, failures matched back by UserId', () => {
		const suspend = userSpec.operations.find((op) => op.chime === 'BatchSuspendUser')!;
		expect(planOf(suspend).batch).toEqual({ member: 'UserIdList', id: 'UserId', size: 50, errors: 'UserErrors' });
	});

	it('Get Many users: pages of up to 200', () => {
		const list = userSpec.operations.find((op) => op.chime === 'ListUsers')!;
		expect(planOf(list).paging).toEqual({ list: 'Users', key: undefined, pageMax: 200 });
	});
});
