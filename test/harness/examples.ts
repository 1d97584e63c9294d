/** The example workflows as tests run them: read from examples/, input pinned, against a sandbox reset before each test. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, IPinData } from 'n8n-workflow';

import { DEFAULT_KEYS, type SandboxConfig } from '../../sandbox/server';
import { runWorkflow, type WorkflowJson } from './n8n';
import { sandbox, sandboxCredential, type Sandbox } from './sandbox';

/** An example workflow, exactly as it is in examples/ (n8n's export format), read anew for each call. */
export const example = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as WorkflowJson & { id: string };

/** One or more items as a node's pinned output. */
export const pin = (json: IDataObject | IDataObject[]): IPinData[string] => (Array.isArray(json) ? json : [json]).map((j) => ({ json: j }));

export interface ExampleSandbox {
	sb: Sandbox;
	/** Runs a workflow with the examples' credential (id chimeSandbox0001) pointing at the sandbox. */
	run(workflow: WorkflowJson, pinData?: IPinData): ReturnType<typeof runWorkflow>;
}

/**
 * A sandbox for one test file, back to its demo data before each test: no faults, counters at zero, the
 * demo key only, orders done at once.
 */
export function useExampleSandbox(config: SandboxConfig = {}): ExampleSandbox {
	const use = {
		run: (workflow, pinData = {}) => runWorkflow(workflow, { chimeSandbox0001: sandboxCredential(use.sb) }, pinData),
	} as ExampleSandbox;
	beforeAll(async () => {
		use.sb = await sandbox(config);
	});
	afterAll(() => use.sb.stop());
	beforeEach(() => {
		use.sb.reset(true);
		use.sb.options.orderDelayMs = 0;
		use.sb.faults.set({});
		use.sb.faults.resetCounters();
		use.sb.keys.splice(0, use.sb.keys.length, DEFAULT_KEYS);
	});
	return use;
}
