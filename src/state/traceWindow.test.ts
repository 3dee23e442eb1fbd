import { describe, expect, it } from 'vitest';
import { TraceKind, TimerId } from '../core/types';
import { REG_INDEX } from '../core/registers';
import { Simulation } from '../core/simulation';
import { cycleBreakdown } from '../core/cycles';
import { testScenario } from '../core/testScenario';
import type { Scenario } from '../core/scenario';
import { loadPreset } from '../scenario/presets';
import { SpanEnd, TraceWindow, type SpanList } from './traceWindow';
import type { TraceChunk } from '../worker/protocol';

function chunk(first: number, recs: [number, number, number, number][]): TraceChunk {
  return {
    first,
    tNs: Float64Array.from(recs.map((r) => r[0])),
    kind: Uint8Array.from(recs.map((r) => r[1])),
    a: Float64Array.from(recs.map((r) => r[2])),
    b: Float64Array.from(recs.map((r) => r[3])),
  };
}

describe('TraceWindow', () => {
  it('keeps records in order and derives timer and line spans', () => {
    const tw = new TraceWindow(1024);
    tw.append(
      chunk(0, [
        [0, TraceKind.TIMER_START, TimerId.RDTR, 8192],
        [5000, TraceKind.TIMER_RESTART, TimerId.RDTR, 13192],
        [13192, TraceKind.TIMER_FIRE, TimerId.RDTR, 0],
        [13192, TraceKind.LINE_ASSERT, 0x80, 0],
        [13500, TraceKind.LINE_DEASSERT, 0, 0],
      ]),
    );
    expect(tw.length).toBe(5);
    const rdtr = tw.timerSpans[TimerId.RDTR];
    expect(rdtr.length).toBe(2);
    expect(rdtr.how[0]).toBe(SpanEnd.RESTARTED);
    expect(rdtr.how[1]).toBe(SpanEnd.FIRED);
    expect(rdtr.firstOverlapping(6000)).toBe(1);
    expect(tw.timerSpans[TimerId.RADV].length).toBe(0);
    expect(tw.lineSpans.length).toBe(1);
    expect(tw.lineSpans.end[0]).toBe(13500);
    expect(tw.interruptsIn(0, 20000)).toEqual([3]);
    expect(tw.lowerBound(13192)).toBe(2);
    expect(tw.upperBound(13192)).toBe(4);
  });

  it('drops the oldest records when full, never more than it holds', () => {
    const tw = new TraceWindow(100);
    for (let k = 0; k < 10; k++) {
      tw.append(chunk(k * 30, Array.from({ length: 30 }, (_, i) => [k * 30 + i, TraceKind.RX_ARRIVE, k * 30 + i, 64] as [number, number, number, number])));
      expect(tw.length).toBeLessThanOrEqual(100);
    }
    expect(tw.endNs).toBe(299);
    expect(tw.firstSeq).toBe(tw.tNs[0]);
    for (let i = 1; i < tw.length; i++) expect(tw.tNs[i]).toBeGreaterThan(tw.tNs[i - 1]);
  });

  it('keeps only the newest records of an oversized chunk', () => {
    const tw = new TraceWindow(10);
    tw.append(chunk(0, Array.from({ length: 25 }, (_, i) => [i, TraceKind.RX_ARRIVE, i, 64] as [number, number, number, number])));
    expect(tw.length).toBe(10);
    expect(tw.startNs).toBe(15);
    expect(tw.firstSeq).toBe(15);
  });
});

describe('TraceWindow gaps', () => {
  it('records a gap where the worker skipped records and closes open spans there', () => {
    const tw = new TraceWindow(1024);
    tw.append(chunk(0, [[0, TraceKind.TIMER_START, TimerId.RADV, 32768]]));
    tw.append(chunk(500, [[90_000, TraceKind.RX_ARRIVE, 7, 64]]), 499);
    expect(tw.gaps.length).toBe(1);
    expect(tw.gaps.start[0]).toBe(0);
    expect(tw.gaps.end[0]).toBe(90_000);
    expect(tw.gaps.value[0]).toBe(499);
    // The open RADV run ends where knowledge ends: the start of the gap.
    expect(tw.timerSpans[TimerId.RADV].end[0]).toBe(0);
    expect(tw.lost).toBe(499);
  });
});

describe('TraceWindow guest mask and unmask-wait spans, from real runs', () => {
  /** linux-e1000 under tcg-2012 with RX every 20 us: the 128 us QEMU window ends while the driver still polls, masked. */
  const unmaskWait = testScenario({
    durationUs: 3000,
    device: { model: 'qemu-2013' },
    guest: { driver: 'linux-e1000', costs: 'tcg-2012' },
    rx: { pattern: 'constant', pps: 50_000, bytes: 64, startUs: 0 },
  });

  function run(scenario: Scenario): Simulation {
    const sim = new Simulation(scenario, { traceCapacity: 1 << 20 });
    sim.advanceTo(scenario.durationUs * 1000);
    return sim;
  }

  function spansOf(list: SpanList): [number, number][] {
    return Array.from({ length: list.length }, (_, i) => [list.start[i], list.end[i]]);
  }

  it('a mask runs from each IMC write to the next IMS write', () => {
    const sim = run(unmaskWait);
    const tw = new TraceWindow();
    tw.append(sim.trace.copySince(0));
    const writes = sim.trace.records().filter((r) => r.kind === TraceKind.MMIO_WRITE && (r.a === REG_INDEX.IMC || r.a === REG_INDEX.IMS));
    const expected: [number, number][] = [];
    let maskedAt = -1;
    for (const w of writes) {
      if (w.a === REG_INDEX.IMC && maskedAt < 0) maskedAt = w.tNs;
      else if (w.a === REG_INDEX.IMS && maskedAt >= 0) {
        expected.push([maskedAt, w.tNs]);
        maskedAt = -1;
      }
    }
    expect(expected.length).toBeGreaterThan(10);
    const got = spansOf(tw.maskSpans);
    expect(got.slice(0, expected.length)).toEqual(expected);
    // The run ends masked or not: at most one more span, still open.
    expect(got.length - expected.length).toBe(maskedAt >= 0 ? 1 : 0);
    if (maskedAt >= 0) expect(tw.maskSpans.how[got.length - 1]).toBe(SpanEnd.OPEN);
  });

  it('the unmask waits add up to cycleBreakdown and sit inside masks, each ending at an interrupt', () => {
    const sim = run(unmaskWait);
    const tw = new TraceWindow();
    tw.append(sim.trace.copySince(0));
    const b = cycleBreakdown(sim.trace.records());
    expect(b.unmaskWaitNs).toBeGreaterThan(0);
    const waits = spansOf(tw.unmaskWaitSpans);
    expect(waits.length).toBeGreaterThan(10);
    const total = waits.reduce((sum, [s, e]) => sum + (e - s), 0);
    expect(total / b.cycles).toBeCloseTo(b.unmaskWaitNs, 6);
    const asserts = new Set(sim.trace.records().filter((r) => r.kind === TraceKind.LINE_ASSERT).map((r) => r.tNs));
    const masks = spansOf(tw.maskSpans);
    for (const [s, e] of waits) {
      expect(asserts.has(e)).toBe(true);
      expect(masks.some(([ms, me]) => ms <= s && me === e)).toBe(true);
    }
    // Here each wait starts when the 128 us window fired: 69.81 us before the IMS write in the second cycle
    // (tcg-2012 with its injection calibrated on the seed's baseline rows, docs/cost-profiles.md).
    expect(waits[0]).toEqual([128_000, 197_810]);
  });

  it('QEMU 7.2 with mitigation on: the driver unmasks a few us after each interrupt, so nothing waits for it', () => {
    const r = loadPreset('qemu72-tcg-tx-on');
    if (!r.ok) throw new Error(r.error);
    const sim = run({ ...r.value, durationUs: 5000 });
    const tw = new TraceWindow();
    tw.append(sim.trace.copySince(0));
    expect(tw.maskSpans.length).toBeGreaterThan(20);
    for (let i = 0; i < tw.maskSpans.length - 1; i++) expect(tw.maskSpans.end[i] - tw.maskSpans.start[i]).toBeLessThan(10_000);
    expect(tw.unmaskWaitSpans.length).toBe(0);
    // The main-loop wake-up is a timer span of its own: 42.7 us after each window fired.
    const wake = tw.timerSpans[TimerId.WAKE];
    expect(wake.length).toBeGreaterThan(20);
    expect(wake.end[0] - wake.start[0]).toBe(42_700);
    expect(wake.how[0]).toBe(SpanEnd.FIRED);
  });

  it('gives the same spans when the records come in small chunks, and drops old ones with their records', () => {
    const sim = run(unmaskWait);
    const total = sim.trace.total;
    const inChunks = (tw: TraceWindow) => {
      for (let from = 0; from < total; from += 97) {
        const c = sim.trace.copySince(from);
        const n = Math.min(97, total - from);
        tw.append({ first: c.first, tNs: c.tNs.subarray(0, n), kind: c.kind.subarray(0, n), a: c.a.subarray(0, n), b: c.b.subarray(0, n) });
      }
      return tw;
    };
    const whole = new TraceWindow();
    whole.append(sim.trace.copySince(0));
    const pieces = inChunks(new TraceWindow());
    expect(spansOf(pieces.maskSpans)).toEqual(spansOf(whole.maskSpans));
    expect(spansOf(pieces.unmaskWaitSpans)).toEqual(spansOf(whole.unmaskWaitSpans));

    const small = inChunks(new TraceWindow(300));
    expect(small.length).toBeLessThanOrEqual(300);
    for (const [list, all] of [
      [small.maskSpans, whole.maskSpans],
      [small.unmaskWaitSpans, whole.unmaskWaitSpans],
    ] as const) {
      expect(list.length).toBeGreaterThan(0);
      expect(list.length).toBeLessThan(all.length);
      // What is kept is the newest spans, unchanged; those that ended before the oldest record kept are gone.
      expect(spansOf(list)).toEqual(spansOf(all).slice(all.length - list.length));
      for (let i = 0; i < list.length; i++) expect(list.end[i]).toBeGreaterThanOrEqual(small.startNs);
    }
  });

  it('a gap ends an open mask where knowledge ends and waits for a fresh interrupt before measuring again', () => {
    const tw = new TraceWindow(1024);
    tw.append(
      chunk(0, [
        [0, TraceKind.LINE_ASSERT, 0x80, 0],
        [1000, TraceKind.ICR_READ, 0x80, 0],
        [2000, TraceKind.MMIO_WRITE, REG_INDEX.IMC, 0xffffffff],
      ]),
    );
    expect(tw.maskSpans.how[0]).toBe(SpanEnd.OPEN);
    tw.append(
      chunk(50, [
        [90_000, TraceKind.MMIO_WRITE, REG_INDEX.IMS, 0x9d],
        [90_000, TraceKind.LINE_ASSERT, 0x80, 0],
      ]),
      40,
    );
    expect(tw.maskSpans.end[0]).toBe(2000);
    expect(tw.maskSpans.how[0]).toBe(SpanEnd.STOPPED);
    expect(tw.unmaskWaitSpans.length).toBe(0);
  });
});
