#!/usr/bin/env node
// Regenerates nodes/shared/chime/chime-model.json from botocore's official Chime service model, and
// nodes/shared/chime/voice-model.json from Amazon Chime SDK Voice's: only the phone-number actions that
// live on there (VOICE_ACTIONS) and the shapes they reach. The JSON is committed: the nodes read field types, enums and constraints from it at run time,
// so validation follows the model instead of a hand copy. Documentation is cut to one sentence.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

// botocore's data folder, or the one given (it holds chime/2018-05-01 and chime-sdk-voice/2022-08-03).
const data =
	process.argv[2] ??
	join(execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))']).toString().trim(), 'data');
const read = (path) => JSON.parse(gunzipSync(readFileSync(join(data, path))).toString());

/** Amazon Chime's phone-number actions that Amazon Chime SDK Voice serves too, under the same names and routes. */
const VOICE_ACTIONS = [
	'BatchDeletePhoneNumber',
	'BatchUpdatePhoneNumber',
	'CreatePhoneNumberOrder',
	'DeletePhoneNumber',
	'GetGlobalSettings',
	'GetPhoneNumber',
	'GetPhoneNumberOrder',
	'GetPhoneNumberSettings',
	'ListPhoneNumberOrders',
	'ListPhoneNumbers',
	'ListSupportedPhoneNumberCountries',
	'RestorePhoneNumber',
	'SearchAvailablePhoneNumbers',
	'UpdateGlobalSettings',
	'UpdatePhoneNumber',
	'UpdatePhoneNumberSettings',
];

const firstSentence = (html = '') => {
	const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
	const end = text.search(/\.\s/);
	return end === -1 ? text : text.slice(0, end + 1);
};

/** Every shape the actions' inputs, outputs and errors reach, in the model's order. */
function reachable(model, actions) {
	const seen = new Set();
	const visit = (name) => {
		if (!name || seen.has(name)) return;
		seen.add(name);
		const s = model.shapes[name];
		for (const member of Object.values(s.members ?? {})) visit(member.shape);
		visit(s.member?.shape);
		visit(s.key?.shape);
		visit(s.value?.shape);
	};
	for (const action of actions) {
		const op = model.operations[action];
		visit(op.input?.shape);
		visit(op.output?.shape);
		for (const e of op.errors ?? []) visit(e.shape);
	}
	return Object.keys(model.shapes).filter((name) => seen.has(name));
}

function trimmed(model, actions) {
	const operations = {};
	for (const name of actions) {
		const op = model.operations[name];
		operations[name] = {
			http: op.http,
			input: op.input?.shape,
			output: op.output?.shape,
			errors: (op.errors ?? []).map((e) => e.shape),
			doc: firstSentence(op.documentation),
		};
	}
	const shapes = {};
	for (const name of reachable(model, actions)) {
		const shape = model.shapes[name];
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
	return { metadata: model.metadata, operations, shapes };
}

function write(file, out) {
	writeFileSync(new URL(`../nodes/shared/chime/${file}`, import.meta.url), JSON.stringify(out, null, '\t') + '\n');
	console.log(`${file}: ${Object.keys(out.operations).length} operations, ${Object.keys(out.shapes).length} shapes`);
}

const chime = read('chime/2018-05-01/service-2.json.gz');
write('chime-model.json', trimmed(chime, Object.keys(chime.operations)));
write('voice-model.json', trimmed(read('chime-sdk-voice/2022-08-03/service-2.json.gz'), VOICE_ACTIONS));
