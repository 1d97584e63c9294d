/**
 * Runs workflow JSON, as n8n exports it, through n8n-core's real WorkflowExecute with our nodes
 * and credential. n8n's own nodes-testing harness is not published: this is the small part of it we need.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core reads its settings folder when first loaded.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'chime-n8n-'));

import { CredentialTestContext, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type IRequestOptionsSimplified,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
	type IPinData,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import nodesBase from 'n8n-nodes-base/package.json';

import { AmazonChimeApi } from '../../credentials/AmazonChimeApi.credentials';
import { AmazonChimeAccount } from '../../nodes/AmazonChimeAccount/AmazonChimeAccount.node';
import { AmazonChimeBot } from '../../nodes/AmazonChimeBot/AmazonChimeBot.node';
import { AmazonChimeConversation } from '../../nodes/AmazonChimeConversation/AmazonChimeConversation.node';
import { AmazonChimeMeeting } from '../../nodes/AmazonChimeMeeting/AmazonChimeMeeting.node';
import { AmazonChimePhoneNumber } from '../../nodes/AmazonChimePhoneNumber/AmazonChimePhoneNumber.node';
import { AmazonChimeRoom } from '../../nodes/AmazonChimeRoom/AmazonChimeRoom.node';
import { AmazonChimeTrigger } from '../../nodes/AmazonChimeTrigger/AmazonChimeTrigger.node';
import { AmazonChimeUser } from '../../nodes/AmazonChimeUser/AmazonChimeUser.node';
import './logs';
import { checkOutput } from './schemas';

export const PACKAGE = 'n8n-nodes-amazon-chime';

export const chimeNodeClasses = [
	AmazonChimeAccount,
	AmazonChimeUser,
	AmazonChimePhoneNumber,
	AmazonChimeRoom,
	AmazonChimeBot,
	AmazonChimeConversation,
	AmazonChimeMeeting,
	AmazonChimeTrigger,
];

/** n8n's own nodes (If, Wait, Set, …) by type name, loaded from n8n-nodes-base when a workflow uses them. */
const coreNodeFiles = new Map(
	nodesBase.n8n.nodes.map((file) => {
		const base = file.split('/').pop()!.replace(/\.node\.js$/, '');
		return [`n8n-nodes-base.${base[0].toLowerCase()}${base.slice(1)}`, `n8n-nodes-base/${file}`];
	}),
);

function loadCoreNode(type: string): INodeType | IVersionedNodeType | undefined {
	const file = coreNodeFiles.get(type);
	if (!file) return undefined;
	// Loaded by path on first use, as n8n's own loader does: loading all 444 node files would take seconds.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exports = require(file) as Record<string, new () => INodeType | IVersionedNodeType>;
	return new (Object.values(exports)[0])();
}

/** Our nodes under the names n8n gives them (installed package, custom extension), and n8n's core nodes. */
export function nodeTypes(): INodeTypes {
	const registry = new Map<string, INodeType | IVersionedNodeType>();
	for (const NodeClass of chimeNodeClasses) {
		const node = new NodeClass();
		registry.set(`${PACKAGE}.${node.description.name}`, node);
		registry.set(`CUSTOM.${node.description.name}`, node);
	}
	const byName = (name: string) => {
		if (!registry.has(name)) {
			const core = loadCoreNode(name);
			if (core) registry.set(name, core);
		}
		const found = registry.get(name);
		if (!found) throw new Error(`Unknown node type ${name}`);
		return found;
	};
	return {
		getByName: byName,
		getByNameAndVersion: (name: string, version?: number) => NodeHelpers.getVersionedNodeType(byName(name), version),
		getKnownTypes: () => ({}),
	};
}

/** The credential types n8n would load from the package, by name. */
const credentialTypes: Record<string, ICredentialType> = { amazonChimeApi: new AmazonChimeApi() };

/**
 * Hands out the test's credential data by id, the way n8n's CredentialsHelper decrypts a saved one,
 * and authenticates requests the way it does: with the credential type's `authenticate` function.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	/** n8n's CredentialsHelper.authenticate, for a credential whose `authenticate` is a function (ours). */
	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions | IRequestOptionsSimplified) {
		const type = credentialTypes[typeName];
		if (typeof type?.authenticate !== 'function') throw new Error(`The test credential type ${typeName} has no authenticate function`);
		return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not needed');
	}

	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, details: INodeCredentialsDetails) {
		const found = this.credentials[details.id ?? ''];
		if (!found) throw new Error(`No test credential with id ${details.id}`);
		return found;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return new AmazonChimeApi().properties;
	}
}

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
	settings?: IWorkflowBase['settings'];
	pinData?: IPinData;
}

export interface RunResult {
	run: IRun;
	/** Output items (json) of each node that ran, by node name: main output 0, last run. */
	output: Record<string, IDataObject[]>;
	/** Full output items, with pairedItem, by node name. */
	items: Record<string, INodeExecutionData[]>;
	/** The error that stopped the run, if any. */
	error?: Error & { description?: string; node?: INode };
}

/** What n8n hands a node besides its parameters: credentials by id, URLs, hooks. */
function testAdditionalData(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks?: ExecutionLifecycleHooks,
	currentNodeParameters?: INode['parameters'],
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		hooks,
		currentNodeParameters,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not supported in tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not available in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunOptions {
	cancelAfterMs?: number;
	onStop?: (stop: () => void) => void;
	/**
	 * For the benchmark: run as n8n runs, with the node types loaded once (n8n loads them at start) and
	 * without the tests' own check of every output item against its schema.
	 */
	asN8n?: boolean;
}

/** The node types of `asN8n` runs, loaded once. */
let loadedTypes: INodeTypes | undefined;

/**
 * Executes a workflow as n8n does in a manual run, with `credentials` keyed by the ids the workflow names.
 * `cancelAfterMs`: Stop pressed that long after the start (n8n aborts the nodes' execution cancel signal);
 * `onStop`: given the run's Stop, for a test that presses it on an event (a request seen) rather than at a time.
 */
export async function runWorkflow(
	workflowJson: WorkflowJson,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	pinData?: IPinData,
	options: RunOptions = {},
): Promise<RunResult> {
	const types = options.asN8n ? (loadedTypes ??= nodeTypes()) : nodeTypes();
	const workflowData: IWorkflowBase = {
		id: 'test',
		name: workflowJson.name ?? 'test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		settings: workflowJson.settings ?? { executionOrder: 'v1' },
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: 'test',
		name: workflowData.name,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes: types,
		settings: workflowData.settings,
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	const additionalData = testAdditionalData(credentials, hooks);
	const execution = new WorkflowExecute(additionalData, 'manual');
	const pins = pinData ?? workflowJson.pinData;
	// A workflow that starts from a Webhook (n8n starts those from the request, not as a start node) starts from its pinned output.
	const startNode = workflow.getStartNode() ?? workflowJson.nodes.find((node) => pins?.[node.name] && workflow.getParentNodes(node.name).length === 0);
	const running = execution.run({ workflow, startNode, pinData: pins });
	options.onStop?.(() => running.cancel());
	const stop = options.cancelAfterMs === undefined ? undefined : setTimeout(() => running.cancel(), options.cancelAfterMs);
	const run = await running.finally(() => clearTimeout(stop));
	const output: Record<string, IDataObject[]> = {};
	const items: Record<string, INodeExecutionData[]> = {};
	for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
		const last = tasks[tasks.length - 1];
		const main = last?.data?.main?.[0] ?? [];
		items[name] = main;
		output[name] = main.map((item) => item.json);
	}
	if (!options.asN8n) checkChimeOutputs(workflowJson.nodes.filter((node) => !pins?.[node.name]), run, types);
	return { run, output, items, error: run.data.resultData.error as RunResult['error'] };
}

/** Every Chime node's every output item, in every run of it, must fit the output schema the node ships (pinned nodes did not run). */
function checkChimeOutputs(nodes: INode[], run: IRun, types: INodeTypes): void {
	for (const node of nodes) {
		if (!node.type.startsWith(`${PACKAGE}.`) && !node.type.startsWith('CUSTOM.')) continue;
		const nodeType = types.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
		// Output 0 only: a second one is n8n's error output (On Error: Continue (using error output)).
		for (const task of run.data.resultData.runData[node.name] ?? []) checkOutput(node, nodeType, task.data?.main?.[0] ?? []);
	}
}

/** A one-node workflow: Manual Trigger → the node, with the trigger pinned to `inputs`. */
export async function runNode(
	node: { type: string; parameters: INode['parameters']; continueOnFail?: boolean },
	inputs: IDataObject[],
	credentials: ICredentialDataDecryptedObject,
	options: RunOptions = {},
): Promise<RunResult> {
	const chime: INode = {
		id: 'chime',
		name: 'Chime',
		type: node.type.includes('.') ? node.type : `${PACKAGE}.${node.type}`,
		typeVersion: 1,
		position: [200, 0],
		parameters: node.parameters,
		credentials: { amazonChimeApi: { id: 'cred', name: 'Chime' } },
		...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const trigger: INode = {
		id: 'trigger',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return runWorkflow(
		{
			nodes: [trigger, chime],
			connections: { Start: { main: [[{ node: 'Chime', type: 'main', index: 0 }]] } },
		},
		{ cred: credentials },
		{ Start: inputs.map((json) => ({ json })) },
		options,
	);
}

/** n8n's own context for a From List search on a Chime node with these parameters (what the editor calls). */
export function loadOptionsContext(
	type: string,
	parameters: INode['parameters'],
	credentials: ICredentialDataDecryptedObject,
): LoadOptionsContext {
	const node: INode = {
		id: 'chime',
		name: 'Chime',
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { amazonChimeApi: { id: 'cred', name: 'Chime' } },
	};
	const workflow = new Workflow({ id: 'test', nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes() });
	return new LoadOptionsContext(workflow, node, testAdditionalData({ cred: credentials }, undefined, parameters), 'parameters');
}

/** n8n's own context for a credential's "Test connection". */
export const credentialTestContext = () => new CredentialTestContext();
