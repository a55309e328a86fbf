/** One commander registration per tsdb command: parse options, call the command, print its result. */
import type { Command } from 'commander';
import * as path from 'node:path';
import type { CliRuntime } from './cli';
import { formatHistoryLine, formatShort, formatStep, formatVerbose } from './cli-format';
import type { CommandContext, CommandEvent } from './commands/context';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function withEvents(rt: CliRuntime): CommandContext {
  const onEvent = (event: CommandEvent) => {
    switch (event.type) {
      case 'step': rt.info(formatStep(event.step)); break;
      case 'stamp': rt.info(`Running stamp_revision ${event.before.join(', ')} -> ${event.after.join(', ')}`); break;
      case 'info': rt.info(event.message); break;
      case 'warning': rt.io.stderr(`${rt.color.yellow('warning:')} ${event.message}\n`); break;
    }
  };
  return { ...rt.context(), onEvent };
}

function relative(rt: CliRuntime, file: string): string {
  const rel = path.relative(rt.io.cwd, file);
  return rel.startsWith('..') ? file : rel;
}

/** Adds every command to `program`. Command modules are required when their command runs, so `tsdb current` never loads upgrade code. */
export function registerCommands(program: Command, rt: CliRuntime): void {
  program.command('init')
    .description('create tsdb.config.ts (if none) and the script directory')
    .option('-d, --directory <dir>', 'the script directory to create', undefined)
    .addHelpText('after', '\nExample:\n  tsdb init\n  tsdb init -d db/migrations')
    .action(async (options: { directory?: string }) => {
      const ctx = withEvents(rt);
      const { init } = require('./commands/init') as typeof import('./commands/init');
      const result = await init(ctx, { directory: options.directory ?? ctx.directory });
      rt.out(`Creating directory ${relative(rt, result.directory)} ...  done`);
      for (const file of result.files) rt.out(`Generating ${relative(rt, file)} ...  done`);
      if (result.configWritten) {
        rt.out(`Generating ${relative(rt, result.configWritten)} ...  done`);
        rt.out(`Please edit ${relative(rt, result.configWritten)}: set the database url and your models module.`);
      }
    });

  program.command('revision')
    .description('create a new, empty revision script')
    .requiredOption('-m, --message <message>', 'what the revision does')
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .option('--head <rev>', 'the parent revision (default: the current head)')
    .option('--branch-label <label>', 'a branch label for the new revision', collect)
    .option('--depends-on <rev>', 'a revision this one depends on (repeatable)', collect)
    .addHelpText('after', '\nExample:\n  tsdb revision -m "backfill bios"')
    .action(async (options: { message: string; revId?: string; head?: string; branchLabel?: string[]; dependsOn?: string[] }) => {
      const { revision } = require('./commands/revision') as typeof import('./commands/revision');
      const result = await revision(withEvents(rt), options);
      rt.out(`Generating ${relative(rt, result.path)} ...  done`);
    });

  for (const direction of ['upgrade', 'downgrade'] as const) {
    program.command(`${direction} [target]`)
      .description(direction === 'upgrade' ? 'apply revisions up to TARGET (default: head)' : 'revert revisions down to TARGET (default: -1)')
      .addHelpText('after', direction === 'upgrade'
        ? '\nTARGET: head, base, a revision id or unique prefix, +N, REV+N\nExamples:\n  tsdb upgrade\n  tsdb upgrade +1\n  tsdb upgrade 3f2a9c'
        : '\nTARGET: base, a revision id or unique prefix, -N, REV-N\nExamples:\n  tsdb downgrade\n  tsdb downgrade -2\n  tsdb downgrade base')
      .action(async (target: string | undefined) => {
        const { upgrade, downgrade } = require('./commands/upgrade') as typeof import('./commands/upgrade');
        const run = direction === 'upgrade' ? upgrade : downgrade;
        const result = await run(withEvents(rt), { target });
        if (result.steps.length === 0) rt.info(`Nothing to ${direction}: the database is at ${result.current.join(', ') || 'base'}`);
      });
  }

  program.command('current')
    .description('show the revision(s) the database is at')
    .option('-v, --verbose', 'show each revision in full')
    .action(async (options: { verbose?: boolean }) => {
      const { current } = require('./commands/current') as typeof import('./commands/current');
      const result = await current(withEvents(rt));
      if (!result.databaseExists) rt.info('The database file does not exist yet: no revision is applied.');
      for (const { id, entry } of result.entries) {
        if (entry === null) rt.out(`${id} (no script defines this revision; see tsdb stamp --purge)`);
        else rt.out(options.verbose ? formatVerbose(entry, rt.color) : formatShort(id, entry.isHead, rt.color));
      }
    });

  program.command('history')
    .description('list revisions, newest first')
    .option('-r, --rev-range <range>', 'a range such as base:head, abc:, :abc, current:')
    .option('-v, --verbose', 'show each revision in full')
    .option('-i, --indicate-current', 'mark the revision(s) the database is at')
    .addHelpText('after', '\nExamples:\n  tsdb history\n  tsdb history -r current: --indicate-current')
    .action(async (options: { revRange?: string; verbose?: boolean; indicateCurrent?: boolean }) => {
      const { history } = require('./commands/history') as typeof import('./commands/history');
      const result = await history(withEvents(rt), { range: options.revRange, indicateCurrent: options.indicateCurrent });
      // one write: a thousand revisions print in one system call
      if (result.entries.length > 0) rt.out(result.entries.map((entry) => (options.verbose ? formatVerbose(entry, rt.color) : formatHistoryLine(entry, rt.color))).join('\n'));
    });

  program.command('heads')
    .description('show the head revision(s) of the script directory')
    .option('-v, --verbose', 'show each revision in full')
    .action(async (options: { verbose?: boolean }) => {
      const { heads } = require('./commands/history') as typeof import('./commands/history');
      const result = await heads(withEvents(rt));
      for (const entry of result.entries) rt.out(options.verbose ? formatVerbose(entry, rt.color) : formatShort(entry.revision.id, true, rt.color));
    });

  program.command('show <rev>')
    .description('show one revision in full')
    .action(async (rev: string) => {
      const { show } = require('./commands/history') as typeof import('./commands/history');
      const result = await show(withEvents(rt), { revision: rev });
      for (const entry of result.entries) rt.out(formatVerbose(entry, rt.color));
    });

  program.command('stamp <revisions...>')
    .description('set the version table to REV without running any script')
    .option('--purge', 'empty the version table first, even rows naming unknown revisions')
    .addHelpText('after', '\nExamples:\n  tsdb stamp head\n  tsdb stamp --purge base')
    .action(async (revisions: string[], options: { purge?: boolean }) => {
      const { stamp } = require('./commands/stamp') as typeof import('./commands/stamp');
      await stamp(withEvents(rt), { revisions, purge: options.purge });
    });
}
