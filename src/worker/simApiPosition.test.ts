/**
 * The worker API names every state by its position (instant, steps taken at
 * it): a load at a frame's position reopens that very state, and Step and
 * Back are exact inverses wherever the user is. The hand-worked scenario is
 * the one of core/position.test.ts: one RX frame at 5 us (step 1: the line
 * asserts; step 2: the zero-cost ISR reads ICR at the same ns; step 3: a
 * console read of ICR), a console write ICS = LSC at 10 us.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSimApi } from './simApi';
import type { Frame } from './protocol';
import { testScenario } from '../core/testScenario';
import { LSC, RXT0 } from '../core/causes';
import { REG_INDEX } from '../core/registers';
import type { Scenario } from '../core/scenario';
import { scenarioWithConsoleArb } from '../fuzz/arbitraries';

const scenario: Scenario = {
  ...testScenario({ durationUs: 20, rx: { pattern: 'list', atUs: [5], bytes: 64 } }),
  console: [
    { tUs: 5, op: 'read', reg: 'ICR' },
    { tUs: 10, op: 'write', reg: 'ICS', value: LSC },
  ],
};

/** What the screen shows of a frame (everything but the trace chunk and the frame number). */
function shown(f: Frame) {
  const s = f.snapshot;
  return {
    position: f.position,
    nowNs: f.nowNs,
    nextEventNs: f.nextEventNs,
    regs: Array.from(s.regs),
    line: s.line,
    rx: Array.from(s.rxSlots),
    tx: Array.from(s.txSlots),
    timers: Array.from(s.timers),
    vcpu: s.vcpuActivity,
    counters: s.counters,
    backlog: s.txBacklog,
    metrics: f.metrics,
  };
}

describe('positions through the worker API', () => {
  it('Next interrupt stops with the line asserted, and a load at that position shows the same (same-ns ISR read not yet run)', () => {
    const live = createSimApi();
    live.load(scenario);
    const irq = live.stepToInterrupt();
    expect(irq.position).toEqual({ tNs: 5000, steps: 1 });
    expect(irq.snapshot.line).toBe(true);
    expect(irq.snapshot.regs[REG_INDEX.ICR]).toBe(RXT0);
    const reopened = createSimApi().load(scenario, irq.position);
    expect(shown(reopened)).toEqual(shown(irq));
    // An instant alone (an old link) is every step at it: the ISR has read ICR.
    const old = createSimApi().load(scenario, 5000);
    expect(old.position).toEqual({ tNs: 5000, steps: 3 });
    expect(old.snapshot.line).toBe(false);
  });

  it('Step and Back walk the steps of one nanosecond one by one', () => {
    const api = createSimApi();
    api.load(scenario);
    const seen = [api.stepEvent(), api.stepEvent(), api.stepEvent(), api.stepEvent()].map((f) => f.position);
    expect(seen).toEqual([
      { tNs: 5000, steps: 1 },
      { tNs: 5000, steps: 2 },
      { tNs: 5000, steps: 3 },
      { tNs: 10_000, steps: 1 },
    ]);
    const back = [api.stepBack(), api.stepBack(), api.stepBack(), api.stepBack()].map((f) => f.position);
    expect(back).toEqual([
      { tNs: 5000, steps: 3 },
      { tNs: 5000, steps: 2 },
      { tNs: 5000, steps: 1 },
      { tNs: 0, steps: 0 },
    ]);
    expect(api.stepBack().stepped).toBe(false);
  });

  it('an instant where nothing happens (a seek) is a stop of Step and Back too', () => {
    const api = createSimApi();
    api.load(scenario);
    const at7 = api.seek(7000);
    expect(at7.position).toEqual({ tNs: 7000, steps: 0 });
    expect(api.stepEvent().position).toEqual({ tNs: 10_000, steps: 1 });
    expect(shown(api.stepBack())).toEqual(shown(at7));
    expect(api.stepBack().position).toEqual({ tNs: 5000, steps: 3 });
    expect(shown(api.stepEvent())).toEqual(shown(at7));
  });

  it('seeks to a position backwards and forwards', () => {
    const api = createSimApi();
    api.load(scenario);
    api.advance(20_000);
    const f = api.seek({ tNs: 5000, steps: 2 });
    expect(f.reset).toBe(true);
    expect(f.position).toEqual({ tNs: 5000, steps: 2 });
    expect(f.snapshot.line).toBe(false);
    const g = api.seek({ tNs: 10_000, steps: 1 });
    expect(g.reset).toBe(false);
    expect(g.snapshot.regs[REG_INDEX.ICR]).toBe(LSC);
  });

  it('rejects a position that is not one, naming it', () => {
    const api = createSimApi();
    api.load(scenario);
    expect(() => api.seek({ tNs: 5000, steps: -1 })).toThrow(/steps must be an integer >= 0/);
    expect(() => api.seek({ tNs: 5000, steps: 1.5 })).toThrow(/steps must be an integer >= 0/);
    expect(() => api.seek({ tNs: -5, steps: 1 })).toThrow(/seek time must be a finite number of ns >= 0/);
  });
});

type Op = { kind: 'seek'; at: number } | { kind: 'advance'; dt: number } | { kind: 'step'; n: number } | { kind: 'back' } | { kind: 'interrupt' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('seek' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('advance' as const), dt: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record({ kind: fc.constant('step' as const), n: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('back' as const) }),
  fc.record({ kind: fc.constant('interrupt' as const) }),
);

describe('property: every position is an address', () => {
  it('at every position reached: a fresh load there is the same; Back(Step) and Step(Back) come back to it', () => {
    let sameNs = 0;
    fc.assert(
      fc.property(scenarioWithConsoleArb({ maxDurationUs: 400 }), fc.array(op, { minLength: 1, maxLength: 6 }), (s, ops) => {
        const api = createSimApi();
        let f = api.load(s);
        for (const o of ops) {
          if (o.kind === 'seek') f = api.seek(Math.round(o.at * s.durationUs * 1000));
          else if (o.kind === 'advance') f = api.advance(o.dt);
          else if (o.kind === 'step') for (let i = 0; i < o.n; i++) f = api.stepEvent();
          else if (o.kind === 'back') f = api.stepBack();
          else f = api.stepToInterrupt();
          const here = shown(f);
          if (f.position.steps >= 2) sameNs++;
          expect(shown(createSimApi().load(s, f.position))).toEqual(here);
          if (api.stepEvent().stepped) expect(shown(api.stepBack())).toEqual(here);
          if (api.stepBack().stepped) expect(shown(api.stepEvent())).toEqual(here);
          expect(shown(api.frame())).toEqual(here);
        }
      }),
      { numRuns: 60, seed: 25 },
    );
    // The runs did land inside runs of same-ns steps, the case an instant alone cannot name.
    expect(sameNs).toBeGreaterThan(10);
  });
});

describe('a console access after Back keeps only the accesses before the position', () => {
  it('read ICR at 0 ns, Back over it, write CTRL at 0 ns: the write is the list\'s first (kept 0), as the core drops the read', () => {
    const api = createSimApi({ traceCapacity: 1 << 12 });
    api.load(testScenario({ durationUs: 1 }));
    const read = api.consoleAccess({ op: 'read', reg: 'ICR' });
    expect(read.console).toMatchObject({ kept: 0, op: { tUs: 0, op: 'read', reg: 'ICR' } });
    api.stepBack(); // undoes the read: a host access is one step, even at t = 0
    const write = api.consoleAccess({ op: 'write', reg: 'CTRL', value: 128 });
    expect(write.console).toMatchObject({ kept: 0, op: { tUs: 0, op: 'write', reg: 'CTRL', value: 128 } });
    // Without Back the next access keeps both earlier ones.
    const again = api.consoleAccess({ op: 'read', reg: 'STATUS' });
    expect(again.console?.kept).toBe(1);
  });
});

describe('Step and Next interrupt stop at the scenario\'s end', () => {
  // Rule: every position Step and Next interrupt reach is one a link can name, and a link past the end opens
  // at the end. Hand-worked: 40 µs; frames at 5 and 30 µs; RDTR 20 (20.48 µs): the first frame's timer fires at
  // 25.48 µs (an interrupt), the second's would fire at 50.48 µs, after the end.
  const s = testScenario({ durationUs: 40, device: { regs: { RDTR: 20 } }, rx: { pattern: 'list', atUs: [5, 30], bytes: 64 } });

  it('Next interrupt after the last one before the end stops at the end, not at the timer 10.48 µs past it', () => {
    const api = createSimApi();
    api.load(s, 0);
    const first = api.stepToInterrupt();
    expect(first.reachedInterrupt).toBe(true);
    expect(first.position.tNs).toBe(25_480);
    const none = api.stepToInterrupt();
    expect(none.reachedInterrupt).toBe(false);
    expect(none.nowNs).toBe(40_000);
    expect(none.snapshot.line).toBe(false);
  });

  it('Step at the end takes no step: the next event (50.48 µs) lies after it', () => {
    const api = createSimApi();
    api.load(s, 40_000);
    expect(api.frame().nextEventNs).toBe(50_480);
    const f = api.stepEvent();
    expect(f.stepped).toBe(false);
    expect(f.position.tNs).toBe(40_000);
  });
});
