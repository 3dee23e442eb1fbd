/**
 * Positions (core/position.ts): an instant and the steps taken at it name a
 * state exactly, even when several steps share one nanosecond.
 *
 * The scenario used by hand: the ideal driver (no guest cost), every delay 0,
 * one 64-byte RX frame at 5 us, a console read of ICR at 5 us and a console
 * write ICS = LSC (4) at 10 us. Worked out from the rules:
 * - 5 us, step 1: the frame arrives and is stored; RDTR = 0 sets RXT0 (128)
 *   at once and, ITR = 0, the line asserts.
 * - 5 us, step 2: the vCPU kick the assertion scheduled at the same ns: the
 *   zero-cost ISR reads ICR (128, clearing it, the line drops) and takes the frame.
 * - 5 us, step 3: the console read of ICR, after every event of its instant
 *   (hostAccess.ts): reads 0.
 * - 10 us, step 1: the console write of ICS sets LSC and the line asserts.
 * - 10 us, step 2: the kick the write scheduled: the ISR reads ICR = 4.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation';
import { comparePositions, positionAt, START_POSITION, SteppedRun, type Position } from './position';
import { testScenario } from './testScenario';
import { hostAccessesOf } from './hostAccess';
import { LSC, RXT0 } from './causes';
import type { Scenario } from './scenario';

const scenario: Scenario = {
  ...testScenario({ durationUs: 20, rx: { pattern: 'list', atUs: [5], bytes: 64 } }),
  console: [
    { tUs: 5, op: 'read', reg: 'ICR' },
    { tUs: 10, op: 'write', reg: 'ICS', value: LSC },
  ],
};

function newRun(s: Scenario = scenario): SteppedRun {
  return new SteppedRun(new Simulation(s, { traceCapacity: 4096 }), hostAccessesOf(s));
}

/** What the screen shows of a run, to compare two ways of reaching one position. */
function shown(r: SteppedRun) {
  const s = r.sim.snapshot();
  return {
    position: r.position,
    regs: Array.from(s.regs),
    line: s.line,
    rx: Array.from(s.rxSlots),
    timers: Array.from(s.timers),
    counters: s.counters,
    metrics: r.sim.metrics(),
    trace: r.sim.trace.records(),
    interrupts: r.sim.interrupts().map((i) => ({ ...i })),
  };
}

describe('positions: an instant and the steps taken at it', () => {
  it('orders by instant, then steps (Infinity last)', () => {
    expect(comparePositions({ tNs: 5000, steps: 3 }, { tNs: 6000, steps: 0 })).toBeLessThan(0);
    expect(comparePositions({ tNs: 5000, steps: 1 }, { tNs: 5000, steps: 2 })).toBeLessThan(0);
    expect(comparePositions({ tNs: 5000, steps: Infinity }, { tNs: 5000, steps: 9 })).toBeGreaterThan(0);
    expect(comparePositions({ tNs: 5000, steps: 2 }, { tNs: 5000, steps: 2 })).toBe(0);
    expect(positionAt(5000)).toEqual({ tNs: 5000, steps: Infinity });
  });

  it('steps through the same nanosecond one at a time (worked out by hand above)', () => {
    const r = newRun();
    const seen: Array<[Position, boolean, number]> = [];
    while (r.step()) seen.push([r.position, r.sim.nic.line.asserted, r.sim.readRegister('ICR')]);
    expect(seen.slice(0, 5)).toEqual([
      [{ tNs: 5000, steps: 1 }, true, RXT0],
      [{ tNs: 5000, steps: 2 }, false, 0],
      [{ tNs: 5000, steps: 3 }, false, 0],
      [{ tNs: 10_000, steps: 1 }, true, LSC],
      [{ tNs: 10_000, steps: 2 }, false, 0],
    ]);
    expect(r.sim.interrupts().map((i) => [i.tNs, i.icr, i.readNs])).toEqual([
      [5000, RXT0, 5000],
      [10_000, LSC, 10_000],
    ]);
  });

  it('runs to a position exactly: the same state as stepping there, from a fresh run', () => {
    const stepped = newRun();
    for (let i = 0; i < 1; i++) stepped.step();
    const direct = newRun();
    direct.runTo({ tNs: 5000, steps: 1 });
    expect(direct.position).toEqual({ tNs: 5000, steps: 1 });
    expect(direct.sim.nic.line.asserted).toBe(true);
    expect(shown(direct)).toEqual(shown(stepped));
    // One step later at the same ns: the ISR has read ICR.
    stepped.step();
    direct.runTo({ tNs: 5000, steps: 2 });
    expect(direct.sim.nic.line.asserted).toBe(false);
    expect(shown(direct)).toEqual(shown(stepped));
  });

  it('an instant alone means every step at it, the same state advanceTo gives', () => {
    const a = newRun();
    a.runTo(positionAt(5000));
    expect(a.position).toEqual({ tNs: 5000, steps: 3 });
    const b = newRun();
    b.advanceTo(5000);
    expect(shown(b)).toEqual(shown(a));
  });

  it('a position with more steps than its instant has stops at the last one', () => {
    const r = newRun();
    r.runTo({ tNs: 5000, steps: 7 });
    expect(r.position).toEqual({ tNs: 5000, steps: 3 });
  });

  it('an instant where nothing happens is the clock there with no step', () => {
    const r = newRun();
    r.runTo({ tNs: 7000, steps: 0 });
    expect(r.position).toEqual({ tNs: 7000, steps: 0 });
    expect(r.sim.stepsAtNow).toBe(0);
    expect(r.nextStepNs()).toBe(10_000);
  });

  it('runBefore stops at the last step before an instant (the start when there is none)', () => {
    const r = newRun();
    r.runBefore(5000);
    expect(r.position).toEqual(START_POSITION);
    r.runBefore(10_000);
    expect(r.position).toEqual({ tNs: 5000, steps: 3 });
  });

  it('Next interrupt stops at the step that asserts the line, a console write\'s too', () => {
    const r = newRun();
    expect(r.stepToInterrupt(20_000)).toBe(true);
    expect(r.position).toEqual({ tNs: 5000, steps: 1 });
    expect(r.stepToInterrupt(20_000)).toBe(true);
    expect(r.position).toEqual({ tNs: 10_000, steps: 1 });
    expect(r.stepToInterrupt(20_000)).toBe(false);
    expect(r.position).toEqual({ tNs: 20_000, steps: 0 });
  });

  it('a console access from the register console runs at the end of its instant, as one recorded step', () => {
    const r = newRun({ ...scenario, console: [] });
    r.runTo({ tNs: 5000, steps: 1 });
    const { access, value } = r.access('ICR', 0, true);
    // The ISR's read (step 2) ran first; the console then reads 0.
    expect(access).toEqual({ tNs: 5000, reg: 'ICR', value: 0, read: true });
    expect(value).toBe(0);
    expect(r.position).toEqual({ tNs: 5000, steps: 3 });
    expect(r.accesses).toEqual([access]);
  });
});
