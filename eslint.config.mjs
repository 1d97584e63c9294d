import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		rules: {
			// @aws-sdk/client-chime is a runtime dependency: its SigV4 signing, retries and wire protocol are
			// what this package is built on. That makes it a self-hosted (unverified) community package.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			// The import twin of the rule above: it forbids importing @aws-sdk/client-chime.
			'@n8n/community-nodes/no-restricted-imports': 'off',
		},
	},
	{
		// Tests and tooling are not loaded into n8n: they may use timers and process like any Node program.
		files: ['test/**/*.ts', 'sandbox/**/*.ts', 'benchmarks/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
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
	{ ignores: ['dist/**', 'dist-bench/**', 'n8n-local/**', 'node_modules/**', 'coverage/**', '*.js', 'test/harness/*.js', 'scripts/**'] },
];
