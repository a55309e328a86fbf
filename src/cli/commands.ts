/** One commander registration per tsdb command: parse options, call the command, print its result. */
import type { Command } from 'commander';
import type { CliRuntime } from './runtime';
import { collect, relative, withEvents } from './context';
import { registerGraphCommands } from './graph-commands';
import { printOfflineSql, SQL_OPTION_HELP } from './offline';
import { summaryLine } from './progress';
import { TsdbError } from '../errors';

/** Adds every command to `program`. Command modules are required when their command runs, so `tsdb current` never loads upgrade code. */
export function registerCommands(program: Command, rt: CliRuntime): void {
  program
    .command('init')
    .description('create tsdb.config.ts or .js (if none) and the script directory')
    .option('-d, --directory <dir>', 'the script directory to create', undefined)
    .addOption(
      program
        .createOption('--format <format>', 'scripts in TypeScript or JavaScript ES module/CommonJS (default: detected)')
        .choices(['ts', 'esm', 'cjs']),
    )
    .addHelpText('after', '\nExample:\n  tsdb init\n  tsdb init -d db/migrations\n  tsdb init --format esm')
    .action(async (options: { directory?: string; format?: string }) => {
      const ctx = withEvents(rt);
      const { init } = require('../commands/init') as typeof import('../commands/init');
      const result = await init(ctx, { directory: options.directory ?? ctx.directory, format: options.format });
      rt.emit({ directory: result.directory, files: result.files, configWritten: result.configWritten });
      rt.out(`Creating directory ${relative(rt, result.directory)} ...  done`);
      for (const file of result.files) rt.out(`Generating ${relative(rt, file)} ...  done`);
      if (result.configWritten) {
        rt.out(`Generating ${relative(rt, result.configWritten)} ...  done`);
        rt.out(`Please edit ${relative(rt, result.configWritten)}: set the database url and your models module.`);
      }
    });

  const runMigrate = async (options: { message: string; revId?: string; allowEmpty?: boolean; baseline?: boolean }) => {
    const { migrate } = require('../commands/migrate') as typeof import('../commands/migrate');
    const { describeOp } = require('../autogenerate/render') as typeof import('../autogenerate/render');
    const result = await migrate(withEvents(rt), options);
    const stamped = options.baseline === true ? { stamped: result.stamped } : {};
    rt.emit({ revision: result.revision, path: result.path, operations: result.ops.map(data().changeInfo), ...stamped });
    if (options.baseline !== true) for (const op of result.ops) rt.info(describeOp(op));
    for (const warning of result.warnings) rt.warn(warning);
    if (result.ops.length === 0) rt.out('No changes in schema detected.');
    if (result.path !== null) rt.out(`Generating ${relative(rt, result.path)} ...  done`);
    if (result.stamped.length > 0) rt.out(`Stamped the database at ${result.stamped.join(', ')} without running the script`);
  };

  program
    .command('migrate')
    .description('autogenerate a revision from the models compared with the database at head')
    .requiredOption('-m, --message <message>', 'what the revision does')
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .option('--allow-empty', 'write a script even when nothing changed')
    .option('--baseline', 'adopt a database tsdb never managed: write a first revision creating its current schema and stamp it there')
    .addHelpText(
      'after',
      '\nExamples:\n  tsdb migrate -m "add user.bio" && tsdb upgrade\n  tsdb migrate --baseline -m "baseline"   # an existing database, no scripts yet',
    )
    .action(runMigrate);

  program
    .command('check')
    .description('exit 1 and list the operations when the models differ from the database at head')
    .option('--offline', 'replay every migration into a scratch database (SQLite: in memory) instead of reading the database')
    .option(
      '--scratch-url <url>',
      'PostgreSQL, with --offline: a server where tsdb creates (and drops) a temporary database to replay into',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  tsdb check\n  tsdb check --offline   # in CI, no database needed\n' +
        '  tsdb check --offline --scratch-url postgresql://ci@localhost/postgres   # PostgreSQL',
    )
    .action(async (options: { offline?: boolean; scratchUrl?: string }, command: Command) => {
      if (options.scratchUrl !== undefined && options.offline !== true) {
        command.error('error: --scratch-url goes with --offline (the database to replay into); add --offline, or drop --scratch-url', {
          exitCode: 2,
          code: 'tsdb.scratchWithoutOffline',
        });
      }
      const { check } = require('../commands/check') as typeof import('../commands/check');
      const { describeOp } = require('../autogenerate/render') as typeof import('../autogenerate/render');
      const result = await check(withEvents(rt), options);
      rt.emit({ source: result.source, operations: result.ops.map(data().changeInfo), tampered: result.tampered });
      for (const warning of result.warnings) rt.warn(warning);
      if (result.ops.length === 0) rt.out('No new upgrade operations detected.');
      for (const op of result.ops) rt.out(describeOp(op));
      if (result.tampered.length > 0) {
        const { tamperError } = require('../commands/tamper') as typeof import('../commands/tamper');
        throw tamperError(result.tampered);
      }
      if (result.ops.length > 0)
        throw new TsdbError(
          'DRIFT',
          `New upgrade operations detected: ${result.ops.length}; run \`tsdb migrate -m "…"\` and review the script`,
        );
    });

  program
    .command('revision')
    .description('create a new, empty revision script (or an autogenerated one with --autogenerate)')
    .requiredOption('-m, --message <message>', 'what the revision does')
    .option('--autogenerate', 'write the operations detected from the models, like tsdb migrate')
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .option('--head <rev>', 'the parent revision: a head, LABEL@head, or base for a new root (default: the only head)')
    .option('--splice', 'allow --head to name a revision that is not a head, starting a new branch there')
    .option('--branch-label <label>', 'a branch label for the new revision', collect)
    .option('--depends-on <rev>', 'a revision this one depends on (repeatable)', collect)
    .addHelpText(
      'after',
      '\nExamples:\n  tsdb revision -m "backfill bios"\n  tsdb revision -m "audit log" --head base --branch-label audit\n  tsdb revision -m "hotfix" --head 3f2a9c --splice',
    )
    .action(
      async (options: {
        message: string;
        revId?: string;
        head?: string;
        branchLabel?: string[];
        dependsOn?: string[];
        autogenerate?: boolean;
        splice?: boolean;
      }) => {
        if (options.autogenerate === true) return runMigrate({ message: options.message, revId: options.revId, allowEmpty: true });
        const { revision } = require('../commands/revision') as typeof import('../commands/revision');
        const result = await revision(withEvents(rt), options);
        rt.emit({ revision: result.revision, path: result.path, downRevisions: result.downRevisions, heads: result.heads });
        rt.out(`Generating ${relative(rt, result.path)} ...  done`);
        if (result.heads.length > 1)
          rt.info(
            `There are now ${result.heads.length} heads (${result.heads.join(', ')}); join them with \`tsdb merge -m MSG\` before \`tsdb upgrade\`, or upgrade with \`tsdb upgrade heads\``,
          );
      },
    );

  program
    .command('merge [revisions...]')
    .description('write a merge revision joining several heads (default: all heads)')
    .requiredOption('-m, --message <message>', 'what the merge joins')
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .option('--branch-label <label>', 'a branch label for the merge revision', collect)
    .addHelpText(
      'after',
      '\nREVISIONS: heads (the default), ids, unique prefixes, labels, LABEL@head\nExamples:\n  tsdb merge -m "merge feature branches"\n  tsdb merge 3f2a9c 9b1e04 -m "join billing and audit"',
    )
    .action(async (revisions: string[], options: { message: string; revId?: string; branchLabel?: string[] }) => {
      const { merge } = require('../commands/merge') as typeof import('../commands/merge');
      const result = await merge(withEvents(rt), { ...options, revisions });
      rt.emit({ revision: result.revision, path: result.path, downRevisions: result.downRevisions });
      rt.out(`Generating ${relative(rt, result.path)} ...  done`);
    });

  for (const direction of ['upgrade', 'downgrade'] as const) {
    program
      .command(`${direction} [target]`)
      .description(
        direction === 'upgrade' ? 'apply revisions up to TARGET (default: head)' : 'revert revisions down to TARGET (default: -1)',
      )
      .addHelpText(
        'after',
        direction === 'upgrade'
          ? '\nTARGET: head, heads, a revision id or unique prefix, a label, +N, REV+N, label@head, label@+N, base+N\n' +
              'Examples:\n  tsdb upgrade\n  tsdb upgrade +1\n  tsdb upgrade 3f2a9c'
          : '\nTARGET: base, a revision id or unique prefix, -N, REV-N, REV@-N, label@-N, label@REV, label@base\n' +
              'Examples:\n  tsdb downgrade\n  tsdb downgrade -2\n  tsdb downgrade base',
      )
      .option('--strict', 'fail, instead of warning, when an applied script was edited or deleted')
      .option('--sql', SQL_OPTION_HELP)
      .action(async (target: string | undefined, options: { strict?: boolean; sql?: boolean }) => {
        if (options.sql === true) return printOfflineSql(rt, direction, target === undefined ? [] : [target]);
        const { upgrade, downgrade } = require('../commands/upgrade') as typeof import('../commands/upgrade');
        const run = direction === 'upgrade' ? upgrade : downgrade;
        const started = performance.now();
        const result = await run(withEvents(rt), { target, strict: options.strict });
        if (rt.progress() && result.steps.length > 0) rt.info(summaryLine(direction, result.steps.length, performance.now() - started));
        rt.emit({ steps: result.steps.map(data().stepInfo), current: result.current });
        if (result.steps.length === 0) rt.info(`Nothing to ${direction}: the database is at ${result.current.join(', ') || 'base'}`);
      });
  }

  registerGraphCommands(program, rt);

  program
    .command('stamp <revisions...>')
    .description('set the version table to REV without running any script')
    .option('--purge', 'empty the version table first, even rows naming unknown revisions')
    .option('--repair', 'accept the edited text of ONE applied revision (after review), so check and upgrade stop reporting it')
    .addOption(program.createOption('--sql', SQL_OPTION_HELP).conflicts(['purge', 'repair']))
    .addHelpText('after', '\nExamples:\n  tsdb stamp head\n  tsdb stamp --purge base\n  tsdb stamp --repair 3f2a9c1b7d4e')
    .action(async (revisions: string[], options: { purge?: boolean; repair?: boolean; sql?: boolean }) => {
      if (options.sql === true) return printOfflineSql(rt, 'stamp', revisions);
      const { stamp } = require('../commands/stamp') as typeof import('../commands/stamp');
      const result = await stamp(withEvents(rt), { revisions, purge: options.purge, repair: options.repair });
      rt.emit({ before: result.before, after: result.after });
    });
}

/** The plain-data converters, loaded when a command prints (not at start-up). */
function data(): typeof import('../commands/plain-data') {
  return require('../commands/plain-data') as typeof import('../commands/plain-data');
}
