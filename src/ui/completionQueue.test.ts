import { describe, expect, it } from 'vitest';
import { Simulation } from '../core/simulation';
import { testScenario, type ScenarioOverrides } from '../core/testScenario';
import { TraceWindow } from '../state/traceWindow';
import { queueState } from './completionQueue';

/** A run's trace in a view's trace window, and the scenario's device params. */
function window(o: ScenarioOverrides, untilNs: number) {
  const s = testScenario(o);
  const sim = new Simulation(s, { traceCapacity: 100_000 });
  sim.advanceTo(untilNs);
  const tw = new TraceWindow(100_000);
  tw.append(sim.trace.copySince(0));
  return { tw, params: s.device.params as Record<string, number> };
}

const list = (atUs: number[]) => ({ pattern: 'list' as const, atUs, bytes: 64 });

describe('the Completion queue panel reads the count and the settings from the trace', () => {
  it('counts completions since the queue last interrupted (rx-usecs 10, rx-frames 32: frames at 0, 1, 2; the timer fires at 10)', () => {
    const o: ScenarioOverrides = { device: { model: 'frames-time', linkGbps: 0, params: { cqRxUsecs: 10, cqRxFrames: 32 } }, rx: list([0, 1, 2, 12]) };
    const { tw, params } = window(o, 20_000);
    expect(queueState(tw, params, 'rx', 5_000)).toEqual({ dir: 'rx', usecs: 10, frames: 32, cqe: false, count: 3, programmed: false });
    expect(queueState(tw, params, 'rx', 11_000).count).toBe(0); // fired at 10
    expect(queueState(tw, params, 'rx', 13_000).count).toBe(1); // the frame at 12 starts a new count
  });

  it('the count ends at the rx-frames-th completion too (the timer stopped by the count)', () => {
    const o: ScenarioOverrides = { device: { model: 'frames-time', linkGbps: 0, params: { cqRxUsecs: 100, cqRxFrames: 3 } }, rx: list([0, 1, 2, 3]) };
    const { tw, params } = window(o, 10_000);
    expect(queueState(tw, params, 'rx', 2_500).count).toBe(0);
    expect(queueState(tw, params, 'rx', 3_500).count).toBe(1);
  });

  it('settings a driver programmed (DIM) win over the scenario\'s, and say so', () => {
    const o: ScenarioOverrides = { device: { model: 'frames-time' }, guest: { driver: 'linux-dim', costs: 'kvm-apicv', params: { rxDimProfile: 1 } } };
    const { tw, params } = window(o, 1_000);
    // net_dim RX CQE table, index 1: 8 us, 128 frames, CQE mode.
    expect(queueState(tw, params, 'rx', 1_000)).toEqual({ dir: 'rx', usecs: 8, frames: 128, cqe: true, count: 0, programmed: true });
    expect(queueState(tw, params, 'tx', 1_000).programmed).toBe(false);
  });
});
