/** Fault injection and request counters: what tests and benchmarks turn up, and what they read back. */
import { actions as chimeActions, voiceActions } from './model';

export interface FaultSpec {
	/** Fixed delay before answering, in milliseconds. */
	latencyMs?: number;
	/** Extra random delay, 0..jitterMs. */
	jitterMs?: number;
	/** Probability (0..1) of answering 429 ThrottledClientException. */
	throttle?: number;
	/** Probability (0..1) of answering 500 ServiceFailure or 503 ServiceUnavailable. */
	serverError?: number;
	/** Probability (0..1) of dropping the connection without an answer, before the action runs: nothing changes. */
	reset?: number;
	/**
	 * Probability (0..1) of the lost answer: the action runs for real (state changes, like a 200 would
	 * have it), then the connection is dropped without an answer, so the client cannot know it acted.
	 */
	dropAfter?: number;
	/** Probability (0..1) of reading the request and never answering, until the client gives up. */
	stall?: number;
}

export interface FaultConfig extends FaultSpec {
	/** Overrides for chosen actions, e.g. { "BatchSuspendUser": { "throttle": 0.5 } }. */
	actions?: Record<string, FaultSpec>;
}

export type Fault = 'throttle' | 'serverError' | 'reset' | 'dropAfter' | 'stall';

export interface ActionCounter {
	/** Requests that reached the action, faults included. */
	calls: number;
	/** Answers by HTTP status. */
	statuses: Record<string, number>;
	/** Injected faults by kind. */
	faults: Partial<Record<Fault, number>>;
	/**
	 * Answers the action made but never sent, by HTTP status: each `dropAfter` fault adds one, so that
	 * `lost["200"]` counts calls that acted but whose answer was lost. Absent until there is one.
	 */
	lost?: Record<string, number>;
}

/**
 * Drawn in this order, one random number per fault whose probability is above 0: the new faults come
 * last, so that settings without them draw the same numbers as before they existed.
 */
const PROBABILITIES = ['throttle', 'serverError', 'reset', 'dropAfter', 'stall'] as const;
const SPEC_KEYS = new Set<string>(['latencyMs', 'jitterMs', ...PROBABILITIES]);
const KNOWN_ACTIONS = new Set([...chimeActions, ...voiceActions]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Refuses what would silently do nothing: a misspelt setting or action name would pass a test that injects nothing. */
function checkSpec(spec: FaultSpec, where: string, extra: string[] = []): void {
	if (!isObject(spec)) throw new Error(`${where} must be an object of fault settings`);
	for (const key of Object.keys(spec)) {
		if (!SPEC_KEYS.has(key) && !extra.includes(key)) {
			throw new Error(`${where} has an unknown setting ${key}; the settings are ${[...SPEC_KEYS].join(', ')}`);
		}
	}
	for (const name of ['latencyMs', 'jitterMs'] as const) {
		const value = spec[name];
		if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) throw new Error(`${name} must be a number of milliseconds`);
	}
	for (const name of PROBABILITIES) {
		const value = spec[name];
		if (value !== undefined && (typeof value !== 'number' || !(value >= 0 && value <= 1))) throw new Error(`${name} must be a probability from 0 to 1`);
	}
}

export class Faults {
	config: FaultConfig = {};
	counters: Record<string, ActionCounter> = {};
	/** Chime calls being answered now, and the most there were at once since the counters were reset. */
	private inFlight = 0;
	private maxInFlight = 0;

	constructor(
		config: FaultConfig = {},
		private readonly random: () => number = Math.random,
	) {
		this.set(config);
	}

	set(config: FaultConfig): void {
		checkSpec(config, 'the fault settings', ['actions']);
		if (config.actions !== undefined) {
			if (!isObject(config.actions)) throw new Error('actions must be an object of fault settings by action name');
			for (const [action, spec] of Object.entries(config.actions)) {
				if (!KNOWN_ACTIONS.has(action)) throw new Error(`actions names ${action}, which is not a Chime action`);
				checkSpec(spec, `actions.${action}`);
			}
		}
		this.config = config;
	}

	/** The settings for one action: its own override on top of the defaults. */
	spec(action: string): FaultSpec {
		const { actions, ...defaults } = this.config;
		return { ...defaults, ...(actions?.[action] ?? {}) };
	}

	delayMs(action: string): number {
		const { latencyMs = 0, jitterMs = 0 } = this.spec(action);
		return latencyMs + (jitterMs > 0 ? this.random() * jitterMs : 0);
	}

	/** Draws the fault, if any, this request gets, and counts it. */
	draw(action: string): Fault | undefined {
		const spec = this.spec(action);
		const counter = this.counter(action);
		counter.calls++;
		for (const fault of PROBABILITIES) {
			if ((spec[fault] ?? 0) > 0 && this.random() < spec[fault]!) {
				counter.faults[fault] = (counter.faults[fault] ?? 0) + 1;
				return fault;
			}
		}
		return undefined;
	}

	/** A fair coin from the same source, to pick between 500 and 503. */
	coin(): boolean {
		return this.random() < 0.5;
	}

	/** Brackets one call, so that the counters know how many were in flight at once. */
	started(): void {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
	}

	finished(): void {
		this.inFlight--;
	}

	answered(action: string, status: number): void {
		const counter = this.counter(action);
		counter.statuses[status] = (counter.statuses[status] ?? 0) + 1;
	}

	/** An answer the action made and a `dropAfter` fault threw away. */
	lost(action: string, status: number): void {
		const counter = this.counter(action);
		counter.lost ??= {};
		counter.lost[status] = (counter.lost[status] ?? 0) + 1;
	}

	private counter(action: string): ActionCounter {
		return (this.counters[action] ??= { calls: 0, statuses: {}, faults: {} });
	}

	/** Totals over all actions, with each action's counter. */
	report(): { calls: number; faults: number; maxInFlight: number; byAction: Record<string, ActionCounter> } {
		const all = Object.values(this.counters);
		return {
			calls: all.reduce((n, c) => n + c.calls, 0),
			maxInFlight: this.maxInFlight,
			faults: all.reduce((n, c) => n + Object.values(c.faults).reduce((a, b) => a + (b ?? 0), 0), 0),
			byAction: this.counters,
		};
	}

	resetCounters(): void {
		this.counters = {};
		this.maxInFlight = this.inFlight;
	}
}
