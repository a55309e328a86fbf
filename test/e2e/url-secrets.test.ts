/**
 * A password in the database URL never appears in anything tsdb prints: not in the error of a
 * command that fails on that URL (PostgreSQL is not supported yet, so every database command
 * fails), not with --verbose, whether the URL comes from --url, the config file or DATABASE_URL.
 */
import { describe, expect, it } from 'vitest';
import { addRevision, initProject } from '../helpers/cli-project';
import { lines, useSharedTempProject, type RunResult, type TempProject } from '../helpers/temp-project';

const SECRET = 's3cret';
const PG = `postgresql://app_user:${SECRET}@db.example.com:5432/app`;

/** Commands that need the database, so each fails on a URL tsdb cannot open. */
const DATABASE_COMMANDS: ReadonlyArray<ReadonlyArray<string>> = [
  ['current'],
  ['upgrade'],
  ['downgrade', 'base'],
  ['check'],
  ['migrate', '-m', 'x'],
  ['stamp', 'head'],
];

function setup(p: TempProject): void {
  initProject(p);
  p.writeFile('common/models.ts', "import { table, integer } from 'tsdb';\nexport const t = table('t', { id: integer().primaryKey() });\n");
  addRevision(p, 'first', {}, '0000000000aa');
  p.writeFile('secret.config.ts', `export default { url: ${JSON.stringify(PG)}, models: ['common/models.ts'] };\n`);
  p.writeFile(
    'env.config.ts',
    "export default { url: process.env.DATABASE_URL ?? 'sqlite:///sqlite.db', models: ['common/models.ts'] };\n",
  );
}

/** The run failed with exit 1, said why on stderr, and printed the secret nowhere. */
function expectFailedWithoutSecret(result: RunResult, verbose: boolean): void {
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.code, output).toBe(1);
  expect(output).not.toContain(SECRET);
  expect(result.stderr).toMatch(/^error: /);
  if (!verbose) expect(lines(result.stderr), result.stderr).toHaveLength(1);
}

describe('a password in the database URL is never printed', { timeout: 30_000 }, () => {
  const project = useSharedTempProject({}, setup);

  describe.each([false, true])('--verbose: %s', (verbose) => {
    it.each(DATABASE_COMMANDS.map((args) => [args.join(' '), args] as const))('postgresql URL via --url: tsdb %s', (_name, args) => {
      const result = project().run([...(verbose ? ['--verbose'] : []), '--url', PG, ...args]);
      expectFailedWithoutSecret(result, verbose);
      expect(result.stderr).toContain('db.example.com'); // it still says which database
    });
  });

  // With --verbose (the cause chain: the most tsdb ever prints about a failure).
  describe('other URL shapes and sources, with --verbose', () => {
    const verbose = (args: ReadonlyArray<string>, env?: Readonly<Record<string, string>>): RunResult =>
      project().run(['--verbose', ...args], env === undefined ? {} : { env });

    it.each([
      ['postgres:// scheme', `postgres://app_user:${SECRET}@db.example.com/app`],
      ['an upper-case scheme', `POSTGRESQL://app_user:${SECRET}@db.example.com/app`],
      ['an unsupported scheme', `mysql://app_user:${SECRET}@db.example.com/app`],
      ['an IPv6 host', `postgresql://app_user:${SECRET}@[::1]:5432/app`],
      ['no user name', `postgresql://:${SECRET}@db.example.com/app`],
      ['a sqlite URL with credentials', `sqlite://app_user:${SECRET}@/app.db`],
      ['an unencoded @ in the password', `postgresql://app_user:p@ss@${SECRET}@db.example.com/app`],
      ['the password as a query parameter', `postgresql://db.example.com/app?user=app_user&password=${SECRET}`],
    ])('%s', (_name, url) => {
      expectFailedWithoutSecret(verbose(['--url', url, 'upgrade']), true);
    });

    it('a sqlite URL with a password parameter, on a database that does not exist yet', () => {
      expectFailedWithoutSecret(verbose(['--url', `sqlite:///missing.db?password=${SECRET}`, 'migrate', '-m', 'x']), true);
    });

    it('the URL in the config file', () => {
      expectFailedWithoutSecret(verbose(['-c', 'secret.config.ts', 'upgrade']), true);
    });

    it('the URL in DATABASE_URL', () => {
      expectFailedWithoutSecret(verbose(['-c', 'env.config.ts', 'check'], { DATABASE_URL: PG }), true);
    });
  });
});
