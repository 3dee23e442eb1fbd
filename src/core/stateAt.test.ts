/**
 * stateAt's additions (issue 25): `rings` gives the length the device uses
 * now (RDLEN / 16 after a write, SDM 13.4.28: RDLEN is the ring's size in
 * bytes, 16 per legacy descriptor), with head and tail; `counters` gives the
 * frames that arrived at the NIC beside the ones the guest took.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation';
import { advanceApplying, hostAccessesOf } from './hostAccess';
import { stateAt } from './stateAt';
import { testScenario } from './testScenario';
import type { Scenario } from './scenario';

function at(s: Scenario, tUs: number) {
  const sim = new Simulation(s);
  advanceApplying(sim, hostAccessesOf(s), 0, tUs * 1000);
  return stateAt(sim);
}

describe('stateAt additions', () => {
  it('rings: 256 descriptors, then 64 after RDLEN <- 1024 and 0 after RDLEN <- 0 (head and tail reset to 0)', () => {
    const base = testScenario({ durationUs: 40, device: { rxRing: 256 } });
    expect(at(base, 10).rings.rx).toEqual({ length: 256, head: 0, tail: 255 });
    const s64: Scenario = { ...base, console: [{ tUs: 5, op: 'write', reg: 'RDLEN', value: 1024 }] };
    expect(at(s64, 10).rings.rx).toEqual({ length: 64, head: 0, tail: 0 });
    const s0: Scenario = { ...base, console: [{ tUs: 5, op: 'write', reg: 'RDLEN', value: 0 }] };
    expect(at(s0, 10).rings.rx).toEqual({ length: 0, head: 0, tail: 0 });
    expect(at(s0, 10).rxSlots).toEqual([]);
  });

  it('counters: frames at 10 and 20 µs, RDTR 8 (8.192 µs): at 25 µs both arrived, one taken (the second waits until 28.192 µs)', () => {
    const s = testScenario({ durationUs: 40, device: { regs: { RDTR: 8 } }, rx: { pattern: 'list', atUs: [10, 20], bytes: 64 } });
    const st = at(s, 25);
    expect(st.counters.rxArrived).toBe(2);
    expect(st.counters.rxTaken).toBe(1);
    expect(st.metrics.rxFrames).toBe(1);
  });
});
