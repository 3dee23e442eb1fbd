/**
 * Rules where the 8254x (SDM) and QEMU's e1000 differ: the TX delay timers
 * on a descriptor without IDE, RXDMT0 as an edge or a level, where a frame
 * waits when the RX ring is full, and who has a wire. Instants by hand; the
 * ideal driver costs nothing.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../simulation';
import { testScenario, type ScenarioOverrides } from '../testScenario';
import { RXDMT0, RXO, TXDW } from '../causes';
import { TimerId, TraceKind } from '../types';
import { advanceApplying, hostAccessesOf } from '../hostAccess';
import type { ConsoleOp } from '../scenario';

const list = (atUs: number[], bytes = 64) => ({ pattern: 'list' as const, atUs, bytes });
const MASK_ALL: ConsoleOp = { tUs: 0, op: 'write', reg: 'IMC', value: 0xffffffff };

function run(o: ScenarioOverrides, untilUs: number, console: ConsoleOp[] = []): Simulation {
  const scenario = { ...testScenario(o), console };
  const sim = new Simulation(scenario);
  advanceApplying(sim, hostAccessesOf(scenario), 0, untilUs * 1000);
  return sim;
}
const at = (sim: Simulation, kind: number, a?: number) =>
  sim.trace.records().filter((r) => r.kind === kind && (a === undefined || r.a === a)).map((r) => r.tNs);

describe('8254x (SDM)', () => {
  it('a descriptor with RS and no IDE raises TXDW at once and clears the TX delay timers: TIDV stopped, TADV halted (SDM 3.3.3.1)', () => {
    // TIDV 10 (10.24 us), TADV 100 (102.4 us). The ideal driver sets IDE iff TIDV != 0 when it writes the descriptor.
    // Frame at 0 (IDE): on the wire 0..0.672 us, then TIDV runs to 10.912 and TADV to 103.072.
    // The console sets TIDV = 0 at 2 us, so the frame at 3 us has no IDE: sent at 3.672, TXDW at once, both timers stop.
    const sim = run({ device: { regs: { TIDV: 10, TADV: 100 } }, tx: list([0, 3]) }, 200, [{ tUs: 2, op: 'write', reg: 'TIDV', value: 0 }]);
    expect(at(sim, TraceKind.TIMER_STOP, TimerId.TIDV)).toEqual([3672]);
    expect(at(sim, TraceKind.TIMER_STOP, TimerId.TADV)).toEqual([3672]);
    expect(at(sim, TraceKind.TIMER_FIRE, TimerId.TIDV)).toEqual([]);
    expect(sim.interrupts().map((r) => [r.tNs, r.icr & TXDW])).toEqual([[3672, TXDW]]);
  });

  it('RXDMT0 is set when the free descriptors become equal to the RDMTS threshold (an edge), not for every frame below it; QEMU tests <= on every frame', () => {
    // Ring 16, RDMTS 1/2: threshold 8. The ideal driver gives 15 buffers; every cause is masked at 0 and nobody
    // takes frames. The j-th frame (at j us) leaves 15 - j free: equal to 8 at the 7th (7 us), below it after.
    // The console reads ICR (clearing it) at 7.5 and 8.5, so a cause set again later is latched anew.
    const reads: ConsoleOp[] = [MASK_ALL, { tUs: 7.5, op: 'read', reg: 'ICR' }, { tUs: 8.5, op: 'read', reg: 'ICR' }];
    const rxdmt0 = (model: '8254x' | 'qemu-2012') =>
      run({ device: { model, rxRing: 16 }, rx: list([1, 2, 3, 4, 5, 6, 7, 8, 9]) }, 20, reads)
        .trace.records()
        .filter((r) => r.kind === TraceKind.CAUSE_SET && r.a & RXDMT0)
        .map((r) => r.tNs / 1000);
    expect(rxdmt0('8254x')).toEqual([7]);
    expect(rxdmt0('qemu-2012')).toEqual([7, 8, 9]);
  });

  it('a full RX ring: frames wait in the 48 KB RX packet buffer; RXO and MPC come only when it overflows (SDM 3.2.7.4)', () => {
    // Ring 8: the ideal driver gives 7 buffers. 1518-byte frames every 13 us from 1 us, every cause masked.
    // Frames 1-7 are stored; 32 more fit in 49,152 bytes (32 x 1518 = 48,576; 33 x 1518 = 50,094 do not);
    // frames 40-50 are dropped with RXO.
    const sim = run({ device: { rxRing: 8 }, rx: list(Array.from({ length: 50 }, (_, i) => 1 + i * 13), 1518) }, 700, [MASK_ALL]);
    expect(sim.nic.counters).toMatchObject({ rxArrived: 50, rxStored: 7, rxHeld: 32, rxDropped: 11 });
    expect(sim.readRegister('MPC')).toBe(11);
    expect(sim.readRegister('ICR') & RXO).toBe(RXO);
    expect(at(sim, TraceKind.RX_DROP)[0]).toBe((1 + 39 * 13) * 1000);
  });

  it('held frames are stored, oldest first, when the guest gives descriptors, and their latency counts from arrival', () => {
    // As above, then the console unmasks at 700 us: the ideal ISR takes the 7 stored frames and writes RDT,
    // which stores 7 held ones at once (RXT0 again), and so on until the buffer is empty: all at 700 us.
    const sim = run({ device: { rxRing: 8 }, rx: list(Array.from({ length: 50 }, (_, i) => 1 + i * 13), 1518) }, 800, [
      MASK_ALL,
      { tUs: 700, op: 'write', reg: 'IMS', value: 0xffff },
    ]);
    expect(sim.rings.rxTaken).toBe(39);
    expect(sim.nic.counters.rxHeld).toBe(0);
    expect(sim.metrics().latencyUs.max).toBe(699); // the first frame arrived at 1 us, the 39th was taken at 700 us
  });
});

describe('QEMU models', () => {
  it('a full RX ring: QEMU stops accepting and its network layer holds the frames until RDT is written; no RXO for them', () => {
    const sim = run({ device: { model: 'qemu-2012', rxRing: 8 }, rx: list(Array.from({ length: 50 }, (_, i) => 1 + i * 13), 1518) }, 800, [
      MASK_ALL,
      { tUs: 700, op: 'write', reg: 'IMS', value: 0xffff },
    ]);
    expect(sim.nic.counters.rxDropped).toBe(0);
    expect(sim.readRegister('MPC')).toBe(0);
    expect(sim.rings.rxTaken).toBe(50);
    expect(sim.trace.records().some((r) => r.kind === TraceKind.CAUSE_SET && r.a & RXO)).toBe(false);
  });

  it('QEMU\'s network-layer queue holds at most nq_maxlen = 10,000 frames; beyond it the host drops them, unseen by the guest (no RXO, no MPC)', () => {
    // Ring 8: 7 buffers; every cause masked; 10,010 frames 1 us apart: 7 stored, 10,000 held, 3 dropped.
    const sim = run({ device: { model: 'qemu-2012', rxRing: 8 }, rx: list(Array.from({ length: 10_010 }, (_, i) => 1 + i)) }, 10_020, [MASK_ALL]);
    expect(sim.nic.counters).toMatchObject({ rxStored: 7, rxHeld: 10_000, rxDropped: 3 });
    expect(sim.readRegister('MPC')).toBe(0);
    expect(sim.trace.records().some((r) => r.kind === TraceKind.CAUSE_SET && r.a & RXO)).toBe(false);
  });

  it('no QEMU model has a wire: QEMU transmits inside the TDT write; the link rate belongs to the 8254x', () => {
    // linkGbps 1 in both: the 8254x sends the 64-byte frame in 84 x 8 ns = 672 ns; QEMU at the write.
    for (const [model, doneNs] of [
      ['8254x', 672],
      ['qemu-2012', 0],
      ['qemu-2013', 0],
      ['host-timer', 0],
      ['rizzo-2012', 0],
    ] as const) {
      const sim = run({ device: { model, linkGbps: 1 }, tx: list([0]) }, 10);
      expect([model, at(sim, TraceKind.TX_DONE)]).toEqual([model, [doneNs]]);
    }
  });
});
