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
  FLOW,
  GUEST_MASK,
  GUEST_TID,
  NIC_TID,
  PID,
  toChromeTrace,
  HOST_TID,
  type ChromeTrace,
  type ChromeTraceEvent,
  type ChromeTraceInput,
} from './chromeTrace';
import { importLikePerfetto, perfettoOrder, toNs, type ModelSlice } from './perfettoImportModel';

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
  ['QEMU 7.2 RX, both host threads on one core (host model)', () => preset('qemu72-rx-on-shared', 1000)],
  ['no link-rate limit (QEMU-style TX inside the exit)', () => ({ ...preset('qemu72-tcg-tx-off', 500), device: { ...preset('qemu72-tcg-tx-off', 500).device, linkGbps: 0 } })],
  [
    'a pcap replay (ping flood) into a Linux guest',
    () => ({
      ...preset('linux-defaults', 5000),
      traffic: { rx: { pattern: 'pcap', file: 'ping-flood.pcap', startUs: 0, frames: pingFlood.value }, tx: { pattern: 'none' } },
    }),
  ],
];

const PHASES = new Set(['X', 'i', 'b', 'e', 'C', 'M', 'B', 'E', 's', 'f']);
/** An event as the format allows it (the checker also knows B/E, which this exporter does not write). */
type AnyEvent = Omit<ChromeTraceEvent, 'ph'> & { ph: string };
const ns = (us: number) => Math.round(us * 1000);

/** Every structural rule of the format this exporter relies on; returns the parsed trace. */
function checkStructure(trace: ChromeTrace, json: string): void {
  // JSON round trip, and the streamed text equals the object.
  expect(JSON.parse(json)).toEqual(trace);
  expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
  // traceEvents first, then the file's facts under `metadata` (the key Perfetto reads; it skips `otherData`).
  expect(Object.keys(trace)).toEqual(['traceEvents', 'metadata']);
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
    if (e.ph === 'b' || e.ph === 'e' || e.ph === 'n') {
      // Process-scoped: id2.local and never a plain (global) id.
      expect(typeof e.cat === 'string' && e.cat.length > 0).toBe(true);
      expect(e.id, JSON.stringify(e)).toBeUndefined();
      expect(Object.keys(e.id2 ?? {}), JSON.stringify(e)).toEqual(['local']);
      expect(typeof e.id2?.local === 'string' && e.id2.local.length > 0).toBe(true);
    }
    if (e.ph === 's' || e.ph === 'f') {
      expect(Number.isInteger(e.id), JSON.stringify(e)).toBe(true);
      expect(e.ph === 'f' ? e.bp : undefined).toBe(e.ph === 'f' ? 'e' : undefined);
    }
    if (e.ph === 'M') expect(typeof e.args?.name === 'string' || typeof e.args?.sort_index === 'number').toBe(true);
  }

  // Metadata names every process and every thread that holds slices or instants.
  const processNames = new Set(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
  const threadNames = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}/${e.tid}`));
  for (const e of events) {
    if (e.ph === 'M') continue;
    expect(processNames.has(e.pid), `process ${e.pid} has a name`).toBe(true);
    if (e.ph === 'X' || e.ph === 'i' || e.ph === 'B' || e.ph === 'E' || e.ph === 's' || e.ph === 'f') expect(threadNames.has(`${e.pid}/${e.tid}`), `thread ${e.pid}/${e.tid} has a name`).toBe(true);
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

  // Async spans: per (pid, cat, id2.local) in time order they alternate b, e, b, e ..., an e closes the b of the same name, and none stays open.
  const spans = new Map<string, AnyEvent[]>();
  for (const e of events) {
    if (e.ph !== 'b' && e.ph !== 'e') continue;
    const key = `${e.pid}/${e.cat}/${e.id2?.local}`;
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

  // Flows (v1): each arrow (cat, name, id) starts once and finishes at most once, never before it started;
  // each end comes right after its slice in the file, at that slice's ts, pid, tid and cat.
  const starts = new Map<string, AnyEvent>();
  const finishes = new Set<string>();
  events.forEach((e, i) => {
    if (e.ph !== 's' && e.ph !== 'f') return;
    const slice = events[i - 1];
    expect(slice.ph, `${e.name} ${e.id} follows its slice`).toBe('X');
    expect([slice.ts, slice.pid, slice.tid, slice.cat]).toEqual([e.ts, e.pid, e.tid, e.cat]);
    const key = `${e.cat}/${e.name}/${e.id}`;
    if (e.ph === 's') {
      expect(starts.has(key), `flow ${key} starts once`).toBe(false);
      starts.set(key, e);
    } else {
      expect(starts.has(key), `flow ${key} finishes after it started`).toBe(true);
      expect(e.ts).toBeGreaterThanOrEqual(starts.get(key)!.ts);
      expect(finishes.has(key)).toBe(false);
      finishes.add(key);
    }
  });

  checkPerfettoImport(events, finishes.size);
}

/** The frame a flow's slice is about ("frame 12 sent", "take RX frame 12", ...). */
const frameOf = (slice: ModelSlice) => Number(/frame (\d+)/.exec(slice.name)?.[1]);

/**
 * What Perfetto's importer makes of the events (perfettoImportModel.ts):
 * every arrow survives its ordering and binds to the slices it belongs to,
 * open at the flow event's instant on its track; every async span lands on
 * a track of its own process and closes.
 */
function checkPerfettoImport(events: readonly AnyEvent[], flowCount: number): void {
  const imported = importLikePerfetto(events);
  expect(imported.stats).toEqual({
    flow_end_without_start: 0,
    flow_no_enclosing_slice: 0,
    flow_duplicate_id: 0,
    flow_without_direction: 0,
    slice_spill_overlapping_complete_event: 0,
    json_parser_failure: 0,
  });
  expect(imported.flows.length).toBe(flowCount);
  const inside = (slice: ModelSlice, ts: number) => slice.ts <= ts && ts <= slice.ts + slice.dur;
  for (const f of imported.flows) {
    expect(inside(f.out, f.startTs) && inside(f.in, f.finishTs), `${f.key}: ${f.out.name} -> ${f.in.name}`).toBe(true);
    expect(f.out.track.startsWith('thread:') && f.in.track.startsWith('thread:')).toBe(true);
    expect(frameOf(f.out), f.key).toBe(frameOf(f.in));
    if (f.out.cat === 'rx') expect([f.out.track, f.in.track]).toEqual([`thread:${PID.NIC}/${NIC_TID.RX}`, `thread:${PID.GUEST}/${GUEST_TID.FRAMES}`]);
    else expect([f.out.track, f.in.track]).toEqual([`thread:${PID.GUEST}/${GUEST_TID.FRAMES}`, `thread:${PID.NIC}/${NIC_TID.TX}`]);
  }
  for (const t of imported.asyncTracks.values()) {
    expect(t.scope, `${t.name} is process-scoped`).toBe('process');
    expect(t.unmatchedEnds, `${t.name}: every end closes a begin`).toBe(0);
    expect(t.slices.every((s) => s.dur >= 0), `${t.name}: no span left open`).toBe(true);
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

  it("the host model's threads are a process of their own: the main loop and the vCPU thread as slices that never overlap on a thread, the socket as a counter", () => {
    const events = toChromeTrace(run(preset('qemu72-rx-on-shared', 2000)).input).traceEvents;
    const names = events.filter((e) => e.ph === 'M' && e.pid === PID.HOST && e.name === 'thread_name').map((e) => (e.args as { name: string }).name);
    expect(names).toEqual(['QEMU main loop', 'vCPU thread']);
    for (const tid of [HOST_TID.MAIN_LOOP, HOST_TID.VCPU_THREAD]) {
      const slices = events.filter((e) => e.ph === 'X' && e.pid === PID.HOST && e.tid === tid).sort((a, b) => a.ts - b.ts);
      expect(slices.length).toBeGreaterThan(10);
      for (let i = 1; i < slices.length; i++) expect(slices[i].ts).toBeGreaterThanOrEqual(slices[i - 1].ts + (slices[i - 1].dur ?? 0) - 1e-9);
    }
    const main = new Set(events.filter((e) => e.ph === 'X' && e.tid === HOST_TID.MAIN_LOOP && e.pid === PID.HOST).map((e) => e.name));
    expect(main).toContain('QEMU main loop running');
    // One core for both threads: each waits for the core at times.
    expect(main).toContain('main loop runnable, waiting for the core');
    expect(events.some((e) => e.ph === 'C' && e.pid === PID.HOST && e.name === 'host socket')).toBe(true);
    // Without a host model there is no host process.
    expect(toChromeTrace(run(preset('qemu-2013', 500)).input).traceEvents.some((e) => e.pid === PID.HOST)).toBe(false);
  });

  it('MMIO exits are named by register; frames flow from arrival to the guest taking them', () => {
    const events = toChromeTrace(run(preset('linux-defaults', 1000)).input).traceEvents;
    const names = new Set(events.filter((e) => e.ph === 'X' && e.tid === GUEST_TID.VCPU && e.pid === PID.GUEST).map((e) => e.name));
    expect(names).toContain('MMIO exit: read ICR');
    expect(names).toContain('MMIO exit: write IMC');
    expect(names).toContain('interrupt injection');
    const count = (ph: string, cat: string) => events.filter((e) => e.ph === ph && e.cat === cat).length;
    expect(count('s', 'rx')).toBeGreaterThan(10);
    expect(count('f', 'rx')).toBeGreaterThan(10);
    expect(count('s', 'tx')).toBeGreaterThan(10);
    expect(count('f', 'tx')).toBeGreaterThan(10);
    expect(events.filter((e) => e.ph === 's').every((e) => e.name === FLOW[e.cat as 'rx' | 'tx'])).toBe(true);
  });

  it('a trace that lost its beginning (bounded buffer) is still well formed and says so', () => {
    const { input } = run(preset('linux-defaults', 1000), 500);
    expect(input.droppedRecords).toBeGreaterThan(0);
    const trace = toChromeTrace(input);
    checkStructure(trace, chromeTraceJson(input));
    expect(trace.traceEvents.some((e) => e.name.startsWith('trace starts here'))).toBe(true);
    expect(trace.metadata.droppedRecords).toBe(input.droppedRecords);
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

  it('metadata carries the scenario without loaded capture frames', () => {
    const { input } = run(SCENARIOS[SCENARIOS.length - 1][1]());
    const other = toChromeTrace(input).metadata;
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
    // Its own async track (id2.local), apart from the window's, on the NIC's timers.
    expect(new Set(wakes.map((e) => e.id2?.local))).toEqual(new Set([`timer-${TimerId.WAKE}`]));
    expect(wakes.every((e) => e.pid === PID.NIC && e.args?.durationUs === 42.7)).toBe(true);
    const windows = events.filter((e) => e.ph === 'b' && e.name === 'QEMU mitigation window');
    expect(windows.every((e) => e.id2?.local === `timer-${TimerId.MIT}`)).toBe(true);
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

describe("Perfetto's import rules (perfettoImportModel.ts, from Perfetto's JSON importer)", () => {
  // The hand-over (0 µs, on the guest) and the wire slice that starts at the same instant (on the NIC).
  const handOver = { name: 'send TX frame 0', cat: 'tx', ph: 'X', ts: 5, dur: 0, pid: PID.GUEST, tid: GUEST_TID.FRAMES };
  const wire = { name: 'frame 0 sent', cat: 'tx', ph: 'X', ts: 5, dur: 0.672, pid: PID.NIC, tid: NIC_TID.TX };

  it('sorts by ts, then E first, X longest first, the rest in file order', () => {
    const events = [
      { name: 'i', ph: 'i', s: 't', ts: 1, pid: 1, tid: 1 },
      { name: 'short', ph: 'X', ts: 1, dur: 1, pid: 1, tid: 1 },
      { name: 'zero', ph: 'X', ts: 1, dur: 0, pid: 1, tid: 1 },
      { name: 'long', ph: 'X', ts: 1, dur: 2, pid: 1, tid: 1 },
      { name: 'end', ph: 'E', ts: 1, pid: 1, tid: 1 },
      { name: 'early', ph: 'i', s: 't', ts: 0.5, pid: 1, tid: 1 },
    ];
    expect(perfettoOrder(events).map((e) => e.name)).toEqual(['early', 'end', 'long', 'short', 'i', 'zero']);
    expect(toNs(0.179)).toBe(179);
    expect(toNs(3)).toBe(3000);
  });

  it('drops a v2 flow whose finish is on a longer slice at the start instant (the old export), keeps the v1 form', () => {
    const v2 = importLikePerfetto([
      { ...handOver, bind_id: 2, flow_out: true },
      { ...wire, bind_id: 2, flow_in: true },
    ]);
    expect(v2.stats.flow_end_without_start).toBe(1);
    expect(v2.flows).toEqual([]);
    const v1 = importLikePerfetto([
      handOver,
      { name: FLOW.tx, cat: 'tx', ph: 's', ts: 5, pid: PID.GUEST, tid: GUEST_TID.FRAMES, id: 2 },
      wire,
      { name: FLOW.tx, cat: 'tx', ph: 'f', ts: 5, pid: PID.NIC, tid: NIC_TID.TX, id: 2, bp: 'e' },
    ]);
    expect(v1.stats.flow_end_without_start).toBe(0);
    expect(v1.flows.map((f) => [f.out.name, f.in.name])).toEqual([['send TX frame 0', 'frame 0 sent']]);
  });

  it('a plain id is a global async track; id2.local belongs to its process', () => {
    const span = { name: 'RDTR', cat: 'timer', pid: PID.NIC, tid: NIC_TID.TIMERS };
    const plain = importLikePerfetto([
      { ...span, ph: 'b', ts: 1, id: 'timer-0' },
      { ...span, ph: 'e', ts: 2, id: 'timer-0' },
    ]);
    expect([...plain.asyncTracks.values()].map((t) => t.scope)).toEqual(['global']);
    const local = importLikePerfetto([
      { ...span, ph: 'b', ts: 1, id2: { local: 'timer-0' } },
      { ...span, ph: 'e', ts: 2, id2: { local: 'timer-0' } },
      { ...span, pid: PID.GUEST, ph: 'b', ts: 1, id2: { local: 'timer-0' } },
      { ...span, pid: PID.GUEST, ph: 'e', ts: 3, id2: { local: 'timer-0' } },
    ]);
    expect([...local.asyncTracks.values()].map((t) => [t.scope, t.pid, t.slices[0].dur])).toEqual([
      ['process', PID.NIC, 1000],
      ['process', PID.GUEST, 2000],
    ]);
  });

  it('preset 8254x-rdtr-radv: every arrow survives, including the TX ones whose hand-over and wire slice share their instant', () => {
    const { input } = run(preset('8254x-rdtr-radv', Infinity));
    const trace = toChromeTrace(input);
    checkStructure(trace, chromeTraceJson(input));
    const events = trace.traceEvents;
    const imported = importLikePerfetto(events);
    const tx = imported.flows.filter((f) => f.out.cat === 'tx');
    expect(tx.length).toBe(events.filter((e) => e.ph === 's' && e.cat === 'tx').length);
    expect(tx.length).toBeGreaterThan(10);
    // The case that used to be dropped: both ends at one instant, the wire slice longer.
    const sameInstant = tx.filter((f) => f.out.ts === f.in.ts && f.in.dur > f.out.dur);
    expect(sameInstant.length).toBeGreaterThan(10);
    expect(imported.flows.filter((f) => f.out.cat === 'rx').length).toBe(events.filter((e) => e.ph === 'f' && e.cat === 'rx').length);

    // Independently of the model's flow tracker: after Perfetto's sort, each flow event's instant lies in
    // the last slice parsed on its thread, and that slice is about the arrow's frame.
    const lastSlice = new Map<string, { ts: number; dur: number; name: string }>();
    for (const e of perfettoOrder(events.filter((x) => x.ph !== 'M'))) {
      const thread = `${e.pid}/${e.tid}`;
      if (e.ph === 'X') lastSlice.set(thread, { ts: toNs(e.ts), dur: toNs(e.dur!), name: e.name });
      if (e.ph !== 's' && e.ph !== 'f') continue;
      const slice = lastSlice.get(thread);
      expect(slice, `${e.ph} ${e.id}`).toBeDefined();
      expect(slice!.ts <= toNs(e.ts) && toNs(e.ts) <= slice!.ts + slice!.dur).toBe(true);
      expect(frameOf(slice as ModelSlice)).toBe(e.cat === 'rx' ? (e.id! - 1) / 2 : (e.id! - 2) / 2);
    }

    // Async spans: none with a plain id; begin/end pairs by (pid, cat, name, id2.local), on their own process.
    const spans = events.filter((e) => e.ph === 'b' || e.ph === 'e');
    expect(spans.length).toBeGreaterThan(100);
    expect(spans.some((e) => 'id' in e)).toBe(false);
    const open = new Map<string, number>();
    for (const e of spans) {
      const key = `${e.pid}/${e.cat}/${e.name}/${e.id2!.local}`;
      const depth = open.get(key) ?? 0;
      expect(e.ph === 'b' ? depth : depth - 1, key).toBe(0);
      open.set(key, e.ph === 'b' ? 1 : 0);
    }
    expect([...open.values()].every((d) => d === 0)).toBe(true);
    for (const t of imported.asyncTracks.values()) {
      expect([t.scope, t.pid], t.name).toEqual(['process', t.cat === GUEST_MASK.cat ? PID.GUEST : PID.NIC]);
    }
    expect(new Set([...imported.asyncTracks.values()].map((t) => t.name))).toEqual(new Set(['RDTR', 'RADV', 'TIDV', 'TADV']));
  });
});
