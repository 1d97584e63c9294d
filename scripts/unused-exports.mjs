#!/usr/bin/env node
// `npm test` runs this: every export of the package's code (nodes/, credentials/) and of the TypeScript
// scripts and the declaration files of the CommonJS ones (scripts/*.d.cts) must be imported by another file,
// or it is code nothing needs (or an export that should be a local). Importers are every TypeScript file
// tsconfig.dev.json covers, tests included: a test reaching into a module is a real user of it. n8n loads
// node and credential classes by file (package.json's `n8n`), so those classes need no importer.
// Exit 1 with the list when something is unused, 2 when the check itself cannot run.
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const ROOT = join(import.meta.dirname, '..');
const CHECKED = ['nodes', 'credentials', 'scripts'].map((dir) => dir + sep);

const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.dev.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!config || config.errors.length) {
	console.error('unused-exports: cannot read tsconfig.dev.json');
	process.exit(2);
}
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();
const ours = (file) => !file.fileName.includes(`${sep}node_modules${sep}`) && !relative(ROOT, file.fileName).startsWith('..');
const files = program.getSourceFiles().filter(ours);

/** `file → names imported from it by other files`; `*` for all of them (import * as, export *, import()). */
const imported = new Map();
const mark = (target, name) => {
	if (!imported.has(target)) imported.set(target, new Set());
	imported.get(target).add(name);
};
/** The file a module specifier names, as the compiler resolved it. */
function fileOf(specifier) {
	const declaration = checker.getSymbolAtLocation(specifier)?.declarations?.[0];
	return declaration && ts.isSourceFile(declaration) ? declaration.fileName : undefined;
}

for (const file of files) {
	/** `import * as local from …`: what the file reads of `local` (local.X), or all of it if it hands `local` on. */
	const namespaces = new Map();
	const visit = (node) => {
		if (ts.isIdentifier(node) && !ts.isNamespaceImport(node.parent)) {
			const target = namespaces.get(checker.getSymbolAtLocation(node));
			if (target) {
				const { parent } = node;
				if (ts.isPropertyAccessExpression(parent) && parent.expression === node) mark(target, parent.name.text);
				else if (ts.isQualifiedName(parent) && parent.left === node) mark(target, parent.right.text);
				else mark(target, '*');
			}
		}
		const from = node.moduleSpecifier ?? (ts.isImportTypeNode(node) ? node.argument.literal : undefined);
		const target = from && ts.isStringLiteral(from) ? fileOf(from) : undefined;
		if (target && target !== file.fileName) {
			if (ts.isImportDeclaration(node)) {
				const clause = node.importClause;
				if (clause?.name) mark(target, 'default');
				const bindings = clause?.namedBindings;
				if (bindings && ts.isNamespaceImport(bindings)) namespaces.set(checker.getSymbolAtLocation(bindings.name), target);
				if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) mark(target, (e.propertyName ?? e.name).text);
				if (!clause) mark(target, '*');
			} else if (ts.isExportDeclaration(node)) {
				if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) mark(target, '*');
				else for (const e of node.exportClause.elements) mark(target, (e.propertyName ?? e.name).text);
			} else if (ts.isImportTypeNode(node)) {
				const qualifier = node.qualifier;
				mark(target, qualifier ? (ts.isIdentifier(qualifier) ? qualifier : leftmost(qualifier)).text : '*');
			}
		}
		// import('…') and require('…'): whatever they reach is used.
		if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
			const call = node.expression;
			if (call.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(call) && call.text === 'require')) {
				const reached = fileOf(node.arguments[0]);
				if (reached && reached !== file.fileName) mark(reached, '*');
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
}

function leftmost(name) {
	return ts.isIdentifier(name) ? name : leftmost(name.left);
}

/** Node and credential classes, which n8n loads by file. */
const loadedByN8n = (file, symbol) =>
	/\.(node|credentials)\.ts$/.test(file.fileName) && symbol.declarations?.some((d) => ts.isClassDeclaration(d));

const unused = [];
for (const file of files) {
	const path = relative(ROOT, file.fileName);
	if (!CHECKED.some((dir) => path.startsWith(dir))) continue;
	const module = checker.getSymbolAtLocation(file);
	if (!module) continue;
	const used = imported.get(file.fileName) ?? new Set();
	if (used.has('*')) continue;
	for (const symbol of checker.getExportsOfModule(module)) {
		if (used.has(symbol.name) || loadedByN8n(file, symbol)) continue;
		const declaration = symbol.declarations?.[0];
		const line = declaration ? file.getLineAndCharacterOfPosition(declaration.getStart()).line + 1 : 1;
		unused.push(`${path}:${line} ${symbol.name}`);
	}
}

if (unused.length) {
	console.error(`unused-exports: ${unused.length} export(s) no other file imports (delete them, or drop \`export\` if the file uses them):`);
	for (const entry of unused) console.error(`  ${entry}`);
	process.exit(1);
}
console.log(`unused-exports: every export of ${CHECKED.join(', ')} is imported by another file`);
