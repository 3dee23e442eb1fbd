import { describe, expect, it } from 'vitest';
import { loadPreset } from './presets';
import { runScenario } from '../core/simulation';

/** Table A of docs/qemu-measurements.md (medians of three runs). */
const TABLE_A = {
  on: { txPps: 86_370, interruptsPerSec: 5_945 },
  off: { txPps: 63_288, interruptsPerSec: 63_288 },
};

function metricsOf(id: string) {
  const p = loadPreset(id);
  if (!p.ok) throw new Error(p.error);
  return runScenario(p.scenario).metrics;
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

  it('mitigation on: the interrupt rate never exceeds QEMU\'s cap of 7,813/s (128 us window)', () => {
    // The measured 5,945/s is NOT reproduced yet (the model gives the cap): see docs/cost-profiles.md.
    const p = loadPreset('qemu72-tcg-tx-on');
    if (!p.ok) throw new Error(p.error);
    const m = runScenario(p.scenario).metrics;
    expect(m.interrupts).toBeLessThanOrEqual(Math.floor(p.scenario.durationUs / 128) + 1);
  });
});
