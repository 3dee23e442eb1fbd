import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runScenario } from '../core/simulation';
import { testScenario } from '../core/testScenario';
import { loadPreset } from '../scenario/presets';
import { paretoFrontier, paretoFrontierXY, planSweep, runSweepPoint, runSweepPointCycles, runSweepSerial, sweepValues, MAX_SWEEP_STEPS } from './sweep';

const rxPoisson = testScenario({ durationUs: 500, rx: { pattern: 'poisson', pps: 200_000, bytes: 64, startUs: 0 } });

function plan(...args: Parameters<typeof planSweep>) {
  const planned = planSweep(...args);
  if (!planned.ok) throw new Error(planned.error);
  return planned.value;
}

describe('planSweep', () => {
  it('linear: steps points, both ends included, integers for integer fields', () => {
    const p = plan(rxPoisson, { param: 'device.regs.ITR', from: 0, to: 4000, steps: 21 });
    expect(p.points.map((pt) => pt.value)).toEqual(Array.from({ length: 21 }, (_, i) => i * 200));
    expect(p.scale).toBe('linear');
    expect(p.warnings).toEqual([]);
    expect(p.points.map((pt) => pt.scenario.device.regs.ITR)).toEqual(p.points.map((pt) => pt.value));
    const rounded = plan(rxPoisson, { param: 'device.regs.ITR', from: 0, to: 4000, steps: 20 }).points.map((pt) => pt.value);
    expect(rounded).toHaveLength(20);
    expect(rounded.every(Number.isInteger)).toBe(true);
    expect(rounded.slice(0, 3)).toEqual([0, 211, 421]);
  });

  it('log: geometric spacing; non-integer fields keep 6 significant digits', () => {
    const p = plan(rxPoisson, { param: 'traffic.rx.pps', from: 1000, to: 1_000_000, steps: 4, scale: 'log' });
    expect(p.points.map((pt) => pt.value)).toEqual([1000, 10_000, 100_000, 1_000_000]);
    const q = plan(rxPoisson, { param: 'traffic.rx.pps', from: 10_000, to: 1_000_000, steps: 5, scale: 'log' });
    expect(q.points.map((pt) => pt.value)).toEqual([10_000, 31_622.8, 100_000, 316_228, 1_000_000]);
  });

  it('descending ranges and one-point sweeps work; ring sizes round to multiples of 8', () => {
    expect(plan(rxPoisson, { param: 'device.regs.RADV', from: 30, to: 0, steps: 4 }).points.map((p) => p.value)).toEqual([30, 20, 10, 0]);
    expect(plan(rxPoisson, { param: 'device.regs.RADV', from: 7, to: 99, steps: 1 }).points.map((p) => p.value)).toEqual([7]);
    expect(plan(rxPoisson, { param: 'device.rxRing', from: 8, to: 64, steps: 4 }).points.map((p) => p.value)).toEqual([8, 24, 48, 64]);
  });

  it('values that round onto each other appear once, with a warning', () => {
    const p = plan(rxPoisson, { param: 'device.regs.ITR', from: 1, to: 4, steps: 10 });
    expect(p.points.map((pt) => pt.value)).toEqual([1, 2, 3, 4]);
    expect(p.warnings).toEqual(['6 of 10 points rounded onto others and were dropped']);
  });

  it('warns when the parameter cannot change this scenario', () => {
    const linux = loadPreset('linux-defaults');
    if (!linux.ok) throw new Error(linux.error);
    const p = plan(linux.value, { param: 'device.regs.ITR', from: 0, to: 100, steps: 2 });
    expect(p.warnings[0]).toMatch(/^device\.regs\.ITR: no effect: the Linux e1000 driver programs ITR from its InterruptThrottleRate parameter at start/);
  });

  it('names each point, within 80 characters', () => {
    const long = { ...rxPoisson, name: 'x'.repeat(80) };
    const p = plan(long, { param: 'device.regs.ITR', from: 0, to: 65535, steps: 2 });
    expect(p.points[1].scenario.name).toMatch(/ \[ITR=65535\]$/);
    expect(p.points[1].scenario.name.length).toBeLessThanOrEqual(80);
  });

  const bad: [rule: string, spec: Parameters<typeof planSweep>[1], error: RegExp][] = [
    ['an out-of-range point names the point, path and value', { param: 'device.regs.ITR', from: 0, to: 70_000, steps: 3 }, /^point 3 of 3: device\.regs\.ITR: 70000 is out of range \(integer 0\.\.65535\)$/],
    ['an unknown path', { param: 'device.regs.NOPE', from: 0, to: 1, steps: 2 }, /^device\.regs\.NOPE: not a sweepable parameter/],
    ['log from 0', { param: 'device.regs.ITR', from: 0, to: 4000, steps: 3, scale: 'log' }, /^scale "log" needs from and to above 0 \(got from 0, to 4000\)$/],
    ['zero steps', { param: 'device.regs.ITR', from: 0, to: 1, steps: 0 }, new RegExp(`^steps: 0 is out of range \\(integer 1\\.\\.${MAX_SWEEP_STEPS}\\)$`)],
    ['fractional steps', { param: 'device.regs.ITR', from: 0, to: 1, steps: 2.5 }, /^steps: 2\.5 is out of range/],
    ['a non-finite end', { param: 'device.regs.ITR', from: 0, to: Infinity, steps: 2 }, /^to: Infinity is not a finite number$/],
  ];
  it.each(bad)('%s', (_rule, spec, error) => {
    const planned = planSweep(rxPoisson, spec);
    expect(planned.ok).toBe(false);
    if (!planned.ok) expect(planned.error).toMatch(error);
  });

  it('the gap in Linux InterruptThrottleRate fails the plan at the first point inside it', () => {
    const linux = loadPreset('linux-defaults');
    if (!linux.ok) throw new Error(linux.error);
    const planned = planSweep(linux.value, { param: 'guest.params.InterruptThrottleRate', from: 0, to: 100, steps: 3 });
    expect(!planned.ok && planned.error).toBe('point 2 of 3: guest.params.InterruptThrottleRate: 50 is not allowed (0, 1, 3, 4 or an integer 100..100000)');
  });

  it('sweepValues keeps the ends exact', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e7, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e7, noNaN: true }),
        fc.integer({ min: 2, max: 50 }),
        fc.constantFrom('linear' as const, 'log' as const),
        (from, to, steps, scale) => {
          const values = sweepValues(from, to, steps, scale);
          expect(values).toHaveLength(steps);
          expect(values[0]).toBe(from);
          expect(values[steps - 1]).toBe(to);
        },
      ),
    );
  });
});

describe('runSweepPoint', () => {
  it('gives the same metrics as runScenario, and adds the run\'s extras', () => {
    for (const scenario of [rxPoisson, { ...rxPoisson, device: { ...rxPoisson.device, regs: { ...rxPoisson.device.regs, ITR: 500 } } }]) {
      const { guestBusyUs, rxLeftInRing, txLeftInRing, ...contract } = runSweepPoint(scenario);
      expect(contract).toEqual(runScenario(scenario).metrics);
      // The busy time is the utilisation, unrounded.
      expect(guestBusyUs / scenario.durationUs).toBeCloseTo(contract.guestCpuUtil, 3);
      expect(rxLeftInRing).toBeGreaterThanOrEqual(0);
      expect(txLeftInRing).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts the frames still in the ring at the end apart from the throughput', () => {
    // RDTR 200 x 1.024 us: the three frames arrive at 0, 5 and 10 us and wait for the packet timer; the run ends at 50 us.
    const waiting = testScenario({ durationUs: 50, device: { regs: { RDTR: 200 } }, rx: { pattern: 'list', atUs: [0, 5, 10], bytes: 64 } });
    const m = runSweepPoint(waiting);
    expect(m.rxFrames).toBe(0);
    expect(m.rxPps).toBe(0);
    expect(m.rxLeftInRing).toBe(3);
    // Run past the timer: the guest takes them, nothing is left.
    const taken = runSweepPoint({ ...waiting, durationUs: 400 });
    expect(taken.rxFrames).toBe(3);
    expect(taken.rxLeftInRing).toBe(0);
  });

  it('a serial sweep shows ITR capping the interrupt rate', () => {
    const result = runSweepSerial(plan(rxPoisson, { param: 'device.regs.ITR', from: 0, to: 1000, steps: 3 }));
    const rates = result.points.map((p) => p.metrics.interruptsPerSec);
    expect(rates[0]).toBeGreaterThan(rates[1]);
    expect(rates[1]).toBeGreaterThan(rates[2]);
    // ITR 500 x 256 ns = 128 us between interrupts at most: under 7813 per second.
    expect(rates[1]).toBeLessThanOrEqual(1e6 / 128 + 1e6 / rxPoisson.durationUs);
  });
});

describe('runSweepPointCycles', () => {
  it('QEMU 7.2 with mitigation on: the same metrics, and each cycle is the 128 µs window plus the 42.7 µs main-loop wake-up', () => {
    const r = loadPreset('qemu72-tcg-tx-on');
    if (!r.ok) throw new Error(r.error);
    const scenario = { ...r.value, durationUs: 20_000 };
    const { metrics, cycles } = runSweepPointCycles(scenario);
    expect(metrics).toEqual(runSweepPoint(scenario));
    expect(cycles.cycles).toBe(metrics.interrupts - 1);
    expect(cycles.windowNs).toBe(128_000);
    expect(cycles.wakeNs).toBe(42_700);
    expect(cycles.unmaskWaitNs).toBe(0);
    expect(cycles.meanCycleNs).toBeCloseTo(170_700, 6);
  });
});

describe('paretoFrontier (minimise both)', () => {
  const coordinate = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
  const cloud = fc.array(fc.record({ x: coordinate, y: coordinate }), { maxLength: 40 });
  const dominates = (a: { x: number; y: number }, b: { x: number; y: number }) => a.x <= b.x && a.y <= b.y && (a.x < b.x || a.y < b.y);

  it('no point on the frontier is dominated; every point off it is dominated by one on it', () => {
    fc.assert(
      fc.property(cloud, (points) => {
        const frontier = paretoFrontierXY(points);
        const on = new Set(frontier);
        expect(frontier).toEqual([...on].sort((a, b) => a - b));
        for (const i of frontier) {
          expect(points.some((other) => dominates(other, points[i]))).toBe(false);
        }
        points.forEach((point, i) => {
          if (!on.has(i)) expect(frontier.some((j) => dominates(points[j], point))).toBe(true);
        });
        if (points.length > 0) expect(frontier.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps duplicates of a frontier point and drops non-finite points', () => {
    expect(paretoFrontierXY([{ x: 1, y: 1 }, { x: 1, y: 1 }, { x: 2, y: 2 }, { x: 0, y: 3 }])).toEqual([0, 1, 3]);
    expect(paretoFrontierXY([{ x: NaN, y: 0 }, { x: 1, y: Infinity }, { x: 5, y: 5 }])).toEqual([2]);
    expect(paretoFrontierXY([])).toEqual([]);
  });

  it('on metrics: default guest CPU vs p99; a "higher is better" metric is maximised', () => {
    const m = (guestCpuUtil: number, p99: number, txPps: number) =>
      ({ ...runSweepPoint(testScenario({ durationUs: 1 })), guestCpuUtil, txPps, rxFrames: 1, latencyUs: { p50: 0, p99, max: p99 } });
    const points = [m(0.5, 10, 100), m(0.2, 50, 50), m(0.6, 60, 200), m(0.1, 80, 10)];
    expect(paretoFrontier(points)).toEqual([0, 1, 3]);
    expect(paretoFrontier(points, 'guestCpuUtil', 'txPps')).toEqual([0, 1, 2, 3]);
    expect(paretoFrontier([m(0.5, 10, 100), m(0.6, 10, 90)], 'guestCpuUtil', 'txPps')).toEqual([0]);
  });

  it('a run with no RX frames has no latency: it is neither on a latency frontier nor dominating one (a TX-only sweep stars nothing)', () => {
    const txOnly = (guestCpuUtil: number) => ({ ...runSweepPoint(testScenario({ durationUs: 1 })), guestCpuUtil, rxFrames: 0, latencyUs: { p50: 0, p99: 0, max: 0 } });
    expect(paretoFrontier([txOnly(0.1), txOnly(0.2), txOnly(0.3)])).toEqual([]);
    const withRx = { ...txOnly(0.5), rxFrames: 10, latencyUs: { p50: 5, p99: 9, max: 9 } };
    expect(paretoFrontier([txOnly(0.1), withRx])).toEqual([1]);
    // Frontiers without a latency axis still count every run.
    expect(paretoFrontier([txOnly(0.1), txOnly(0.2)], 'guestCpuUtil', 'txPps').length).toBeGreaterThan(0);
  });
});
