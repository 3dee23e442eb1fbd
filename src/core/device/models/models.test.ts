import { describe, expect, it } from 'vitest';
import { Simulation, runScenario } from '../../simulation';
import { testScenario, type ScenarioOverrides } from '../../testScenario';
import { RXDMT0, RXT0, TXDW, TXQE } from '../../causes';
import { TimerId, TraceKind } from '../../types';
import { COSTS } from '../../guest/costs';

const irqTimes = (o: ScenarioOverrides) => runScenario(testScenario(o)).interrupts.map((i) => i.tUs);
const rxList = (atUs: number[]) => ({ pattern: 'list' as const, atUs, bytes: 64 });
const DELAYS = { TIDV: 50, TADV: 100, RDTR: 50, RADV: 100, ITR: 1000 };

describe('qemu-2012', () => {
  it('raises every cause at once; TIDV/TADV/RDTR/RADV/ITR are stored but ignored', () => {
    const sim = new Simulation(testScenario({ device: { model: 'qemu-2012', regs: DELAYS }, rx: rxList([0, 1, 2]) }));
    sim.advanceTo(10_000);
    expect(sim.interrupts().map((r) => [r.tNs, r.icr])).toEqual([
      [0, RXT0],
      [1000, RXT0],
      [2000, RXT0],
    ]);
    expect(sim.readRegister('RDTR')).toBe(50);
    expect(sim.readRegister('ITR')).toBe(1000);
  });

  it('TX completion raises TXDW and TXQE at once, inside the TDT write (QEMU has no wire)', () => {
    const r = runScenario(testScenario({ device: { model: 'qemu-2012', regs: DELAYS }, tx: rxList([0]) }));
    expect(r.interrupts.map((i) => [i.tUs, i.icr])).toEqual([[0, TXDW | TXQE]]);
  });
});

describe('host-timer', () => {
  it('after an interrupt, later causes are held for N ns of host time, then raised together', () => {
    // hostTimerUs 150: frame at 0 raises at once; frames at 10, 20 wait until 150; frame at 400 at once.
    const sim = new Simulation(
      testScenario({ device: { model: 'host-timer', params: { hostTimerUs: 150 } }, rx: rxList([0, 10, 20, 400]) }),
    );
    sim.advanceTo(1_000_000);
    expect(sim.interrupts().map((r) => r.tNs / 1000)).toEqual([0, 150, 400]);
    expect(sim.rings.rxTaken).toBe(4);
  });

  it('ignores the guest registers', () => {
    expect(irqTimes({ device: { model: 'host-timer', regs: DELAYS, params: { hostTimerUs: 20 } }, rx: rxList([0, 1]) })).toEqual([0, 20]);
  });
});

describe('qemu-2013', () => {
  it('a rising edge with no window open raises the line AT ONCE and opens a window floored at 500 x 256 ns', () => {
    // All registers 0: d = max(0, 500) = 500 units = 128 us.
    expect(irqTimes({ device: { model: 'qemu-2013' }, rx: rxList([0, 1, 50, 200]) })).toEqual([0, 128, 256]);
  });

  it('the window is the smallest non-zero of TADV x 4 (IDE seen), RADV x 4 (RDTR != 0, RXT0 pending) and ITR', () => {
    // RX: RDTR 1, RADV 200 -> 800 units; ITR 600 -> window 600 units = 153.6 us.
    expect(
      irqTimes({ device: { model: 'qemu-2013', regs: { RDTR: 1, RADV: 200, ITR: 600 } }, rx: rxList([0, 1]) }),
    ).toEqual([0, 153.6]);
    // RDTR = 0: RADV is not considered; ITR 700 -> 179.2 us.
    expect(irqTimes({ device: { model: 'qemu-2013', regs: { RDTR: 0, RADV: 150, ITR: 700 } }, rx: rxList([0, 1]) })).toEqual([0, 179.2]);
    // RDTR 1, RADV 150 -> 600 units (153.6 us) is below ITR 700.
    expect(irqTimes({ device: { model: 'qemu-2013', regs: { RDTR: 1, RADV: 150, ITR: 700 } }, rx: rxList([0, 1]) })).toEqual([0, 153.6]);
  });

  it('TADV x 4 counts only when a TX descriptor with IDE was seen; TIDV is not emulated', () => {
    // ideal driver sets IDE iff TIDV != 0. TADV 200 -> 800 units (204.8 us); ITR 1000 (256 us).
    // TX frames handed at 0 and 1 us, sent inside their TDT writes (QEMU has no wire).
    const tx = { pattern: 'list' as const, atUs: [0, 1], bytes: 64 };
    expect(irqTimes({ device: { model: 'qemu-2013', regs: { TIDV: 1, TADV: 200, ITR: 1000 } }, tx })).toEqual([0, 204.8]);
    expect(irqTimes({ device: { model: 'qemu-2013', regs: { TIDV: 0, TADV: 200, ITR: 1000 } }, tx })).toEqual([0, 256]);
  });

  it('edges inside the window wait for its end; at the end pending causes raise the line and open a new window', () => {
    const sim = new Simulation(testScenario({ device: { model: 'qemu-2013' }, rx: rxList([0, 10, 130]) }));
    sim.advanceTo(1_000_000);
    expect(sim.interrupts().map((r) => r.tNs)).toEqual([0, 128_000, 256_000]);
    const starts = sim.trace.records().filter((r) => r.kind === TraceKind.TIMER_START && r.a === TimerId.MIT);
    expect(starts.map((r) => r.tNs)).toEqual([0, 128_000, 256_000]);
  });
});

describe('QEMU timers fire late by the host main loop\'s wake-up (cost profile timerWakeNs)', () => {
  // tcg-qemu72 measures timerWakeNs on its host; the ideal driver keeps the guest side free.
  const onHost = { driver: 'ideal' as const, costs: 'tcg-qemu72' as const };
  const wakeUs = COSTS['tcg-qemu72'].timerWakeNs / 1000;

  it('qemu-2013: a window ends only when its callback runs, timerWakeNs after the deadline; edges wait until then', () => {
    // Frames at 0, 10, 130 us: raise at 0; the 128 us window is due at 128 but seen at 128 + wake.
    const sim = new Simulation(testScenario({ device: { model: 'qemu-2013' }, guest: onHost, rx: rxList([0, 10, 130]) }));
    sim.advanceTo(1_000_000);
    expect(sim.interrupts().map((r) => r.tNs / 1000)).toEqual([0, 128 + wakeUs]);
    const rec = sim.trace.records();
    const mitFire = rec.filter((r) => r.kind === TraceKind.TIMER_FIRE && r.a === TimerId.MIT).map((r) => r.tNs / 1000);
    const wakeStart = rec.filter((r) => r.kind === TraceKind.TIMER_START && r.a === TimerId.WAKE).map((r) => r.tNs / 1000);
    expect(mitFire.slice(0, 1)).toEqual([128]);
    expect(wakeStart.slice(0, 1)).toEqual([128]);
  });

  it('host-timer: the hold-off is a QEMU timer too and ends timerWakeNs late', () => {
    expect(irqTimes({ device: { model: 'host-timer', params: { hostTimerUs: 150 } }, guest: onHost, rx: rxList([0, 10]) })).toEqual([
      0,
      150 + wakeUs,
    ]);
  });

  it('hardware timers (the 8254x ITR window) and profiles with nothing measured are not delayed', () => {
    expect(irqTimes({ device: { model: '8254x', regs: { ITR: 500 } }, guest: onHost, rx: rxList([0, 10]) })).toEqual([0, 128]);
    expect(COSTS['kvm-2012'].timerWakeNs).toBe(0);
    expect(irqTimes({ device: { model: 'qemu-2013' }, rx: rxList([0, 10]) })).toEqual([0, 128]);
  });
});

describe('rizzo-2012', () => {
  it('RX: the first frame after an interrupt raises at once; later ones wait for the bottom half', () => {
    // Bottom half 50 us. Frames at 0, 5, 10: 0 raises at once; 5 and 10 wait; BH at 5 + 50 = 55 raises.
    // The bottom half's start_xmit ORs TXQE into the cause word (QEMU 1.2's `cause` starts at TXQE).
    const sim = new Simulation(
      testScenario({ device: { model: 'rizzo-2012', params: { rizzoBottomHalfUs: 50 } }, rx: rxList([0, 5, 10]) }),
    );
    sim.advanceTo(1_000_000);
    expect(sim.interrupts().map((r) => [r.tNs / 1000, r.icr])).toEqual([
      [0, RXT0],
      [55, RXT0 | TXQE],
    ]);
  });

  it('the bottom-half delay is a parameter whose default is QEMU\'s 10 ms main-loop bound', () => {
    expect(irqTimes({ device: { model: 'rizzo-2012' }, rx: rxList([0, 5]), durationUs: 20_000 })).toEqual([0, 10_005]);
  });

  it('RX: RXDMT0 raises at once, but only once until the bottom half runs', () => {
    // Ring 16 (15 buffers), RDMTS 1/2 = 8. Frames every 1 us. Frame 0 raises (ideal guest takes it and refills).
    const sim = new Simulation(
      testScenario({ device: { model: 'rizzo-2012', rxRing: 16, params: { rizzoBottomHalfUs: 1000 } }, rx: rxList(Array.from({ length: 12 }, (_, i) => i)) }),
    );
    sim.advanceTo(2_000_000);
    // After frame 0 the guest refills to 15. Frames 1..7 leave 8 free at frame 7 -> RXDMT0 raise at 7 us.
    // Frames 8..11 wait for the bottom half, armed by frame 1: it runs at 1 + 1000 us.
    expect(sim.interrupts().map((r) => [r.tNs / 1000, r.icr])).toEqual([
      [0, RXT0],
      [7, RXT0 | RXDMT0],
      [1001, RXT0 | TXQE],
    ]);
  });

  it('TX: with tx_count > 4 and tx_count + pending < ring - 5, TDT writes send nothing now', () => {
    // No link limit; ring 64; ideal guest; frames handed every 1 us; BH 1 ms.
    // Writes 1..5 send at once (tx_count 1..5); from the 6th on, frames wait in the ring (TDH stays).
    const at = Array.from({ length: 10 }, (_, i) => i);
    const sim = new Simulation(
      testScenario({ device: { model: 'rizzo-2012', txRing: 64, linkGbps: 0, params: { rizzoBottomHalfUs: 1000 } }, tx: { pattern: 'list', atUs: at, bytes: 64 } }),
    );
    sim.advanceTo(9_500);
    expect(sim.nic.counters.txSent).toBe(5);
    expect(sim.interrupts()).toHaveLength(0);
    // The bottom half at 0 + 1000 us sends all pending and raises TXDW.
    sim.advanceTo(1_000_000);
    expect(sim.nic.counters.txSent).toBe(10);
    expect(sim.interrupts().map((r) => [r.tNs / 1000, r.icr])).toEqual([[1000, TXDW | TXQE]]);
  });

  it('TX: when tx_count reaches ring - 5 the interrupt is raised at once and the counters zeroed', () => {
    // Ring 16: ring - 5 = 11. Magic numbers as parameters: txBatch 100 so nothing is deferred.
    const at = Array.from({ length: 11 }, (_, i) => i);
    const sim = new Simulation(
      testScenario({ device: { model: 'rizzo-2012', txRing: 16, linkGbps: 0, params: { rizzoBottomHalfUs: 5000, rizzoTxBatch: 100 } }, tx: { pattern: 'list', atUs: at, bytes: 64 } }),
    );
    sim.advanceTo(20_000);
    expect(sim.interrupts().map((r) => r.tNs / 1000)).toEqual([10]);
  });
});
