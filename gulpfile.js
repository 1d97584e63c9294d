// tsc compiles the TypeScript; gulp copies what n8n loads beside it: the icon, the codex files and the
// output schemas the editor shows before a node runs (nodes/*/__schema__, from `npm run schemas`).
const { src, dest, parallel } = require('gulp');

function icons() {
	return src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
}

function codex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

function schemas() {
	return src('nodes/*/__schema__/**/*.json').pipe(dest('dist/nodes'));
}

exports.build = parallel(icons, codex, schemas);
