// A few of n8n's dependencies ship only ES modules (htmlparser2 and its family, pulled in by the Wait
// node): jest on Node 20 cannot require them, so ts-jest compiles them to CommonJS like our sources.
const ESM_ONLY = ['htmlparser2', 'domhandler', 'domelementtype', 'domutils', 'dom-serializer', 'entities'].join('|');

/** @type {import('jest').Config} */
module.exports = {
	// Node's, printing n8n's log only under a failed test (test/harness/environment.js).
	testEnvironment: '<rootDir>/test/harness/environment.js',
	roots: ['<rootDir>/test'],
	// The end-to-end tests run a real n8n: `npm run test:e2e`.
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	setupFiles: ['<rootDir>/test/harness/env.js'],
	testTimeout: 60000,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }],
		[`/node_modules/(${ESM_ONLY})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true }, diagnostics: false }],
	},
	transformIgnorePatterns: [`/node_modules/(?!(.*/)?(${ESM_ONLY})/)`],
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
};
