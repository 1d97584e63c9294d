#!/usr/bin/env node
// `npm run scan`: every check of n8n's community package scanner (@n8n/scan-community-package, the gate
// behind verification and n8n Cloud) that can run before publishing, plus publint, on the repository's
// source and on the tarball `npm pack` makes. The scanner, given a published name, checks the version's npm
// provenance, fetches the source its attestation names, and lints that source and the tarball with n8n's
// ESLint rules: here the lint legs run on the local source and tarball with the scanner's own function, the
// version and source-location checks use its own helpers, and the provenance check, which needs the
// registry's record of a published version, is listed with how publish.yml meets it. The tools live in
// tools/scan with their own lockfile, so they never enter the package's dependency tree.
// Usage: node scripts/scan.mjs [packageDir]  (default: this repository). Prints a table of checks; exit 1
// when one fails, 2 when the scan itself could not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const TOOL = join(ROOT, 'tools', 'scan');
const SCANNER_PKG = join(TOOL, 'node_modules', '@n8n', 'scan-community-package');
const packageDir = resolve(process.argv[2] ?? ROOT);

function fail(message) {
	console.error(`scan: ${message}`);
	process.exit(2);
}

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}) in ${cwd}`);
	return result.stdout;
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Installs tools/scan from its lockfile on first use, or when a pinned version changed. */
function ensureTools() {
	const wanted = Object.entries(readJson(join(TOOL, 'package.json')).dependencies);
	const installed = (name) => {
		const file = join(TOOL, 'node_modules', name, 'package.json');
		return existsSync(file) && readJson(file).version;
	};
	const stale = wanted.filter(([name, version]) => installed(name) !== version);
	if (!stale.length) return;
	console.log(`scan: installing ${stale.map(([name, version]) => `${name}@${version}`).join(', ')} into tools/scan…`);
	run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], TOOL);
}

/** True when a node or credential source has no compiled output, or is newer than it. */
function distIsStale(dir, sourceFiles) {
	return sourceFiles.some((file) => {
		const out = join(dir, 'dist', file.replace(/\.ts$/, '.js'));
		return !existsSync(out) || statSync(out).mtimeMs < statSync(join(dir, file)).mtimeMs;
	});
}

/** `npm pack` of the package (built first if dist/ is missing or stale), extracted the way the scanner extracts one. */
function packAndExtract(dir, tmp, sourceFiles) {
	if (distIsStale(dir, sourceFiles)) {
		console.log('scan: dist/ is missing or older than the sources, building…');
		spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit' }).status === 0 || fail('npm run build failed');
	}
	const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], dir));
	const extracted = join(tmp, 'package');
	mkdirSync(extracted);
	run('tar', ['-xzf', join(tmp, filename), '-C', extracted, '--strip-components=1'], tmp);
	return extracted;
}

ensureTools();
const scannerFile = join(SCANNER_PKG, 'scanner', 'scanner.mjs');
let analyzePackage, SOURCE_FILE_PATTERNS, parseSourceRepo, findPackageRoot, NPM_PROVENANCE_PREDICATE_TYPE, ESLint, semver, publint, formatMessage;
try {
	({ analyzePackage, SOURCE_FILE_PATTERNS, parseSourceRepo, findPackageRoot } = await import(pathToFileURL(scannerFile).href));
	({ NPM_PROVENANCE_PREDICATE_TYPE } = await import(pathToFileURL(join(SCANNER_PKG, 'scanner', 'provenance.mjs')).href));
	const scannerRequire = createRequire(scannerFile);
	// The same eslint module instance the scanner imports (CommonJS, shared cache), and its tmp dir removed on exit.
	({ ESLint } = scannerRequire('eslint'));
	scannerRequire('tmp').setGracefulCleanup();
	semver = scannerRequire('semver');
	({ publint } = await import(pathToFileURL(join(TOOL, 'node_modules', 'publint', 'src', 'index-node.js')).href));
	({ formatMessage } = await import(pathToFileURL(join(TOOL, 'node_modules', 'publint', 'src', 'utils.js')).href));
} catch (error) {
	fail(`could not load the scanner or publint (${TOOL}): ${error.stack}`);
}
const helpers = { analyzePackage, parseSourceRepo, findPackageRoot };
const missingHelpers = Object.keys(helpers).filter((name) => typeof helpers[name] !== 'function');
if (missingHelpers.length || !Array.isArray(SOURCE_FILE_PATTERNS) || !NPM_PROVENANCE_PREDICATE_TYPE) fail(`the scanner no longer exports ${missingHelpers.join(', ') || 'SOURCE_FILE_PATTERNS / NPM_PROVENANCE_PREDICATE_TYPE'}`);

// analyzePackage returns a pass/fail and a formatted text only: keep the ESLint results it computes,
// for one line per finding and counts that can be checked against its verdict.
let captured;
const lintFiles = ESLint.prototype.lintFiles;
ESLint.prototype.lintFiles = async function (...args) {
	const results = await lintFiles.apply(this, args);
	captured.push(...results);
	return results;
};

/** One leg of the scan; returns its error count, or exits 2 if it cannot vouch for the result. */
async function scan(label, dir, patterns, mustLint) {
	captured = [];
	const result = await analyzePackage(dir, patterns);
	if (result.error) fail(`${label}: ${result.message}`);
	const linted = new Set(captured.map((r) => relative(dir, r.filePath)));
	// A pattern that matches nothing passes ("No files found to analyze"): require the files that matter.
	const missing = ['package.json', ...mustLint].filter((file) => !linted.has(file));
	if (missing.length) fail(`${label}: not scanned (missing?): ${missing.join(', ')}`);

	let errors = 0;
	let warnings = 0;
	for (const file of captured) {
		for (const m of file.messages) {
			const severity = m.severity === 2 ? 'error' : 'warning';
			console.log(`  ${relative(dir, file.filePath)}:${m.line ?? 0}:${m.column ?? 0}  ${severity}  ${m.ruleId ?? '(parse)'}  ${m.message.replace(/\s+/g, ' ')}`);
		}
		errors += file.errorCount;
		warnings += file.warningCount;
	}
	if (result.passed !== (errors === 0)) fail(`${label}: the scanner says passed=${result.passed} but ${errors} errors were captured`);
	console.log(`${label}: ${errors} error(s), ${warnings} warning(s) in ${linted.size} files\n`);
	return errors;
}

const tmp = mkdtempSync(join(tmpdir(), 'chime-scan-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const pkg = readJson(join(packageDir, 'package.json'));
const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
if (!declared.length) fail('package.json declares no n8n nodes or credentials');

/** One row of the closing table: 'passed', 'failed', or 'after publishing' with how publish.yml meets it. */
const checks = [];
const check = (name, status, detail) => checks.push({ name, status, detail });

console.log(`Source (${packageDir}, ${SOURCE_FILE_PATTERNS.join(' ')}):`);
const sourceFiles = ['nodes', 'credentials']
	.filter((folder) => existsSync(join(packageDir, folder)))
	.flatMap((folder) => readdirSync(join(packageDir, folder), { recursive: true }).map((file) => join(folder, file)))
	.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
if (!sourceFiles.length) fail('no nodes/ or credentials/ TypeScript sources found');
const sourceErrors = await scan('source', packageDir, SOURCE_FILE_PATTERNS, sourceFiles);
check("scanner: n8n's ESLint rules on the source (analyzePackage, SOURCE_FILE_PATTERNS)", sourceErrors ? 'failed' : 'passed', `${sourceErrors} error(s)`);

const extracted = packAndExtract(packageDir, tmp, sourceFiles);
console.log(`Tarball (npm pack of ${pkg.name}@${pkg.version}, **/*.js package.json):`);
// Every node and credential n8n loads must be in the tarball, and scanned.
const tarballErrors = await scan('tarball', extracted, ['**/*.js', 'package.json'], declared);
check("scanner: n8n's ESLint rules on the tarball (analyzePackage, **/*.js package.json)", tarballErrors ? 'failed' : 'passed', `${tarballErrors} error(s)`);

// The scanner resolves and compares versions with semver: an invalid version is never scanned.
check('scanner: the version is one it can resolve (semver)', semver.valid(pkg.version) ? 'passed' : 'failed', `${pkg.version}`);

// After provenance, the scanner downloads the source the attestation names and finds the package in it. The
// attestation names the GitHub repository publish.yml ran in, and npm refuses to publish when package.json's
// repository differs: so the scanner's own parser must read owner and repository from that URL, and its
// own search must find this package.json in a checkout.
const repoUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
const statement = { predicate: { buildDefinition: { resolvedDependencies: [{ uri: `${repoUrl}@refs/tags/${pkg.version}`, digest: { gitCommit: '0'.repeat(40) } }] } } };
const payload = Buffer.from(JSON.stringify(statement)).toString('base64');
const source = parseSourceRepo([{ predicateType: NPM_PROVENANCE_PREDICATE_TYPE, bundle: { dsseEnvelope: { payload } } }]);
check(
	"scanner: the attested source can be located (parseSourceRepo on package.json's repository, findPackageRoot)",
	source && findPackageRoot(packageDir, pkg.name) === packageDir ? 'passed' : 'failed',
	source ? `github.com/${source.owner}/${source.repo}` : `repository.url ${repoUrl ?? '(none)'} is not a GitHub URL the scanner reads`,
);

check(
	`scanner: npm provenance, a ${NPM_PROVENANCE_PREDICATE_TYPE} attestation on the published version`,
	'after publishing',
	'the registry records it at publish time: publish.yml publishes from a version tag in GitHub Actions with id-token: write, and `npm run release` (n8n-node release) runs npm publish with NPM_CONFIG_PROVENANCE=true',
);
check(
	'scanner: the source at the attested commit is downloaded and linted',
	'after publishing',
	"publish.yml builds the tagged commit of this public GitHub repository, so the attestation names it; its lint is the source leg above",
);

// publint: package.json's entry points and fields against the files the tarball really has.
const linted = await publint({ pkgDir: extracted, level: 'suggestion', pack: false });
for (const message of linted.messages) console.log(`  publint  ${message.type}  ${message.code}  ${formatMessage(message, linted.pkg)}`);
const publintErrors = linted.messages.filter((message) => message.type === 'error').length;
const publintOthers = linted.messages.length - publintErrors;
check('publint on the tarball', publintErrors ? 'failed' : 'passed', `${publintErrors} error(s), ${publintOthers} warning(s) or suggestion(s)`);

const width = Math.max(...checks.map((c) => c.name.length));
console.log('\nChecks:');
for (const { name, status, detail } of checks) console.log(`  ${name.padEnd(width)}  ${status.padEnd(16)}  ${detail}`);
const failed = checks.filter((c) => c.status === 'failed');
const later = checks.filter((c) => c.status === 'after publishing');
console.log(`scan: ${failed.length ? `${failed.length} check(s) FAILED` : 'every offline check clean'}; ${later.length} need a published version (publish.yml)`);
process.exitCode = failed.length ? 1 : 0;
