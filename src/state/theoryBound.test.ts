/**
 * Rule (issue 25, ux-walk item 7): the Metrics theory line never contradicts
 * the measured rate under it. The measured rate is (interrupts − 1) ÷ time so
 * far; the 8254x's ITR bound 1/(ITR × 256 ns) caps it only if that ITR was in
 * force for every gap, i.e. if ITR did not change after the first interrupt.
 * After a timed ITR write mid-run the line says since when its bound holds.
 *
 * The runs go through the worker API into a TraceWindow, as in the app.
 *
 * Hand-worked: 8254x, ideal guest, RDTR 0, frames every 5 µs from 0 to
 * 1000 µs. ITR 50 = 12.8 µs (at most 78,125 /s). A console write of ITR 1000
 * (256 µs, at most 3,906.25 /s) at 500 µs. Until 500 µs the interrupts are
 * about 12.8 µs apart (~40 of them); after it about 256 µs apart (two more),
 * so over the whole run (interrupts − 1) ÷ 1 ms is about 40,000 /s: far above
 * 3,906 /s, which is what the old line printed.
 */
import { describe, expect, it } from 'vitest';
import { testScenario } from '../core/testScenario';
import type { Scenario } from '../core/scenario';
import { createSimApi } from '../worker/simApi';
import type { Frame } from '../worker/protocol';
import { TraceWindow } from './traceWindow';
import { interruptBound, theoryLine } from './theoryBound';

const flood = (consoleOps: Scenario['console']): Scenario => ({
  ...testScenario({ durationUs: 1000, device: { regs: { ITR: 50 } }, rx: { pattern: 'list', atUs: Array.from({ length: 200 }, (_, i) => i * 5), bytes: 64 } }),
  ...(consoleOps ? { console: consoleOps } : {}),
});

/** Load, then advance in steps of `stepUs`, feeding every frame's trace to one TraceWindow as the store does. */
function runInSteps(scenario: Scenario, toUs: number, stepUs: number): { frame: Frame; tw: TraceWindow } {
  const api = createSimApi();
  const tw = new TraceWindow();
  let frame = api.load(scenario, 0);
  tw.append(frame.trace, frame.lost);
  while (frame.nowNs < toUs * 1000) {
    frame = api.advance(Math.min(stepUs * 1000, toUs * 1000 - frame.nowNs));
    if (frame.reset) tw.reset();
    tw.append(frame.trace, frame.lost);
  }
  return { frame, tw };
}

describe('theory line over the window measured', () => {
  const write: Scenario['console'] = [{ tUs: 500, op: 'write', reg: 'ITR', value: 1000 }];

  it('before the write: the bound of ITR 50 holds for the whole run, and the measured rate is under it', () => {
    const { frame, tw } = runInSteps(flood(write), 400, 50);
    const t = theoryLine(flood(write), frame.snapshot.regs, tw);
    expect(t.since).toBeNull();
    expect(t.bound?.rate).toBeCloseTo(1e9 / (50 * 256), 9); // 78,125 /s
    expect(frame.metrics.interruptsPerSec).toBeLessThanOrEqual(t.bound!.rate);
  });

  it('after the write: the line gives ITR 1000 bound since 500 µs, which the whole run rightly exceeds', () => {
    const s = flood(write);
    const { frame, tw } = runInSteps(s, 1000, 50);
    const t = theoryLine(s, frame.snapshot.regs, tw);
    expect(t.bound?.rate).toBeCloseTo(1e9 / (1000 * 256), 9); // 3,906.25 /s
    expect(t.since).toEqual({ tNs: 500_000, what: 'ITR 50 → 1000' });
    // The false statement the line used to make: the run so far is far above the new bound.
    expect(frame.metrics.interruptsPerSec).toBeGreaterThan(30_000);
    // The same answer when the trace arrives in one piece (a link opened at 1000 µs).
    const api = createSimApi();
    const fresh = api.load(s, 1_000_000);
    const tw2 = new TraceWindow();
    tw2.append(fresh.trace, fresh.lost);
    expect(theoryLine(s, fresh.snapshot.regs, tw2)).toEqual(t);
  });

  it('a write before the first interrupt governs every gap: no "since", and the measured rate is under the new bound', () => {
    // Traffic from 100 µs; ITR 1000 written at 50 µs, before any interrupt.
    const s: Scenario = {
      ...testScenario({ durationUs: 1000, device: { regs: { ITR: 50 } }, rx: { pattern: 'list', atUs: Array.from({ length: 180 }, (_, i) => 100 + i * 5), bytes: 64 } }),
      console: [{ tUs: 50, op: 'write', reg: 'ITR', value: 1000 }],
    };
    const { frame, tw } = runInSteps(s, 1000, 100);
    const t = theoryLine(s, frame.snapshot.regs, tw);
    expect(t.since).toBeNull();
    expect(t.bound?.rate).toBeCloseTo(3906.25, 9);
    expect(frame.metrics.interrupts).toBeGreaterThan(1);
    expect(frame.metrics.interruptsPerSec).toBeLessThanOrEqual(t.bound!.rate);
  });

  it('a write of the same value is no change', () => {
    const s = flood([{ tUs: 500, op: 'write', reg: 'ITR', value: 50 }]);
    const { frame, tw } = runInSteps(s, 1000, 250);
    expect(theoryLine(s, frame.snapshot.regs, tw).since).toBeNull();
  });

  it('a write the model ignores changes no bound: qemu-2012 stores ITR but raises every cause at once', () => {
    const base = flood([{ tUs: 500, op: 'write', reg: 'ITR', value: 1000 }]);
    const s: Scenario = { ...base, device: { ...base.device, model: 'qemu-2012' } };
    const { frame, tw } = runInSteps(s, 1000, 250);
    expect(theoryLine(s, frame.snapshot.regs, tw)).toEqual({ bound: null, since: null });
  });

  it('a window that lost the records of the write: the registers now differ from the last seen, so the line says the bound is the one now', () => {
    const s = flood(write);
    // A small worker buffer: the frame that runs to 1000 µs carries only the last records, the rest are lost.
    const api = createSimApi({ traceCapacity: 64, resetHistory: 64, maxRecordsPerFrame: 64 });
    const tw = new TraceWindow();
    let frame = api.load(s, 0);
    tw.append(frame.trace, frame.lost);
    frame = api.advance(499_000);
    tw.append(frame.trace, frame.lost);
    expect(tw.lost).toBeGreaterThan(0);
    frame = api.advance(501_000);
    tw.append(frame.trace, frame.lost);
    const t = theoryLine(s, frame.snapshot.regs, tw);
    expect(t.bound?.rate).toBeCloseTo(3906.25, 9);
    expect(t.since).toEqual({ tNs: null, what: 'ITR 50 → 1000' });
  });

  it('ITR 0 written mid-run: no bound since then', () => {
    const s = flood([{ tUs: 500, op: 'write', reg: 'ITR', value: 0 }]);
    const { frame, tw } = runInSteps(s, 1000, 250);
    const t = theoryLine(s, frame.snapshot.regs, tw);
    expect(t.bound).toBeNull();
    expect(t.since).toEqual({ tNs: 500_000, what: 'ITR 50 → 0' });
  });

  it('interruptBound words the rule with its window', () => {
    expect(interruptBound(flood(undefined))).toEqual({ rate: 78_125, why: 'ITR = 50 × 256 ns = 12.8 µs between assertions' });
  });
});
