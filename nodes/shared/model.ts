import chimeModel from './chime-model.json';

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

const model = chimeModel as unknown as {
	operations: Record<string, ActionModel>;
	shapes: Record<string, Shape>;
};

export const chimeActions = Object.keys(model.operations);

export function actionModel(action: string): ActionModel {
	const found = model.operations[action];
	if (!found) throw new Error(`Unknown Chime action ${action}`);
	return found;
}

export function shape(name: string): Shape {
	const found = model.shapes[name];
	if (!found) throw new Error(`Unknown Chime shape ${name}`);
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
