/** The read-only commands that print the revision graph: current, history, heads, branches, show. */
import type { Command } from 'commander';
import type { CliRuntime } from './runtime';
import { withEvents } from './context';
import { formatBranch, formatHistoryLine, formatShort, formatVerbose } from './format';

/** Adds the graph commands to `program`; each requires its module only when it runs. */
export function registerGraphCommands(program: Command, rt: CliRuntime): void {
  program
    .command('current')
    .description('show the revision(s) the database is at')
    .option('-v, --verbose', 'show each revision in full')
    .addHelpText('after', '\nExamples:\n  tsdb current\n  tsdb current -v --json')
    .action(async (options: { verbose?: boolean }) => {
      const { current } = require('../commands/current') as typeof import('../commands/current');
      const result = await current(withEvents(rt));
      rt.emit({
        databaseExists: result.databaseExists,
        current: result.entries.map(({ id, entry }) =>
          entry === null ? { revision: id, unknown: true } : { ...data().revisionInfo(entry), isCurrent: true },
        ),
      });
      if (!result.databaseExists) rt.info('The database file does not exist yet: no revision is applied.');
      for (const { id, entry } of result.entries) {
        if (entry === null) rt.out(`${id} (no script defines this revision; see tsdb stamp --purge)`);
        else rt.out(options.verbose ? formatVerbose(entry, rt.color) : formatShort(id, entry.isHead, rt.color));
      }
    });

  program
    .command('history')
    .description('list revisions, newest first')
    .option('-r, --rev-range <range>', 'a range such as base:head, abc:, :abc, current:')
    .option('-v, --verbose', 'show each revision in full')
    .option('-i, --indicate-current', 'mark the revision(s) the database is at')
    .addHelpText('after', '\nExamples:\n  tsdb history\n  tsdb history -r current: --indicate-current')
    .action(async (options: { revRange?: string; verbose?: boolean; indicateCurrent?: boolean }) => {
      const { history } = require('../commands/history') as typeof import('../commands/history');
      const result = await history(withEvents(rt), {
        range: options.revRange,
        indicateCurrent: options.indicateCurrent,
        appliedTimes: options.verbose,
      });
      rt.emit({ revisions: result.entries.map(data().revisionInfo) });
      // one write: a thousand revisions print in one system call
      if (result.entries.length > 0)
        rt.out(
          result.entries.map((entry) => (options.verbose ? formatVerbose(entry, rt.color) : formatHistoryLine(entry, rt.color))).join('\n'),
        );
    });

  program
    .command('heads')
    .description('show the head revision(s) of the script directory')
    .option('-v, --verbose', 'show each revision in full')
    .addHelpText('after', '\nExample:\n  tsdb heads -v')
    .action(async (options: { verbose?: boolean }) => {
      const { heads } = require('../commands/history') as typeof import('../commands/history');
      const result = await heads(withEvents(rt));
      rt.emit({ heads: result.entries.map(data().revisionInfo) });
      for (const entry of result.entries)
        rt.out(options.verbose ? formatVerbose(entry, rt.color) : formatShort(entry.revision.id, true, rt.color));
    });

  program
    .command('branches')
    .description('show each branch point with its branches and the heads they lead to')
    .option('-v, --verbose', 'show each revision in full')
    .addHelpText('after', '\nExample:\n  tsdb branches')
    .action(async (options: { verbose?: boolean }) => {
      const { branches } = require('../commands/history') as typeof import('../commands/history');
      const result = await branches(withEvents(rt));
      rt.emit({ branchPoints: result.branchPoints.map(data().branchPointInfo) });
      for (const point of result.branchPoints) {
        if (options.verbose) {
          rt.out(formatVerbose(point.entry, rt.color));
          for (const branch of point.branches) rt.out(`    -> ${formatBranch(branch, rt.color)}`);
          rt.out('');
        } else {
          rt.out(formatHistoryLine(point.entry, rt.color));
          for (const branch of point.branches) rt.out(`    -> ${formatBranch(branch, rt.color)}`);
        }
      }
    });

  program
    .command('show <rev>')
    .description('show one revision in full')
    .addHelpText('after', '\nREV: a revision id, a unique prefix, a branch label, head\nExample:\n  tsdb show 3f2a9c')
    .action(async (rev: string) => {
      const { show } = require('../commands/history') as typeof import('../commands/history');
      const result = await show(withEvents(rt), { revision: rev });
      rt.emit({ revisions: result.entries.map(data().revisionInfo) });
      for (const entry of result.entries) rt.out(formatVerbose(entry, rt.color));
    });
}

/** The plain-data converters, loaded when a command prints (not at start-up). */
function data(): typeof import('../commands/plain-data') {
  return require('../commands/plain-data') as typeof import('../commands/plain-data');
}
