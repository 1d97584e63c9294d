/**
 * The official Chime service model, read by the sandbox on its own. The JSON is data (botocore's model,
 * trimmed by scripts/extract-model.mjs); the nodes' accessors are not used, so the sandbox checks
 * requests against the model itself instead of against the nodes' reading of it.
 */
import chimeModel from '../nodes/shared/chime-model.json';

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

const model = chimeModel as unknown as { operations: Record<string, Operation>; shapes: Record<string, Shape> };

export const actions = Object.keys(model.operations);

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
