/**
 * The GitHub workflows a verifiable release depends on (.github/workflows/): CI runs the README's test
 * command on pushes and pull requests; publish.yml publishes only from a version tag, only after that
 * test command passed, and with an npm provenance attestation (n8n's scanner fails a package without one).
 * Each rule is checked on the real files and shown to fail on a copy with the thing it guards removed.
 * actionlint, where the machine has it, checks the rest of GitHub's syntax.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Job = { needs?: string | string[]; permissions?: Permissions; steps?: Step[] };
type Permissions = string | Record<string, string>;
type Workflow = { on?: Record<string, unknown>; permissions?: Permissions; jobs?: Record<string, Job> };

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const workflow = (name: string) => parse(readFileSync(join(WORKFLOWS, name), 'utf8')) as Workflow;
const pkg = JSON.parse(read('package.json')) as { version: string; scripts: Record<string, string> };

/** The README's "Run the whole test suite" command, the one CI must run. */
function readmeTestCommand(): string {
	const row = read('README.md')
		.split('\n')
		.find((line) => line.startsWith('| Run the whole test suite |'));
	const command = row?.match(/`([^`]+)`/)?.[1];
	if (!command) throw new Error('README.md has no "Run the whole test suite" row with a command');
	return command;
}

const runs = (step: Step) => (step.run ?? '').split('\n').map((line) => line.trim());
const jobsOf = (wf: Workflow) => Object.entries(wf.jobs ?? {});
const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/** Jobs that must finish before this one: its `needs`, and theirs. */
function before(wf: Workflow, name: string, seen = new Set<string>()): string[] {
	for (const need of needsOf(wf.jobs?.[name] ?? {})) {
		if (!seen.has(need)) {
			seen.add(need);
			before(wf, need, seen);
		}
	}
	return [...seen];
}

/** A job's permission for a scope: its own block, else the workflow's (GitHub's rule: the job's replaces it). */
function permission(wf: Workflow, job: Job, scope: string): string | undefined {
	const block = job.permissions ?? wf.permissions;
	if (typeof block === 'string') return block === 'write-all' ? 'write' : block === 'read-all' ? 'read' : undefined;
	return block?.[scope];
}

/** GitHub's filter patterns for tags: `*` is anything but `/`, `**` anything, `+`/`?` as in regular expressions. */
function tagPattern(glob: string): RegExp {
	const source = glob.replace(/[.^$|()[\]{}\\]/g, '\\$&').replace(/\*\*|\*/g, (star) => (star === '**' ? '.*' : '[^/]*'));
	return new RegExp(`^${source}$`);
}

/** How the package is published with provenance, if the step does: `npm publish --provenance`, or `npm run release` = n8n-node release. */
function publishesWithProvenance(step: Step): boolean {
	const env = { ...step.env };
	return runs(step).some((line) => {
		if (/^npm publish\b/.test(line)) return /--provenance\b/.test(line) || String(env.NPM_CONFIG_PROVENANCE) === 'true';
		return /^npm run release\b/.test(line) && /^n8n-node release$/.test(pkg.scripts.release ?? '') && n8nNodeReleasePublishesWithProvenance();
	});
}

/** n8n-node release, run in GitHub Actions, publishes with NPM_CONFIG_PROVENANCE=true: read from the installed tool. */
function n8nNodeReleasePublishesWithProvenance(): boolean {
	const source = readFileSync(join(ROOT, 'node_modules', '@n8n', 'node-cli', 'dist', 'commands', 'release.js'), 'utf8');
	return /GITHUB_ACTIONS/.test(source) && /runCommand\)\('npm', \['publish'\][^)]*NPM_CONFIG_PROVENANCE: 'true'/s.test(source);
}

const publishes = (step: Step) => runs(step).some((line) => /^npm (publish|run release)\b/.test(line));

function ciProblems(wf: Workflow, testCommand: string): string[] {
	const problems: string[] = [];
	for (const trigger of ['push', 'pull_request']) if (!wf.on || !(trigger in wf.on)) problems.push(`ci.yml does not run on ${trigger}`);
	const runsTests = jobsOf(wf).some(([, job]) => (job.steps ?? []).some((step) => runs(step).includes(testCommand)));
	if (!runsTests) problems.push(`ci.yml has no step that runs \`${testCommand}\``);
	return problems;
}

function publishProblems(wf: Workflow, testCommand: string, version: string): string[] {
	const problems: string[] = [];
	const triggers = Object.keys(wf.on ?? {});
	const push = (wf.on?.push ?? {}) as { tags?: string[]; branches?: string[] };
	if (!push.tags?.length) problems.push('publish.yml is not triggered by a tag push');
	else if (!push.tags.some((glob) => tagPattern(glob).test(version))) problems.push(`publish.yml's tag filter ${push.tags.join(', ')} does not match the version tag ${version}`);
	if (push.branches) problems.push('publish.yml also runs on branch pushes');
	const others = triggers.filter((trigger) => trigger !== 'push');
	if (others.length) problems.push(`publish.yml is also triggered by ${others.join(', ')}`);

	const publishing = jobsOf(wf).filter(([, job]) => (job.steps ?? []).some(publishes));
	if (!publishing.length) problems.push('publish.yml has no step that publishes (npm publish or npm run release)');
	for (const [name, job] of publishing) {
		const steps = job.steps ?? [];
		const at = steps.findIndex(publishes);
		if (!steps.filter(publishes).every(publishesWithProvenance)) problems.push(`job ${name} publishes without provenance`);
		if (permission(wf, job, 'id-token') !== 'write') problems.push(`job ${name} lacks permissions: id-token: write (provenance is signed with GitHub's OIDC token)`);
		if (permission(wf, job, 'contents') === 'write') problems.push(`job ${name} can write to the repository (contents: write); publishing needs read`);
		const setupNode = steps.slice(0, at).find((step) => step.uses?.startsWith('actions/setup-node@'));
		if (setupNode?.with?.['registry-url'] !== 'https://registry.npmjs.org/') problems.push(`job ${name} does not set up Node with registry-url https://registry.npmjs.org/ before publishing`);
		const testedEarlier = steps.slice(0, at).some((step) => runs(step).includes(testCommand));
		const testedBefore = before(wf, name).some((need) => (wf.jobs?.[need]?.steps ?? []).some((step) => runs(step).includes(testCommand)));
		if (!testedEarlier && !testedBefore) problems.push(`job ${name} publishes without \`${testCommand}\` having passed first (in an earlier step or a job it needs)`);
	}
	return problems;
}

describe('the workflows', () => {
	const testCommand = readmeTestCommand();
	const ci = workflow('ci.yml');
	const publish = workflow('publish.yml');
	const copy = <T>(value: T): T => structuredClone(value);

	test('CI runs the README’s test command on pushes and pull requests', () => {
		expect(testCommand).toBe('npm ci && npm run test:all');
		expect(ciProblems(ci, testCommand)).toEqual([]);
	});

	test('publish.yml publishes from a version tag, after the tests, with provenance', () => {
		expect(publishProblems(publish, testCommand, pkg.version)).toEqual([]);
	});

	test('the release script is n8n-node’s; npm publish outside it is refused wherever npm runs scripts', () => {
		expect(pkg.scripts.release).toBe('n8n-node release');
		// This repository's .npmrc sets ignore-scripts=true, which skips prepublishOnly too: the guard holds
		// only where scripts run, so it is shown here with them on (a dry run: nothing is sent).
		const result = spawnSync('npm', ['publish', '--dry-run', '--ignore-scripts=false'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RELEASE_MODE: '' } });
		expect(result.status).not.toBe(0);
		expect(result.stdout + result.stderr).toContain('Run `npm run release` to publish the package');
	});

	// The same checks on copies with one safeguard removed: each must be caught.
	test.each<[string, (ci: Workflow, publish: Workflow) => void, string, RegExp]>([
		['no pull_request trigger', (c) => delete c.on?.pull_request, 'ci', /does not run on pull_request/],
		['CI runs only part of the suite', (c) => (c.jobs!.test.steps!.at(-1)!.run = 'npm ci && npm test'), 'ci', /no step that runs `npm ci && npm run test:all`/],
		['no tag trigger', (_, p) => (p.on = { push: { branches: ['main'] } }), 'publish', /not triggered by a tag push/],
		['a tag filter the version never matches', (_, p) => ((p.on!.push as { tags: string[] }).tags = ['v*']), 'publish', /does not match the version tag/],
		['a manual trigger besides the tag', (_, p) => (p.on!.workflow_dispatch = null), 'publish', /also triggered by workflow_dispatch/],
		['no id-token permission', (_, p) => delete (p.jobs!.publish.permissions as Record<string, string>)['id-token'], 'publish', /lacks permissions: id-token: write/],
		['write access to the repository', (_, p) => (p.jobs!.publish.permissions = 'write-all'), 'publish', /contents: write/],
		['a plain npm publish', (_, p) => (p.jobs!.publish.steps!.at(-1)!.run = 'npm publish'), 'publish', /publishes without provenance/],
		['publishing not waiting for the tests', (_, p) => delete p.jobs!.publish.needs, 'publish', /publishes without `npm ci && npm run test:all` having passed first/],
		['no registry for npm', (_, p) => delete p.jobs!.publish.steps!.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with!['registry-url'], 'publish', /registry-url/],
	])('a workflow with %s fails the check', (_what, mutate, which, problem) => {
		const [c, p] = [copy(ci), copy(publish)];
		mutate(c, p);
		const problems = which === 'ci' ? ciProblems(c, testCommand) : publishProblems(p, testCommand, pkg.version);
		expect(problems.some((text) => problem.test(text))).toBe(true);
	});

	test('publish.yml refuses a tag that is not package.json’s version', () => {
		const guard = publish.jobs!.test.steps!.find((step) => /GITHUB_REF_NAME/.test(step.run ?? ''));
		expect(guard).toBeDefined();
		const script = guard!.run!;
		const bash = (tag: string) => spawnSync('bash', ['-e', '-c', script], { cwd: ROOT, env: { ...process.env, GITHUB_REF_NAME: tag }, encoding: 'utf8' });
		expect(bash(pkg.version).status).toBe(0);
		const wrong = bash(`${pkg.version}-not`);
		expect(wrong.status).toBe(1);
		expect(wrong.stderr).toContain(`is not package.json's version ${pkg.version}`);
	});

	const actionlint = spawnSync('actionlint', ['-version'], { encoding: 'utf8' });
	const haveActionlint = actionlint.status === 0;
	if (!haveActionlint) {
		console.warn('test/workflows.test.ts: actionlint is not installed (no Debian package of it): GitHub-syntax check skipped; the rules above still ran.');
	}
	(haveActionlint ? test : test.skip)('actionlint finds nothing in either workflow (skipped when actionlint is not installed)', () => {
		const result = spawnSync('actionlint', ['-no-color', join(WORKFLOWS, 'ci.yml'), join(WORKFLOWS, 'publish.yml')], { cwd: ROOT, encoding: 'utf8' });
		expect(result.stdout + result.stderr).toBe('');
		expect(result.status).toBe(0);
	});
});
