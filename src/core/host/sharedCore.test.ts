import { describe, expect, it } from 'vitest';
import { CFS_2CPU, HostThread, SharedCore } from './sharedCore';

const MS = 1_000_000;
const M = HostThread.MAIN_LOOP;
const V = HostThread.VCPU;

describe('two threads on one core, as Linux 6.1 CFS runs them (2 CPUs: latency 12 ms, wakeup granularity 2 ms, HZ 250)', () => {
  it('the tunables are the defaults scaled by 1 + ilog2(2) = 2', () => {
    expect(CFS_2CPU).toEqual({ latencyNs: 12 * MS, minGranularityNs: 1.5 * MS, wakeupGranularityNs: 2 * MS, tickNs: 4 * MS });
  });

  it('a thread that wakes on an idle core runs at once', () => {
    const c = new SharedCore();
    expect(c.wake(M, 0)).toBe(true);
    expect(c.curr).toBe(M);
  });

  it('a waking thread less than the wakeup granularity behind does not preempt: it waits until the other blocks', () => {
    // M runs from 0; at 1 ms V wakes: min_vruntime = 1 ms, V placed at max(0, 1 ms - 6 ms) = 0; vdiff = 1 ms <= 2 ms.
    const c = new SharedCore();
    c.wake(M, 0);
    expect(c.wake(V, 1 * MS)).toBe(false);
    expect(c.curr).toBe(M);
    expect(c.vruntime).toEqual([1 * MS, 0]);
    // M blocks at 1.2 ms: V gets the core.
    expect(c.block(M, 1.2 * MS)).toBe(V);
  });

  it('a waking thread more than the wakeup granularity behind preempts at once', () => {
    // M runs 0..3 ms alone; V wakes at 3 ms placed at max(0, 3 - 6) = 0: vdiff = 3 ms > 2 ms.
    const c = new SharedCore();
    c.wake(M, 0);
    expect(c.wake(V, 3 * MS)).toBe(true);
    expect(c.curr).toBe(V);
    expect(c.runnable).toEqual([true, true]);
  });

  it('sleeper credit is at most half a latency: a long sleeper is placed 6 ms behind min_vruntime', () => {
    // M runs 0..10 ms alone (vruntime 10 ms); V wakes at 10 ms: max(0, 10 - 6) = 4 ms, vdiff 6 ms > 2 ms: preempts.
    const c = new SharedCore();
    c.wake(M, 0);
    expect(c.wake(V, 10 * MS)).toBe(true);
    expect(c.vruntime).toEqual([10 * MS, 4 * MS]);
  });

  it('tick: the running thread keeps the core until it has run more than its slice (6 ms) and the other is not ahead', () => {
    // From the last case: V on the core from 10 ms (vruntime 4 ms), M waiting (10 ms).
    // Tick 12 ms: V ran 2 ms, vruntime 6 < 10: stays. Tick 16 ms: ran 6 ms, not more than the slice: stays.
    // Tick 20 ms: ran 10 ms > 6 ms, vruntime 14 ms >= M's 10 ms: M runs.
    const c = new SharedCore();
    c.wake(M, 0);
    c.wake(V, 10 * MS);
    expect(c.tick(12 * MS)).toBe(false);
    expect(c.tick(16 * MS)).toBe(false);
    expect(c.tick(20 * MS)).toBe(true);
    expect(c.curr).toBe(M);
    expect(c.vruntime).toEqual([10 * MS, 14 * MS]);
  });

  it('tick: after the minimum granularity, a thread more than a slice ahead of the other loses the core', () => {
    // Both runnable, M on the core with vruntime 0, V waiting at -7 ms (set by hand).
    // Tick at 4 ms: M ran 4 ms (>= 1.5 ms, not > 6 ms) but is 4 - (-7) = 11 ms > 6 ms ahead: V runs.
    const c = new SharedCore();
    c.wake(M, 0);
    c.wake(V, 0);
    c.vruntime[V] = -7 * MS;
    expect(c.tick(4 * MS)).toBe(true);
    expect(c.curr).toBe(V);
  });

  it('a thread that blocks gives the core to the other, or leaves it idle', () => {
    const c = new SharedCore();
    c.wake(M, 0);
    c.wake(V, 0.5 * MS);
    expect(c.block(M, 1 * MS)).toBe(V);
    expect(c.block(V, 2 * MS)).toBe(-1);
    expect(c.curr).toBe(-1);
    expect(c.minVruntime).toBe(1 * MS);
  });
});
