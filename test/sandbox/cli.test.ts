/**
 * `npm run sandbox`: started as a user would, answering the AWS CLI, keeping state with --data.
 * Needs `npm run build:sandbox` first (`npm test` does it) and the AWS CLI (.ci/run installs it).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist-sandbox', 'sandbox', 'cli.js');

async function start(args: string[]): Promise<{ child: ChildProcess; url: string; output: string }> {
	const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const found = /listening on (http:\/\/\S+)/.exec(output);
			if (found && output.includes('Admin endpoint')) resolve(found[1]);
		});
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
	});
	return { child, url, output };
}

async function stop(child: ChildProcess): Promise<void> {
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGINT');
	await exited;
}

function aws(url: string, keys: { id: string; secret: string }, ...args: string[]): Record<string, unknown> {
	const out = execFileSync('aws', ['chime', ...args, '--endpoint-url', url, '--region', 'us-east-1', '--output', 'json'], {
		env: { ...process.env, AWS_ACCESS_KEY_ID: keys.id, AWS_SECRET_ACCESS_KEY: keys.secret, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
	}).toString();
	return out.trim() ? (JSON.parse(out) as Record<string, unknown>) : {};
}

const DEFAULT = { id: 'AKIASANDBOXCHIME0001', secret: 'sandbox/secret/access/key/0000000000000' };

test('it prints the endpoint and the keys, and the AWS CLI works against it', async () => {
	const { child, url, output } = await start([]);
	expect(output).toContain(`Custom Endpoint:   ${url}`);
	expect(output).toContain(`Access Key ID:     ${DEFAULT.id}`);
	expect(output).toContain(`Secret Access Key: ${DEFAULT.secret}`);
	const users = aws(url, DEFAULT, 'list-users', '--account-id', '2f1c6d0e-8a3b-4c5d-9e7f-0a1b2c3d4e01') as { Users: Array<{ PrimaryEmail: string }> };
	expect(users.Users.map((u) => u.PrimaryEmail)).toContain('alice@example.com');
	const number = aws(url, DEFAULT, 'get-phone-number', '--phone-number-id', '+12065550100') as { PhoneNumber: { Status: string } };
	expect(number.PhoneNumber.Status).toBe('Assigned');
	expect(() => aws(url, { ...DEFAULT, secret: 'wrong' }, 'list-accounts')).toThrow(/InvalidSignatureException/);
	await stop(child);
});

test('--access-key-id and --secret-access-key set the keys it accepts', async () => {
	const keys = { id: 'AKIACUSTOM0000000001', secret: 'custom-secret' };
	const { child, url } = await start(['--access-key-id', keys.id, '--secret-access-key', keys.secret, '--no-seed']);
	expect(aws(url, keys, 'list-accounts')).toEqual({ Accounts: [] });
	expect(() => aws(url, DEFAULT, 'list-accounts')).toThrow(/UnrecognizedClientException/);
	await stop(child);
});

test('--data keeps state across restarts', async () => {
	const data = join(mkdtempSync(join(tmpdir(), 'chime-sandbox-')), 'state.json');
	const first = await start(['--data', data]);
	const created = aws(first.url, DEFAULT, 'create-account', '--name', 'Kept Corp') as { Account: { AccountId: string } };
	await stop(first.child);
	const second = await start(['--data', data]);
	const got = aws(second.url, DEFAULT, 'get-account', '--account-id', created.Account.AccountId) as { Account: { Name: string } };
	expect(got.Account.Name).toBe('Kept Corp');
	await stop(second.child);
});

test('--list-lag-ms makes lists lag behind writes; a value that is not a number of milliseconds is refused', async () => {
	const { child, url } = await start(['--list-lag-ms', '600000']);
	expect(await (await fetch(`${url}/_sandbox/options`)).json()).toEqual({ orderDelayMs: 2000, listLagMs: 600000 });
	const account = '2f1c6d0e-8a3b-4c5d-9e7f-0a1b2c3d4e01';
	aws(url, DEFAULT, 'create-user', '--account-id', account, '--email', 'late@example.com');
	const users = aws(url, DEFAULT, 'list-users', '--account-id', account) as { Users: Array<{ PrimaryEmail: string }> };
	expect(users.Users.map((u) => u.PrimaryEmail)).not.toContain('late@example.com');
	await stop(child);
	await expect(start(['--list-lag-ms', 'soon'])).rejects.toThrow(/listLagMs must be a number of milliseconds/);
});

test('--role and --external-id: the AWS CLI assumes the role at /_sts, and its keys call Chime', async () => {
	const role = 'arn:aws:iam::123456789012:role/n8n-chime';
	const { child, url, output } = await start(['--role', role, '--external-id', 'acme-7']);
	try {
		expect(output).toContain(`Assume Role:       ${role} (External ID acme-7)`);
		expect(output).toContain(`STS Endpoint:      ${url}/_sts`);
		const sts = (...args: string[]) =>
			execFileSync('aws', ['sts', 'assume-role', ...args, '--endpoint-url', `${url}/_sts`, '--region', 'us-east-1', '--output', 'json'], {
				env: { ...process.env, AWS_ACCESS_KEY_ID: DEFAULT.id, AWS_SECRET_ACCESS_KEY: DEFAULT.secret, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
				stdio: ['ignore', 'pipe', 'pipe'],
			}).toString();
		const assumed = JSON.parse(sts('--role-arn', role, '--role-session-name', 'cli', '--external-id', 'acme-7')) as {
			Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
		};
		const keys = assumed.Credentials;
		const accounts = execFileSync('aws', ['chime', 'list-accounts', '--endpoint-url', url, '--region', 'us-east-1', '--output', 'json'], {
			env: { ...process.env, AWS_ACCESS_KEY_ID: keys.AccessKeyId, AWS_SECRET_ACCESS_KEY: keys.SecretAccessKey, AWS_SESSION_TOKEN: keys.SessionToken, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
		}).toString();
		expect((JSON.parse(accounts) as { Accounts: unknown[] }).Accounts.length).toBeGreaterThan(0);
		expect(() => sts('--role-arn', role, '--role-session-name', 'cli', '--external-id', 'wrong')).toThrow(/AccessDenied/);
	} finally {
		await stop(child);
	}
});
