import { describe, expect, it } from 'vitest';
import { Simulation, runScenario } from '../simulation';
import { testScenario, type ScenarioOverrides } from '../testScenario';
import { RXDMT0, RXO, RXT0, TXDW, TXQE, LSC, IMS_ENABLE_MASK } from '../causes';
import { TimerId, TraceKind } from '../types';
import { EventQueue } from '../engine/eventQueue';
import type { SimContext } from '../engine/events';
import { Nic } from './nic';
import { createSdm8254x, RX_PACKET_BUFFER } from './models/sdm8254x';

/** A NIC with no guest attached: register semantics without a driver reacting. */
function bareNic(): Nic {
  const queue = new EventQueue();
  const ctx: SimContext = { now: 0, schedule: (t, k, a) => queue.push(t, k, a), record: () => {} };
  return new Nic(ctx, { rxRing: 16, txRing: 16, linkGbps: 1, rdmts: 0, model: createSdm8254x, rxHold: RX_PACKET_BUFFER, timerWakeNs: 0 }, () => {});
}

/** Instants (us) at which the line asserted, with the ICR the ISR read. */
function irqs(o: ScenarioOverrides) {
  return runScenario(testScenario(o)).interrupts.map((i) => [i.tUs, i.icr]);
}
const rxList = (atUs: number[], bytes = 64) => ({ pattern: 'list' as const, atUs, bytes });
const txList = (atUs: number[], bytes = 64) => ({ pattern: 'list' as const, atUs, bytes });

describe('8254x RX delay timers (SDM rules)', () => {
  it('RDTR is restarted every time a frame is stored; its expiry sets RXT0', () => {
    // RDTR 10 = 10.24 us. Frames at 0, 5, 10 us: the timer restarts at each; fires 10.24 us after the last.
    expect(irqs({ device: { regs: { RDTR: 10 } }, rx: rxList([0, 5, 10]) })).toEqual([[20.24, RXT0]]);
  });

  it('RDTR = 0 raises RXT0 at once for every frame and turns RADV off', () => {
    expect(irqs({ device: { regs: { RDTR: 0, RADV: 5 } }, rx: rxList([0, 5, 10]) })).toEqual([
      [0, RXT0],
      [5, RXT0],
      [10, RXT0],
    ]);
  });

  it('RADV is started by the first frame and not restarted by later frames', () => {
    // RDTR 8 (8.192 us) keeps restarting under frames every 4 us; RADV 20 (20.48 us) cuts it short at 20.48.
    const at = [0, 4, 8, 12, 16, 20, 24, 28];
    expect(irqs({ device: { regs: { RDTR: 8, RADV: 20 } }, rx: rxList(at) })[0]).toEqual([20.48, RXT0]);
  });

  it('either RX timer expiring raises RXT0 and stops both; the next frame starts them anew', () => {
    // RDTR 4 (4.096), RADV 10 (10.24). Frame at 0: RDTR fires at 4.096 and stops RADV.
    // Frame at 30: both start anew; RDTR fires at 34.096 (RADV would be 40.24).
    const sim = new Simulation(testScenario({ device: { regs: { RDTR: 4, RADV: 10 } }, rx: rxList([0, 30]) }));
    sim.advanceTo(100_000);
    expect(sim.interrupts().map((r) => r.tNs)).toEqual([4096, 34096]);
    const stops = sim.trace.records().filter((r) => r.kind === TraceKind.TIMER_STOP && r.a === TimerId.RADV);
    expect(stops.map((r) => r.tNs)).toEqual([4096, 34096]);
  });

  it('writing RDTR with FPD (bit 31) set fires the RX timer now', () => {
    const sim = new Simulation(testScenario({ device: { regs: { RDTR: 100, RADV: 0 } }, rx: rxList([0]) }));
    sim.advanceTo(3000);
    expect(sim.interrupts()).toHaveLength(0);
    sim.writeRegister('RDTR', 0x8000_0000 | 100);
    expect(sim.interrupts().map((r) => [r.tNs, r.icr])).toEqual([[3000, RXT0]]);
    expect(sim.readRegister('RDTR')).toBe(100); // FPD acts once, is not stored
  });
});

describe('8254x TX delay timers', () => {
  it('TIDV is restarted by each RS+IDE completion; TXDW when it expires', () => {
    // ideal driver sets IDE because TIDV != 0. Frames handed at 0 and 2 us; each takes 672 ns on the wire.
    // Sent at 0.672 and 2.672; TIDV 5 (5.12 us) restarts: fires at 7.792.
    expect(irqs({ device: { regs: { TIDV: 5 } }, tx: txList([0, 2]) })).toEqual([[7.792, TXDW | TXQE]]);
  });

  it('TADV bounds TIDV: started by the first delayed completion, never restarted', () => {
    // Frames every 3 us from 0; TIDV 5 keeps restarting, TADV 8 (8.192 us) from the first completion at 0.672 fires at 8.864.
    const r = irqs({ device: { regs: { TIDV: 5, TADV: 8 } }, tx: txList([0, 3, 6, 9, 12, 15]) });
    expect(r[0]).toEqual([8.864, TXDW | TXQE]);
  });

  it('TIDV = 0 means no delay: TXDW at once, and the descriptor carries no IDE', () => {
    expect(irqs({ device: { regs: { TIDV: 0, TADV: 50 } }, tx: txList([0]) })).toEqual([[0.672, TXDW | TXQE]]);
  });

  it('a descriptor with RS and no IDE raises TXDW at once even when TIDV is set', () => {
    const sim = new Simulation(testScenario({ device: { regs: { TIDV: 100 } } }));
    const rings = sim.rings;
    rings.putTx(0, 64, 0, 0x08 | 0x01 | 0x02, false); // RS|EOP|IFCS, no IDE
    sim.writeRegister('TDT', rings.txNextToUse);
    sim.advanceTo(10_000);
    expect(sim.interrupts().map((r) => r.tNs)).toEqual([672]);
  });

  it('TXQE is set when TDH reaches TDT (TX queue empty)', () => {
    const sim = new Simulation(testScenario({ device: { regs: { TIDV: 100 } }, tx: txList([0]) }));
    sim.advanceTo(1000);
    expect(sim.readRegister('ICR') & TXQE).toBe(TXQE);
    expect(sim.readRegister('TDH')).toBe(sim.readRegister('TDT'));
  });
});

describe('8254x ITR', () => {
  it('ITR guarantees ITR x 256 ns between assertions; a cause inside the window waits for its end', () => {
    // RDTR 0: RXT0 at once per frame. ITR 100 = 25.6 us. Frames at 0, 1, 30, 31 us.
    // 0: assert (window to 25.6). 1: waits -> 25.6 (window to 51.2). 30, 31: wait -> 51.2.
    expect(irqs({ device: { regs: { ITR: 100 } }, rx: rxList([0, 1, 30, 31]) }).map((x) => x[0])).toEqual([0, 25.6, 51.2]);
  });

  it('the ITR window restarts at every assertion, so the minimum spacing always holds', () => {
    const r = irqs({ device: { regs: { ITR: 50 } }, rx: { pattern: 'constant', pps: 500_000, bytes: 64, startUs: 0 }, durationUs: 200 });
    const t = r.map((x) => x[0]);
    for (let i = 1; i < t.length; i++) expect(t[i] - t[i - 1]).toBeGreaterThanOrEqual(12.8 - 1e-9);
    expect(t.length).toBeGreaterThan(10);
  });

  it('ITR = 0 means no throttling', () => {
    expect(irqs({ device: { regs: { ITR: 0 } }, rx: rxList([0, 0.7, 1.4]) }).map((x) => x[0])).toEqual([0, 0.7, 1.4]);
  });
});

describe('ICR, IMS, IMC and the line', () => {
  it('cause bits latch in ICR whether masked or not', () => {
    const sim = new Simulation(testScenario());
    sim.writeRegister('IMC', 0xffffffff);
    sim.writeRegister('ICS', LSC);
    expect(sim.readRegister('ICR')).toBe(LSC);
    expect(sim.nic.line.asserted).toBe(false);
  });

  it('the line is asserted while ICR & IMS != 0 (IMS enables, IMC disables)', () => {
    const nic = bareNic();
    nic.mmioWrite('ICS', LSC);
    expect(nic.line.asserted).toBe(false);
    nic.mmioWrite('IMS', LSC);
    expect(nic.line.asserted).toBe(true);
    nic.mmioWrite('IMC', LSC);
    expect(nic.line.asserted).toBe(false);
    expect(nic.mmioRead('IMS')).toBe(0);
  });

  it('reading ICR returns the causes, clears them all and drops the line', () => {
    const nic = bareNic();
    nic.mmioWrite('ICS', LSC | RXT0);
    nic.mmioWrite('IMS', RXT0);
    expect(nic.line.asserted).toBe(true);
    expect(nic.mmioRead('ICR')).toBe(LSC | RXT0);
    expect(nic.reg('ICR')).toBe(0);
    expect(nic.line.asserted).toBe(false);
  });

  it('ICS sets cause bits (software interrupt); IMS reads back the mask', () => {
    const nic = bareNic();
    nic.mmioWrite('IMS', IMS_ENABLE_MASK);
    nic.mmioWrite('ICS', RXO | LSC);
    expect(nic.reg('ICR')).toBe(RXO | LSC);
    expect(nic.mmioRead('IMS')).toBe(IMS_ENABLE_MASK);
    const sim = new Simulation(testScenario());
    sim.writeRegister('ICS', LSC);
    expect(sim.interrupts().map((r) => r.icr)).toEqual([LSC]);
  });

  it('register writes keep only the bits the register has (delay fields are 16 bits)', () => {
    const nic = bareNic();
    nic.mmioWrite('RADV', 0x12345);
    expect(nic.reg('RADV')).toBe(0x2345);
    nic.mmioWrite('ITR', 70000);
    expect(nic.reg('ITR')).toBe(70000 & 0xffff);
  });

  it('the ideal driver enables IMS = RXT0|TXDW|RXDMT0|RXSEQ|LSC, leaving TXQE masked', () => {
    const sim = new Simulation(testScenario());
    expect(sim.readRegister('IMS')).toBe(0x80 | 0x1 | 0x10 | 0x8 | 0x4);
    expect(sim.readRegister('IMS') & TXQE).toBe(0);
  });
});

describe('rings', () => {
  it('RX: an arriving frame with RDH == RDT waits in the RX packet buffer, at once; no RXO while it fits (SDM 3.2.7.4)', () => {
    // Ring of 8: the driver gives 7 buffers (N-1). Guest masked so nobody takes frames; frames 8 and 9 are held.
    const sim = new Simulation(testScenario({ device: { rxRing: 8, regs: { RDTR: 0 } }, rx: rxList([0, 1, 2, 3, 4, 5, 6, 7, 8]) }));
    sim.nic.mmioWrite('IMC', 0xffffffff);
    sim.advanceTo(7_500);
    expect(sim.nic.counters.rxStored).toBe(7);
    expect(sim.nic.counters.rxHeld).toBe(1);
    expect(sim.readRegister('MPC')).toBe(0);
    expect(sim.readRegister('ICR') & RXO).toBe(0);
    sim.advanceTo(9_000);
    expect(sim.nic.counters.rxHeld).toBe(2);
  });

  it('RX: software fills at most N-1 slots and RDT is one past the last buffer', () => {
    const sim = new Simulation(testScenario({ device: { rxRing: 16 } }));
    expect(sim.readRegister('RDH')).toBe(0);
    expect(sim.readRegister('RDT')).toBe(15);
    expect(sim.snapshot().rxSlots.filter((s) => s === 1)).toHaveLength(15);
  });

  it('RX: storing a frame writes back DD|EOP and advances RDH modulo N (wrap)', () => {
    const at = Array.from({ length: 20 }, (_, i) => i * 2);
    const sim = new Simulation(testScenario({ device: { rxRing: 8 }, rx: rxList(at) }));
    sim.advanceTo(50_000);
    expect(sim.nic.counters.rxStored).toBe(20);
    expect(sim.readRegister('RDH')).toBe(20 % 8);
    expect(sim.rings.rxTaken).toBe(20);
  });

  it('RXDMT0 is set at once when free descriptors fall to the RDMTS threshold (1/2, 1/4, 1/8)', () => {
    for (const [rdmts, threshold] of [['1/2', 8], ['1/4', 4], ['1/8', 2]] as const) {
      // Ring 16 -> 15 buffers. Guest masked: after k frames, 15 - k free; RXDMT0 when 15 - k <= threshold.
      const sim = new Simulation(testScenario({ device: { rxRing: 16, rdmts, regs: { RDTR: 1000 } }, rx: rxList(Array.from({ length: 15 }, (_, i) => i)) }));
      sim.nic.mmioWrite('IMC', 0xffffffff);
      const firstAt = 15 - threshold - 1; // frame index whose store makes free == threshold
      sim.advanceTo(firstAt * 1000 - 1);
      expect(sim.readRegister('ICR') & RXDMT0).toBe(0);
      sim.advanceTo(firstAt * 1000);
      expect(sim.readRegister('ICR') & RXDMT0).toBe(RXDMT0);
    }
  });

  it('the wire moves one byte per 8 ns plus 20 bytes per frame: 672 ns for 64 B, 12.304 us for 1518 B', () => {
    const sim = new Simulation(testScenario());
    expect(sim.nic.wireNs(64)).toBe(672);
    expect(sim.nic.wireNs(1518)).toBe(12304);
    // Frames listed at the same instant arrive one wire time apart.
    const r = new Simulation(testScenario({ rx: rxList([0, 0, 0], 1518) }));
    r.advanceTo(100_000);
    expect(r.interrupts().map((i) => i.tNs)).toEqual([0, 12304, 24608]);
  });
});

describe('ring registers', () => {
  it('RDLEN/TDLEN hold the ring size in bytes, 16 bytes per descriptor; writing one re-sizes the ring', () => {
    const nic = bareNic();
    expect(nic.reg('RDLEN')).toBe(16 * 16);
    expect(nic.reg('TDLEN')).toBe(16 * 16);
    nic.mmioWrite('RDLEN', 64 * 16);
    expect(nic.rx.size).toBe(64);
    expect([nic.reg('RDH'), nic.reg('RDT')]).toEqual([0, 0]);
  });

  it('a write of RDT, TDT, RDH or TDH beyond the ring is ignored', () => {
    const nic = bareNic();
    nic.mmioWrite('RDT', 5);
    nic.mmioWrite('RDT', 16);
    nic.mmioWrite('TDH', 99);
    expect([nic.reg('RDT'), nic.reg('TDH')]).toEqual([5, 0]);
  });
});
