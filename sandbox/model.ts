/**
 * The official Chime service model, read by the sandbox on its own. The JSON is data (botocore's model,
 * trimmed by scripts/extract-model.mjs); the nodes' accessors are not used, so the sandbox checks
 * requests against the model itself instead of against the nodes' reading of it.
 */
import chimeModel from '../nodes/shared/chime/chime-model.json';
import voiceModel from '../nodes/shared/chime/voice-model.json';

export interface Shape {
	type: string;
	members?: Record<string, Member>;
	member?: { shape: string };
	required?: string[];
	min?: number;
	max?: number;
	pattern?: string;
	enum?: string[];
	sensitive?: boolean;
}

export interface Member {
	shape: string;
	location?: string;
	locationName?: string;
}

export interface Operation {
	http: { method: string; requestUri: string; responseCode?: number };
	input?: string;
}

interface Model {
	operations: Record<string, Operation>;
	shapes: Record<string, Shape>;
}

/**
 * Amazon Chime SDK Voice's phone-number actions (botocore's chime-sdk-voice model, trimmed the same way),
 * named `voice:<Action>` here, with their shapes, beside Chime's: the two models share shape names.
 */
export const VOICE = 'voice:';

function prefixed({ operations, shapes }: Model): Model {
	const name = (shapeName: string) => `${VOICE}${shapeName}`;
	const renamed = (s: Shape): Shape => ({
		...s,
		...(s.members && { members: Object.fromEntries(Object.entries(s.members).map(([key, m]) => [key, { ...m, shape: name(m.shape) }])) }),
		...(s.member && { member: { shape: name(s.member.shape) } }),
	});
	return {
		operations: Object.fromEntries(Object.entries(operations).map(([action, op]) => [`${VOICE}${action}`, { ...op, input: op.input && name(op.input) }])),
		shapes: Object.fromEntries(Object.entries(shapes).map(([shapeName, s]) => [name(shapeName), renamed(s)])),
	};
}

const chime = chimeModel as unknown as Model;
const voice = prefixed(voiceModel as unknown as Model);
const model: Model = { operations: { ...chime.operations, ...voice.operations }, shapes: { ...chime.shapes, ...voice.shapes } };

export const actions = Object.keys(chime.operations);
export const voiceActions = Object.keys(voice.operations);

export function operation(action: string): Operation {
	const found = model.operations[action];
	if (!found) throw new Error(`Unknown Chime action ${action}`);
	return found;
}

export function shape(name: string): Shape {
	const found = model.shapes[name];
	if (!found) throw new Error(`Unknown Chime shape ${name}`);
	return found;
}

/** The action's input structure; actions without input take an empty one. */
export function input(action: string): Shape {
	const name = operation(action).input;
	return name ? shape(name) : { type: 'structure', members: {} };
}
