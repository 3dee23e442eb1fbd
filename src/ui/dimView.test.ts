import { describe, expect, it } from 'vitest';
import { isSignificantDiff } from '../core/guest/drivers/netDim';
import { measureRows, sameBand } from './dimView';

describe('the DIM view reads the 10 % band as IS_SIGNIFICANT_DIFF does', () => {
  it('the band is every value that is not a significant difference', () => {
    for (const ref of [1, 7, 64, 100, 999, 64_000]) {
      const [lo, hi] = sameBand(ref);
      expect(isSignificantDiff(lo, ref)).toBe(false);
      expect(isSignificantDiff(hi, ref)).toBe(false);
      if (lo > 0) expect(isSignificantDiff(lo - 1, ref)).toBe(true);
      expect(isSignificantDiff(hi + 1, ref)).toBe(true);
    }
    expect(sameBand(100)).toEqual([90, 110]);
  });

  it('the first significant measure decides, in the order bytes, packets, events', () => {
    const rows = measureRows({
      timeNs: 0,
      nevents: 64,
      decided: true,
      stats: { bpms: 105, ppms: 130, epms: 10 },
      prevStats: { bpms: 100, ppms: 100, epms: 64 },
      compare: 2,
      tuneBefore: 2,
      tuneAfter: 2,
      ixBefore: 1,
      ixAfter: 2,
      newProfile: true,
    });
    expect(rows.map((r) => [r.name, r.verdict, r.decides])).toEqual([
      ['bytes', 'same', false],
      ['packets', 'above', true],
      ['events', 'below', false],
    ]);
  });
});
