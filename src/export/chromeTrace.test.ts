/**
 * The Chrome Trace Event export, checked against the format (phases,
 * required fields, nesting, async and flow pairing) and against what
 * Perfetto's JSON importer needs, on runs of every device model and driver.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../core/simulation';
import type { Scenario } from '../core/scenario';
import { testScenario } from '../core/testScenario';
import { parseCapture } from '../core/traffic/pcap';
import { cycleBreakdown } from '../core/cycles';
import { REG_INDEX } from '../core/registers';
import { TimerId, TIMER_NAMES, TraceKind } from '../core/types';
import { loadPreset } from '../scenario/presets';
import {
  chromeTraceInputOf,
  chromeTraceJson,
  GUEST_MASK,
  GUEST_TID,
  NIC_TID,
  PID,
  toChromeTrace,
  type ChromeTrace,
  type ChromeTraceEvent,
  type ChromeTraceInput,
} from './chromeTrace';

function preset(id: string, durationUs: number): Scenario {
  const loaded = loadPreset(id);
  if (!loaded.ok) throw new Error(loaded.error);
  return { ...loaded.value, durationUs: Math.min(loaded.value.durationUs, durationUs) };
}

function run(scenario: Scenario, traceCapacity = 1_000_000): { sim: Simulation; input: ChromeTraceInput } {
  const sim = new Simulation(scenario, { traceCapacity });
  sim.advanceTo(Math.round(scenario.durationUs * 1000));
  return { sim, input: chromeTraceInputOf(sim) };
}

const pingFlood = parseCapture(new Uint8Array(readFileSync(new URL('../../public/captures/ping-flood.pcap', import.meta.url))));
if (!pingFlood.ok) throw new Error(pingFlood.error);

/** Runs of every model and driver (short, to keep the suite quick). */
const SCENARIOS: [string, () => Scenario][] = [
  ['8254x RDTR+RADV, ideal guest (preset default)', () => preset('default', 2000)],
  ['8254x all four timers under Poisson RX+TX', () => preset('8254x-rdtr-radv', 1000)],
  ['8254x with an ITR window', () => testScenario({ durationUs: 500, device: { regs: { ITR: 200 } }, rx: { pattern: 'constant', pps: 400_000, bytes: 64, startUs: 0 } })],
  ['qemu-2012, Linux guest saturating TX', () => preset('qemu-2012-per-frame', 1000)],
  ['rizzo-2012', () => preset('rizzo-2012', 1500)],
  ['qemu-2013', () => preset('qemu-2013', 1500)],
  ['host-timer', () => preset('host-timer', 1000)],
  ['linux-e1000 defaults', () => preset('linux-defaults', 1000)],
  ['freebsd-em defaults', () => preset('freebsd-defaults', 1000)],
  ['no link-rate limit (QEMU-style TX inside the exit)', () => ({ ...preset('qemu72-tcg-tx-off', 500), device: { ...preset('qemu72-tcg-tx-off', 500).device, linkGbps: 0 } })],
  [
    'a pcap replay (ping flood) into a Linux guest',
    () => ({
      ...preset('linux-defaults', 5000),
      traffic: { rx: { pattern: 'pcap', file: 'ping-flood.pcap', startUs: 0, frames: pingFlood.value }, tx: { pattern: 'none' } },
    }),
  ],
];

const PHASES = new Set(['X', 'i', 'b', 'e', 'C', 'M', 'B', 'E']);
/** An event as the format allows it (the checker also knows B/E, which this exporter does not write). */
type AnyEvent = Omit<ChromeTraceEvent, 'ph'> & { ph: string };
const ns = (us: number) => Math.round(us * 1000);

/** Every structural rule of the format this exporter relies on; returns the parsed trace. */
function checkStructure(trace: ChromeTrace, json: string): void {
  // JSON round trip, and the streamed text equals the object.
  expect(JSON.parse(json)).toEqual(trace);
  expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
  // Perfetto reads only these top-level keys; traceEvents must come first.
  expect(Object.keys(trace)).toEqual(['traceEvents', 'otherData']);
  expect(json.startsWith('{"traceEvents":[')).toBe(true);
  expect(json).not.toContain('displayTimeUnit');

  const events: AnyEvent[] = trace.traceEvents;
  expect(events.length).toBeGreaterThan(0);
  for (const e of events) {
    expect(PHASES.has(e.ph), `phase ${e.ph}`).toBe(true);
    expect(typeof e.name === 'string' && e.name.length > 0, JSON.stringify(e)).toBe(true);
    expect(typeof e.ts === 'number' && Number.isFinite(e.ts) && e.ts >= 0, JSON.stringify(e)).toBe(true);
    expect(Number.isInteger(e.pid) && Number.isInteger(e.tid), JSON.stringify(e)).toBe(true);
    // Perfetto's tokenizer finds `ts` by scanning keys in order and stops at arrays: ts first, no arrays at all.
    const keys = Object.keys(e);
    if (keys.includes('args')) expect(keys.indexOf('ts')).toBeLessThan(keys.indexOf('args'));
    expect(JSON.stringify(e)).not.toMatch(/\[/);
    if (e.ph === 'X') expect(typeof e.dur === 'number' && Number.isFinite(e.dur) && e.dur >= 0, JSON.stringify(e)).toBe(true);
    if (e.ph === 'i') expect(['t', 'p', 'g']).toContain(e.s);
    if (e.ph === 'C') {
      const values = Object.values(e.args ?? {});
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) expect(typeof v === 'number' && Number.isFinite(v), `${e.name} ${JSON.stringify(e.args)}`).toBe(true);
    }
    if (e.ph === 'b' || e.ph === 'e') {
      expect(typeof e.cat === 'string' && e.cat.length > 0).toBe(true);
      expect(typeof e.id === 'string' && e.id.length > 0).toBe(true);
    }
    if (e.ph === 'M') expect(typeof e.args?.name === 'string' || typeof e.args?.sort_index === 'number').toBe(true);
  }

  // Metadata names every process and every thread that holds slices or instants.
  const processNames = new Set(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
  const threadNames = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}/${e.tid}`));
  for (const e of events) {
    if (e.ph === 'M') continue;
    expect(processNames.has(e.pid), `process ${e.pid} has a name`).toBe(true);
    if (e.ph === 'X' || e.ph === 'i' || e.ph === 'B' || e.ph === 'E') expect(threadNames.has(`${e.pid}/${e.tid}`), `thread ${e.pid}/${e.tid} has a name`).toBe(true);
  }

  // Per thread, in time order: complete slices nest (never partly overlap); B/E pair up by name.
  const byThread = new Map<string, AnyEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' && e.ph !== 'B' && e.ph !== 'E') continue;
    const key = `${e.pid}/${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key)!.push(e);
  }
  for (const [thread, list] of byThread) {
    const sorted = list.map((e, i) => ({ e, i })).sort((x, y) => ns(x.e.ts) - ns(y.e.ts) || (ns(y.e.dur ?? 0) - ns(x.e.dur ?? 0)) || x.i - y.i);
    const ends: number[] = [];
    const open: string[] = [];
    for (const { e } of sorted) {
      const t = ns(e.ts);
      while (ends.length > 0 && ends[ends.length - 1] <= t) ends.pop();
      if (e.ph === 'X') {
        const end = t + ns(e.dur!);
        if (ends.length > 0) expect(end, `${thread}: ${e.name} at ${e.ts} overlaps its parent`).toBeLessThanOrEqual(ends[ends.length - 1]);
        ends.push(end);
      } else if (e.ph === 'B') {
        open.push(e.name);
      } else {
        expect(open.pop(), `${thread}: E without B`).toBe(e.name);
      }
    }
    expect(open, `${thread}: B without E`).toEqual([]);
  }

  // Async spans: per (cat, id) in time order they alternate b, e, b, e ..., an e closes the b of the same name, and none stays open.
  const spans = new Map<string, AnyEvent[]>();
  for (const e of events) {
    if (e.ph !== 'b' && e.ph !== 'e') continue;
    const key = `${e.cat}/${e.id}`;
    if (!spans.has(key)) spans.set(key, []);
    spans.get(key)!.push(e);
  }
  for (const [key, list] of spans) {
    const sorted = list.map((e, i) => ({ e, i })).sort((x, y) => ns(x.e.ts) - ns(y.e.ts) || x.i - y.i);
    sorted.forEach(({ e }, k) => {
      expect(e.ph, `${key} #${k}`).toBe(k % 2 === 0 ? 'b' : 'e');
      if (k % 2 === 1) {
        expect(e.name).toBe(sorted[k - 1].e.name);
        expect(e.ts).toBeGreaterThanOrEqual(sorted[k - 1].e.ts);
      }
    });
    expect(sorted.length % 2, `${key} is balanced`).toBe(0);
  }

  // Flows (v2): on complete slices; each id leaves once and arrives at most once, never before it left.
  const out = new Map<number, number>();
  const into = new Set<number>();
  for (const e of events) {
    if (e.bind_id === undefined) continue;
    expect(e.ph).toBe('X');
    expect(e.flow_out === true || e.flow_in === true).toBe(true);
    if (e.flow_out) {
      expect(out.has(e.bind_id), `flow ${e.bind_id} leaves once`).toBe(false);
      out.set(e.bind_id, e.ts);
    }
  }
  for (const e of events) {
    if (!e.flow_in || e.bind_id === undefined) continue;
    expect(out.has(e.bind_id), `flow ${e.bind_id} arrives after it left`).toBe(true);
    expect(e.ts).toBeGreaterThanOrEqual(out.get(e.bind_id)!);
    expect(into.has(e.bind_id)).toBe(false);
    into.add(e.bind_id);
  }
}

describe('Chrome Trace export: structure on every model and driver', () => {
  it.each(SCENARIOS)('%s', (_name, make) => {
    const { sim, input } = run(make());
    expect(input.droppedRecords).toBe(0);
    const trace = toChromeTrace(input);
    checkStructure(trace, chromeTraceJson(input));
    const events = trace.traceEvents;
    const records = sim.trace.records();

    // Interrupt assertions: one instant per interrupt, with the ICR the ISR read and its causes.
    const irqs = events.filter((e) => e.cat === 'irq');
    expect(irqs.length).toBe(sim.interrupts().length);
    expect(irqs.length).toBeGreaterThan(0);
    sim.interrupts().forEach((r, k) => {
      expect(irqs[k].ts).toBe(r.tNs / 1000);
      if (r.readNs >= 0) {
        expect(irqs[k].args?.icrValue).toBe(r.icr);
        expect(typeof irqs[k].args?.causes).toBe('string');
      }
    });
    // Every frame that arrived has its slice on the NIC's RX thread; every frame taken or sent its own mark.
    const count = (kind: number) => records.filter((r) => r.kind === kind).length;
    expect(events.filter((e) => e.pid === PID.NIC && e.tid === NIC_TID.RX && e.ph === 'X').length).toBe(count(TraceKind.RX_ARRIVE));
    expect(events.filter((e) => e.pid === PID.NIC && e.tid === NIC_TID.TX && e.ph === 'X').length).toBe(count(TraceKind.TX_DONE));
    expect(events.filter((e) => e.pid === PID.GUEST && e.tid === GUEST_TID.FRAMES && e.name.startsWith('take RX')).length).toBe(count(TraceKind.RX_TAKEN));
    // vCPU work: one slice per busy period, with its duration.
    const busy = records.filter((r) => r.kind === TraceKind.VCPU_BUSY);
    const slices = events.filter((e) => e.ph === 'X' && e.pid === PID.GUEST && e.tid === GUEST_TID.VCPU);
    expect(slices.length).toBe(busy.length);
    slices.forEach((e, k) => expect(ns(e.dur!)).toBe(busy[k].b));
    // Timers: one span per start or restart.
    expect(events.filter((e) => e.ph === 'b' && e.cat === 'timer').length).toBe(count(TraceKind.TIMER_START) + count(TraceKind.TIMER_RESTART));
    // Counter tracks are there from t = 0.
    for (const track of ['RX ring', 'TX ring', 'ICR', 'IMS', 'INTx line']) {
      expect(events.some((e) => e.ph === 'C' && e.name === track && e.ts === 0), track).toBe(true);
    }
  });

  it('counters follow the rings: RX occupancy stays within the ring and ends where the simulation ends', () => {
    const { sim, input } = run(preset('linux-defaults', 1000));
    const events = toChromeTrace(input).traceEvents;
    const rx = events.filter((e) => e.ph === 'C' && e.name === 'RX ring');
    let last: Record<string, number> = {};
    for (const e of rx) {
      last = { ...last, ...(e.args as Record<string, number>) };
      for (const key of ['stored, not yet taken', 'empty buffers for the NIC', 'RDH', 'RDT']) {
        if (last[key] !== undefined) expect(last[key]).toBeGreaterThanOrEqual(0), expect(last[key]).toBeLessThan(sim.scenario.device.rxRing);
      }
    }
    expect(last.RDH).toBe(sim.readRegister('RDH'));
    expect(last.RDT).toBe(sim.readRegister('RDT'));
    const snapshot = sim.snapshot();
    expect(last['stored, not yet taken']).toBe(Array.from(snapshot.rxSlots).filter((s) => s === 2).length);
    const icr = events.filter((e) => e.ph === 'C' && e.name === 'ICR');
    expect(icr[icr.length - 1].args?.value).toBe(sim.readRegister('ICR'));
  });

  it('the RDTR packet timer restarts on every frame and RADV cuts it short (preset default)', () => {
    const events = toChromeTrace(run(preset('default', 2000)).input).traceEvents;
    const ends = (name: string) => events.filter((e) => e.ph === 'e' && e.name === name).map((e) => e.args?.outcome);
    expect(ends('RDTR')).toContain('restarted');
    expect(ends('RDTR')).toContain('fired');
    expect(ends('RADV')).toContain('fired');
    expect(events.some((e) => e.ph === 'i' && e.name === 'RADV expired' && e.tid === NIC_TID.TIMERS)).toBe(true);
  });

  it('the ITR window and QEMU window are async spans', () => {
    const itr = toChromeTrace(run(SCENARIOS[2][1]()).input).traceEvents;
    expect(itr.filter((e) => e.ph === 'b' && e.name === 'ITR').length).toBeGreaterThan(1);
    const qemu = toChromeTrace(run(preset('qemu-2013', 1500)).input).traceEvents;
    expect(qemu.some((e) => e.ph === 'b' && e.name === 'QEMU mitigation window')).toBe(true);
  });

  it('MMIO exits are named by register; frames flow from arrival to the guest taking them', () => {
    const events = toChromeTrace(run(preset('linux-defaults', 1000)).input).traceEvents;
    const names = new Set(events.filter((e) => e.ph === 'X' && e.tid === GUEST_TID.VCPU && e.pid === PID.GUEST).map((e) => e.name));
    expect(names).toContain('MMIO exit: read ICR');
    expect(names).toContain('MMIO exit: write IMC');
    expect(names).toContain('interrupt injection');
    const flowsOut = events.filter((e) => e.flow_out && e.cat === 'rx').length;
    const flowsIn = events.filter((e) => e.flow_in && e.cat === 'rx').length;
    expect(flowsOut).toBeGreaterThan(10);
    expect(flowsIn).toBeGreaterThan(10);
    const txOut = events.filter((e) => e.flow_out && e.cat === 'tx').length;
    const txIn = events.filter((e) => e.flow_in && e.cat === 'tx').length;
    expect(txOut).toBeGreaterThan(10);
    expect(txIn).toBeGreaterThan(10);
  });

  it('a trace that lost its beginning (bounded buffer) is still well formed and says so', () => {
    const { input } = run(preset('linux-defaults', 1000), 500);
    expect(input.droppedRecords).toBeGreaterThan(0);
    const trace = toChromeTrace(input);
    checkStructure(trace, chromeTraceJson(input));
    expect(trace.traceEvents.some((e) => e.name.startsWith('trace starts here'))).toBe(true);
    expect(trace.otherData.droppedRecords).toBe(input.droppedRecords);
    // Nothing is invented for the unknown start: no counter at t = 0 unless the run is that short.
    expect(trace.traceEvents.some((e) => e.ph === 'C' && e.ts === 0)).toBe(false);
  });

  it('accepts records as objects or as columns, and an empty trace', () => {
    const { sim, input } = run(preset('default', 300));
    const fromObjects = toChromeTrace({ ...input, records: sim.trace.records() });
    expect(fromObjects).toEqual(toChromeTrace(input));
    const empty = toChromeTrace({ scenario: sim.scenario, records: [], interrupts: [] });
    checkStructure(empty, chromeTraceJson({ scenario: sim.scenario, records: [], interrupts: [] }));
    expect(empty.traceEvents.every((e) => e.ph === 'M' || e.ph === 'C')).toBe(true);
  });

  it('otherData carries the scenario without loaded capture frames', () => {
    const { input } = run(SCENARIOS[SCENARIOS.length - 1][1]());
    const other = toChromeTrace(input).otherData;
    const scenario = JSON.parse(String(other.scenario));
    expect(scenario.traffic.rx).toEqual({ pattern: 'pcap', file: 'ping-flood.pcap', startUs: 0 });
    expect(other.generator).toBe('e1000 IRQ Lab');
  });

  it("QEMU's main-loop wake-up is a named timer span of its own, 42.7 µs after each window (qemu72-tcg-tx-on)", () => {
    const { sim, input } = run(preset('qemu72-tcg-tx-on', 3000));
    const trace = toChromeTrace(input);
    checkStructure(trace, chromeTraceJson(input));
    const events = trace.traceEvents;
    const wakeName = TIMER_NAMES[TimerId.WAKE];
    const wakes = events.filter((e) => e.ph === 'b' && e.name === wakeName);
    expect(wakes.length).toBeGreaterThan(10);
    // Its own async track (id), apart from the window's, on the NIC's timers.
    expect(new Set(wakes.map((e) => e.id))).toEqual(new Set([`timer-${TimerId.WAKE}`]));
    expect(wakes.every((e) => e.pid === PID.NIC && e.args?.durationUs === 42.7)).toBe(true);
    const windows = events.filter((e) => e.ph === 'b' && e.name === 'QEMU mitigation window');
    expect(windows.every((e) => e.id === `timer-${TimerId.MIT}`)).toBe(true);
    // Each wake-up starts as its window fires.
    const windowEnds = new Set(events.filter((e) => e.ph === 'e' && e.name === 'QEMU mitigation window' && e.args?.outcome === 'fired').map((e) => e.ts));
    for (const w of wakes) expect(windowEnds.has(w.ts)).toBe(true);

    // The guest masks after each interrupt and unmasks a few µs later: one span per IMC-to-IMS, none waiting for it.
    const masks = events.filter((e) => e.cat === GUEST_MASK.cat && e.name === GUEST_MASK.masked);
    const begins = masks.filter((e) => e.ph === 'b');
    const writes = sim.trace.records().filter((r) => r.kind === TraceKind.MMIO_WRITE && r.a === REG_INDEX.IMC);
    expect(begins.length).toBeGreaterThan(10);
    expect(begins.length).toBeLessThanOrEqual(writes.length);
    expect(begins[0].pid).toBe(PID.GUEST);
    for (const e of masks.filter((x) => x.ph === 'e' && x.args?.maskedUs !== undefined)) expect(Number(e.args?.maskedUs)).toBeLessThan(10);
    expect(events.some((e) => e.name === GUEST_MASK.unmaskWait)).toBe(false);
  });

  it('the unmask waits are async spans that add up to cycleBreakdown (qemu-2013, linux-e1000 under tcg-2012, RX every 20 µs)', () => {
    const scenario = testScenario({
      durationUs: 3000,
      device: { model: 'qemu-2013' },
      guest: { driver: 'linux-e1000', costs: 'tcg-2012' },
      rx: { pattern: 'constant', pps: 50_000, bytes: 64, startUs: 0 },
    });
    const { sim, input } = run(scenario);
    const trace = toChromeTrace(input);
    checkStructure(trace, chromeTraceJson(input));
    const waits = trace.traceEvents.filter((e) => e.ph === 'b' && e.name === GUEST_MASK.unmaskWait);
    expect(waits.length).toBeGreaterThan(10);
    const b = cycleBreakdown(sim.trace.records());
    const total = waits.reduce((sum, e) => sum + Number(e.args?.waitedUs), 0);
    expect((total * 1000) / b.cycles).toBeCloseTo(b.unmaskWaitNs, 3);
    // The first wait: from the window's end at 128 µs to the IMS write at 197.81 µs.
    expect(waits[0].ts).toBe(128);
    expect(waits[0].args?.waitedUs).toBeCloseTo(69.81, 6);
    // Each wait lies inside a guest mask span.
    const masks = trace.traceEvents.filter((e) => e.name === GUEST_MASK.masked);
    const spans: [number, number][] = [];
    for (const e of masks) if (e.ph === 'b') spans.push([e.ts, Infinity]);
    else spans[spans.length - 1][1] = e.ts;
    for (const w of waits) expect(spans.some(([s, e]) => s <= w.ts && w.ts + Number(w.args?.waitedUs) <= e + 1e-9)).toBe(true);
  });
});
