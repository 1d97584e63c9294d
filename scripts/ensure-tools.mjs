#!/usr/bin/env node
// The first step of `npm run test:all`: what the tests need beyond npm, found on this machine or
// installed from Debian's packages (as root; once, then this takes a moment): Chromium at
// /usr/bin/chromium (the editor end-to-end test), the AWS CLI (the sandbox's tests), Redis and
// PostgreSQL (the queue-mode end-to-end test). An explicit step, as .npmrc's ignore-scripts=true keeps
// npm from running pre-scripts. n8n itself is installed by the end-to-end tests on first use.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const queue = require('./queue.cjs');

const tools = [
	{ name: 'Chromium', at: () => (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined), pkg: 'chromium', usedBy: 'the editor end-to-end test (test/e2e/n8n.e2e.test.ts)' },
	{ name: 'the AWS CLI', at: () => queue.which('aws'), pkg: 'awscli', usedBy: "the sandbox's tests (test/sandbox/)" },
	{ name: 'Redis', at: () => queue.which('redis-server'), pkg: 'redis-server', usedBy: 'the queue-mode end-to-end test (test/e2e/queue.e2e.test.ts)' },
	{ name: 'PostgreSQL', at: () => queue.postgresBinDir(), pkg: 'postgresql', usedBy: 'the queue-mode end-to-end test (test/e2e/queue.e2e.test.ts)' },
];

const missing = tools.filter((tool) => !tool.at());
if (missing.length) {
	try {
		queue.aptInstall(
			missing.map((tool) => tool.pkg),
			missing.map((tool) => tool.name).join(', '),
		);
	} catch (error) {
		console.error(`\ntest:all cannot start: ${error.message}`);
		for (const tool of missing) console.error(`  ${tool.name} (Debian package ${tool.pkg}) is needed by ${tool.usedBy}.`);
		process.exit(1);
	}
	const still = missing.filter((tool) => !tool.at());
	if (still.length) {
		console.error(`\ntest:all cannot start: ${still.map((tool) => tool.name).join(', ')} still missing after installing ${still.map((tool) => tool.pkg).join(' ')}.`);
		process.exit(1);
	}
}
console.log(`Tools for the tests: ${tools.map((tool) => `${tool.name} ${tool.at()}`).join(', ')}.`);
