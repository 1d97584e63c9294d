/** Finds the Chime action a request is for, from the service model's methods, paths and `?operation=` queries. */
import { badRequest } from './errors';
import { actions, input as inputShape, operation, shape, voiceActions } from './model';

interface Route {
	action: string;
	method: string;
	/** Path segments; `{label}` segments capture. */
	segments: string[];
	/** Fixed query the action is told apart by, e.g. { operation: 'create' }. */
	fixedQuery: Record<string, string>;
}

const routesOf = (names: string[]): Route[] =>
	names.map((action) => {
		const { method, requestUri } = operation(action).http;
		const [path, query = ''] = requestUri.split('?');
		return {
			action,
			method,
			segments: path.split('/').slice(1),
			fixedQuery: Object.fromEntries(new URLSearchParams(query)),
		};
	});

/** Chime's routes, and Chime SDK Voice's (served under /voice): the same paths, other actions. */
const ROUTES = { chime: routesOf(actions), voice: routesOf(voiceActions) };

export interface Matched {
	action: string;
	labels: Record<string, string>;
}

/** A path segment URL-decoded; a malformed escape such as `%zz` is the client's error. */
export function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		throw badRequest(`The path segment "${segment}" is not validly URL-encoded.`);
	}
}

/**
 * Labels are kept as sent, blank, `.` and `..` included: validation refuses those, where resolving
 * them would route the request to another action (DELETE …/memberships/.. to DeleteRoom).
 */
function matchPath(route: Route, segments: string[]): Record<string, string> | undefined {
	if (route.segments.length !== segments.length) return undefined;
	const labels: Record<string, string> = {};
	for (let i = 0; i < segments.length; i++) {
		const want = route.segments[i];
		if (want.startsWith('{')) labels[want.slice(1, -1)] = decodeSegment(segments[i]);
		else if (want !== segments[i]) return undefined;
	}
	return labels;
}

/**
 * The route whose fixed query matches wins over the plain one: POST /accounts/{id}?operation=… vs
 * POST /accounts/{id}. `rawPath` is the path as it came on the wire, not resolved or decoded.
 */
export function route(method: string, rawPath: string, query: URLSearchParams, service: keyof typeof ROUTES = 'chime'): Matched | undefined {
	const segments = rawPath.split('/').slice(1);
	let best: { route: Route; labels: Record<string, string> } | undefined;
	for (const candidate of ROUTES[service]) {
		if (candidate.method !== method) continue;
		const labels = matchPath(candidate, segments);
		if (!labels) continue;
		const fixed = Object.entries(candidate.fixedQuery);
		if (!fixed.every(([k, v]) => query.get(k) === v)) continue;
		if (!best || fixed.length > Object.keys(best.route.fixedQuery).length) best = { route: candidate, labels };
	}
	return best && { action: best.route.action, labels: best.labels };
}

/** The action's input as the SDK built it: URI labels, query string and JSON body put back together. */
export function readInput(
	action: string,
	labels: Record<string, string>,
	query: URLSearchParams,
	body: Buffer,
): Record<string, unknown> {
	let json: Record<string, unknown> = {};
	if (body.length > 0) {
		try {
			json = JSON.parse(body.toString());
		} catch {
			throw badRequest('The request body is not valid JSON.');
		}
	}
	const input: Record<string, unknown> = {};
	for (const [member, def] of Object.entries(inputShape(action).members ?? {})) {
		if (def.location === 'uri') {
			input[member] = labels[def.locationName ?? member];
		} else if (def.location === 'querystring') {
			const raw = query.get(def.locationName ?? member);
			if (raw === null) continue;
			const type = shape(def.shape).type;
			if (type === 'integer') {
				if (!/^-?\d+$/.test(raw)) throw badRequest(`${member} must be a whole number, got "${raw}".`);
				input[member] = Number(raw);
			} else {
				input[member] = raw;
			}
		} else if (json[member] !== undefined) {
			input[member] = json[member];
		}
	}
	return input;
}

