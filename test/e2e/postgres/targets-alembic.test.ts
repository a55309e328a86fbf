/**
 * Alembic's traversal cases (the same tables test/script/alembic-cases.test.ts replays against RevisionMap) through
 * the built CLI on PostgreSQL: for the branched and merged graphs the scripts each command runs (every script logs
 * itself into trace.ran, outside the default schema) and the version rows it leaves; for those and the linear graph
 * (whose moves targets.test.ts covers by hand, with fixed ids) the refusals, which change nothing. Each case is a CLI run or two, so
 * the graphs are limited to these three to keep the file near a minute.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Revision } from '../../../src/script/revision-map';
import { DOWNGRADES, REVISION_DOWNGRADES } from '../../helpers/alembic-downgrade-cases';
import * as G from '../../helpers/alembic-graphs';
import { REFUSALS, STAMPS, type MoveCase } from '../../helpers/alembic-traversal-cases';
import { REVISION_UPGRADES, UPGRADES } from '../../helpers/alembic-upgrade-cases';
import { initEnvProject, mustSucceedOn, pgSnapshot, pgVersions, runOn, scriptSource } from '../../helpers/pg-cli';
import { usePostgres } from '../../helpers/postgres';
import { lines, useSharedTempProject, type TempProject } from '../../helpers/temp-project';

const GRAPHS = { LINEAR: G.LINEAR, BRANCHED: G.BRANCHED, MERGED: G.MERGED } as const;

/** A script for one revision of an Alembic graph: upgrade and downgrade each log themselves into trace.ran. */
function scriptText(rev: Revision): string {
  const log = (direction: string): string =>
    `await op.execute("INSERT INTO trace.ran (rev, direction) VALUES ('${rev.id}', '${direction}')");`;
  return scriptSource({ ...rev, upgrade: [log('up')], downgrade: [log('down')] });
}

function graphProject(graph: ReadonlyArray<Revision>): () => TempProject {
  return useSharedTempProject({}, (p) => {
    initEnvProject(p);
    for (const rev of graph) p.writeFile(`migrations/versions/${rev.id}_make_${rev.id}.ts`, scriptText(rev));
  });
}

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

for (const [graphName, graph] of Object.entries(GRAPHS)) {
  const moves = (cases: ReadonlyArray<MoveCase>): MoveCase[] => cases.filter((kase) => kase.graph === graph);
  const replayMoves = graph !== G.LINEAR;
  const upgrades = replayMoves ? [...moves(UPGRADES), ...moves(REVISION_UPGRADES)] : [];
  const downgrades = replayMoves ? [...moves(DOWNGRADES), ...moves(REVISION_DOWNGRADES)] : [];
  const stamps = replayMoves ? STAMPS.filter((kase) => kase.graph === graph) : [];
  const refusals = REFUSALS.filter((kase) => kase.graph === graph);

  describe(`Alembic's ${graphName} cases through the CLI on PostgreSQL`, { timeout: 60_000 }, () => {
    const pg = usePostgres();
    const project = graphProject(graph);

    beforeEach(async () => {
      await pg().server.query(
        pg().database,
        'CREATE SCHEMA trace; CREATE TABLE trace.ran (n serial PRIMARY KEY, rev text NOT NULL, direction text NOT NULL)',
      );
    });

    async function ran(): Promise<Array<{ rev: string; direction: string }>> {
      return pg().server.query(pg().database, 'SELECT rev, direction FROM trace.ran ORDER BY n');
    }

    function stampFrom(from: ReadonlyArray<string>): void {
      if (from.length > 0) mustSucceedOn(project(), pg().url, ['stamp', ...from]);
    }

    const moveCases = [
      ...upgrades.map((kase) => ({ label: `upgrade ${kase.name}`, command: 'upgrade' as const, kase })),
      ...downgrades.map((kase) => ({ label: `downgrade ${kase.name}`, command: 'downgrade' as const, kase })),
    ];
    if (moveCases.length > 0)
      it.each(moveCases)('$label', async ({ command, kase }) => {
        stampFrom(kase.from);
        mustSucceedOn(project(), pg().url, [command, kase.target]);
        const steps = await ran();
        expect(sorted(steps.map((step) => step.rev)), 'scripts run').toEqual(sorted(kase.steps));
        expect(new Set(steps.map((step) => step.direction))).toEqual(
          new Set(kase.steps.length === 0 ? [] : [command === 'upgrade' ? 'up' : 'down']),
        );
        expect(await pgVersions(pg()), 'version rows').toEqual(sorted(kase.rows));
      });

    if (stamps.length > 0) {
      it.each(stamps)('stamp: $name', async (kase) => {
        stampFrom(kase.from);
        mustSucceedOn(project(), pg().url, ['stamp', ...kase.targets]);
        expect(await ran()).toEqual([]);
        expect(await pgVersions(pg())).toEqual(sorted(kase.rows));
      });
    }

    if (refusals.length > 0) {
      it.each(refusals)('refused: $name', async (kase) => {
        stampFrom(kase.from);
        const before = await pgSnapshot(pg());
        const result = runOn(project(), pg().url, [kase.command, kase.target]);
        expect(result.code, result.stderr).toBe(1);
        expect(lines(result.stderr)).toEqual([expect.stringMatching(/^error: /)]);
        expect(await pgSnapshot(pg())).toBe(before);
      });
    }
  });
}
