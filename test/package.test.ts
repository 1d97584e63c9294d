/**
 * What is published, and the sandbox's independence from the code it tests. Needs `npm run build`
 * first (`npm test` does it): the package check packs dist/.
 */
import * as C from '@aws-sdk/client-chime';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { DEMO, useSandbox } from './harness/sandbox';

// If the sandbox used the nodes' validation or model accessors, these would make it accept everything
// (or fail to start): the refusals below then show the sandbox checks the model on its own.
jest.mock('../nodes/shared/pipeline/validate', () => ({ compileInputCheck: () => () => undefined }), { virtual: true });
jest.mock(
	'../nodes/shared/chime/model',
	() => {
		throw new Error('the sandbox must not load the nodes’ model accessors');
	},
	{ virtual: true },
);

const ROOT = join(__dirname, '..');
/** The one file under nodes/ the sandbox may read: the official Chime model, data rather than code. */
/** The official models the sandbox reads on its own: Chime's, and Chime SDK Voice's phone-number actions. */
const MODEL_JSONS = ['nodes/shared/chime/chime-model.json', 'nodes/shared/chime/voice-model.json'];

describe('the published package', () => {
	let files: string[];
	beforeAll(() => {
		const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		files = (JSON.parse(out.toString()) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
	});

	test('holds no sandbox and no tests', () => {
		expect(files.filter((f) => /(^|\/)(dist-)?sandbox\//.test(f))).toEqual([]);
		expect(files.filter((f) => /\.test\./.test(f))).toEqual([]);
	});

	test('holds only what n8n loads (compiled nodes and credential, the Chime model, codex files, icons) and the package files', () => {
		const outside = files.filter((f) => !/^dist\/(nodes|credentials|icons)\//.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f));
		expect(outside).toEqual([]);
		expect(files).toContain('dist/nodes/shared/chime/chime-model.json');
		const { n8n } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
		expect(n8n.nodes.filter((node) => !files.includes(node.replace(/\.js$/, '.json')))).toEqual([]);
	});

	test('holds every icon a node or the credential names', () => {
		const named = [...sources(join(ROOT, 'nodes')), ...sources(join(ROOT, 'credentials'))].flatMap((file) =>
			[...readFileSync(file, 'utf8').matchAll(/'file:([^']+)'/g)].map((m) => relative(ROOT, join('dist', relative(ROOT, dirname(file)), m[1]))),
		);
		expect(named.length).toBeGreaterThan(0);
		expect([...new Set(named)].filter((icon) => !files.includes(icon))).toEqual([]);
	});

	test("holds every file package.json's n8n section names", () => {
		const { n8n } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
		const named = [...n8n.nodes, ...n8n.credentials];
		expect(named.length).toBeGreaterThan(0);
		expect(named.filter((f) => !files.includes(f))).toEqual([]);
	});

	test('needs nothing at run time but what n8n provides: no dependencies, and no node code imports anything else', () => {
		const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: object; peerDependencies?: object };
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['n8n-workflow']);
		// n8n's verification allows these modules in a community package; everything else must be our own file.
		const allowed = /^(n8n-workflow|luxon|lodash(\/.*)?|moment|p-limit|zod|crypto|node:crypto)$/;
		const outside = [...sources(join(ROOT, 'nodes')), ...sources(join(ROOT, 'credentials'))].flatMap((file) =>
			importsOf(readFileSync(file, 'utf8'))
				.filter((target) => !target.startsWith('.') && !allowed.test(target))
				.map((target) => `${relative(ROOT, file)}: ${target}`),
		);
		expect(outside).toEqual([]);
	});
});

describe('built and linted the way n8n verifies', () => {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; n8n: { strict?: boolean } };

	test('npm run build is n8n-node build (then gulp, which only prunes dist/)', () => {
		expect(pkg.scripts.build).toBe('n8n-node build && gulp build');
	});

	test("strict mode: eslint.config.mjs is n8n-node's default, compared as `n8n-node lint` compares it", () => {
		expect(pkg.n8n.strict).toBe(true);
		const normalized = (file: string) => readFileSync(file, 'utf8').replace(/\s+/g, ' ').trim();
		const template = join(ROOT, 'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs');
		expect(normalized(join(ROOT, 'eslint.config.mjs'))).toBe(normalized(template));
		expect(pkg.scripts.lint).toMatch(/\bn8n-node lint$/);
	});
});

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** What a TypeScript file imports or requires: static, dynamic, re-exports and side-effect imports. */
function importsOf(source: string): string[] {
	const found: string[] = [];
	const forms = [/^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm, /\bimport\s*\(\s*['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]/g, /^\s*import\s*['"]([^'"]+)['"]/gm];
	for (const form of forms) for (const match of source.matchAll(form)) found.push(match[1]);
	return found;
}

test('importsOf sees every form of import', () => {
	const source = [
		"import { a } from '../nodes/a';",
		"import type {\n\tB,\n} from '../../nodes/b';",
		"export * from '../credentials/c';",
		"import '../nodes/d';",
		"const e = require('../nodes/e');",
		"const f = await import('../nodes/f');",
	].join('\n');
	expect(importsOf(source).sort()).toEqual(['../../nodes/b', '../credentials/c', '../nodes/a', '../nodes/d', '../nodes/e', '../nodes/f']);
});

test('no file under sandbox/ imports from nodes/ or credentials/ (the model JSON aside)', () => {
	const files = sources(join(ROOT, 'sandbox'));
	expect(files.length).toBeGreaterThan(10);
	const offending = files.flatMap((file) =>
		importsOf(readFileSync(file, 'utf8'))
			.map((specifier) => ({ file: relative(ROOT, file), specifier, target: specifier.startsWith('.') ? relative(ROOT, resolve(dirname(file), specifier)) : specifier }))
			.filter(({ target }) => /^(nodes|credentials)(\/|$)/.test(target.replace(/\\/g, '/')) && !MODEL_JSONS.includes(target)),
	);
	expect(offending).toEqual([]);
});

describe("the sandbox's own validation", () => {
	const env = useSandbox();

	const A = DEMO.accountId;

	// One request per kind of model constraint; each would reach the backend if the sandbox did not check it.
	const refused: Array<[string, unknown, string]> = [
		['a required member of a nested structure', new C.UpdateUserSettingsCommand({ AccountId: A, UserId: DEMO.users.bob, UserSettings: { Telephony: { InboundCalling: true } } as C.UserSettings }), "at 'userSettings.telephony.outboundCalling' failed to satisfy constraint: Member must not be null"],
		['a string longer than its maximum', new C.CreateAccountCommand({ Name: 'x'.repeat(101) }), "at 'name' failed to satisfy constraint: Member must have length less than or equal to 100"],
		['a pattern', new C.CreateAccountCommand({ Name: ' \n ' }), "at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\S.*"],
		['a pattern, matched against the whole value', new C.SearchAvailablePhoneNumbersCommand({ Country: 'USA', AreaCode: '206' }), "Value 'USA' at 'country' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Z]{2}"],
		['a pattern in a list entry', new C.InviteUsersCommand({ AccountId: A, UserEmailList: ['ok@example.com', 'nope'] }), "at 'userEmailList.2.member' failed to satisfy constraint"],
		['an enum', new C.UpdateUserCommand({ AccountId: A, UserId: DEMO.users.bob, LicenseType: 'Gold' as C.License }), 'Member must satisfy enum value set: [Basic, Plus, Pro, ProTrial]'],
		['an integer maximum (query string)', new C.ListAccountsCommand({ MaxResults: 201 }), "at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 200"],
		['a list maximum', new C.BatchSuspendUserCommand({ AccountId: A, UserIdList: Array.from({ length: 51 }, (_, i) => `u${i}`) }), 'Member must have length less than or equal to 50'],
		['a list minimum', new C.DisassociateSigninDelegateGroupsFromAccountCommand({ AccountId: A, GroupNames: [] }), 'Member must have length greater than or equal to 1'],
		['a type', new C.UpdateAccountSettingsCommand({ AccountId: A, AccountSettings: { DisableRemoteControl: 'yes' as unknown as boolean } }), "at 'accountSettings.disableRemoteControl' failed to satisfy constraint: Member must be a boolean"],
		['a blank URI label', new C.UpdateAccountSettingsCommand({ AccountId: ' ', AccountSettings: {} }), "at 'accountId' failed to satisfy constraint: Member must not be blank"],
		['a `..` URI label (the path would name the room)', new C.DeleteRoomMembershipCommand({ AccountId: A, RoomId: DEMO.roomId, MemberId: '..' }), "at 'memberId' failed to satisfy constraint: Member must not be '.' or '..'"],
		['a `.` URI label', new C.GetAccountCommand({ AccountId: '.' }), "at 'accountId' failed to satisfy constraint: Member must not be '.' or '..'"],
	];

	test.each(refused)('refuses %s with BadRequest', async (_kind, command, message) => {
		const before = JSON.stringify(env.sb.state());
		const error = await env.send(command).then(
			() => undefined,
			(e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } },
		);
		expect(error).toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
		expect(error?.message).toContain(message);
		expect(JSON.stringify(env.sb.state())).toBe(before);
	});

	test('lists every violation, as Chime does, quoting no sensitive value (email addresses are)', async () => {
		await expect(env.send(new C.InviteUsersCommand({ AccountId: A, UserEmailList: ['a', 'b'], UserType: 'Robot' as C.UserType }))).rejects.toMatchObject({
			name: 'BadRequestException',
			message: expect.stringMatching(/^3 validation errors detected: Value at 'userEmailList\.1\.member'.*; Value at 'userEmailList\.2\.member'.*; Value 'Robot' at 'userType'/),
		});
	});

	test('accepts what the model allows', async () => {
		await expect(env.send(new C.ListAccountsCommand({ MaxResults: 200 }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
		await expect(env.send(new C.GetRoomCommand({ AccountId: A, RoomId: DEMO.roomId }))).resolves.toMatchObject({ Room: { RoomId: DEMO.roomId } });
	});
});
