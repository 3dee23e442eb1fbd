import { describe, expect, it } from 'vitest';
import { EventQueue } from './eventQueue';
import { Prng } from './prng';
import { createArrivals } from '../traffic/arrivals';

describe('event queue', () => {
  it('pops events in time order; simultaneous events in the order they were scheduled', () => {
    const q = new EventQueue(2);
    const pushed: [number, number][] = [
      [50, 1], [10, 2], [50, 3], [10, 4], [0, 5], [50, 6], [10, 7],
    ];
    for (const [t, k] of pushed) q.push(t, k, 0);
    const popped: [number, number][] = [];
    while (q.size) {
      const t = q.pop();
      popped.push([t, q.lastKind]);
    }
    expect(popped).toEqual([[0, 5], [10, 2], [10, 4], [10, 7], [50, 1], [50, 3], [50, 6]]);
  });
});

describe('seeded random numbers', () => {
  it('the same seed gives the same sequence; streams and seeds differ', () => {
    const a = Array.from({ length: 5 }, ((p) => () => p.next())(new Prng(7)));
    const b = Array.from({ length: 5 }, ((p) => () => p.next())(new Prng(7)));
    const c = Array.from({ length: 5 }, ((p) => () => p.next())(new Prng(8)));
    const d = Array.from({ length: 5 }, ((p) => () => p.next())(new Prng(7, 1)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(d);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('traffic', () => {
  it('constant pps spaces frames exactly (rounded to ns, no drift)', () => {
    const src = createArrivals({ pattern: 'constant', pps: 3, bytes: 64, startUs: 10 }, 1, 1);
    expect([src.next(), src.next(), src.next(), src.next()]).toEqual([10_000, 333_343_333, 666_676_667, 1_000_010_000]);
  });

  it('poisson arrivals average the requested rate and depend only on the seed', () => {
    const times = (seed: number) => {
      const src = createArrivals({ pattern: 'poisson', pps: 100_000, bytes: 64, startUs: 0 }, seed, 1);
      return Array.from({ length: 20_000 }, () => src.next());
    };
    const t = times(3);
    expect(times(3)).toEqual(t);
    expect(times(4)).not.toEqual(t);
    const meanGap = t[t.length - 1] / t.length;
    expect(meanGap).toBeGreaterThan(9_700);
    expect(meanGap).toBeLessThan(10_300);
  });

  it('on/off sends bursts of onUs at pps separated by offUs of silence', () => {
    const src = createArrivals({ pattern: 'onoff', pps: 1_000_000, onUs: 3, offUs: 7, bytes: 64, startUs: 0 }, 1, 1);
    expect(Array.from({ length: 7 }, () => src.next())).toEqual([0, 1000, 2000, 10_000, 11_000, 12_000, 20_000]);
  });

  it('list gives its instants in ns, then no more', () => {
    const src = createArrivals({ pattern: 'list', atUs: [0, 1.5, 20.48], bytes: 64 }, 1, 1);
    expect([src.next(), src.next(), src.next(), src.next()]).toEqual([0, 1500, 20_480, Infinity]);
  });
});

import { LatencyHistogram } from '../metrics';
describe('latency percentiles', () => {
  it('are exact below 131 us and within 0.1 % above (nearest rank)', () => {
    const h = new LatencyHistogram();
    for (const v of [5, 1, 3, 2, 4]) h.add(v);
    expect([h.percentile(50), h.percentile(99), h.max]).toEqual([3, 5, 5]);
    const big = new LatencyHistogram();
    const values = Array.from({ length: 1000 }, (_, i) => 200_000 + i * 997);
    for (const v of values) big.add(v);
    for (const p of [50, 90, 99]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1];
      expect(Math.abs(big.percentile(p) - exact) / exact).toBeLessThan(0.001);
    }
  });
});
