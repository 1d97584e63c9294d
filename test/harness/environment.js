/**
 * Node's test environment, with n8n's log kept out of the way: the harness (test/harness/logs.ts) puts
 * what n8n logs in `__chimeLogs`, and it is printed only under a failed test, after its name, or always
 * with CHIME_TEST_LOGS=1. A passing run shows the test names and nothing else.
 */
const { TestEnvironment } = require('jest-environment-node');

class ChimeTestEnvironment extends TestEnvironment {
	async setup() {
		await super.setup();
		this.global.__chimeLogs = [];
	}

	handleTestEvent(event) {
		if (event.name === 'test_start') this.global.__chimeLogs.length = 0;
		if (event.name === 'test_done' && event.test.errors.length > 0) {
			const lines = this.global.__chimeLogs;
			if (lines.length > 0) {
				process.stderr.write(`\nn8n's log during the failed test "${event.test.name}":\n${lines.join('\n')}\n`);
			}
		}
	}
}

module.exports = ChimeTestEnvironment;
