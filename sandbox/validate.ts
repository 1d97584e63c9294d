/**
 * Chime's input validation, written from the service model for the sandbox alone: required members,
 * types, string lengths, patterns and enums, integer ranges, list sizes, nested structures. It shares
 * no code with the nodes' checks on purpose: a rule the nodes get wrong is refused here, not agreed with.
 * Messages follow AWS's validation wording ("1 validation error detected: Value … at … failed to satisfy
 * constraint: Member must …").
 */
import { input, shape as shapeNamed, type Member, type Shape } from './model';

export interface Violation {
	/** Where, in AWS's style: `retentionSettings.roomRetentionSettings.retentionDays`, `e164PhoneNumbers.2.member`. */
	path: string;
	/** What the member must be: `Member must have length less than or equal to 100`. */
	constraint: string;
	value: unknown;
	/** Sensitive shapes (tokens, PINs) are not quoted back. */
	sensitive: boolean;
}

/** Compiled once: the sandbox validates every request. */
const patterns = new Map<string, RegExp>();

/** AWS matches a pattern against the whole value, and `.` does not match line breaks (Java's Pattern.matches). */
function whole(pattern: string): RegExp {
	let regex = patterns.get(pattern);
	if (!regex) {
		regex = new RegExp(`^(?:${pattern})$`);
		patterns.set(pattern, regex);
	}
	return regex;
}

const jsonName = (member: string) => member.charAt(0).toLowerCase() + member.slice(1);

/** Why a scalar breaks its shape, or undefined. */
function scalarConstraint(s: Shape, value: unknown): string | undefined {
	switch (s.type) {
		case 'string':
			if (typeof value !== 'string') return 'Member must be a string';
			if (s.enum && !s.enum.includes(value)) return `Member must satisfy enum value set: [${s.enum.join(', ')}]`;
			if (s.min !== undefined && value.length < s.min) return `Member must have length greater than or equal to ${s.min}`;
			if (s.max !== undefined && value.length > s.max) return `Member must have length less than or equal to ${s.max}`;
			if (s.pattern && !whole(s.pattern).test(value)) return `Member must satisfy regular expression pattern: ${s.pattern}`;
			return undefined;
		case 'integer':
		case 'long':
			if (typeof value !== 'number' || !Number.isInteger(value)) return 'Member must be a whole number';
			if (s.min !== undefined && value < s.min) return `Member must have value greater than or equal to ${s.min}`;
			if (s.max !== undefined && value > s.max) return `Member must have value less than or equal to ${s.max}`;
			return undefined;
		case 'boolean':
			return typeof value === 'boolean' ? undefined : 'Member must be a boolean';
		case 'timestamp':
			return typeof value === 'string' || typeof value === 'number' ? undefined : 'Member must be a timestamp';
		default:
			return undefined;
	}
}

/**
 * A URI label is one path segment: blank, `.` or `..` would name another resource (the path
 * `/accounts/A/rooms/R/memberships/..` is the room itself), so Chime refuses them.
 */
function labelConstraint(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	if (value.trim() === '') return 'Member must not be blank';
	if (value === '.' || value === '..') return "Member must not be '.' or '..'";
	return undefined;
}

function visit(s: Shape, value: unknown, path: string, found: Violation[]): void {
	const add = (constraint: string): void => {
		found.push({ path, constraint, value, sensitive: !!s.sensitive });
	};
	if (s.type === 'structure') {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return add('Member must be a structure');
		const record = value as Record<string, unknown>;
		for (const [name, member] of Object.entries(s.members ?? {}) as [string, Member][]) {
			const memberPath = path ? `${path}.${jsonName(name)}` : jsonName(name);
			const memberShape = shapeNamed(member.shape);
			const memberValue = record[name];
			// JSON null is an absent member, as in Chime.
			if (memberValue === undefined || memberValue === null) {
				if (s.required?.includes(name)) found.push({ path: memberPath, constraint: 'Member must not be null', value: null, sensitive: false });
				continue;
			}
			const label = member.location === 'uri' ? labelConstraint(memberValue) : undefined;
			if (label) found.push({ path: memberPath, constraint: label, value: memberValue, sensitive: !!memberShape.sensitive });
			else visit(memberShape, memberValue, memberPath, found);
		}
		return;
	}
	if (s.type === 'list') {
		if (!Array.isArray(value)) return add('Member must be a list');
		if (s.min !== undefined && value.length < s.min) add(`Member must have length greater than or equal to ${s.min}`);
		if (s.max !== undefined && value.length > s.max) return add(`Member must have length less than or equal to ${s.max}`);
		const element = shapeNamed(s.member!.shape);
		value.forEach((item, i) => visit(element, item, `${path}.${i + 1}.member`, found));
		return;
	}
	const constraint = scalarConstraint(s, value);
	if (constraint) add(constraint);
}

/** Every way the input breaks the action's model constraints; empty when it keeps them all. */
export function violations(action: string, request: Record<string, unknown>): Violation[] {
	const found: Violation[] = [];
	visit(input(action), request, '', found);
	return found;
}

function quoted(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** The message Chime's BadRequest carries; the first 10 violations are spelled out. */
export function validationMessage(found: Violation[]): string {
	const listed = found.slice(0, 10).map(({ path, constraint, value, sensitive }) => {
		const shown = value === null ? 'Value null' : sensitive ? 'Value' : `Value '${quoted(value)}'`;
		return `${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
	});
	const count = `${found.length} validation error${found.length === 1 ? '' : 's'} detected`;
	return `${count}: ${listed.join('; ')}${found.length > 10 ? '; …' : ''}`;
}
