// `npm run test:e2e`: the end-to-end tests against a real n8n; slow, so apart from `npm test`.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/e2e'],
	testPathIgnorePatterns: [],
	testTimeout: 15 * 60_000,
};
