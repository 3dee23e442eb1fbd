import { describe, expect, it } from 'vitest';
import { loadPreset } from './presets';
import { Simulation, runScenario } from '../core/simulation';
import { cycleBreakdown } from '../core/cycles';
import { COSTS } from '../core/guest/costs';

/** Table A of docs/qemu-measurements.md (medians of three runs). */
const TABLE_A = {
  on: { txPps: 86_370, interruptsPerSec: 5_945 },
  off: { txPps: 63_288, interruptsPerSec: 63_288 },
};

function metricsOf(id: string) {
  const p = loadPreset(id);
  if (!p.ok) throw new Error(p.error);
  return runScenario(p.value).metrics;
}

const within20 = (model: number, measured: number) => Math.abs(model - measured) / measured;

describe('tcg-qemu72 reproduces table A (one cost profile for both rows)', () => {
  it('mitigation off (qemu-2012): TX throughput within 20 % of 63,288 frames/s', () => {
    expect(within20(metricsOf('qemu72-tcg-tx-off').txPps, TABLE_A.off.txPps)).toBeLessThan(0.2);
  });

  it('mitigation off: one interrupt per frame, within 20 % of 63,288 interrupts/s', () => {
    const m = metricsOf('qemu72-tcg-tx-off');
    expect(within20(m.interruptsPerSec, TABLE_A.off.interruptsPerSec)).toBeLessThan(0.2);
    expect(m.framesPerInterrupt).toBeCloseTo(1, 2);
  });

  it('mitigation on (qemu-2013): TX throughput within 20 % of 86,370 frames/s', () => {
    expect(within20(metricsOf('qemu72-tcg-tx-on').txPps, TABLE_A.on.txPps)).toBeLessThan(0.2);
  });

  it('mitigation on: interrupt rate within 20 % of 5,945/s, below QEMU\'s cap of 7,813/s', () => {
    // Each cycle is the 128 us window plus QEMU's main-loop wake-up (timerWakeNs, measured on the host
    // by scripts/host-timer-wake, not fitted to this row): see docs/cost-profiles.md.
    const m = metricsOf('qemu72-tcg-tx-on');
    expect(within20(m.interruptsPerSec, TABLE_A.on.interruptsPerSec)).toBeLessThan(0.2);
    expect(m.interruptsPerSec).toBeLessThan(7_813);
  });

  it('mitigation on: each cycle is the 128 us window plus the main-loop wake-up; the guest is never masked at a window end', () => {
    const p = loadPreset('qemu72-tcg-tx-on');
    if (!p.ok) throw new Error(p.error);
    const sim = new Simulation(p.value);
    sim.advanceTo(20_000_000);
    const b = cycleBreakdown(sim.trace.records());
    expect(b.windowNs).toBe(128_000);
    expect(b.wakeNs).toBe(COSTS['tcg-qemu72'].timerWakeNs);
    expect(b.unmaskWaitNs).toBe(0);
    expect(b.meanCycleNs).toBe(128_000 + COSTS['tcg-qemu72'].timerWakeNs);
  });
});
