import { walkPath, type PathStep } from '../chime/model';
import type { Field, Operation } from '../types';

/** `E164PhoneNumber` → `E164 Phone Number`, `IsAlexaForBusinessEnabled` → `Is Alexa For Business Enabled`. */
export function words(identifier: string): string {
	return identifier
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.trim();
}

/** `AccountId` → `accountId`, `SMS` → `sms`, `E164PhoneNumbers` → `e164PhoneNumbers`. */
function camel(identifier: string): string {
	const lead = /^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/.exec(identifier)?.[0] ?? '';
	return lead.toLowerCase() + identifier.slice(lead.length);
}

const LOCATOR_NAMES = {
	account: ['accountId', 'Account'],
	user: ['userId', 'User'],
	room: ['roomId', 'Room'],
	bot: ['botId', 'Bot'],
	phoneNumber: ['phoneNumberId', 'Phone Number'],
	roomMember: ['memberId', 'Member'],
	phoneNumberOrder: ['phoneNumberOrderId', 'Order'],
} as const;

function lastMember(path: string): string {
	const members = path.replace(/\[\]/g, '').split('.');
	return members[members.length - 1];
}

export function fieldName(field: Field): string {
	return field.name ?? (field.locator ? LOCATOR_NAMES[field.locator][0] : camel(lastMember(field.path)));
}

export function fieldLabel(field: Field): string {
	return field.displayName ?? (field.locator ? LOCATOR_NAMES[field.locator][1] : words(lastMember(field.path)));
}

export function fieldSteps(op: Operation, field: Field): PathStep[] {
	return walkPath(op.chime, field.path);
}

/** True when this field fills the batch entry of its input item rather than a request-level member. */
function isBatchEntry(op: Operation, field: Field): boolean {
	return !!op.batch && field.path.startsWith(`${op.batch.member}[]`);
}

/** A field takes a comma-separated list when its path crosses a list that is not the batch entry list. */
export function isListField(op: Operation, field: Field): boolean {
	return field.path.includes('[]') && !isBatchEntry(op, field);
}

/** Required fields stand at the top of the panel; the model says which are required at every level. */
export function isRequired(op: Operation, field: Field): boolean {
	return field.required ?? (!!field.locator || fieldSteps(op, field).every((step) => step.required));
}

/** A one-sentence hint as n8n writes them: no final period (the model's docs all end in one). */
function hint(text: string): string {
	return text.trim().replace(/\.$/, '');
}

/** The model's description of a field: the member's own doc, else that of the nearest documented parent. */
export function modelDescription(op: Operation, field: Field): string | undefined {
	const steps = fieldSteps(op, field);
	for (let i = steps.length - 1; i >= 0; i--) {
		const doc = steps[i].member?.doc;
		if (doc) return hint(doc);
	}
	return undefined;
}
