import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation';
import { cycleBreakdown } from './cycles';
import { testScenario } from './testScenario';
import { COSTS } from './guest/costs';

function breakdown(sim: Simulation) {
  return cycleBreakdown(sim.trace.records());
}

describe('cycleBreakdown: where the time between two interrupts goes', () => {
  it('window + main-loop wake-up: a QEMU window ends when its callback runs, timerWakeNs after the deadline', () => {
    // ideal driver (reads ICR at once, never masks); a frame every 10 us keeps a cause pending at every window end.
    const sim = new Simulation(
      testScenario({
        durationUs: 2000,
        device: { model: 'qemu-2013' },
        guest: { driver: 'ideal', costs: 'tcg-qemu72' },
        rx: { pattern: 'constant', pps: 100_000, bytes: 64, startUs: 0 },
      }),
    );
    sim.advanceTo(2_000_000);
    const b = breakdown(sim);
    const wake = COSTS['tcg-qemu72'].timerWakeNs;
    expect(b.cycles).toBeGreaterThan(5);
    expect(b.meanCycleNs).toBe(128_000 + wake);
    expect(b.windowNs).toBe(128_000);
    expect(b.wakeNs).toBe(wake);
    expect(b.unmaskWaitNs).toBe(0);
    expect(b.otherNs).toBe(0);
  });

  it('unmask wait: a window that ends while the guest is masked (IMC) waits for its IMS write', () => {
    // linux-e1000 under tcg-2012: each interrupt costs ~90 us of ISR and poll plus 10 us per received
    // frame, so with a frame every 20 us the guest is still polling, masked, when the 128 us window ends.
    const sim = new Simulation(
      testScenario({
        durationUs: 5000,
        device: { model: 'qemu-2013' },
        guest: { driver: 'linux-e1000', costs: 'tcg-2012' },
        rx: { pattern: 'constant', pps: 50_000, bytes: 64, startUs: 0 },
      }),
    );
    sim.advanceTo(5_000_000);
    const b = breakdown(sim);
    expect(b.cycles).toBeGreaterThan(5);
    expect(b.windowNs).toBe(128_000);
    expect(b.wakeNs).toBe(0);
    expect(b.unmaskWaitNs).toBeGreaterThan(0);
    expect(b.windowNs + b.wakeNs + b.unmaskWaitNs + b.otherNs).toBeCloseTo(b.meanCycleNs, 6);
    // Every interrupt after the first asserted at the driver's IMS write, not at a window end.
    expect(b.meanCycleNs).toBeGreaterThan(128_000);
  });

  it('no window, no wait: qemu-2012 raises at once, so the whole cycle is "other" (nothing pending)', () => {
    const sim = new Simulation(
      testScenario({ durationUs: 1000, device: { model: 'qemu-2012' }, rx: { pattern: 'constant', pps: 100_000, bytes: 64, startUs: 0 } }),
    );
    sim.advanceTo(1_000_000);
    const b = breakdown(sim);
    expect(b.meanCycleNs).toBe(10_000);
    expect([b.windowNs, b.wakeNs, b.unmaskWaitNs, b.otherNs]).toEqual([0, 0, 0, 10_000]);
  });
});
