import { describe, expect, it } from 'vitest';
import type { SweepMetrics as Metrics } from '../sweep/metrics';
import { loadPreset } from '../scenario/presets';
import { listSweepablePaths } from '../sweep/paths';
import { meanMetrics, metricSpread, planSweep, runSweepSerial, seededScenarios, seedsFrom, sweepResultSeeds, type SweepResult } from '../sweep/sweep';
import { seedsOf, cheapestWithin, defaultRange, fieldHeading, defaultSweepForm, metricSeries, paramText, throughputMetrics, tradeoffPoints } from './labSweep';

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
    expect(defaultSweepForm(linux)).toEqual({ param: 'guest.params.InterruptThrottleRate', from: 1000, to: 100_000, steps: 12, scale: 'log', seeds: 3 });
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

describe('several seeds per point', () => {
  it('seeds are the scenario\'s own, then the next ones; a seed sweep runs one; the count stays within 1..10', () => {
    expect(seedsFrom(7, 3)).toEqual([7, 8, 9]);
    expect(seedsFrom(0xffff_ffff, 2)).toEqual([0xffff_ffff, 0]);
    expect(seedsOf({ param: 'device.regs.ITR', seeds: 3 })).toBe(3);
    expect(seedsOf({ param: 'seed', seeds: 3 })).toBe(1);
    expect(seedsOf({ param: 'device.regs.ITR', seeds: 99 })).toBe(10);
    expect(seedsOf({ param: 'device.regs.ITR', seeds: NaN })).toBe(1);
  });

  it('the mean of each figure, latency only over runs that received frames; the spread as min, max and sd', () => {
    const runs = [metrics(10, 0.2), metrics(20, 0.4), metrics(0, 0.3, { rxFrames: 0, interruptsPerSec: 4000 })];
    const m = meanMetrics(runs);
    expect(m.guestCpuUtil).toBeCloseTo(0.3, 10);
    expect(m.interruptsPerSec).toBe(2000);
    expect(m.latencyUs.p99).toBe(15);
    const point = { value: 1, metrics: m, runs };
    expect(metricSpread(point, 'latencyP99Us')).toEqual({ mean: 15, min: 10, max: 20, sd: Math.sqrt(50), n: 2 });
    expect(metricSpread(point, 'guestCpuUtil')).toMatchObject({ min: 20, max: 40, n: 3 });
    expect(metricSpread({ value: 1, metrics: m }, 'guestCpuUtil')).toBeNull();
  });

  it('a poisson sweep over 3 seeds: Pareto on the means, error bars from the runs', () => {
    const s = preset('linux-defaults');
    const planned = planSweep({ ...s, durationUs: 2000 }, { param: 'guest.params.InterruptThrottleRate', from: 2000, to: 50000, steps: 3, scale: 'log' });
    if (!planned.ok) throw new Error(planned.error);
    const scenarios = seededScenarios(planned.value, 3);
    expect(scenarios.map((x) => x.seed)).toEqual([s.seed, s.seed + 1, s.seed + 2, s.seed, s.seed + 1, s.seed + 2, s.seed, s.seed + 1, s.seed + 2]);
    const serial = runSweepSerial({ ...planned.value, points: scenarios.map((scenario, i) => ({ value: i, scenario })) });
    const runs = [0, 1, 2].map((i) => serial.points.slice(i * 3, i * 3 + 3).map((p) => p.metrics));
    const r = sweepResultSeeds(planned.value, runs);
    expect(r.points.every((p) => p.runs?.length === 3)).toBe(true);
    const series = metricSeries(r, 'interruptsPerSec');
    for (const [i, xy] of series.entries()) {
      expect(xy.yLo).toBe(Math.min(...runs[i].map((m) => m.interruptsPerSec)));
      expect(xy.yHi).toBe(Math.max(...runs[i].map((m) => m.interruptsPerSec)));
      expect(xy.yLo! <= xy.y && xy.y <= xy.yHi!).toBe(true);
    }
    expect(tradeoffPoints(r)[0].xLo).toBeDefined();
  });
});
