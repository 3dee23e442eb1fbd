import { describe, expect, it } from 'vitest';
import { runScenario } from '../core/simulation';
import { loadPreset } from '../scenario/presets';
import { runSweepPoint } from './sweep';
import { handleSweepRequest } from './workerProtocol';
import { captureLanes, handleLaneRequest, isLaneRequest, laneTransferables } from './lanes';

function preset(id: string) {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('lanes for the comparison timeline (answered by the lab worker)', () => {
  it('keeps every interrupt, arrival, delivery and send of a run, with the same metrics as a sweep point', () => {
    const s = preset('default');
    const lane = captureLanes(s);
    const run = runScenario(s);
    expect(Array.from(lane.irqNs, (t) => t / 1000)).toEqual(run.interrupts.map((i) => i.tUs));
    expect(Array.from(lane.irqIcr)).toEqual(run.interrupts.map((i) => i.icr));
    expect(lane.metrics).toEqual(runSweepPoint(s));
    expect(lane.rxArriveNs.length).toBe(32);
    expect(lane.rxTakenNs.length).toBe(run.metrics.rxFrames);
    expect(lane.txDoneNs.length).toBe(0);
    expect(lane.durationNs).toBe(200_000);
    expect(lane.truncated).toBe(false);
  });

  it('merges the guest vCPU busy spans into sorted, disjoint [start, end] pairs', () => {
    const s = preset('qemu-2012-per-frame');
    const lane = captureLanes(s);
    expect(lane.txDoneNs.length).toBe(lane.metrics.txFrames);
    const spans = lane.cpuBusyNs;
    expect(spans.length % 2).toBe(0);
    let busy = 0;
    for (let i = 0; i < spans.length; i += 2) {
      expect(spans[i + 1]).toBeGreaterThan(spans[i]);
      if (i > 0) expect(spans[i]).toBeGreaterThan(spans[i - 1]);
      busy += Math.min(spans[i + 1], lane.durationNs) - spans[i];
    }
    // The guest saturates TX: busy all the time.
    expect(busy / lane.durationNs).toBeCloseTo(lane.metrics.guestCpuUtil, 3);
  });

  it('stops recording past the cap but still runs to the end for the metrics', () => {
    const s = preset('rizzo2012-kvm-mitigated');
    const lane = captureLanes(s, 100);
    expect(lane.truncated).toBe(true);
    expect(lane.txDoneNs.length).toBeLessThanOrEqual(100);
    expect(lane.metrics).toEqual(runSweepPoint(s));
  });

  it('answers both kinds of message, and errors as replies', () => {
    const s = preset('default');
    expect(isLaneRequest({ kind: 'lanes', id: 1, scenario: s })).toBe(true);
    expect(isLaneRequest({ index: 0, scenario: s })).toBe(false);
    const reply = handleLaneRequest({ kind: 'lanes', id: 7, scenario: s });
    expect(reply).toMatchObject({ kind: 'lanes', id: 7, ok: true });
    if (reply.ok) expect(laneTransferables(reply.value)).toHaveLength(7);
    const bad = handleLaneRequest({ kind: 'lanes', id: 8, scenario: { ...s, device: null } as never });
    expect(bad).toMatchObject({ kind: 'lanes', id: 8, ok: false });
    expect(handleSweepRequest({ index: 3, scenario: s })).toMatchObject({ index: 3, ok: true });
  });
});
