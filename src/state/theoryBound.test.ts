/**
 * Rule (issue 25, ux-walk item 7): the Metrics theory line never contradicts
 * the measured rate under it. The measured rate is (interrupts − 1) ÷ time so
 * far; the 8254x's ITR bound 1/(ITR × 256 ns) caps it only if that ITR was in
 * force for every gap, i.e. if ITR did not change after the first interrupt.
 * After a timed ITR write mid-run the line says since when its bound holds.
 *
 * The runs go through the worker API, as in the app: every frame carries
 * the run's bound history (core/boundHistory.ts), whatever the trace keeps.
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
import { interruptBound, theoryLine } from './theoryBound';

const flood = (consoleOps: Scenario['console']): Scenario => ({
  ...testScenario({ durationUs: 1000, device: { regs: { ITR: 50 } }, rx: { pattern: 'list', atUs: Array.from({ length: 200 }, (_, i) => i * 5), bytes: 64 } }),
  ...(consoleOps ? { console: consoleOps } : {}),
});

/** Load, then advance in steps of `stepUs`, as Play does. */
function runInSteps(scenario: Scenario, toUs: number, stepUs: number): { frame: Frame } {
  const api = createSimApi();
  let frame = api.load(scenario, 0);
  while (frame.nowNs < toUs * 1000) frame = api.advance(Math.min(stepUs * 1000, toUs * 1000 - frame.nowNs));
  return { frame };
}

const line = (s: Scenario, f: Frame) => theoryLine(s, f.snapshot.regs, f.boundHistory);

describe('theory line over the window measured', () => {
  const write: Scenario['console'] = [{ tUs: 500, op: 'write', reg: 'ITR', value: 1000 }];

  it('before the write: the bound of ITR 50 holds for the whole run, and the measured rate is under it', () => {
    const { frame } = runInSteps(flood(write), 400, 50);
    const t = line(flood(write), frame);
    expect(t.since).toBeNull();
    expect(t.bound?.rate).toBeCloseTo(1e9 / (50 * 256), 9); // 78,125 /s
    expect(frame.metrics.interruptsPerSec).toBeLessThanOrEqual(t.bound!.rate);
  });

  it('after the write: the line gives ITR 1000 bound since 500 µs, which the whole run rightly exceeds', () => {
    const s = flood(write);
    const { frame } = runInSteps(s, 1000, 50);
    const t = line(s, frame);
    expect(t.bound?.rate).toBeCloseTo(1e9 / (1000 * 256), 9); // 3,906.25 /s
    expect(t.since).toEqual({ tNs: 500_000, what: 'ITR 50 → 1000' });
    // The false statement the line used to make: the run so far is far above the new bound.
    expect(frame.metrics.interruptsPerSec).toBeGreaterThan(30_000);
    // The same answer from a fresh load there (a link opened at 1000 µs) and after Step then Back.
    const api = createSimApi();
    expect(line(s, api.load(s, 1_000_000))).toEqual(t);
    api.stepEvent();
    expect(line(s, api.stepBack())).toEqual(t);
  });

  it('a write before the first interrupt governs every gap: no "since", and the measured rate is under the new bound', () => {
    // Traffic from 100 µs; ITR 1000 written at 50 µs, before any interrupt.
    const s: Scenario = {
      ...testScenario({ durationUs: 1000, device: { regs: { ITR: 50 } }, rx: { pattern: 'list', atUs: Array.from({ length: 180 }, (_, i) => 100 + i * 5), bytes: 64 } }),
      console: [{ tUs: 50, op: 'write', reg: 'ITR', value: 1000 }],
    };
    const { frame } = runInSteps(s, 1000, 100);
    const t = line(s, frame);
    expect(t.since).toBeNull();
    expect(t.bound?.rate).toBeCloseTo(3906.25, 9);
    expect(frame.metrics.interrupts).toBeGreaterThan(1);
    expect(frame.metrics.interruptsPerSec).toBeLessThanOrEqual(t.bound!.rate);
  });

  it('a write of the same value is no change', () => {
    const s = flood([{ tUs: 500, op: 'write', reg: 'ITR', value: 50 }]);
    const { frame } = runInSteps(s, 1000, 250);
    expect(line(s, frame).since).toBeNull();
  });

  it('a write the model ignores changes no bound: qemu-2012 stores ITR but raises every cause at once', () => {
    const base = flood([{ tUs: 500, op: 'write', reg: 'ITR', value: 1000 }]);
    const s: Scenario = { ...base, device: { ...base.device, model: 'qemu-2012' } };
    const { frame } = runInSteps(s, 1000, 250);
    expect(line(s, frame)).toEqual({ bound: null, since: null });
  });

  it('a worker whose trace kept only the last 64 records still knows when ITR changed: the history follows the run, not the trace', () => {
    const s = flood(write);
    const api = createSimApi({ traceCapacity: 64, resetHistory: 64, maxRecordsPerFrame: 64 });
    api.load(s, 0);
    const f = api.advance(1_000_000);
    expect(f.lost).toBeGreaterThan(0);
    const t = line(s, f);
    expect(t.bound?.rate).toBeCloseTo(3906.25, 9);
    expect(t.since).toEqual({ tNs: 500_000, what: 'ITR 50 → 1000' });
  });

  it('ITR 0 written mid-run: no bound since then', () => {
    const s = flood([{ tUs: 500, op: 'write', reg: 'ITR', value: 0 }]);
    const { frame } = runInSteps(s, 1000, 250);
    const t = line(s, frame);
    expect(t.bound).toBeNull();
    expect(t.since).toEqual({ tNs: 500_000, what: 'ITR 50 → 0' });
  });

  it('interruptBound words the rule with its window', () => {
    expect(interruptBound(flood(undefined))).toEqual({ rate: 78_125, why: 'ITR = 50 × 256 ns = 12.8 µs between assertions' });
  });
});
