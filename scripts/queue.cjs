// n8n in queue mode (scale-out) for `npm start -- --queue`, the queue end-to-end test and the queue
// benchmark: a throwaway PostgreSQL cluster and a Redis, both on free loopback ports with state in a
// folder of ours (no system service is used), then n8n main and N workers sharing one nodes folder, so
// every process loads our package as installPackage installed it. Redis and PostgreSQL are Debian's
// packages, installed on first use when missing (as root), like n8n itself.
// CommonJS, like local-n8n.cjs, so that start.mjs, the jest test and the benchmark can all load it.
const { spawn, spawnSync } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const { accessSync, chownSync, chmodSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const local = require('./local-n8n.cjs');

const { stopChild } = local;

const N8N_BIN = join(local.LOCAL, 'node_modules', 'n8n', 'bin', 'n8n');

// ---------------------------------------------------------------------------------------------------
// Tools: found on the machine, or installed from Debian's packages on first use.

/** The absolute path of a command on PATH (or in the usual system folders), or undefined. */
function which(command) {
	const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
	return dirs
		.filter(Boolean)
		.map((dir) => join(dir, command))
		.find((path) => {
			try {
				accessSync(path, constants.X_OK);
				return statSync(path).isFile();
			} catch {
				return false;
			}
		});
}

let aptUpdated = false;
/**
 * Installs Debian packages with apt-get (once `apt-get update`d per process). Throws with what to do
 * by hand where that cannot work: not root, or no apt-get.
 */
function aptInstall(packages, what) {
	const command = `apt-get install -y ${packages.join(' ')}`;
	if (!which('apt-get')) throw new Error(`${what} is missing and this is not a Debian-like system: install ${what} with your package manager and run again.`);
	if (process.getuid?.() !== 0) throw new Error(`${what} is missing: install it with \`sudo ${command}\` and run again.`);
	local.log(`Installing ${what} from Debian's packages (${packages.join(', ')}; once)…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	if (!aptUpdated) {
		const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
		if (update.status !== 0) throw new Error(`${what} is missing and \`apt-get update\` failed (${update.status ?? update.signal}): install it with \`${command}\`.`);
		aptUpdated = true;
	}
	const install = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
	if (install.status !== 0) throw new Error(`Installing ${what} failed (${install.status ?? install.signal}): try \`${command}\` yourself.`);
}

/** Debian's redis-server, installed when missing. */
function ensureRedis() {
	let bin = which('redis-server');
	if (!bin) {
		aptInstall(['redis-server'], 'Redis (redis-server)');
		bin = which('redis-server');
	}
	if (!bin) throw new Error('redis-server is still not on PATH after installing it.');
	return bin;
}

/** The folder of PostgreSQL's server programs (initdb, postgres, pg_ctl): Debian's newest, else on PATH. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
	versions.sort((a, b) => Number(b) - Number(a));
	if (versions.length) return join(root, versions[0], 'bin');
	const initdb = which('initdb');
	return initdb && which('postgres') ? join(initdb, '..') : undefined;
}

/** Debian's PostgreSQL server, installed when missing (its own cluster is never used or started). */
function ensurePostgres() {
	let dir = postgresBinDir();
	if (!dir) {
		aptInstall(['postgresql'], 'PostgreSQL (postgresql)');
		dir = postgresBinDir();
	}
	if (!dir) throw new Error('PostgreSQL\'s initdb is still not found after installing it (looked in /usr/lib/postgresql/*/bin and PATH).');
	return dir;
}

// ---------------------------------------------------------------------------------------------------
// Processes.

/** Waits until `check()` resolves true, failing if `child` exits first or after `seconds`. */
async function waitFor(what, check, child, seconds = 120) {
	const deadline = Date.now() + seconds * 1000;
	while (Date.now() < deadline) {
		if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
		if (await check().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${what} was not ready within ${seconds} s`);
}

/** The given processes and all their descendants that are running now (from /proc; Linux). */
function descendants(pids) {
	const children = new Map();
	for (const entry of existsSync('/proc') ? readdirSync('/proc') : []) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// "pid (comm) state ppid …": comm may hold spaces and parentheses.
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
		} catch {
			// gone meanwhile
		}
	}
	const found = [];
	const queue = pids.filter((pid) => existsSync(`/proc/${pid}`));
	while (queue.length) {
		const pid = queue.shift();
		found.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return found;
}

/** A login's uid and gid from /etc/passwd. */
function account(name) {
	const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
	if (!line) return undefined;
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A throwaway PostgreSQL cluster in `<dir>/postgres` (made with initdb on first use, kept across
 * starts), listening on 127.0.0.1 only at a free port (no Unix socket), with a database `n8n` owned by
 * the user `n8n` and a random password kept in `<dir>/postgres.password`. initdb and postgres refuse to
 * run as root: as root they run as Debian's `postgres` account, which then owns the cluster folder.
 * `fast` is for tests and benchmarks: durability off (fsync), and the cluster removed on stop.
 */
async function startPostgres({ dir, fast = false, onOutput = () => {} }) {
	const bin = ensurePostgres();
	mkdirSync(dir, { recursive: true });
	let owner;
	if (process.getuid?.() === 0) {
		owner = account('postgres');
		if (!owner) throw new Error('PostgreSQL will not run as root, and there is no `postgres` account to run it as (Debian\'s postgresql package makes one).');
	}
	const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
	const pgEnv = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C' };
	// The `postgres` account may not be able to reach `dir` (a folder under /root, or a mkdtemp one):
	// then the cluster lives in a folder of its own under the temporary folder, named after `dir`.
	let home = dir;
	if (owner && spawnSync('test', ['-x', dir], asOwner).status !== 0) {
		home = join(tmpdir(), `chime-postgres-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`);
		mkdirSync(home, { recursive: true, mode: 0o700 });
		chownSync(home, owner.uid, owner.gid);
		local.log(`PostgreSQL runs as the postgres account, which cannot reach ${dir}: its cluster is in ${home}.`);
	}
	const data = join(home, 'postgres');
	const passwordFile = join(home, 'postgres.password');
	if (!existsSync(join(data, 'PG_VERSION'))) {
		local.log(`Creating a PostgreSQL cluster for n8n in ${data}…`);
		mkdirSync(data, { recursive: true });
		writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
		if (owner) {
			chownSync(data, owner.uid, owner.gid);
			chownSync(passwordFile, owner.uid, owner.gid);
		}
		chmodSync(data, 0o700);
		const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'n8n', `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-instructions'], {
			...asOwner,
			cwd: data,
			env: pgEnv,
			encoding: 'utf8',
		});
		if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}):\n${init.stdout}\n${init.stderr}`);
	}
	const password = readFileSync(passwordFile, 'utf8').trim();
	// A postgres left running by a start that was killed outright: stop it, it holds the folder.
	if (existsSync(join(data, 'postmaster.pid'))) spawnSync(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-s'], { ...asOwner, cwd: data, env: pgEnv, stdio: 'ignore' });

	const port = await local.freePort();
	const settings = ['listen_addresses=127.0.0.1', `port=${port}`, 'unix_socket_directories=', 'max_connections=50', ...(fast ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : [])];
	const child = spawn(join(bin, 'postgres'), ['-D', data, ...settings.flatMap((s) => ['-c', s])], { ...asOwner, cwd: data, env: pgEnv, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.on('data', onOutput);
	child.stderr.on('data', onOutput);
	const psql = (sql, database = 'postgres') =>
		spawnSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', database, '-tAc', sql], { env: { ...pgEnv, PGPASSWORD: password, PGCONNECT_TIMEOUT: '2' }, encoding: 'utf8' });
	await waitFor('PostgreSQL', async () => psql('SELECT 1').status === 0, child, 60);
	if (psql("SELECT 1 FROM pg_database WHERE datname = 'n8n'").stdout.trim() !== '1') {
		const created = psql('CREATE DATABASE n8n');
		if (created.status !== 0) throw new Error(`Creating the n8n database failed:\n${created.stderr}`);
	}
	return {
		child,
		host: '127.0.0.1',
		port,
		user: 'n8n',
		password,
		database: 'n8n',
		data,
		stop: async () => {
			await stopChild(child, 'SIGINT');
			if (fast) for (const path of [data, passwordFile, ...(home === dir ? [] : [home])]) rmSync(path, { recursive: true, force: true });
		},
	};
}

/** A Redis on 127.0.0.1 at a free port, nothing saved to disk, a random password (given on stdin, not in `ps`). */
async function startRedis({ dir, onOutput = () => {} }) {
	const bin = ensureRedis();
	mkdirSync(dir, { recursive: true });
	const port = await local.freePort();
	const password = randomBytes(18).toString('base64url');
	const child = spawn(bin, ['-'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
	child.stdin.end(
		[`bind 127.0.0.1`, `port ${port}`, 'save ""', 'appendonly no', `dir ${JSON.stringify(dir)}`, 'daemonize no', 'protected-mode yes', `requirepass ${password}`, 'loglevel warning'].join('\n') + '\n',
	);
	let output = '';
	const collect = (chunk) => {
		output += chunk;
		onOutput(chunk);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	// loglevel warning prints nothing when all is well: ready is a PING that answers.
	await waitFor(
		'Redis',
		async () => {
			const { createConnection } = require('node:net');
			return new Promise((resolve) => {
				const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(`AUTH ${password}\r\nPING\r\n`));
				let answer = '';
				socket.on('data', (d) => {
					answer += d;
					if (answer.includes('+PONG')) {
						socket.destroy();
						resolve(true);
					}
				});
				socket.on('error', () => resolve(false));
				socket.setTimeout(1000, () => {
					socket.destroy();
					resolve(false);
				});
			});
		},
		child,
		30,
	).catch((error) => {
		throw new Error(`${error.message}\n${output}`);
	});
	return { child, host: '127.0.0.1', port, password, stop: () => stopChild(child) };
}

/** n8n's environment for queue mode on top of local-n8n's (see shared notes, "Queue mode"). */
function queueEnv(env, { redis, postgres }) {
	return {
		...env,
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_REDIS_PASSWORD: redis.password,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		// Every process also logs JSON to its own file: which worker ran which execution is read there.
		N8N_LOG_OUTPUT: 'console,file',
	};
}

/**
 * A worker's own user folder, `<queue>/<name>`, whose `.n8n/nodes` is a link to the main's nodes
 * folder: every process loads our package from the one folder installPackage fills. Not the main's
 * user folder itself: n8n keeps a crash journal there (`.n8n/crash.journal`, present while a process
 * runs), and a process that finds another's takes it for a crash of its own and waits 10 s.
 */
function workerFolder(dataDir, dir, name) {
	const folder = join(dir, name);
	const nodes = join(folder, '.n8n', 'nodes');
	mkdirSync(join(folder, '.n8n'), { recursive: true });
	rmSync(nodes, { recursive: true, force: true });
	symlinkSync(join(dataDir, '.n8n', 'nodes'), nodes);
	return folder;
}

/**
 * The whole queue-mode set-up, stopped as one: PostgreSQL and Redis, then n8n main (the editor, the
 * API, triggers and webhooks; it enqueues every execution, manual ones included) and `workers` n8n
 * workers (`n8n worker --concurrency=N`), each with its own task-runner broker port, health port and
 * user folder (sharing the nodes folder, see workerFolder). Each process logs JSON to
 * `<dataDir>/queue/logs/<name>.log` besides the console.
 */
class QueueStack {
	constructor() {
		this.postgres = undefined;
		this.redis = undefined;
		this.main = undefined;
		this.workers = [];
		this.stopping = false;
	}

	/**
	 * `beforeStart(env)` runs once the database and Redis are up, before n8n starts (imports).
	 * `onOutput(name, chunk)` gets every process's output (name: postgres, redis, main, worker-1 …).
	 */
	async start({ dataDir, port, workers = 2, concurrency = 10, fast = false, env = {}, readySeconds = 180, onOutput = () => {}, beforeStart = async () => {} }) {
		const dir = join(dataDir, 'queue');
		const logs = join(dir, 'logs');
		mkdirSync(logs, { recursive: true });
		this.logs = logs;
		this.dataDir = dataDir;
		this.dir = dir;
		this.concurrency = concurrency;
		this.onOutput = onOutput;
		this.readySeconds = readySeconds;
		// stop() may come at any point (Ctrl-C): after each step, whatever has started is stopped again.
		const stopped = async () => {
			if (this.stopping) await this.stop();
			return this.stopping;
		};
		this.postgres = await startPostgres({ dir, fast, onOutput: (chunk) => onOutput('postgres', chunk) });
		if (await stopped()) return this;
		this.redis = await startRedis({ dir: join(dir, 'redis'), onOutput: (chunk) => onOutput('redis', chunk) });
		if (await stopped()) return this;
		this.env = { ...queueEnv(local.n8nEnv({ port, dataDir, brokerPort: await local.freePort() }), this), ...env };
		await beforeStart(this.env);
		if (await stopped()) return this;

		this.url = `http://127.0.0.1:${port}`;
		await this.spawnMain();
		if (await stopped()) return this;
		// The database is migrated by now (beforeStart's imports, or an earlier start): the workers start
		// beside main, not after it.
		for (let i = 1; i <= workers; i++) {
			await this.spawnWorker(`worker-${i}`);
			if (await stopped()) return this;
		}
		await Promise.all([this.mainReady(), ...this.workers.map((w) => this.workerReady(w))]);
		return this;
	}

	async spawnMain() {
		const brokerPort = await local.freePort();
		this.main = local.startN8nServer({ ...this.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_LOG_FILE_LOCATION: join(this.logs, 'main.log') }, (chunk) => this.onOutput('main', chunk));
	}

	/** Starts the worker `name` (worker-N), or starts it again in the place of the one that ended. */
	async spawnWorker(name) {
		const healthPort = await local.freePort();
		const brokerPort = await local.freePort();
		const child = spawn(local.nodeBinary(), [N8N_BIN, 'worker', `--concurrency=${this.concurrency}`], {
			env: {
				...this.env,
				N8N_USER_FOLDER: workerFolder(this.dataDir, this.dir, name),
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				N8N_LOG_FILE_LOCATION: join(this.logs, `${name}.log`),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout.on('data', (chunk) => this.onOutput(name, chunk));
		child.stderr.on('data', (chunk) => this.onOutput(name, chunk));
		const worker = { name, child, healthPort, logFile: join(this.logs, `${name}.log`) };
		const index = this.workers.findIndex((w) => w.name === name);
		if (index >= 0) this.workers[index] = worker;
		else this.workers.push(worker);
		return worker;
	}

	mainReady() {
		return local.waitUntilReady(this.url, this.main, this.readySeconds);
	}

	workerReady(worker) {
		return waitFor(`n8n ${worker.name}`, async () => (await fetch(`http://127.0.0.1:${worker.healthPort}/healthz/readiness`)).ok, worker.child, this.readySeconds);
	}

	/** The process called `name` (main, worker-N). */
	process(name) {
		const child = name === 'main' ? this.main : this.workers.find((w) => w.name === name)?.child;
		if (!child) throw new Error(`No n8n process named ${name}`);
		return child;
	}

	/**
	 * Ends one n8n process at once, as a crash or an out-of-memory kill does (SIGKILL: no shutdown, no
	 * chance to save anything), and resolves once it has exited. Its task runner goes with it.
	 */
	kill(name, signal = 'SIGKILL') {
		const child = this.process(name);
		const runners = descendants([child.pid]).filter((pid) => pid !== child.pid);
		const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
		child.kill(signal);
		for (const pid of runners) {
			try {
				process.kill(pid, signal);
			} catch {
				// gone already
			}
		}
		return exited;
	}

	/** Starts a killed (or ended) process again, as a supervisor would, and resolves once it is ready. */
	async restart(name) {
		const child = this.process(name);
		if (child.exitCode === null && child.signalCode === null) throw new Error(`${name} is still running`);
		if (name === 'main') {
			await this.spawnMain();
			await this.mainReady();
		} else {
			await this.workerReady(await this.spawnWorker(name));
		}
	}

	/** n8n first (gracefully, as it needs Redis and the database to shut down), then Redis and PostgreSQL. */
	async stop() {
		this.stopping = true;
		await Promise.all([stopChild(this.main), ...this.workers.map((w) => stopChild(w.child))]);
		await Promise.all([this.redis?.stop(), this.postgres?.stop()]);
	}

	/** The stack's processes and their children (task runners, PostgreSQL's backends) running now. */
	pids() {
		return descendants([this.postgres?.child, this.redis?.child, this.main, ...this.workers.map((w) => w.child)].filter(Boolean).map((c) => c.pid));
	}

	/** Every process of the stack that is still running. */
	alive() {
		return [this.postgres?.child, this.redis?.child, this.main, ...this.workers.map((w) => w.child)].filter((c) => c && c.exitCode === null && c.signalCode === null);
	}
}

/**
 * Which process ran each execution, from the JSON log files: a worker logs "Worker finished execution
 * N (job J)" and main logs "Execution N (job J) finished" with the reporting worker's ID (n8n's hostId,
 * `worker-<hostname>` in a container, `worker-<random>` elsewhere). Keyed by execution ID.
 */
function executionsByProcess(logs, names) {
	const read = (name) => {
		const file = join(logs, `${name}.log`);
		if (!existsSync(file)) return [];
		return readFileSync(file, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				try {
					return JSON.parse(line);
				} catch {
					return undefined;
				}
			})
			.filter(Boolean);
	};
	const ranBy = {};
	for (const name of names) {
		for (const entry of read(name)) {
			const match = /^Worker finished execution (\d+) \(job (\w+)\)/.exec(entry.message ?? '');
			if (match) (ranBy[match[1]] ??= { workers: [] }).workers.push(name);
		}
	}
	for (const entry of read('main')) {
		const match = /^Execution (\d+) \(job (\w+)\) finished/.exec(entry.message ?? '');
		if (match) Object.assign((ranBy[match[1]] ??= { workers: [] }), { reportedWorkerId: entry.metadata?.workerId, job: match[2], success: entry.metadata?.success });
	}
	return ranBy;
}

/**
 * executionsByProcess once the logs tell of every one of `ids`: an execution shows as done in the
 * database a moment before the worker logs it, and main logs it when the worker's message reaches it.
 */
async function whoRan(logs, names, ids, seconds = 30) {
	let ranBy = {};
	await waitFor(
		`the logs of executions ${ids.join(', ')}`,
		async () => {
			ranBy = executionsByProcess(logs, names);
			return ids.every((id) => ranBy[id]?.workers.length && ranBy[id].reportedWorkerId !== undefined);
		},
		undefined,
		seconds,
	).catch(() => {});
	return ranBy;
}

/**
 * A signed-in session on n8n's REST API, as the editor uses it (cookie and browser-id): what a user's
 * clicks send, e.g. importing a workflow (`POST /rest/workflows`) and **Execute workflow**
 * (`POST /rest/workflows/:id/run`).
 */
async function restSession(url, { email = local.OWNER.email, password = local.OWNER.password } = {}) {
	const browserId = randomBytes(8).toString('hex');
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (!login.ok) throw new Error(`Signing in to n8n failed: ${login.status} ${await login.text()}`);
	const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	const request = async (method, path, body) => {
		const response = await fetch(`${url}/rest${path}`, {
			method,
			headers: { cookie, 'browser-id': browserId, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${path}: ${response.status} ${text.slice(0, 500)}`);
		const json = text ? JSON.parse(text) : {};
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	};
	return {
		get: (path) => request('GET', path),
		post: (path, body) => request('POST', path, body),
		patch: (path, body) => request('PATCH', path, body),
		delete: (path) => request('DELETE', path),
	};
}

module.exports = {
	N8N_BIN,
	which,
	aptInstall,
	ensureRedis,
	postgresBinDir,
	ensurePostgres,
	startPostgres,
	startRedis,
	queueEnv,
	QueueStack,
	executionsByProcess,
	whoRan,
	restSession,
	waitFor,
	descendants,
};
