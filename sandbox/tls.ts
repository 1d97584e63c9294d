/**
 * HTTPS for `--tls`: a throwaway certificate authority and a server certificate for 127.0.0.1 and
 * localhost, made with the system's openssl in a temp folder. Clients trust the CA file the way users
 * trust a corporate CA (NODE_EXTRA_CA_CERTS); a client that does not is refused, as it should be.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificates {
	/** The temp folder holding them: removed when the sandbox stops. */
	dir: string;
	/** The CA's certificate (PEM): what a client must trust. */
	caFile: string;
	key: Buffer;
	cert: Buffer;
}

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
/** P-256 keys: made and used much faster than RSA, and accepted by every TLS client. */
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeCertificates(dir = mkdtempSync(join(tmpdir(), 'chime-sandbox-tls-'))): Certificates {
	openssl(dir, ['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '7', '-subj', '/CN=Amazon Chime sandbox test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
	openssl(dir, ['req', ...EC, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
	writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
	openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '7', '-extfile', 'server.ext']);
	return { dir, caFile: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
}
