#!/usr/bin/env node
// `npm run scan`: n8n's community package scanner (@n8n/scan-community-package, the check behind
// verification and n8n Cloud), run offline on the repository's source and on the tarball `npm pack`
// makes, the two legs the scanner itself runs on a published package. It lives in tools/scan with its
// own lockfile so it never enters the package's dependency tree.
// Usage: node scripts/scan.mjs [packageDir]  (default: this repository). Exit 1 on findings, 2 when the
// scan itself could not run.
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

/** Installs the scanner from tools/scan's lockfile on first use, or when its pinned version changed. */
function ensureScanner() {
	const wanted = readJson(join(TOOL, 'package.json')).dependencies['@n8n/scan-community-package'];
	const installed = existsSync(join(SCANNER_PKG, 'package.json')) && readJson(join(SCANNER_PKG, 'package.json')).version;
	if (installed === wanted) return;
	console.log(`scan: installing @n8n/scan-community-package@${wanted} into tools/scan…`);
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

ensureScanner();
const scannerFile = join(SCANNER_PKG, 'scanner', 'scanner.mjs');
let analyzePackage, SOURCE_FILE_PATTERNS, ESLint;
try {
	({ analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href));
	const scannerRequire = createRequire(scannerFile);
	// The same eslint module instance the scanner imports (CommonJS, shared cache), and its tmp dir removed on exit.
	({ ESLint } = scannerRequire('eslint'));
	scannerRequire('tmp').setGracefulCleanup();
} catch (error) {
	fail(`could not load the scanner (${scannerFile}): ${error.stack}`);
}
if (typeof analyzePackage !== 'function' || !Array.isArray(SOURCE_FILE_PATTERNS)) fail('the scanner no longer exports analyzePackage and SOURCE_FILE_PATTERNS');

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

console.log(`Source (${packageDir}, ${SOURCE_FILE_PATTERNS.join(' ')}):`);
const sourceFiles = ['nodes', 'credentials']
	.filter((folder) => existsSync(join(packageDir, folder)))
	.flatMap((folder) => readdirSync(join(packageDir, folder), { recursive: true }).map((file) => join(folder, file)))
	.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
if (!sourceFiles.length) fail('no nodes/ or credentials/ TypeScript sources found');
const sourceErrors = await scan('source', packageDir, SOURCE_FILE_PATTERNS, sourceFiles);

const extracted = packAndExtract(packageDir, tmp, sourceFiles);
console.log(`Tarball (npm pack of ${pkg.name}@${pkg.version}, **/*.js package.json):`);
// Every node and credential n8n loads must be in the tarball, and scanned.
const tarballErrors = await scan('tarball', extracted, ['**/*.js', 'package.json'], declared);

console.log(`scan: source ${sourceErrors} error(s), tarball ${tarballErrors} error(s)`);
process.exitCode = sourceErrors + tarballErrors > 0 ? 1 : 0;
