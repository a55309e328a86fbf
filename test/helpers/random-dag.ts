/** Seeded random revision graphs and targets for property tests; a failing case is replayed from its seed. */
import type { Revision, RevisionMap } from '../../src/script/revision-map';
import { r } from './alembic-graphs';

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1-12 revisions, some merges and dependencies, shuffled. */
export function randomDag(random: () => number): Revision[] {
  const count = 1 + Math.floor(random() * 12);
  const made: Revision[] = [];
  const pick = (below: number): string => `n${Math.floor(random() * below)}`;
  for (let i = 0; i < count; i += 1) {
    const parents = new Set<string>();
    if (i > 0 && random() > 0.15) {
      parents.add(pick(i));
      if (random() < 0.25) parents.add(pick(i));
    }
    const dependsOn = i > 1 && random() < 0.2 ? [pick(i)].filter((id) => !parents.has(id)) : [];
    made.push(r(`n${i}`, [...parents], { deps: dependsOn }));
  }
  for (let i = made.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = made[i];
    const b = made[j];
    if (a !== undefined && b !== undefined) [made[i], made[j]] = [b, a];
  }
  return made;
}

/** A random DAG where some revisions carry a branch label (`L<i>`). */
export function randomLabelledDag(random: () => number): Revision[] {
  return randomDag(random).map((r) => (random() < 0.3 ? { ...r, branchLabels: [`L${r.id.slice(1)}`] } : r));
}

/** A target of every form a user can type, for upgrade or downgrade. */
export function randomTarget(map: RevisionMap, random: () => number, direction: 'upgrade' | 'downgrade'): string {
  const pick = <T>(list: ReadonlyArray<T>): T | undefined => list[Math.floor(random() * list.length)];
  const rev = pick(map.revisions) ?? map.revisions[0];
  const id = rev?.id ?? 'n0';
  const label = pick(map.revisions.flatMap((r) => r.branchLabels)) ?? id;
  const forms =
    direction === 'upgrade'
      ? [
          'head',
          'heads',
          id,
          id.slice(0, 2),
          label,
          `${label}@head`,
          `${label}@+1`,
          '+1',
          `${id}+1`,
          `${label}@heads`,
          'base+1',
          `${label}@base+1`,
          `${label}@head-1`,
          `${id}@${id}`,
          `${label}@${id}`,
          `${id}-1`,
        ]
      : [
          'base',
          '-1',
          id,
          `${id}-1`,
          label,
          `${label}@-1`,
          `${label}@base`,
          `${id}@-1`,
          `${label}@${id}`,
          `${label}@head-1`,
          'base+1',
          `${id}@base`,
          `${id}-2`,
        ];
  return pick(forms) ?? forms[0] ?? 'heads';
}

/** An applied set: the ancestors of a random choice of revisions. */
export function randomApplied(map: RevisionMap, random: () => number): Set<string> {
  return map.ancestors(map.revisions.filter(() => random() < 0.3).map((r) => r.id));
}
