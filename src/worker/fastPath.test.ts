/**
 * Differential property: the core's fast paths (the RX-arrival and vCPU
 * slots beside the event heap) change no result. For random scenarios over
 * every device model, driver and traffic pattern, with register-console
 * accesses, the run with the fast paths and the straightforward run (every
 * event through the heap) give byte-identical fingerprints: the whole trace,
 * every frame's state, the interrupt list, the metrics and the CLI result.
 * And how far each advance goes does not matter either.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioWithConsoleArb } from '../fuzz/arbitraries';
import { fingerprint } from './fingerprint';

/** Virtual time per advance: at most 400 advances per run, some steps as short as 1 ns. */
const stepNs = fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 5_000, max: 1_000_000 }));
const MAX_ADVANCES = 400;

describe('fast paths against the straightforward path', () => {
  it('identical fingerprints for random scenarios, advanced in random steps', () => {
    fc.assert(
      fc.property(scenarioWithConsoleArb({ maxDurationUs: 2000 }), stepNs, (scenario, drawn) => {
        const step = Math.max(drawn, Math.ceil((scenario.durationUs * 1000) / MAX_ADVANCES));
        const fast = fingerprint(scenario, step);
        expect(fast).toEqual(fingerprint(scenario, step, { queueEveryEvent: true }));
        // One advance to the end: the same trace, interrupts and metrics.
        const once = fingerprint(scenario, Number.MAX_SAFE_INTEGER);
        expect([once.trace, once.records, once.interrupts, once.metrics, once.cli]).toEqual([fast.trace, fast.records, fast.interrupts, fast.metrics, fast.cli]);
      }),
      { numRuns: 60, seed: 1515 },
    );
  });
});
