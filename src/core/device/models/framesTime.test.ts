import { describe, expect, it } from 'vitest';
import { Simulation, runScenario } from '../../simulation';
import { testScenario, type ScenarioOverrides } from '../../testScenario';
import { RXT0, TXDW } from '../../causes';
import { TimerId, TraceKind } from '../../types';

const list = (atUs: number[]) => ({ pattern: 'list' as const, atUs, bytes: 64 });
const run = (params: Record<string, number>, o: ScenarioOverrides = {}) =>
  runScenario(testScenario({ durationUs: 2000, ...o, device: { model: 'frames-time', linkGbps: 0, params } }));
const times = (params: Record<string, number>, o: ScenarioOverrides = {}) => run(params, o).interrupts.map((i) => i.tUs);

describe('frames-time: rx-frames or rx-usecs, whichever first (virtio spec, Notifications Coalescing / Operation)', () => {
  it('the virtio RX example: max_usecs 10, max_packets 15: 10 us after the first frame, or at the 15th', () => {
    const p = { cqRxUsecs: 10, cqRxFrames: 15 };
    // Three frames at 0, 2, 4: the timer from 0 ends at 10; then a lone frame at 50 -> 60.
    expect(times(p, { rx: list([0, 2, 4, 50]) })).toEqual([10, 60]);
    // 15 frames 0.5 us apart (0 .. 7): the 15th at 7 fires before the timer (10).
    expect(times(p, { rx: list(Array.from({ length: 15 }, (_, i) => i * 0.5)) })).toEqual([7]);
    // 16 frames: the 16th (7.5) is the first of a new count; its timer ends at 17.5.
    expect(times(p, { rx: list(Array.from({ length: 16 }, (_, i) => i * 0.5)) })).toEqual([7, 17.5]);
  });

  it('EQE mode: the timer runs from the first completion; CQE mode: each completion restarts it', () => {
    const rx = list([0, 6, 12, 18]);
    // EQE, rx-usecs 10: 0 -> 10 (frames 0, 6); 12 -> 22 (12, 18).
    expect(times({ cqRxUsecs: 10, cqRxFrames: 64, cqRxCqeMode: 0 }, { rx })).toEqual([10, 22]);
    // CQE: each frame within 10 us of the last restarts the timer: one interrupt at 18 + 10 = 28.
    expect(times({ cqRxUsecs: 10, cqRxFrames: 64, cqRxCqeMode: 1 }, { rx })).toEqual([28]);
  });

  it('rx-usecs = 0 or rx-frames = 0: an interrupt after every completion', () => {
    expect(times({ cqRxUsecs: 0, cqRxFrames: 32 }, { rx: list([0, 100]) })).toEqual([0, 100]);
    expect(times({ cqRxUsecs: 50, cqRxFrames: 0 }, { rx: list([0, 100]) })).toEqual([0, 100]);
  });

  it('TX completions count against tx-frames / tx-usecs and raise TXDW', () => {
    const r = run({ cqTxUsecs: 20, cqTxFrames: 3 }, { tx: list([0, 1, 2, 10]) });
    // The ideal driver sends each at its instant (no wire): 3rd completion at 2 fires; 10 -> 30.
    expect(r.interrupts.map((i) => [i.tUs, i.icr])).toEqual([
      [2, TXDW],
      [30, TXDW],
    ]);
  });

  it('the virtio worked example: 10 packets counted, max_packets set to 8: the condition is met at once', () => {
    const sim = new Simulation(
      testScenario({ durationUs: 2000, device: { model: 'frames-time', linkGbps: 0, params: { cqRxUsecs: 1000, cqRxFrames: 15 } }, rx: list(Array.from({ length: 10 }, (_, i) => i)) }),
    );
    sim.advanceTo(20_000);
    expect(sim.interrupts()).toEqual([]); // 10 < 15, the 1000 us timer runs
    sim.nic.model.setParam!('cqRxFrames', 8);
    expect(sim.interrupts().map((i) => i.tNs)).toEqual([20_000]); // asserted inside the change
    sim.advanceTo(20_001); // the ideal driver's ISR reads ICR
    expect(sim.interrupts().map((i) => [i.tNs, i.icr])).toEqual([[20_000, RXT0]]);
    expect(sim.nic.timers.running(TimerId.RX_USECS)).toBe(false);
  });

  it('a shorter rx-usecs set while the timer runs counts from the timer\'s start (fires now if already past)', () => {
    const sim = new Simulation(testScenario({ durationUs: 2000, device: { model: 'frames-time', linkGbps: 0, params: { cqRxUsecs: 100, cqRxFrames: 64 } }, rx: list([0]) }));
    sim.advanceTo(30_000);
    sim.nic.model.setParam!('cqRxUsecs', 40); // started at 0: now due at 40 us
    sim.advanceTo(1_000_000);
    expect(sim.interrupts().map((i) => i.tNs)).toEqual([40_000]);
    const sim2 = new Simulation(testScenario({ durationUs: 2000, device: { model: 'frames-time', linkGbps: 0, params: { cqRxUsecs: 100, cqRxFrames: 64 } }, rx: list([0]) }));
    sim2.advanceTo(30_000);
    sim2.nic.model.setParam!('cqRxUsecs', 20); // already 30 us in: fires now
    expect(sim2.interrupts().map((i) => i.tNs)).toEqual([30_000]);
  });

  it('the 8254x registers do nothing: no RXDMT0, the rx-usecs timer runs in its lane', () => {
    const sim = new Simulation(testScenario({ device: { model: 'frames-time', linkGbps: 0, rxRing: 16, regs: { RDTR: 100 }, params: { cqRxUsecs: 10, cqRxFrames: 64 } }, rx: list([0, 1, 2, 3, 4, 5, 6, 7]) }));
    sim.advanceTo(1_000_000);
    expect(sim.interrupts().map((i) => [i.tNs, i.icr])).toEqual([[10_000, RXT0]]);
    const starts = sim.trace.records().filter((r) => r.kind === TraceKind.TIMER_START).map((r) => r.a);
    expect(starts).toEqual([TimerId.RX_USECS]);
  });
});
