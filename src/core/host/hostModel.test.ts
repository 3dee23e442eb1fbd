import { describe, expect, it } from 'vitest';
import { Simulation, runScenario } from '../simulation';
import { testScenario, type ScenarioOverrides } from '../testScenario';
import { TraceKind } from '../types';
import type { HostSpec, Scenario } from '../scenario';
import { COSTS } from '../guest/costs';
import { HostBits } from './hostModel';
import { loadPreset } from '../../scenario/presets';

const US = 1000;

function withHost(o: ScenarioOverrides, host?: HostSpec): Scenario {
  const s = testScenario({ ...o, device: { linkGbps: 0, ...o.device } });
  return host ? { ...s, host } : s;
}

function run(s: Scenario, untilUs: number) {
  const sim = new Simulation(s);
  sim.advanceTo(untilUs * US);
  return sim;
}

const at = (sim: Simulation, kind: number) => sim.trace.records().filter((r) => r.kind === kind).map((r) => r.tNs / US);

/** linux-e1000 (6.1, InterruptThrottleRate 0) on tcg-qemu72-rx. */
const LINUX_RX = { driver: 'linux-e1000', costs: 'tcg-qemu72-rx', params: { InterruptThrottleRate: 0 }, kernel: '6.1' } as const;
/** One interrupt cycle of that guest taking one frame, from the line's assertion to the guest's idle (us):
 * halted wake 18.75 + injection 1 + ISR (ICR, IMC, STATUS) 1.5 + pollNs 1 + one frame 3.983 + RDT 0.5 + rxPollNs 10 + IMS, STATUS 1. */
const ONE_FRAME_CYCLE_US = 18.75 + 1 + 1.5 + 1 + 3.983 + 0.5 + 10 + 1;

describe('host model: QEMU main loop delivers each received frame after its host cost (hostRxFrameNs)', () => {
  it('the profile figures the rules below use', () => {
    expect(COSTS['tcg-qemu72-rx'].hostRxFrameNs).toBe(12_000);
    expect(ONE_FRAME_CYCLE_US).toBeCloseTo(37.733, 6);
  });

  it('separate cores: frames at 0, 5, 10 us wait in the host socket and reach the NIC 12 us apart, at 12, 24, 36 us', () => {
    const sim = run(withHost({ device: { model: 'qemu-2012' }, guest: { costs: 'tcg-qemu72-rx' }, rx: { pattern: 'list', atUs: [0, 5, 10], bytes: 64 } }, { placement: 'separate' }), 100);
    expect(at(sim, TraceKind.RX_ARRIVE)).toEqual([12, 24, 36]);
    // Latency counts from the socket: the third frame waited 26 us (ideal guest: taken at once).
    expect(sim.metrics().latencyUs.max).toBe(26);
  });

  it('without a host model nothing changes: frames reach the NIC at the instants drawn', () => {
    const sim = run(withHost({ device: { model: 'qemu-2012' }, guest: { costs: 'tcg-qemu72-rx' }, rx: { pattern: 'list', atUs: [0, 5, 10], bytes: 64 } }), 100);
    expect(at(sim, TraceKind.RX_ARRIVE)).toEqual([0, 5, 10]);
    expect(sim.trace.records().some((r) => r.kind === TraceKind.HOST_STATE)).toBe(false);
  });

  it('the 8254x has a wire, not a QEMU main loop: the host model does not apply', () => {
    const s = withHost({ device: { model: '8254x', linkGbps: 1 }, guest: { costs: 'tcg-qemu72-rx' }, rx: { pattern: 'list', atUs: [0, 5], bytes: 64 } }, { placement: 'shared' });
    expect(at(run(s, 100), TraceKind.RX_ARRIVE)).toEqual([0, 5]);
  });

  it('shared core: a frame arriving while the vCPU thread runs waits in the socket until the guest idles, then takes 12 us', () => {
    // Frame 0: delivered at 12 us; the line rises (qemu-2012) and the main loop sleeps, so the vCPU thread runs at once.
    // Frame 1 arrives at 20 us: the main loop wakes with vruntime 12 us, the vCPU thread's is 8 us: no preemption
    // (it would need to be 2 ms behind). The guest idles at 12 + 37.733 = 49.733 us; frame 1 reaches the NIC at 61.733 us.
    const s = withHost({ device: { model: 'qemu-2012' }, guest: LINUX_RX, rx: { pattern: 'list', atUs: [0, 20], bytes: 64 } }, { placement: 'shared' });
    const sim = run(s, 200);
    expect(at(sim, TraceKind.RX_ARRIVE)).toEqual([12, 61.733]);
    expect(at(sim, TraceKind.LINE_ASSERT)).toEqual([12, 61.733]);
    const waiting = sim.trace.records().find((r) => r.kind === TraceKind.HOST_STATE && r.tNs === 20 * US)!;
    expect(waiting.a).toBe(HostBits.VCPU_RUNNING | HostBits.MAIN_WAITING);
    expect(waiting.b).toBe(1);
  });

  it('separate cores: the same frame reaches the NIC at 32 us, while the guest polls', () => {
    const s = withHost({ device: { model: 'qemu-2012' }, guest: LINUX_RX, rx: { pattern: 'list', atUs: [0, 20], bytes: 64 } }, { placement: 'separate' });
    expect(at(run(s, 200), TraceKind.RX_ARRIVE)).toEqual([12, 32]);
  });
});

describe('host model: QEMU timer callbacks run on the main-loop thread', () => {
  // qemu-2013, ideal guest, ITR 0: every interrupt opens QEMU's 128 us floor window.
  const mit = (atUs: number[]) => withHost({ device: { model: 'qemu-2013' }, guest: { costs: 'tcg-qemu72-rx' }, rx: { pattern: 'list', atUs, bytes: 64 } }, { placement: 'separate' });
  const WAKE = COSTS['tcg-qemu72-rx'].timerWakeNs / US; // 42.7

  it('a deadline that finds the main loop asleep on an idle core runs timerWakeNs later (12 + 128 + 42.7 = 182.7 us)', () => {
    const sim = run(mit([0, 50]), 400);
    expect(at(sim, TraceKind.LINE_ASSERT)).toEqual([12, 12 + 128 + WAKE]);
    // The second window (182.7 + 128 us) ends the same way, with nothing pending: 353.4 us.
    expect(at(sim, TraceKind.HOST_CALLBACK)).toEqual([12 + 128 + WAKE, 12 + 2 * (128 + WAKE)]);
  });

  it('a frame arriving while the core wakes for the timer ends the wake-up: the callback runs at once, first (150 us)', () => {
    const sim = run(mit([0, 50, 150]), 400);
    // Frame 2 (stored at 162 us, inside the window opened at 150 us) raises the line at 150 + 128 + 42.7 = 320.7 us.
    expect(at(sim, TraceKind.LINE_ASSERT)).toEqual([12, 150, 150 + 128 + WAKE]);
    expect(at(sim, TraceKind.RX_ARRIVE)).toEqual([12, 62, 162]);
  });

  it('a deadline that finds the main loop delivering a frame runs right after that frame (142 us)', () => {
    // Frame 1 arrives at 130 us and is delivered 130..142 us; the window's deadline (140 us) waits for it.
    const sim = run(mit([0, 130]), 400);
    expect(at(sim, TraceKind.LINE_ASSERT)).toEqual([12, 142]);
    // The next window ends with the main loop asleep: 142 + 128 + 42.7 = 312.7 us.
    expect(at(sim, TraceKind.HOST_CALLBACK)).toEqual([142, 142 + 128 + WAKE]);
  });
});

describe('host model: table A is untouched', () => {
  it('tcg-qemu72-rx has every transmit figure of tcg-qemu72', () => {
    const a = COSTS['tcg-qemu72'];
    const b = COSTS['tcg-qemu72-rx'];
    for (const k of ['exitNs', 'injectNs', 'txFrameNs', 'txBackendNs', 'txCleanNs', 'pollNs', 'byteNs', 'timerWakeNs'] as const) expect(b[k]).toBe(a[k]);
  });

  it('table A\'s presets give the same metrics with tcg-qemu72-rx as with tcg-qemu72 (TX saturate never idles the guest or receives)', () => {
    // Linux 3.5 here: 6.1's byte queue limits idle a saturating sender in its first four interrupt intervals
    // (kernel/dql.test.ts), where the vCPU wake-up cost of tcg-qemu72-rx then applies.
    for (const id of ['qemu72-tcg-tx-on', 'qemu72-tcg-tx-off']) {
      const p = loadPreset(id);
      if (!p.ok) throw new Error(p.error);
      const guest = { ...p.value.guest, kernel: '3.5' as const };
      const a = runScenario({ ...p.value, guest }).metrics;
      const b = runScenario({ ...p.value, guest: { ...guest, costs: 'tcg-qemu72-rx' } }).metrics;
      expect(b).toEqual(a);
    }
  });

  it('a scenario without host gives no host metrics; with one, the main loop\'s CPU use', () => {
    const base = withHost({ device: { model: 'qemu-2012' }, guest: { costs: 'tcg-qemu72-rx' }, rx: { pattern: 'constant', pps: 10_000, bytes: 64, startUs: 0 }, durationUs: 1000 });
    expect(runScenario(base).metrics.host).toBeUndefined();
    // 10 frames at 0, 100, ..., 900 us, 12 us each: 120 us of 1000.
    expect(runScenario({ ...base, host: { placement: 'separate' } }).metrics.host).toEqual({ mainLoopCpuUtil: 0.12, framesDelivered: 10 });
  });
});
