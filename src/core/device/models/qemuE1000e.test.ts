import { describe, expect, it } from 'vitest';
import { Simulation, runScenario } from '../../simulation';
import { testScenario, type ScenarioOverrides } from '../../testScenario';
import { RXDMT0, RXT0, TXDW, TXQE } from '../../causes';
import { TimerId, TraceKind } from '../../types';
import { E1000E_MIN_XITR } from './qemuE1000e';

const irqs = (o: ScenarioOverrides) => runScenario(testScenario({ ...o, device: { model: 'qemu-e1000e', ...o.device } })).interrupts;
const irqTimes = (o: ScenarioOverrides) => irqs(o).map((i) => i.tUs);
const list = (atUs: number[]) => ({ pattern: 'list' as const, atUs, bytes: 64 });

describe('qemu-e1000e: ITR (hw/net/e1000e_core.c e1000e_itr_should_postpone, on_throttling_timer)', () => {
  it('delivers at once and starts the timer; while it runs, postpones; at its end delivers what is pending', () => {
    // ITR 1000 = 256 us. Frames at 0, 10, 20: 0 delivered at once, the others wait for 256.
    // The ideal driver takes everything at 256; the frame at 300 finds the timer restarted at 256 (ends 512).
    expect(irqTimes({ device: { regs: { ITR: 1000 } }, rx: list([0, 10, 20, 300]) })).toEqual([0, 256, 512]);
  });

  it('nothing pending at the end: no timer, the next cause is delivered at once', () => {
    // ITR 1000: window 0..256 with nothing postponed; the frame at 400 is delivered at 400.
    expect(irqTimes({ device: { regs: { ITR: 1000 } }, rx: list([0, 400]) })).toEqual([0, 400]);
  });

  it('ITR is floored at E1000E_MIN_XITR = 500 (128 us) once written, even when the guest writes 0', () => {
    expect(E1000E_MIN_XITR).toBe(500);
    // The ideal driver writes ITR = 0 at start; QEMU stores MAX(0, 500): 128 us windows.
    expect(irqTimes({ device: { regs: { ITR: 0 } }, rx: list([0, 1, 50, 200]) })).toEqual([0, 128, 256]);
    // ITR 100 (25.6 us) asked: still 128 us.
    expect(irqTimes({ device: { regs: { ITR: 100 } }, rx: list([0, 1]) })).toEqual([0, 128]);
  });

  it('caps the rate at 7,813 interrupts/s under a constant load (1e9 / (500 x 256 ns) = 7812.5)', () => {
    // 100,000 frames/s for 100 ms: every window has a frame pending, so one interrupt each 128 us.
    const r = runScenario(testScenario({ durationUs: 100_000, device: { model: 'qemu-e1000e' }, rx: { pattern: 'constant', pps: 100_000, startUs: 0, bytes: 64 } }));
    const t = r.interrupts.map((i) => i.tUs);
    for (let k = 1; k < t.length; k++) expect(t[k] - t[k - 1]).toBeCloseTo(128, 6);
    // (interrupts - 1) / duration: 100 ms / 128 us = 781.25 gaps -> 781 gaps, 782 interrupts.
    expect(t.length).toBe(782);
    expect(r.metrics.interruptsPerSec).toBeLessThanOrEqual(7813);
    expect(r.metrics.interruptsPerSec).toBeGreaterThan(7800);
  });
});

describe('qemu-e1000e: delay timers (e1000e_intrmgr_delay_rx_causes / _tx_causes)', () => {
  it('RDTR restarts on every frame, RADV runs from the first; either releases the delayed RXT0', () => {
    // RDTR 10 (10.24 us), RADV 30 (30.72 us). ITR 0 written -> 128 us floor, but the first delivery is at once.
    // Frames at 0, 5, 10: RDTR restarted at 10 -> due 20.24; fires first. RXT0 at 20.24.
    expect(irqs({ device: { regs: { RDTR: 10, RADV: 30 } }, rx: list([0, 5, 10]) }).map((i) => [i.tUs, i.icr])).toEqual([[20.24, RXT0]]);
    // Frames every 5 us from 0 to 40: RDTR keeps restarting, RADV (started at 0) fires at 30.72.
    expect(irqTimes({ device: { regs: { RDTR: 10, RADV: 30 } }, rx: list([0, 5, 10, 15, 20, 25, 30, 35, 40]) })[0]).toBe(30.72);
  });

  it('RDTR = 0: nothing is delayed, RXT0 at once', () => {
    expect(irqTimes({ device: { regs: { RDTR: 0, RADV: 30 } }, rx: list([7]) })).toEqual([7]);
  });

  it('RXDMT0 cannot wait: it brings the delayed RXT0 with it at once (free == threshold after the store)', () => {
    // 16-descriptor ring, the ideal driver gives 15; RDMTS 1/2 -> threshold 8: after the 7th frame 8 are free.
    const r = irqs({ device: { rxRing: 16, regs: { RDTR: 100 } }, rx: list([0, 1, 2, 3, 4, 5, 6]) });
    expect(r.map((i) => [i.tUs, i.icr])).toEqual([[6, RXT0 | RXDMT0]]);
  });

  it('TX with IDE: TXDW and TXQE wait for TIDV (re-armed per TDT write) or TADV; without IDE they are set at once', () => {
    // The ideal driver sets IDE iff TIDV != 0. TIDV 20 (20.48 us), TADV 0: packets at 0 and 10 -> due 30.48.
    expect(irqs({ device: { regs: { TIDV: 20 } }, tx: list([0, 10]) }).map((i) => [i.tUs, i.icr])).toEqual([[30.48, TXDW | TXQE]]);
    // TIDV 0: no IDE, TXDW | TXQE at the TDT write.
    expect(irqs({ device: { regs: { TIDV: 0 } }, tx: list([3]) }).map((i) => [i.tUs, i.icr])).toEqual([[3, TXDW | TXQE]]);
  });

  it('a cause set at once releases every delayed cause: RX delayed by RDTR goes out with a TX cause', () => {
    // RDTR 100 holds the frame at 0 (due 102.4); a TX packet at 5 without IDE sets TXDW|TXQE at 5 and collects RXT0.
    const r = irqs({ device: { regs: { RDTR: 100 } }, rx: list([0]), tx: list([5]) });
    expect(r.map((i) => [i.tUs, i.icr])).toEqual([[5, RXT0 | TXDW | TXQE]]);
  });

  it('the ITR timer\'s end collects delayed causes too (on_throttling_timer sets cause 0)', () => {
    // ITR 1000 (256 us). Frame at 0 (RDTR 0) delivered at once, timer to 256. Frame at 100 with RDTR...
    // Here: RDTR 400 (409.6 us) written at start; frames at 0 and 100 are delayed, RADV 0.
    // TX at 1 (no IDE) sets TXDW|TXQE and collects frame 0's RXT0: delivered at 1, timer 1..257.
    // Frame at 100 is delayed by RDTR (due 509.6); at 257 the timer's end collects it: delivered at 257.
    const sim = new Simulation(testScenario({ durationUs: 2000, device: { model: 'qemu-e1000e', regs: { ITR: 1000, RDTR: 400 } }, rx: list([0, 100]), tx: list([1]) }));
    sim.advanceTo(2_000_000);
    expect(sim.interrupts().map((i) => [i.tNs / 1000, i.icr])).toEqual([
      [1, RXT0 | TXDW | TXQE],
      [257, RXT0],
    ]);
    // RDTR was stopped by the collection, not fired.
    const w = sim.trace.records();
    const fires = w.filter((rec) => rec.kind === TraceKind.TIMER_FIRE && rec.a === TimerId.RDTR);
    expect(fires).toEqual([]);
  });
});
