/**
 * The worker's API object driven directly in Node (no Worker, no Comlink):
 * frames carry fresh typed arrays and the trace since the last frame; going
 * back is a deterministic re-run; register writes replay on seek.
 */
import { describe, expect, it } from 'vitest';
import { createSimApi } from './simApi';
import { frameTransferables, type Frame } from './protocol';
import { loadPreset } from '../scenario/presets';
import { REG_INDEX } from '../core/registers';
import { TraceKind } from '../core/types';
import type { Scenario } from '../core/scenario';

function defaultScenario(): Scenario {
  const r = loadPreset('default');
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function kinds(f: Frame): number[] {
  return Array.from(f.trace.kind);
}

function asserts(f: Frame): number[] {
  const out: number[] = [];
  for (let i = 0; i < f.trace.kind.length; i++) if (f.trace.kind[i] === TraceKind.LINE_ASSERT) out.push(f.trace.tNs[i]);
  return out;
}

describe('simulation worker API', () => {
  it('loads at t = 0 and advances by the requested virtual time', () => {
    const api = createSimApi();
    const f0 = api.load(defaultScenario());
    expect(f0.reset).toBe(true);
    expect(f0.nowNs).toBe(0);
    const f1 = api.advance(50_000);
    expect(f1.reset).toBe(false);
    expect(f1.nowNs).toBe(50_000);
    expect(f1.frameNo).toBe(f0.frameNo + 1);
    expect(kinds(f1)).toContain(TraceKind.RX_ARRIVE);
    // The next frame carries only what is new.
    const f2 = api.advance(0);
    expect(f2.trace.first).toBe(f1.trace.first + f1.trace.tNs.length);
    expect(f2.trace.tNs.length).toBe(0);
  });

  it('frames hold fresh, transferable buffers', () => {
    const api = createSimApi();
    api.load(defaultScenario());
    const f = api.advance(30_000);
    const bufs = frameTransferables(f);
    expect(bufs.length).toBeGreaterThanOrEqual(8);
    for (const b of bufs) expect(b).toBeInstanceOf(ArrayBuffer);
    const g = api.advance(1000);
    expect(g.snapshot.regs.buffer).not.toBe(f.snapshot.regs.buffer);
  });

  it('splitting an advance does not change the trace (determinism)', () => {
    const a = createSimApi();
    a.load(defaultScenario());
    const whole = a.advance(200_000);
    const b = createSimApi();
    b.load(defaultScenario());
    const parts: number[] = [];
    for (let i = 0; i < 200; i++) parts.push(...asserts(b.advance(1000)));
    expect(parts).toEqual(asserts(whole));
    expect(parts.length).toBeGreaterThan(0);
  });

  it('steps one event, steps to the next interrupt and steps back', () => {
    const api = createSimApi();
    api.load(defaultScenario());
    const s1 = api.stepEvent();
    expect(s1.stepped).toBe(true);
    expect(s1.nowNs).toBeGreaterThan(0);
    const irq = api.stepToInterrupt();
    expect(irq.reachedInterrupt).toBe(true);
    expect(irq.snapshot.line || asserts(irq).length > 0).toBe(true);
    const t = irq.nowNs;
    const back = api.stepBack();
    expect(back.reset).toBe(true);
    expect(back.nowNs).toBeLessThan(t);
    // Forward again lands on the same interrupt.
    const again = api.stepToInterrupt();
    expect(again.nowNs).toBe(t);
  });

  it('seeks backwards by re-running: same state as running there directly', () => {
    const api = createSimApi();
    api.load(defaultScenario());
    const at80 = api.advance(80_000);
    api.advance(100_000);
    const back = api.seek(80_000);
    expect(back.reset).toBe(true);
    expect(back.nowNs).toBe(80_000);
    expect(Array.from(back.snapshot.rxSlots)).toEqual(Array.from(at80.snapshot.rxSlots));
    expect(Array.from(back.snapshot.regs)).toEqual(Array.from(at80.snapshot.regs));
    expect(back.snapshot.counters).toEqual(at80.snapshot.counters);
  });

  it('a console write changes the register and the behaviour, and replays on seek', () => {
    const base = createSimApi();
    base.load(defaultScenario());
    const before = base.advance(200_000).snapshot.counters.interrupts;

    const api = createSimApi();
    api.load(defaultScenario());
    const f = api.consoleAccess({ op: 'write', reg: 'RADV', value: 0 });
    expect(f.snapshot.regs[REG_INDEX.RADV]).toBe(0);
    const after = api.advance(200_000).snapshot.counters.interrupts;
    expect(after).not.toBe(before);
    // Going back to 100 us and forward again keeps the write.
    api.seek(100_000);
    const replay = api.seek(200_000);
    expect(replay.snapshot.counters.interrupts).toBe(after);
    expect(replay.snapshot.regs[REG_INDEX.RADV]).toBe(0);
  });

  it('rejects nonsense with a clear error', () => {
    const api = createSimApi();
    expect(() => api.advance(1)).toThrow(/no scenario loaded/);
    api.load(defaultScenario());
    expect(() => api.advance(-5)).toThrow(/advance/);
    expect(() => api.consoleAccess({ op: 'write', reg: 'NOPE' as never, value: 1 })).toThrow(/unknown register/);
  });

  it('crash() calls the crash hook', () => {
    let crashed = false;
    const api = createSimApi({ onCrash: () => (crashed = true) });
    api.crash();
    expect(crashed).toBe(true);
  });

  it('reports records lost when one advance overflows the trace buffer', () => {
    const api = createSimApi({ traceCapacity: 64 });
    api.load(defaultScenario());
    const f = api.advance(200_000);
    expect(f.trace.tNs.length).toBeLessThanOrEqual(64);
    expect(f.lost).toBeGreaterThan(0);
  });
});

describe('share hash', () => {
  it('appends the time to the scenario layer link and decodes back', async () => {
    const { shareHash, readShareHash } = await import('../state/scenarioSource');
    const s = defaultScenario();
    const h = shareHash(s, 42_768);
    expect(h).toMatch(/^#s1\.[A-Za-z0-9+\-$]+&t=42\.768$/);
    const r = readShareHash(h);
    // An instant alone (every link before positions): every step at it.
    expect(r.ok && r.value.at).toEqual({ tNs: 42_768, steps: Infinity });
    expect(r.ok && r.value.scenario).toEqual(s);
  });

  it('carries a position: the instant and the steps taken at it', async () => {
    const { shareHash, readShareHash } = await import('../state/scenarioSource');
    const s = defaultScenario();
    const h = shareHash(s, { tNs: 181_100, steps: 2 });
    expect(h).toMatch(/^#s1\.[A-Za-z0-9+\-$]+&t=181\.1&e=2$/);
    const r = readShareHash(h);
    expect(r.ok && r.value.at).toEqual({ tNs: 181_100, steps: 2 });
    // Steps 0 is a position too (the clock there, nothing done yet), and survives the trip.
    const z = readShareHash(shareHash(s, { tNs: 7000, steps: 0 }));
    expect(z.ok && z.value.at).toEqual({ tNs: 7000, steps: 0 });
  });
});

describe('frame size cap', () => {
  it('carries at most maxRecordsPerFrame records and counts the rest as lost', () => {
    const api = createSimApi({ maxRecordsPerFrame: 10 });
    api.load(defaultScenario());
    const f = api.advance(200_000);
    expect(f.trace.tNs.length).toBe(10);
    expect(f.lost).toBeGreaterThan(0);
    // The next frame continues right after.
    const g = api.advance(0);
    expect(g.trace.first).toBe(f.trace.first + 10);
    expect(g.lost).toBe(0);
  });
});
