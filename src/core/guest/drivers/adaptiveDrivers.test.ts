import { describe, expect, it } from 'vitest';
import { Simulation } from '../../simulation';
import { testScenario } from '../../testScenario';
import type { DimDriver } from './linuxDim';
import type { IxgbeDriver } from './linuxIxgbe';
import { RX_EQE_PROFILES, TuneState } from './netDim';

/** The simulation's driver (the test looks inside it). */
const driverOf = <T>(sim: Simulation) => (sim as unknown as { driver: T }).driver;

describe('linux-dim on the frames-time device', () => {
  it('programs the default profile at start (index 1 of the RX EQE table: 8 us, 256 frames)', () => {
    const sim = new Simulation(testScenario({ device: { model: 'frames-time' }, guest: { driver: 'linux-dim', costs: 'kvm-apicv', params: { rxDimProfile: 0 } } }));
    const d = driverOf<DimDriver>(sim);
    expect(d.dim.profileIx).toBe(1);
    expect(RX_EQE_PROFILES[1]).toEqual({ usec: 8, pkts: 256 });
    // One frame at 0: rx-usecs 8 -> the interrupt at 8 us (the device took the profile, not its default 16 us).
    const sim2 = new Simulation(
      testScenario({ device: { model: 'frames-time' }, guest: { driver: 'linux-dim', costs: 'kvm-apicv', params: { rxDimProfile: 0 } }, rx: { pattern: 'list', atUs: [0], bytes: 64 } }),
    );
    sim2.advanceTo(100_000);
    expect(sim2.interrupts().map((i) => i.tNs)).toEqual([8000]);
  });

  it('rx-profile is editable: entry 1 set to 20 us programs 20 us at start (the other fields keep the table\'s)', () => {
    const sim = new Simulation(
      testScenario({
        device: { model: 'frames-time' },
        guest: { driver: 'linux-dim', costs: 'kvm-apicv', params: { rxDimProfile: 0, rxProfile1Usec: 20 } },
        rx: { pattern: 'list', atUs: [0], bytes: 64 },
      }),
    );
    sim.advanceTo(100_000);
    expect(sim.interrupts().map((i) => i.tNs)).toEqual([20_000]);
    const t = sim.dimTrace()!;
    expect(t.profiles[1]).toEqual({ usec: 20, pkts: 256 });
    expect(t.profileLabels[1]).toBe('rx-usecs 20, rx-frames 256');
    expect(t.table).toBe('net_dim RX EQE, rx-profile edited');
  });

  it('decides every 64 interrupts and each decision it logs follows net_dim (a step changes the index by 1 or parks)', () => {
    const sim = new Simulation(
      testScenario({
        durationUs: 200_000,
        device: { model: 'frames-time' },
        guest: { driver: 'linux-dim', costs: 'kvm-apicv', params: { rxDimProfile: 0 } },
        rx: { pattern: 'poisson', pps: 200_000, startUs: 0, bytes: 512 },
      }),
    );
    sim.advanceTo(200_000_000);
    const d = driverOf<DimDriver>(sim);
    expect(d.dimLog.length).toBeGreaterThan(5);
    for (const s of d.dimLog) {
      expect(s.nevents).toBeGreaterThanOrEqual(64);
      expect(Math.abs(s.ixAfter - s.ixBefore)).toBeLessThanOrEqual(1);
      if (s.ixAfter === s.ixBefore && s.tuneBefore !== TuneState.PARKING_TIRED && s.tuneAfter !== TuneState.PARKING_TIRED) {
        expect([TuneState.PARKING_ON_TOP]).toContain(s.tuneAfter);
      }
    }
    // The interrupts between two decisions: at least 64 (one event per interrupt that scheduled a poll).
    expect(sim.interrupts().length).toBeGreaterThanOrEqual(64 * d.dimLog.length);
  });
});

describe('linux-ixgbe on the itr-ratecap device', () => {
  const ixgbe = (rx: object, tx: object = { pattern: 'none' }, durationUs = 50_000) => {
    const sim = new Simulation(
      testScenario({ durationUs, device: { model: 'itr-ratecap', linkGbps: 10, rxRing: 4096 }, guest: { driver: 'linux-ixgbe', costs: 'bare-metal', params: {} }, rx: rx as never, tx: tx as never }),
    );
    sim.advanceTo(durationUs * 1000);
    return { sim, d: driverOf<IxgbeDriver>(sim) };
  };

  it('4-47 frames per poll: +2 us each poll from 50 us up to the 126 us cap; the device then spaces interrupts 126 us', () => {
    // 300,000 frames/s: at most 0.3 x 126 = 37.8 frames per interrupt, always in the 4-47 band.
    const { sim, d } = ixgbe({ pattern: 'constant', pps: 300_000, startUs: 0, bytes: 60 });
    const v = d.itrLog.map((s) => s.vectorUs);
    expect(v.slice(0, 4)).toEqual([52, 54, 56, 58]);
    expect(v[v.length - 1]).toBe(126);
    const t = sim.interrupts().map((i) => i.tNs);
    expect(t[t.length - 1] - t[t.length - 2]).toBe(126_000);
  });

  it('RX only, one frame per poll: the idle TX container (no packets: +2 us) wins min() over the RX container in latency mode (0x80 | 10), so the vector climbs to 126 us', () => {
    const { d } = ixgbe({ pattern: 'list', atUs: Array.from({ length: 60 }, (_, i) => i * 300), bytes: 60 }, undefined, 20_000);
    const last = d.itrLog[d.itrLog.length - 1];
    expect(last.rxItr).toBe(0x80 | 10);
    expect(last.txItr).toBe(126);
    expect(last.vectorUs).toBe(126);
  });

  it('request/response (a 60 B frame each way every 300 us): both containers stay in latency mode, the vector at 10-12 us', () => {
    // Each exchange takes two polls: the one that cleans the frames (both latency mode, 2560 >> 9 rounded up -> 10 us)
    // and one with nothing cleaned (no packets: vector 10 + 2 = 12, the latency flag kept).
    const at = Array.from({ length: 60 }, (_, i) => i * 300);
    const { d } = ixgbe({ pattern: 'list', atUs: at, bytes: 60 }, { pattern: 'list', atUs: at, bytes: 60 }, 20_000);
    const tail = d.itrLog.slice(-6);
    for (const s of tail) {
      expect(s.rxItr & 0x80).toBe(0x80);
      expect(s.txItr & 0x80).toBe(0x80);
    }
    expect(new Set(tail.map((s) => s.vectorUs))).toEqual(new Set([10, 12]));
  });
});
