/**
 * Runs a polling trigger the way an active workflow in n8n 2.x does: n8n-core's PollTriggerExecutor
 * around a PollContext whose static data is staged, as n8n's TriggerExecutionContextFactory stages
 * its "poll cursor". Each poll reads the cursor last committed (JSON, as n8n's database keeps it),
 * the node changes a copy, and the copy is committed with the execution the poll starts, or alone
 * when the poll found nothing. A poll whose execution is not recorded commits nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

import { PollContext, PollTriggerExecutor, Tracing, TriggersAndPollers } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { nodeTypes, PACKAGE, runWorkflow, TestCredentialsHelper } from './n8n';
import { checkOutput } from './schemas';

export const TRIGGER_NAME = 'Amazon Chime Trigger';

export interface PollingTrigger {
	/** One scheduled poll: what it emitted (null: nothing). Throws what n8n would record as the poll's error. */
	poll(): Promise<INodeExecutionData[] | null>;
	/** The trigger as n8n runs it in a manual test: what it returns. */
	testRun(): Promise<INodeExecutionData[] | null>;
	/**
	 * n8n restarts (or the workflow is edited and activated again): a new node instance, workflow and
	 * context, with only the committed static data, and the node's parameters changed by `changes`.
	 */
	restart(changes?: INodeParameters): void;
	/** The node's static data as last committed, as JSON text. */
	readonly savedStaticData: string;
	/** Whether the execution of the next poll that emits fails to be recorded (its cursor is then not committed). */
	loseNextExecution: boolean;
}

interface Staged {
	data: IDataObject;
	seed: string;
}

/** n8n-core's request helpers need only these of the additional data outside a workflow run. */
function additionalData(credential: ICredentialDataDecryptedObject): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper({ cred: credential }),
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		currentNodeExecutionIndex: 0,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * n8n-core's executor with its real TriggersAndPollers and Tracing; only its logger and error
 * reporter, which n8n's dependency injection would bring, are silent stand-ins.
 */
function executor(): PollTriggerExecutor {
	const logger = { scoped: () => logger, debug() {}, info() {}, warn() {}, error() {} };
	const errorReporter = { error() {}, warn() {}, info() {} };
	type Args = ConstructorParameters<typeof PollTriggerExecutor>;
	return new PollTriggerExecutor(logger as unknown as Args[0], new TriggersAndPollers(), new Tracing(), errorReporter as unknown as Args[3]);
}

export function pollingTrigger(parameters: INodeParameters, credential: ICredentialDataDecryptedObject): PollingTrigger {
	let committed = '{}';
	let current = parameters;
	const store = new AsyncLocalStorage<Staged>();
	const node = (): INode => ({
		id: 'chime-trigger',
		name: TRIGGER_NAME,
		type: `${PACKAGE}.amazonChimeTrigger`,
		typeVersion: 1,
		position: [0, 0],
		parameters: structuredClone(current),
		credentials: { amazonChimeApi: { id: 'cred', name: 'Amazon Chime sandbox' } },
	});
	const take = (): string | null => {
		const staged = store.getStore()!;
		const text = JSON.stringify(staged.data);
		if (text === staged.seed) return null;
		staged.seed = text;
		return text;
	};

	function activate() {
		const chime = node();
		const workflow = new Workflow({ id: 'wf', name: 'trigger', nodes: [chime], connections: {}, active: true, nodeTypes: nodeTypes() });
		let emitted: INodeExecutionData[] | null = null;
		let failure: Error | undefined;
		const context = new PollContext(
			workflow,
			chime,
			additionalData(credential),
			'trigger',
			'activate',
			(data) => {
				emitted = data[0];
				const cursor = take();
				if (trigger.loseNextExecution) trigger.loseNextExecution = false;
				else if (cursor !== null) committed = cursor;
			},
			(error) => {
				failure = error;
			},
			async () => {
				const cursor = take();
				if (cursor !== null) committed = cursor;
			},
			async (poll) => await store.run({ data: JSON.parse(committed) as IDataObject, seed: committed }, poll),
			() => {
				const staged = store.getStore();
				if (!staged) throw new Error('The node read its static data outside of a poll');
				return staged.data;
			},
		);
		const execute = executor().create(workflow, chime, context, () => true);
		return async () => {
			emitted = null;
			failure = undefined;
			await execute(false);
			if (failure) throw failure;
			if (emitted) checkOutput(chime, workflow.nodeTypes.getByNameAndVersion(chime.type, chime.typeVersion) as INodeType, emitted);
			return emitted;
		};
	}

	let run = activate();
	const trigger: PollingTrigger = {
		poll: () => run(),
		async testRun() {
			const result = await runWorkflow({ nodes: [node()], connections: {} }, { cred: credential });
			if (result.error) throw result.error;
			return result.items[TRIGGER_NAME] ?? null;
		},
		restart(changes = {}) {
			current = { ...current, ...changes };
			run = activate();
		},
		get savedStaticData() {
			return committed;
		},
		loseNextExecution: false,
	};
	return trigger;
}
