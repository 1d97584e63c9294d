/**
 * `node -r ./test/harness/ts-require.js file.ts`: runs the harness in a child process without a build,
 * for tests whose process must start with settings of its own (NODE_EXTRA_CA_CERTS is read only at
 * start). Type-checking is `npm run typecheck`'s; here TypeScript only strips the types.
 */
const { existsSync, readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, resolve } = require('node:path');
const ts = require('typescript');

// `./AmazonChimeUser.node` is the .ts beside the node's codex file, AmazonChimeUser.node.json: Node would pick the JSON.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
	if (request.startsWith('.') && parent?.filename) {
		const source = resolve(dirname(parent.filename), `${request}.ts`);
		if (existsSync(source)) return source;
	}
	return resolveFilename.call(this, request, parent, ...rest);
};

const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true, sourceMap: false };

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};
