#!/usr/bin/env node
/** `npm run sandbox -- --port 4599`: the Chime sandbox on 127.0.0.1, until Ctrl-C. */
import { parseArgs } from 'node:util';

import { DEFAULT_KEYS, startSandbox } from './server';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '4599' },
		host: { type: 'string', default: '127.0.0.1' },
		'access-key-id': { type: 'string', default: DEFAULT_KEYS.accessKeyId },
		'secret-access-key': { type: 'string', default: DEFAULT_KEYS.secretAccessKey },
		'session-token': { type: 'string' },
		allow: { type: 'string' },
		role: { type: 'string' },
		'external-id': { type: 'string' },
		data: { type: 'string' },
		'no-seed': { type: 'boolean', default: false },
		'order-delay-ms': { type: 'string', default: '2000' },
		'list-lag-ms': { type: 'string', default: '0' },
		'voice-region': { type: 'string', default: 'us-east-1' },
		'latency-ms': { type: 'string' },
		'jitter-ms': { type: 'string' },
		throttle: { type: 'string' },
		'server-error': { type: 'string' },
		reset: { type: 'string' },
		'drop-after': { type: 'string' },
		stall: { type: 'string' },
		tls: { type: 'boolean', default: false },
		'connect-latency-ms': { type: 'string' },
		help: { type: 'boolean', default: false },
	},
});

if (values.help) {
	console.log(`Usage: npm run sandbox -- [options]
  --port N                 port on 127.0.0.1 (default 4599; 0 picks a free one)
  --tls                    HTTPS, with a certificate of a throwaway CA made at start; trust its CA
                           file (printed) as users trust a corporate CA: NODE_EXTRA_CA_CERTS=FILE
  --connect-latency-ms N   a new connection's first request waits N ms, as TCP and TLS handshakes
                           to a far region do; requests kept alive on it do not (PUT /_sandbox/network)
  --access-key-id ID       the access key it accepts (default ${DEFAULT_KEYS.accessKeyId})
  --secret-access-key KEY  its secret
  --session-token TOKEN    require this session token too
  --allow LIST             actions the key may call, e.g. "Get*,List*" (others: 403 Forbidden)
  --role ARN               a role the key may assume through STS at /_sts (Assume Role), e.g.
                           arn:aws:iam::123456789012:role/n8n-chime; its keys may call every action
  --external-id ID         the External ID the role's trust asks for (none unless set)
  --data FILE              keep state in FILE across restarts
  --no-seed                start empty instead of with demo data
  --voice-region REGION    the region Amazon Chime SDK Voice answers for at /voice (default us-east-1)
  --order-delay-ms N       how long phone number orders stay Processing (default 2000)
  --list-lag-ms N          lists and gets show what was created, changed or deleted only N ms
                           later (up to N/10 more), as AWS's eventually consistent lists may
                           (default 0; change it at run time with PUT /_sandbox/options)
  --latency-ms N --jitter-ms N --throttle P --server-error P --reset P --drop-after P --stall P
                           faults for every action (P from 0 to 1); change them at run time with
                           PUT /_sandbox/faults. --reset drops the connection before acting,
                           --drop-after acts and then drops it (the lost answer), --stall never answers`);
	process.exit(0);
}

const num = (value: string | undefined) => (value === undefined ? undefined : Number(value));

startSandbox({
	port: Number(values.port),
	host: values.host,
	keys: [
		{
			accessKeyId: values['access-key-id']!,
			secretAccessKey: values['secret-access-key']!,
			sessionToken: values['session-token'],
			allow: values.allow?.split(',').map((a) => a.trim()),
		},
	],
	roles: values.role
		? [{ arn: values.role, trust: [values['access-key-id']!], ...(values['external-id'] ? { externalId: values['external-id'] } : {}) }]
		: [],
	dataFile: values.data,
	seed: !values['no-seed'],
	orderDelayMs: Number(values['order-delay-ms']),
	listLagMs: Number(values['list-lag-ms']),
	voiceRegion: values['voice-region'],
	tls: values.tls,
	connectLatencyMs: num(values['connect-latency-ms']),
	faults: {
		latencyMs: num(values['latency-ms']),
		jitterMs: num(values['jitter-ms']),
		throttle: num(values.throttle),
		serverError: num(values['server-error']),
		reset: num(values.reset),
		dropAfter: num(values['drop-after']),
		stall: num(values.stall),
	},
}).then(
	(sandbox) => {
		const key = sandbox.keys[0];
		console.log(`Amazon Chime sandbox listening on ${sandbox.url}`);
		console.log(`  Custom Endpoint:   ${sandbox.url}`);
		console.log(`  Access Key ID:     ${key.accessKeyId}`);
		console.log(`  Secret Access Key: ${key.secretAccessKey}`);
		if (key.sessionToken) console.log(`  Session Token:     ${key.sessionToken}`);
		for (const role of sandbox.sts.roles) {
			console.log(`  Assume Role:       ${role.arn}${role.externalId ? ` (External ID ${role.externalId})` : ''}`);
			console.log(`  STS Endpoint:      ${sandbox.url}/_sts`);
		}
		console.log(`  Custom Voice Endpoint: ${sandbox.url}/voice (Amazon Chime SDK Voice, Region ${values['voice-region']})`);
		if (sandbox.caFile) console.log(`  CA certificate:    ${sandbox.caFile} (trust it: NODE_EXTRA_CA_CERTS=${sandbox.caFile})`);
		console.log(`  Admin endpoint:    ${sandbox.url}/_sandbox/ (counters, faults, network, reset, seed, state, users)`);
		console.log(values.data ? `  State kept in:     ${values.data}` : '  State: in memory (use --data FILE to keep it)');
		const stop = () => sandbox.stop().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	},
	(error: Error) => {
		console.error(`Could not start the sandbox: ${error.message}`);
		process.exit(1);
	},
);
