// Lint for the code n8n never loads: tests, the sandbox, the benchmarks, the scripts. The root eslint.config.mjs must stay
// n8n's default, word for word (`n8n.strict`: `n8n-node lint` refuses any other), and applies to nodes/ and
// credentials/ with nothing switched off. These folders each have an eslint.config.mjs that re-exports this
// file; `npm run lint` has ESLint look a file's configuration up from the file's own folder (ESLint 10's
// default, a flag in 9), so the nearest one applies.
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		files: ['**/*.ts'],
		rules: {
			// Tests, the sandbox and the benchmarks run as Node programs: timers, process, console.
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'no-console': 'off',
			// The sandbox is an HTTP server and tests read fixtures: node:http, node:fs and the like.
			'@n8n/community-nodes/no-restricted-imports': 'off',
			// Tests start the sandbox, n8n and the AWS CLI as processes, the way a user would.
			'@n8n/community-nodes/no-dangerous-functions': 'off',
		},
	},
];
