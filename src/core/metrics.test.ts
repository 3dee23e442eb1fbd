/** The interrupt rate counts gaps, so a run the device paces never reads above its pace. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interruptRatePerSec } from './metrics';
import { itrRate } from './registers';
import { runScenario } from './simulation';
import { testScenario } from './testScenario';

describe('interruptRatePerSec: (interrupts - 1) / span', () => {
  it('counts the gaps: 5 interrupts in 200 µs read 20,000/s; one interrupt or none read 0', () => {
    expect(interruptRatePerSec(5, 200_000)).toBe(20_000);
    expect(interruptRatePerSec(1, 200_000)).toBe(0);
    expect(interruptRatePerSec(0, 200_000)).toBe(0);
    expect(interruptRatePerSec(3, 0)).toBe(0);
  });

  it('an ITR-paced 8254x run never reads above the rate ITR allows (RX at line rate, any ITR, any duration)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 2000 }), fc.integer({ min: 20, max: 3000 }), (itr, durationUs) => {
        const run = runScenario(testScenario({ durationUs, device: { regs: { ITR: itr } }, rx: { pattern: 'constant', pps: 1_488_095, bytes: 64, startUs: 0 } }));
        expect(run.metrics.interrupts).toBeGreaterThan(0);
        expect(run.metrics.interruptsPerSec).toBeLessThanOrEqual(itrRate(itr) + 0.01);
      }),
      { numRuns: 40 },
    );
  });
});
