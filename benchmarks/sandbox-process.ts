import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The sandbox in a process of its own, as Chime is: its work does not compete with the node's. Its CLI
 * is compiled with the benchmarks (dist-bench/sandbox/), so a run always uses the current sandbox.
 * With `--tls` among `args`, `caFile` is the CA certificate it made.
 */
export async function startSandboxProcess(args: string[] = []): Promise<{ url: string; caFile?: string; stop: () => void }> {
	const child = spawn(process.execPath, [join(__dirname, '..', 'sandbox', 'cli.js'), '--port', '0', '--no-seed', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	const started = await new Promise<{ url: string; caFile?: string }>((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const url = /listening on (https?:\/\/\S+)/.exec(out)?.[1];
			// The CA line comes before the admin endpoint's.
			if (url && out.includes('Admin endpoint')) resolve({ url, caFile: /CA certificate:\s+(\S+)/.exec(out)?.[1] });
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited (${code})`)));
	});
	return { ...started, stop: () => child.kill('SIGTERM') };
}
