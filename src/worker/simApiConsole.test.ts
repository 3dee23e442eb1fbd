/**
 * The register console through the worker API (Node, no Worker): accesses
 * act at once, are recorded as the scenario's `console` list, and a
 * scenario carrying that list replays the identical trace.
 */
import { describe, expect, it } from 'vitest';
import { createSimApi } from './simApi';
import type { Frame } from './protocol';
import { loadPreset } from '../scenario/presets';
import { parseScenario } from '../scenario/schema';
import { REG_INDEX } from '../core/registers';
import { RXT0 } from '../core/causes';
import { TraceKind } from '../core/types';
import type { ConsoleOp, Scenario } from '../core/scenario';

function preset(id = 'default'): Scenario {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const reg = (f: Frame, name: keyof typeof REG_INDEX) => f.snapshot.regs[REG_INDEX[name]];

describe('register console (worker API)', () => {
  it('a write of ICS raises the cause and the line at once; a read of ICR returns and clears it', () => {
    const api = createSimApi();
    api.load({ ...preset(), traffic: { rx: { pattern: 'none' }, tx: { pattern: 'none' } } });
    api.advance(10_000);
    const w = api.consoleAccess({ op: 'write', reg: 'IMC', value: 0xffffffff });
    expect(reg(w, 'IMS')).toBe(0);
    const ics = api.consoleAccess({ op: 'write', reg: 'ICS', value: RXT0 });
    expect(reg(ics, 'ICR') & RXT0).toBe(RXT0);
    expect(ics.snapshot.line).toBe(false); // masked
    expect(ics.console?.op).toEqual({ tUs: 10, op: 'write', reg: 'ICS', value: RXT0 });
    expect(Array.from(ics.trace.kind)).toContain(TraceKind.MMIO_WRITE);
    const read = api.consoleAccess({ op: 'read', reg: 'ICR' });
    expect(read.console?.value).toBe(RXT0);
    expect(read.console?.op).toEqual({ tUs: 10, op: 'read', reg: 'ICR' });
    expect(reg(read, 'ICR')).toBe(0);
    expect(Array.from(read.trace.kind)).toContain(TraceKind.ICR_READ);
    // Reading another register changes nothing.
    const st = api.consoleAccess({ op: 'read', reg: 'STATUS' });
    expect(st.console?.value).toBe(reg(st, 'STATUS'));
  });

  it('rejects unknown registers, ops and out-of-range values', () => {
    const api = createSimApi();
    api.load(preset());
    expect(() => api.consoleAccess({ op: 'write', reg: 'NOPE', value: 1 })).toThrow(/unknown register NOPE/);
    expect(() => api.consoleAccess({ op: 'write', reg: 'toString', value: 1 })).toThrow(/unknown register/);
    expect(() => api.consoleAccess({ op: 'write', reg: 'ICS', value: -1 })).toThrow(/0\.\.0xffffffff/);
    expect(() => api.consoleAccess({ op: 'write', reg: 'ICS', value: 2 ** 32 })).toThrow(/0\.\.0xffffffff/);
    expect(() => api.consoleAccess({ op: 'poke' as 'write', reg: 'ICS', value: 1 })).toThrow(/"write" or "read"/);
  });

  it('a scenario carrying the recorded accesses replays the identical trace (and seeking replays them too)', () => {
    const live = createSimApi();
    const base = preset('linux-defaults');
    live.load(base);
    const ops: ConsoleOp[] = [];
    live.advance(20_000);
    live.stepEvent(); // leave the clock on an event, possibly with more at the same instant
    for (const req of [
      { op: 'write', reg: 'IMC', value: RXT0 },
      { op: 'write', reg: 'ICS', value: RXT0 | 1 },
      { op: 'read', reg: 'ICR' },
    ] as const) {
      ops.push(live.consoleAccess(req).console!.op);
    }
    live.advance(15_000);
    ops.push(live.consoleAccess({ op: 'write', reg: 'RDTR', value: 0x8000_0004 }).console!.op);
    ops.push(live.consoleAccess({ op: 'write', reg: 'IMS', value: RXT0 }).console!.op);
    live.advance(40_000);
    const end = live.frame().nowNs;
    const liveHash = live.traceHash();

    const parsed = parseScenario(JSON.parse(JSON.stringify({ ...base, console: ops })));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const replay = createSimApi();
    replay.load(parsed.value, end);
    expect(replay.traceHash()).toEqual(liveHash);

    // Back to the start and forward again: the accesses replay at their instants.
    live.seek(0);
    live.seek(end);
    expect(live.traceHash()).toEqual(liveHash);
  });

  it('a new access after stepping back drops the abandoned future', () => {
    const api = createSimApi();
    api.load(preset());
    api.advance(30_000);
    api.consoleAccess({ op: 'write', reg: 'ICS', value: RXT0 });
    api.seek(10_000);
    const f = api.consoleAccess({ op: 'write', reg: 'ITR', value: 100 });
    expect(f.console?.op.tUs).toBe(10);
    const g = api.seek(40_000);
    // The ICS write at 30 us is gone: no MMIO write of ICS in the replayed history.
    let icsWrites = 0;
    for (let i = 0; i < g.trace.kind.length; i++) if (g.trace.kind[i] === TraceKind.MMIO_WRITE && g.trace.a[i] === REG_INDEX.ICS) icsWrites++;
    expect(icsWrites).toBe(0);
  });

  it('exports the trace as Chrome Trace JSON and every interrupt', () => {
    const api = createSimApi();
    api.load(preset());
    const f = api.advance(100_000);
    const t = api.exportTrace();
    const json = JSON.parse(new TextDecoder().decode(t.bytes)) as { traceEvents: { ph: string }[]; metadata: { generator: string } };
    expect(json.metadata.generator).toBe('e1000 IRQ Lab');
    expect(json.traceEvents.length).toBe(t.events);
    expect(json.traceEvents.some((e) => e.ph === 'M')).toBe(true);
    const irq = api.exportInterrupts();
    expect(irq.tNs.length).toBe(f.snapshot.counters.interrupts);
    expect(irq.tNs.length).toBeGreaterThan(0);
  });
});

describe('stepping with nothing left to do', () => {
  it('leaves the clock where it is (it used to jump to Infinity)', () => {
    const r = loadPreset('default');
    if (!r.ok) throw new Error(r.error);
    const api = createSimApi();
    api.load({ ...r.value, guest: { driver: 'freebsd-em', costs: 'bare-metal', params: {} }, traffic: { rx: { pattern: 'none' }, tx: { pattern: 'none' } } });
    api.advance(5000);
    const f = api.stepEvent();
    expect(f.stepped).toBe(false);
    expect(f.nowNs).toBe(5000);
  });
});
