/**
 * The DIM step-through view's reading of one decision (lib/dim/net_dim.c):
 * each of the three measures against the previous window's, with the 10 %
 * band IS_SIGNIFICANT_DIFF draws, in the order net_dim_stats_compare reads them.
 */
import { isSignificantDiff, type DimStep } from '../core';

export interface MeasureRow {
  name: string;
  unit: string;
  curr: number;
  prev: number;
  /** The "same" band: values whose difference from prev is at most 10 % (integer rule). */
  bandLow: number;
  bandHigh: number;
  /** above / below the band, or inside it (same); "—" when prev is 0. */
  verdict: 'above' | 'below' | 'same' | 'no reference';
  /** This measure decided the comparison (the first significant one, as net_dim_stats_compare reads them). */
  decides: boolean;
}

/** The band of values `v` with floor(100 × |v − ref| / ref) ≤ 10. */
export function sameBand(ref: number): [number, number] {
  if (ref <= 0) return [0, 0];
  // floor(100 d / ref) <= 10  <=>  100 d < 11 ref  <=>  d < 0.11 ref.
  const d = Math.ceil((11 * ref) / 100) - 1;
  return [Math.max(0, ref - d), ref + d];
}

export function measureRows(step: DimStep): MeasureRow[] {
  if (!step.stats) return [];
  const rows: [string, string, number, number][] = [
    ['bytes', 'B/ms', step.stats.bpms, step.prevStats.bpms],
    ['packets', 'packets/ms', step.stats.ppms, step.prevStats.ppms],
    ['events', 'interrupts/ms', step.stats.epms, step.prevStats.epms],
  ];
  let decided = false;
  return rows.map(([name, unit, curr, prev]) => {
    const [bandLow, bandHigh] = sameBand(prev);
    const significant = isSignificantDiff(curr, prev);
    const verdict: MeasureRow['verdict'] = prev === 0 ? 'no reference' : significant ? (curr > prev ? 'above' : 'below') : 'same';
    const decides = !decided && (prev === 0 || significant);
    if (decides) decided = true;
    return { name, unit, curr, prev, bandLow, bandHigh, verdict, decides };
  });
}
