/**
 * Compare's lanes: one block per configuration (interrupts, RX frames
 * arriving, taken and dropped, TX frames sent, guest vCPU busy), painted
 * with the timeline engine's scale and painter, and what the shared cursor
 * reads in each.
 */
import { causeNames } from '../../core';
import { binCounts, busyUpTo, countAtOrBefore } from '../../state/labCompare';
import type { LaneData } from '../../sweep/lanes';
import { fmtInt, fmtNs } from '../../state/format';
import type { Palette } from '../colors';
import type { Painter } from './painter';
import { paintBins } from './paintTrace';
import type { TimeScale } from './timeScale';

export const COMPARE_ROWS = [
  { key: 'irq', label: 'IRQ', h: 18 },
  { key: 'rx', label: 'RX', h: 14 },
  { key: 'tx', label: 'TX', h: 14 },
  { key: 'cpu', label: 'CPU', h: 9 },
] as const;

/** Height of one configuration's block. */
export const COMPARE_LANE_H = COMPARE_ROWS.reduce((h, r) => h + r.h + 3, 3);

export function paintCompareLane(p: Painter, lane: LaneData, s: TimeScale, c: Palette): void {
  const cols = s.columns;
  const ticks = (instants: Float64Array, color: string, top: number, h: number, w = 1) => paintBins(p, binCounts(instants, s.t0, s.t1, cols), s.x0, top, h, color, w);
  let y = 3;
  for (const row of COMPARE_ROWS) {
    p.rect(s.x0, y, s.width, row.h, '#f6f7f8');
    p.text(4, y + row.h / 2, row.label, { size: 11, fill: c.muted });
    if (row.key === 'irq') ticks(lane.irqNs, c.irq, y, row.h);
    if (row.key === 'rx') {
      ticks(lane.rxArriveNs, c.rx, y, row.h / 2);
      ticks(lane.rxTakenNs, c.rxLight, y + row.h / 2, row.h / 2);
      ticks(lane.rxDropNs, c.drop, y, row.h, 3);
    }
    if (row.key === 'tx') ticks(lane.txDoneNs, c.tx, y, row.h);
    if (row.key === 'cpu') {
      const b = lane.cpuBusyNs;
      // First span ending after t0 (spans are sorted and disjoint).
      let lo = 0;
      let hi = b.length / 2;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[2 * mid + 1] < s.t0) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < b.length / 2 && b[2 * k] < s.t1; k++) {
        const a = Math.max(s.x0, s.x(b[2 * k]));
        p.rect(a, y, Math.max(1, Math.min(s.x1, s.x(b[2 * k + 1])) - a), row.h, c.cpu);
      }
    }
    y += row.h + 3;
  }
  // Past the end of the run: veiled.
  const endX = s.x(lane.durationNs);
  if (endX < s.x1) p.rect(Math.max(s.x0, endX), 0, s.x1 - Math.max(s.x0, endX), COMPARE_LANE_H, 'rgba(255,255,255,0.7)');
}

/** What the cursor reads in one lane. */
export function laneReadout(lane: LaneData, t: number): string {
  const irq = countAtOrBefore(lane.irqNs, t);
  const parts = [
    `${fmtInt(irq)} ${irq === 1 ? 'interrupt' : 'interrupts'}`,
    `${fmtInt(countAtOrBefore(lane.rxArriveNs, t))} RX arrived`,
    `${fmtInt(countAtOrBefore(lane.rxTakenNs, t))} taken`,
  ];
  const drops = countAtOrBefore(lane.rxDropNs, t);
  if (drops > 0) parts.push(`${fmtInt(drops)} dropped`);
  parts.push(`${fmtInt(countAtOrBefore(lane.txDoneNs, t))} TX sent`);
  if (t > 0) parts.push(`vCPU busy ${((busyUpTo(lane.cpuBusyNs, t) / t) * 100).toFixed(1)} %`);
  if (irq > 0) {
    const last = lane.irqNs[irq - 1];
    const causes = causeNames(lane.irqIcr[irq - 1]).join('|') || 'not ours';
    parts.push(`last interrupt ${fmtNs(t - last)} earlier (${causes})`);
  }
  return parts.join(' · ');
}
