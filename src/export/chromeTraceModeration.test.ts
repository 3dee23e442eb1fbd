import { describe, expect, it } from 'vitest';
import { Simulation } from '../core/simulation';
import { testScenario } from '../core/testScenario';
import { chromeTraceInputOf, toChromeTrace } from './chromeTrace';

describe('trace export of run-time moderation changes (issue 23)', () => {
  it('each setting a driver programs is an instant on the NIC timers track, under its ethtool name', () => {
    const s = testScenario({ durationUs: 100, device: { model: 'frames-time' }, guest: { driver: 'linux-dim', costs: 'kvm-apicv', params: { rxDimProfile: 0 } } });
    const sim = new Simulation(s, { traceCapacity: 100_000 });
    sim.advanceTo(100_000);
    const events = toChromeTrace(chromeTraceInputOf(sim)).traceEvents.filter((e) => e.cat === 'moderation');
    // The driver's start programs DIM's default profile (net_dim RX EQE index 1): the mode, 8 us, 256 frames.
    expect(events.map((e) => e.name)).toEqual(['set cqe-mode-rx 0', 'set rx-usecs 8', 'set rx-frames 256']);
    expect(events.every((e) => e.ph === 'i' && e.ts === 0)).toBe(true);
  });
});
