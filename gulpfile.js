// `npm run build` is `n8n-node build` (tsc with tsconfig.json, then its copy of static files), then this.
// Gulp keeps one job n8n-node build does not do: keeping dist/ to what n8n loads. n8n-node build copies
// every .png and .svg it finds in the repository (and every __schema__ JSON), skipping only the top-level
// dist/ and node_modules/: here that drags docs/ and benchmarks/ pictures and the images inside
// n8n-local/node_modules and tools/scan/node_modules into dist/, and so into the package.
const { rmSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

/** What n8n loads: the compiled nodes (with the Chime model and codex JSON), the credential, the icons. */
const SHIPPED = new Set(['nodes', 'credentials', 'icons']);

function pruneDist(done) {
	for (const entry of readdirSync('dist')) {
		if (!SHIPPED.has(entry)) rmSync(join('dist', entry), { recursive: true, force: true });
	}
	done();
}

exports.build = pruneDist;
