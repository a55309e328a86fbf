import { describe, expect, it } from 'vitest';
import { parseOfflineRange, refuseRangeOnline } from '../../src/commands/offline-range';

describe('parseOfflineRange', () => {
  it('upgrade: TARGET or FROM:TARGET, FROM base by default, an empty TARGET is head', () => {
    expect(parseOfflineRange('upgrade', [])).toStrictEqual({ from: null, to: ['head'] });
    expect(parseOfflineRange('upgrade', ['+2'])).toStrictEqual({ from: null, to: ['+2'] });
    expect(parseOfflineRange('upgrade', ['abc:head'])).toStrictEqual({ from: 'abc', to: ['head'] });
    expect(parseOfflineRange('upgrade', ['base:abc'])).toStrictEqual({ from: null, to: ['abc'] });
    expect(parseOfflineRange('upgrade', [':abc'])).toStrictEqual({ from: null, to: ['abc'] });
    expect(parseOfflineRange('upgrade', ['abc:'])).toStrictEqual({ from: 'abc', to: ['head'] });
  });

  it('downgrade: FROM:TO, both required', () => {
    expect(parseOfflineRange('downgrade', ['head:base'])).toStrictEqual({ from: 'head', to: ['base'] });
    expect(parseOfflineRange('downgrade', ['head:-1'])).toStrictEqual({ from: 'head', to: ['-1'] });
    expect(() => parseOfflineRange('downgrade', [])).toThrow(
      /^downgrade --sql: offline mode reads no database, so it needs FROM:TO; e\.g\. tsdb downgrade --sql head:base/,
    );
    expect(() => parseOfflineRange('downgrade', ['-1'])).toThrow(/needs FROM:TO, not a target alone \(got '-1'\)/);
    expect(() => parseOfflineRange('downgrade', [':base'])).toThrow(/both FROM and TO are needed/);
    expect(() => parseOfflineRange('downgrade', ['head:'])).toThrow(/both FROM and TO are needed/);
  });

  it('stamp: REV…, or FROM:REV', () => {
    expect(parseOfflineRange('stamp', ['a', 'b'])).toStrictEqual({ from: null, to: ['a', 'b'] });
    expect(parseOfflineRange('stamp', ['a:b'])).toStrictEqual({ from: 'a', to: ['b'] });
    expect(() => parseOfflineRange('stamp', ['a:'])).toThrow(/give the revision to stamp after the colon/);
    expect(() => parseOfflineRange('stamp', ['a:b', 'c'])).toThrow(/give exactly one FROM:TO range/);
  });

  it('refuses malformed ranges with one line', () => {
    expect(() => parseOfflineRange('upgrade', ['a:b:c'])).toThrow(/^upgrade --sql: give exactly one FROM:TO range \(got 'a:b:c'\)/);
    expect(() => parseOfflineRange('upgrade', ['a', 'b'])).toThrow(/give one target or one FROM:TO range/);
  });
});

describe('refuseRangeOnline', () => {
  it('points a range given without --sql at --sql, and lets single targets through', () => {
    expect(() => refuseRangeOnline('upgrade', ['head'])).not.toThrow();
    expect(() => refuseRangeOnline('upgrade', ['abc:head'])).toThrow(
      "'abc:head' is a FROM:TO range, which only `tsdb upgrade --sql` (offline SQL) takes; to change the database give one target, e.g. `tsdb upgrade head`",
    );
  });
});
