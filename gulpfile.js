// tsc compiles the TypeScript; gulp copies what n8n loads beside it: the icon and the codex files.
const { src, dest, parallel } = require('gulp');

function icons() {
	return src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
}

function codex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports.build = parallel(icons, codex);
