/** A sandbox for node tests: seeded, with every request it sees recorded, reset between tests. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SeenRequest } from '../../sandbox/server';
import { runNode, type RunOptions } from './n8n';
import { sandbox, sandboxCredential, seededRandom, type Sandbox } from './sandbox';

export interface NodeTestBed {
	sb: Sandbox;
	/** Requests the sandbox saw since the last reset. */
	requests: SeenRequest[];
	run(
		node: string,
		parameters: INodeParameters,
		input?: IDataObject[],
		options?: { continueOnFail?: boolean } & RunOptions,
	): ReturnType<typeof runNode>;
	reset(): void;
	stop(): Promise<void>;
}

export async function nodeTestBed(): Promise<NodeTestBed> {
	const requests: SeenRequest[] = [];
	// Seeded, so that injected faults fall on the same requests every run.
	const sb = await sandbox({ onRequest: (request) => requests.push(request), random: seededRandom(1) });
	return {
		sb,
		requests,
		run: (node, parameters, input = [{}], options = {}) =>
			runNode({ type: node, parameters, continueOnFail: options.continueOnFail }, input, sandboxCredential(sb), { cancelAfterMs: options.cancelAfterMs, onStop: options.onStop }),
		reset() {
			sb.reset(true);
			sb.options.orderDelayMs = 0;
			requests.length = 0;
		},
		stop: () => sb.stop(),
	};
}

/**
 * The test bed for a test file: started before its tests, reset (state, requests) before each,
 * stopped after them.
 */
export function useNodeTestBed(): NodeTestBed {
	let bed: NodeTestBed | undefined;
	beforeAll(async () => {
		bed = await nodeTestBed();
	});
	afterAll(() => bed?.stop());
	beforeEach(() => bed!.reset());
	// The bed exists only once beforeAll has run: hand out a view that looks it up on use.
	return new Proxy({} as NodeTestBed, { get: (_, key) => bed![key as keyof NodeTestBed] });
}
