#!/usr/bin/env node
// Regenerates nodes/shared/chime-model.json from botocore's official Chime service model.
// The JSON is committed: the nodes read field types, enums and constraints from it at run time,
// so validation follows the model instead of a hand copy. Documentation is cut to one sentence.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

const source =
	process.argv[2] ??
	join(
		execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'])
			.toString()
			.trim(),
		'data/chime/2018-05-01/service-2.json.gz',
	);
const model = JSON.parse(gunzipSync(readFileSync(source)).toString());

const firstSentence = (html = '') => {
	const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
	const end = text.search(/\.\s/);
	return end === -1 ? text : text.slice(0, end + 1);
};

const operations = {};
for (const [name, op] of Object.entries(model.operations)) {
	operations[name] = {
		http: op.http,
		input: op.input?.shape,
		output: op.output?.shape,
		errors: (op.errors ?? []).map((e) => e.shape),
		doc: firstSentence(op.documentation),
	};
}
const shapes = {};
for (const [name, shape] of Object.entries(model.shapes)) {
	const { documentation, exception, error, ...rest } = shape;
	if (rest.members) {
		rest.members = Object.fromEntries(
			Object.entries(rest.members).map(([m, def]) => {
				const { documentation: d, ...memberRest } = def;
				return [m, d ? { ...memberRest, doc: firstSentence(d) } : memberRest];
			}),
		);
	}
	if (exception) rest.error = { httpStatusCode: error?.httpStatusCode };
	shapes[name] = rest;
}
const out = { metadata: model.metadata, operations, shapes };
writeFileSync(new URL('../nodes/shared/chime-model.json', import.meta.url), JSON.stringify(out, null, '\t') + '\n');
console.log(`wrote ${Object.keys(operations).length} operations, ${Object.keys(shapes).length} shapes`);
