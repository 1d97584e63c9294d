import chimeModel from './chime-model.json';
import voiceModel from './voice-model.json';

/** One shape of the official Chime service model (botocore's, trimmed by scripts/extract-model.mjs). */
export interface Shape {
	type: 'structure' | 'list' | 'string' | 'integer' | 'boolean' | 'timestamp' | 'map' | 'long';
	members?: Record<string, Member>;
	member?: { shape: string };
	required?: string[];
	min?: number;
	max?: number;
	pattern?: string;
	enum?: string[];
	sensitive?: boolean;
	error?: { httpStatusCode?: number };
}

export interface Member {
	shape: string;
	location?: 'uri' | 'querystring' | 'header';
	locationName?: string;
	doc?: string;
}

interface ActionModel {
	http: { method: string; requestUri: string; responseCode?: number };
	input?: string;
	output?: string;
	errors: string[];
	doc: string;
}

interface ServiceModel {
	operations: Record<string, ActionModel>;
	shapes: Record<string, Shape>;
}

/** The services an action may be of: the Amazon Chime administration API, or Amazon Chime SDK Voice. */
export type Service = 'chime' | 'voice';

/**
 * An action carries its service in its name: `GetPhoneNumber` is Amazon Chime's, `voice:GetPhoneNumber`
 * Amazon Chime SDK Voice's (scripts/extract-model.mjs ships its phone-number actions). Every look-up,
 * the wire format, the endpoint and the signing region follow the name, so the engine passes it on as it is.
 */
const VOICE_PREFIX = 'voice:';

export const voiceAction = (name: string): string => `${VOICE_PREFIX}${name}`;

export const serviceOf = (action: string): Service => (action.startsWith(VOICE_PREFIX) ? 'voice' : 'chime');

/** An action's or shape's name in its own service's model: `voice:GetPhoneNumber` → `GetPhoneNumber`. */
export const plainName = (name: string): string => (name.startsWith(VOICE_PREFIX) ? name.slice(VOICE_PREFIX.length) : name);

/** Voice's actions and shapes named with the prefix, so that they sit beside Chime's (both have a `PhoneNumber`). */
function prefixed({ operations, shapes }: ServiceModel): ServiceModel {
	const name = (shapeName: string) => `${VOICE_PREFIX}${shapeName}`;
	const renamed = (s: Shape): Shape => ({
		...s,
		...(s.members && { members: Object.fromEntries(Object.entries(s.members).map(([key, m]) => [key, { ...m, shape: name(m.shape) }])) }),
		...(s.member && { member: { shape: name(s.member.shape) } }),
	});
	return {
		operations: Object.fromEntries(
			Object.entries(operations).map(([action, op]) => [
				voiceAction(action),
				{ ...op, input: op.input && name(op.input), output: op.output && name(op.output), errors: op.errors.map(name) },
			]),
		),
		shapes: Object.fromEntries(Object.entries(shapes).map(([shapeName, s]) => [name(shapeName), renamed(s)])),
	};
}

const chime = chimeModel as unknown as ServiceModel;
const voice = prefixed(voiceModel as unknown as ServiceModel);
const model: ServiceModel = { operations: { ...chime.operations, ...voice.operations }, shapes: { ...chime.shapes, ...voice.shapes } };

export const chimeActions = Object.keys(chime.operations);

/** Amazon Chime SDK Voice's actions we ship, prefixed: `voice:GetPhoneNumber`. */
export const voiceActions = Object.keys(voice.operations);

export function actionModel(action: string): ActionModel {
	const found = model.operations[action];
	if (!found) throw new Error(`Unknown action ${action}`);
	return found;
}

export function shape(name: string): Shape {
	const found = model.shapes[name];
	if (!found) throw new Error(`Unknown shape ${name}`);
	return found;
}

const EMPTY: Shape = { type: 'structure', members: {} };

export function inputShape(action: string): Shape {
	const { input } = actionModel(action);
	return input ? shape(input) : EMPTY;
}

export function outputShape(action: string): Shape {
	const { output } = actionModel(action);
	return output ? shape(output) : EMPTY;
}

export interface PathStep {
	/** Member name in its structure, or '[]' for a list element. */
	key: string;
	shapeName: string;
	shape: Shape;
	member?: Member;
	/** Whether the enclosing structure requires this member. */
	required: boolean;
}

/**
 * Walks a field path such as `UserSettings.Telephony.SMS` or `SigninDelegateGroups[].GroupName`
 * through an action's input shape and returns every step on the way.
 */
export function walkPath(action: string, path: string): PathStep[] {
	const steps: PathStep[] = [];
	let current = inputShape(action);
	for (const token of path.split('.')) {
		const [key, ...listMarks] = token.split('[]');
		const member = current.members?.[key];
		if (!member) throw new Error(`${action} has no input member ${path}`);
		let shapeName = member.shape;
		steps.push({ key, shapeName, shape: shape(shapeName), member, required: !!current.required?.includes(key) });
		for (let i = 0; i < listMarks.length; i++) {
			const list = shape(shapeName);
			if (list.type !== 'list' || !list.member) throw new Error(`${path}: ${key} is not a list`);
			shapeName = list.member.shape;
			steps.push({ key: '[]', shapeName, shape: shape(shapeName), required: true });
		}
		current = shape(shapeName);
	}
	return steps;
}

/** Every leaf path of an action's input, e.g. `RetentionSettings.RoomRetentionSettings.RetentionDays`. */
export function leafPaths(action: string): string[] {
	const out: string[] = [];
	const visit = (s: Shape, prefix: string) => {
		if (s.type === 'structure') {
			for (const [key, member] of Object.entries(s.members ?? {})) {
				visit(shape(member.shape), prefix ? `${prefix}.${key}` : key);
			}
		} else if (s.type === 'list' && s.member) {
			visit(shape(s.member.shape), `${prefix}[]`);
		} else {
			out.push(prefix);
		}
	};
	visit(inputShape(action), '');
	return out;
}
