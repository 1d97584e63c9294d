// Code n8n never loads: see ../eslint.tooling.mjs.
import tooling from '../eslint.tooling.mjs';

export default [
	...tooling,
	// Tests use made-up keys and tokens on purpose: they check that none of them ever leaks.
	{ files: ['**/*.ts'], rules: { '@n8n/community-nodes/no-hardcoded-secrets': 'off' } },
];
