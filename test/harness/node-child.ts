/**
 * One node run through n8n's engine in a process of its own (see ts-require.js): the jobs come as JSON
 * in argv[2], `[{ type, parameters, input }]` run one after the other with the credential in argv[3];
 * the outputs (or the error's message) go to stdout as JSON, on a line starting RESULTS.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { runNode } from './n8n';

interface Job {
	type: string;
	parameters: Record<string, unknown>;
	input: IDataObject[];
}

async function main() {
	const jobs = JSON.parse(process.argv[2]) as Job[];
	const credential = JSON.parse(process.argv[3]) as ICredentialDataDecryptedObject;
	const results = [];
	for (const job of jobs) {
		const { output, error } = await runNode({ type: job.type, parameters: job.parameters as never }, job.input, credential);
		results.push({ output: output.Chime ?? [], error: error ? (error.description ? `${error.message}: ${String(error.description)}` : error.message) : undefined });
	}
	// On a line of its own: n8n's logger writes to stdout outside jest.
	process.stdout.write(`\nRESULTS ${JSON.stringify(results)}\n`);
}

main().catch((error: Error) => {
	process.stderr.write(String(error.stack));
	process.exit(1);
});
