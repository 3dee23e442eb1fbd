import { describe, expect, it } from 'vitest';
import type { SweepMetrics as Metrics } from '../sweep/metrics';
import { loadPreset } from '../scenario/presets';
import { listSweepablePaths } from '../sweep/paths';
import { planSweep, runSweepSerial, type SweepResult } from '../sweep/sweep';
import { cheapestWithin, defaultRange, fieldHeading, defaultSweepForm, metricSeries, paramText, throughputMetrics, tradeoffPoints } from './labSweep';

function preset(id: string) {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function metrics(p99: number, cpu: number, extra: Partial<Metrics> = {}): Metrics {
  return {
    rxFrames: 100, rxDropped: 0, txFrames: 0, interrupts: 10, interruptsPerSec: 1000, framesPerInterrupt: 10,
    latencyUs: { p50: p99 / 2, p99, max: p99 }, exits: 0, guestCpuUtil: cpu, rxPps: 1000, txPps: 0, guestBusyUs: 0, rxLeftInRing: 0, txLeftInRing: 0, ...extra,
  };
}

function result(ms: Metrics[]): SweepResult {
  return { param: 'device.regs.ITR', points: ms.map((m, i) => ({ value: i * 100, metrics: m })), pareto: [] };
}

describe('Sweep view logic', () => {
  it('answers "p99 under B at the lowest CPU": the cheapest point meeting the bound', () => {
    const r = result([metrics(10, 0.5), metrics(40, 0.3), metrics(45, 0.3), metrics(80, 0.1), metrics(30, 0.2, { rxDropped: 5 })]);
    expect(cheapestWithin(r, 50)).toEqual({ best: 1, meeting: [0, 1, 2] });
    // Drops disqualify a point unless allowed.
    expect(cheapestWithin(r, 50, true)).toEqual({ best: 4, meeting: [0, 1, 2, 4] });
    expect(cheapestWithin(r, 5)).toEqual({ best: null, meeting: [] });
    // A point that received nothing has no latency to meet a bound with.
    expect(cheapestWithin(result([metrics(0, 0.01, { rxFrames: 0 })]), 50).best).toBeNull();
  });

  it('starts on a parameter that matters for the scenario, with a range that plans', () => {
    const linux = preset('linux-defaults');
    expect(defaultSweepForm(linux)).toEqual({ param: 'guest.params.InterruptThrottleRate', from: 1000, to: 100_000, steps: 12, scale: 'log' });
    expect(defaultSweepForm(preset('default')).param).toBe('device.regs.ITR');
    expect(defaultSweepForm(preset('rizzo2012-kvm-mitigated')).param).toBe('device.params.rizzoBottomHalfUs');
    for (const id of ['default', 'linux-defaults', 'freebsd-defaults', 'rizzo-2012', 'host-timer', 'rx-line-rate']) {
      const s = preset(id);
      expect(planSweep(s, defaultSweepForm(s)), id).toMatchObject({ ok: true });
      for (const field of listSweepablePaths(s)) {
        expect(planSweep(s, { param: field.path, ...defaultRange(field) }), `${id} ${field.path}`).toMatchObject({ ok: true });
      }
    }
  });

  it('gives the plots their series', () => {
    const s = preset('default');
    const planned = planSweep(s, { param: 'device.regs.RADV', from: 0, to: 64, steps: 3 });
    if (!planned.ok) throw new Error(planned.error);
    const r = runSweepSerial(planned.value);
    expect(metricSeries(r, 'guestCpuUtil').map((p) => p.x)).toEqual([0, 32, 64]);
    expect(throughputMetrics(r)).toEqual(['rxPps']);
    expect(tradeoffPoints(r)).toHaveLength(3);
    expect(paramText({ unit: '256 ns' }, 195)).toBe('195 (49.92 µs)');
    expect(paramText({ unit: '256 ns' }, 0)).toBe('0 (off)');
    expect(paramText({ unit: '1.024 us' }, 32)).toBe('32 (32.768 µs)');
    expect(paramText({ unit: 'interrupts/s or mode' }, 8000)).toBe('8,000');
    expect(paramText({ unit: 'us' }, 100)).toBe('100 µs');
    expect(fieldHeading({ label: 'ITR', unit: '256 ns' })).toBe('ITR (units of 256 ns)');
    expect(fieldHeading({ label: 'RX offered load', unit: 'frames/s' })).toBe('RX offered load (frames/s)');
    expect(fieldHeading({ label: 'Linux InterruptThrottleRate', unit: 'interrupts/s or mode' })).toBe('Linux InterruptThrottleRate (interrupts/s)');
  });
});

describe('sweepable fields', () => {
  it('greys out driver parameters that program registers a device model ignores', () => {
    const rizzo = preset('rizzo2012-linux-kvm-mitigated');
    const itr = listSweepablePaths(rizzo).find((f) => f.path === 'guest.params.InterruptThrottleRate')!;
    expect(itr).toMatchObject({ effective: false, note: expect.stringContaining('Rizzo 2012 patch') });
    const linux = preset('linux-defaults');
    expect(listSweepablePaths(linux).find((f) => f.path === 'guest.params.InterruptThrottleRate')!.effective).toBe(true);
    expect(listSweepablePaths(linux).find((f) => f.path === 'device.regs.ITR')!.effective).toBe(false);
  });
});
