// n8n's Cloud configuration (not configWithoutCloudSupport): what verification and n8n Cloud require.
// No rule is switched off for nodes/ or credentials/, the code n8n loads.
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		// The scanner ignores eslint-disable comments (allowInlineConfig: false): so does lint, where n8n loads code.
		files: ['nodes/**', 'credentials/**'],
		linterOptions: { noInlineConfig: true },
	},
	{
		// Tests and tooling are not loaded into n8n: they may use timers and process like any Node program.
		files: ['test/**/*.ts', 'sandbox/**/*.ts', 'benchmarks/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			// The sandbox is an HTTP server and tests read fixtures: node:http, node:fs and the like.
			'@n8n/community-nodes/no-restricted-imports': 'off',
			// Tests start the sandbox and the AWS CLI as processes, the way a user would.
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'no-console': 'off',
		},
	},
	{
		// Tests use made-up keys and tokens on purpose: they check that none of them ever leaks.
		files: ['test/**/*.ts'],
		rules: { '@n8n/community-nodes/no-hardcoded-secrets': 'off' },
	},
	{ ignores: ['dist/**', 'dist-bench/**', 'dist-sandbox/**', 'n8n-local/**', 'node_modules/**', 'coverage/**', '*.js', 'test/harness/*.js', 'scripts/**'] },
];
