import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The sandbox in a process of its own, as Chime is: its work does not compete with the node's. Its CLI
 * is compiled with the benchmarks (dist-bench/sandbox/), so a run always uses the current sandbox.
 */
export async function startSandboxProcess(): Promise<{ url: string; stop: () => void }> {
	const child = spawn(process.execPath, [join(__dirname, '..', 'sandbox', 'cli.js'), '--port', '0', '--no-seed'], { stdio: ['ignore', 'pipe', 'inherit'] });
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const found = /listening on (http:\/\/\S+)/.exec(out);
			if (found) resolve(found[1]);
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited (${code})`)));
	});
	return { url, stop: () => child.kill('SIGTERM') };
}
