/**
 * A run as a Chrome Trace Event Format file (the JSON that ui.perfetto.dev
 * and chrome://tracing open). Pure data in, data out: no DOM, no file
 * system, so the CLI (`--trace FILE`) and the app ("Download trace",
 * "Open in Perfetto") share it.
 *
 * Layout (pid / tid):
 *  1 "NIC": 1 RX (frames on the wire, as slices ending when the frame has
 *    fully arrived), 2 TX (frames on the wire, ending when sent),
 *    3 timers (expiries), 4 ICR/line (cause bits set, interrupt
 *    assertions); async spans per device timer (RDTR, RADV, TIDV, TADV,
 *    the ITR window, QEMU's window and bottom half, the host timer, QEMU's
 *    main loop waking to run a window's callback), named by TIMER_NAMES;
 *    counters: RX ring, TX ring, ICR, IMS, INTx line, mitigation registers.
 *  2 "guest vCPU": 1 vCPU (what the vCPU is busy with, MMIO exits named by
 *    register), 2 MMIO (every register access, also zero-cost ones),
 *    3 frames (the application hands a TX frame over; the driver takes an
 *    RX frame); async spans "guest masked (IMC→IMS)" (from a write to IMC
 *    to the next write to IMS) and "waiting for the guest to unmask" (a
 *    cause pending and the window over, until the IMS write at which the
 *    line asserted; as src/core/cycles.ts defines it); counter: TX queue
 *    (qdisc) backlog.
 *  Flows (arrows) join each RX frame's arrival to the guest taking it, and
 *  each TX frame's hand-over to its time on the wire.
 *  Each track is written by its own emitter (rxEmitter, txEmitter,
 *  txQueueEmitter, icrLineEmitter, timersEmitter, guestMaskEmitter,
 *  mmioEmitter, vcpuEmitter, hostEmitter), which buildChromeTrace composes.
 *
 * Format notes, checked against Perfetto's JSON importer (google/perfetto
 * at ec5d16b: src/trace_processor/importers/json/json_trace_tokenizer.cc,
 * json_trace_parser.cc, sorter/trace_sorter.h, importers/common/
 * flow_tracker.cc and slice_tracker.cc; src/export/perfettoImportModel.ts
 * models these rules for the tests):
 *  - Timestamps are microseconds (`CoerceToTs` multiplies by 1000). No
 *    `displayTimeUnit`: the tokenizer only counts it in a stat.
 *  - Events at the same `ts` are parsed 'E' first, then 'X' longest first,
 *    then everything else in file order (`SlowOperatorLess` in
 *    trace_sorter.h). A v2 flow (`bind_id` + `flow_in` on a slice) binds
 *    when its slice is parsed, so a hand-over (0 µs) and the wire slice
 *    that starts at the same instant were parsed finish-first and Perfetto
 *    dropped the arrow (`flow_end_without_start` in FlowTracker::End).
 *    Flows are therefore v1 events written right after the slice they
 *    belong to, at that slice's `ts`: 's' binds to the topmost slice on
 *    the thread (FlowTracker::Begin), 'f' with `bp: "e"` to the enclosing
 *    one (FlowTracker::End with bind_enclosing_slice); neither is an 'X',
 *    so both sort after every slice that starts at that instant, and an
 *    'f' is always later in the file than its 's'. Chrome's DevTools
 *    trace engine binds a flow event to the first slice with the same ts,
 *    pid, tid and cat (its FlowsHandler; it ignores v2 flows), so this
 *    placement suits it too, but for two limits of its own: it cannot
 *    draw an arrow whose two ends start at the same instant, and frames
 *    taken at one instant share the first one's slice
 *    (chromeTraceDevtools.test.ts).
 *  - Async spans use `id2: {local}`: the tokenizer marks them kId2Local
 *    and the parser interns a process-scoped track, shown in the NIC's or
 *    the guest's process. A plain `id` (or `id2.global`) makes a global
 *    track, listed under "Global Legacy Events".
 *  - File facts go in top-level `metadata` (ParseMetadataDictionary puts
 *    each field in Perfetto's metadata table as `json_metadata.<key>`);
 *    other top-level keys such as `otherData` are skipped unread.
 *  - `ts` comes before `args` and no event holds an array: older Perfetto
 *    tokenizers scanned for `ts` and stopped at arrays; harmless now.
 */
import { DEVICE_PARAM_SPECS } from '../core/device/models';
import { guestDriverDescriptor } from '../core/guest/drivers';
import { causeNames, TXD_CMD_DEXT } from '../core/causes';
import { REGISTERS } from '../core/registers';
import type { Scenario } from '../core/scenario';
import { withoutCaptureFrames } from '../core/traffic/pcap';
import { UnmaskWaitTracker } from '../core/cycles';
import { hostThreadStates, type MainLoopState, type VcpuThreadState } from '../core/host/hostState';
import { ACTIVITY_NAMES, Activity, TIMER_NAMES, TraceKind, type InterruptRecord, type TraceRecord } from '../core/types';
import { timerDescriptor, TimerSpanEnd, TimerSpanTracker, TIMER_SPAN_END_WORDS } from '../core/timers';

export type ChromeTraceArgs = Record<string, string | number | boolean>;

/** One event of the Trace Event Format (the fields this exporter writes). */
export interface ChromeTraceEvent {
  name: string;
  cat?: string;
  ph: 'X' | 'i' | 'b' | 'e' | 'C' | 'M' | 's' | 'f';
  /** Microseconds from the start of the run. */
  ts: number;
  pid: number;
  tid: number;
  /** 'X': duration in microseconds. */
  dur?: number;
  /** 'i': scope, thread or process. */
  s?: 't' | 'p';
  /** 'b'/'e': async span id, process-scoped (one per device timer, per guest mask span). */
  id2?: { local: string };
  /** 's'/'f': flow id, shared with (cat, name) by the two ends of an arrow. */
  id?: number;
  /** 'f': bind to the enclosing slice (the one open at `ts` on this thread). */
  bp?: 'e';
  args?: ChromeTraceArgs;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  /** What the file is and the scenario that ran (Perfetto: metadata table, `json_metadata.*`). */
  metadata: ChromeTraceArgs;
}

/** Trace records column-wise, as `TraceBuffer.copySince` returns them (cheap to move out of a worker). */
export interface TraceColumns {
  tNs: ArrayLike<number>;
  kind: ArrayLike<number>;
  a: ArrayLike<number>;
  b: ArrayLike<number>;
}

export interface ChromeTraceInput {
  scenario: Scenario;
  /** The trace records in order (TraceBuffer.records() or copySince(...)). */
  records: readonly TraceRecord[] | TraceColumns;
  /** Interrupt records (Simulation.interrupts()): the ICR value each ISR read. */
  interrupts: readonly InterruptRecord[];
  /**
   * Records the bounded trace dropped before the first one given (its
   * `oldest`). Then the first values of the ring and register counters are
   * unknown: each counter starts when a record first defines it.
   */
  droppedRecords?: number;
  /** Virtual time the run reached (ns): timers still running end here. Default: the last record's time. */
  endNs?: number;
}

export interface ChromeTraceSummary {
  events: number;
  records: number;
  droppedRecords: number;
  endNs: number;
}

/** Process and thread ids. */
export const PID = { NIC: 1, GUEST: 2, HOST: 3 } as const;
export const NIC_TID = { RX: 1, TX: 2, TIMERS: 3, ICR: 4 } as const;
export const GUEST_TID = { VCPU: 1, MMIO: 2, FRAMES: 3 } as const;
/** The host model's threads (scenarios with a `host` only): QEMU's main-loop thread and the vCPU thread. */
export const HOST_TID = { MAIN_LOOP: 1, VCPU_THREAD: 2 } as const;

/** Slice names of the host threads' states ('' = asleep or blocked: no slice). */
const MAIN_LOOP_SLICE: Record<MainLoopState, string> = {
  running: 'QEMU main loop running',
  waiting: 'main loop runnable, waiting for the core',
  waking: 'main loop waking for a timer',
  asleep: '',
};
const VCPU_THREAD_SLICE: Record<VcpuThreadState, string> = { running: 'vCPU thread running', waiting: 'vCPU thread runnable, waiting for the core', blocked: '' };

function hostThreadState(bits: number, thread: 'main' | 'vcpu'): string {
  const states = hostThreadStates(bits);
  return thread === 'main' ? MAIN_LOOP_SLICE[states.main] : VCPU_THREAD_SLICE[states.vcpu];
}

/** The guest's interrupt mask as async spans: category and span names. */
export const GUEST_MASK = { cat: 'guest-mask', masked: 'guest masked (IMC→IMS)', unmaskWait: 'waiting for the guest to unmask' } as const;

/** Flow (arrow) names: an arrow's two ends share its id, cat and name. */
export const FLOW = { rx: 'RX frame: arrival to the guest', tx: 'TX frame: hand-over to the wire' } as const;

const us = (ns: number) => ns / 1000;
const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
const causes = (bits: number) => causeNames(bits).join('|') || 'none';

/** Records by index, from either shape of `ChromeTraceInput.records`. */
interface RecordAccess {
  n: number;
  get(i: number, out: TraceRecord): void;
}

function recordAccess(records: ChromeTraceInput['records']): RecordAccess {
  if (Array.isArray(records)) {
    const list = records as readonly TraceRecord[];
    return {
      n: list.length,
      get(i, out) {
        const r = list[i];
        out.tNs = r.tNs;
        out.kind = r.kind;
        out.a = r.a;
        out.b = r.b;
      },
    };
  }
  const c = records as TraceColumns;
  return {
    n: Math.min(c.tNs.length, c.kind.length, c.a.length, c.b.length),
    get(i, out) {
      out.tNs = c.tNs[i];
      out.kind = c.kind[i] as TraceKind;
      out.a = c.a[i];
      out.b = c.b[i];
    },
  };
}

/** Slots from `from` up to (not including) `to`, on a ring of `size`. */
function distance(from: number, to: number, size: number): number {
  return size > 0 ? (((to - from) % size) + size) % size : 0;
}

/** Counter tracks: values set while processing one instant are written once when time moves on. */
class Counters {
  private readonly current = new Map<string, Map<string, number>>();
  private readonly written = new Map<string, Map<string, number>>();
  private readonly pids = new Map<string, number>();

  constructor(private readonly emit: (e: ChromeTraceEvent) => void) {}

  set(pid: number, track: string, key: string, value: number): void {
    let values = this.current.get(track);
    if (!values) {
      values = new Map();
      this.current.set(track, values);
      this.written.set(track, new Map());
      this.pids.set(track, pid);
    }
    values.set(key, value);
  }

  /** Set a value that may be unknown (NaN: the counter leaves it out). */
  setKnown(pid: number, track: string, key: string, value: number): void {
    if (!Number.isNaN(value)) this.set(pid, track, key, value);
  }

  flush(tNs: number): void {
    for (const [track, values] of this.current) {
      const written = this.written.get(track)!;
      let args: ChromeTraceArgs | null = null;
      for (const [key, value] of values) {
        if (written.get(key) === value) continue;
        written.set(key, value);
        (args ??= {})[key] = value;
      }
      if (args) this.emit({ name: track, cat: 'counter', ph: 'C', ts: us(tNs), pid: this.pids.get(track)!, tid: 0, args });
    }
  }
}

/** What every track's emitter shares: the run, the output, the counter tracks. */
interface TrackContext {
  input: ChromeTraceInput;
  /** The trace starts mid-run: ring pointers, ICR, IMS and the queue's backlog are unknown until a record defines them. */
  truncated: boolean;
  /** Where the trace ends (ns): what still runs ends here. */
  endNs: number;
  access: RecordAccess;
  out: (e: ChromeTraceEvent) => void;
  counters: Counters;
}

/**
 * One track's emitter (a thread of the NIC, the guest or the host, its
 * counters and its async spans). `buildChromeTrace` hands every record to
 * every emitter, in a fixed order, so the file keeps the order in which
 * one record's events were always written.
 */
interface TrackEmitter {
  /** Its counters' values before the first record (a trace from the start of the run only). */
  start?(): void;
  /** One record; `i` is its index (to look ahead). */
  record(rec: TraceRecord, i: number): void;
  /** The trace ended: close what is still open. */
  finish?(): void;
}

/** The register a MMIO record names, and its name (also for an index no register has). */
function registerOf(index: number): { reg: (typeof REGISTERS)[number] | undefined; name: string } {
  const reg = REGISTERS[index];
  return { reg, name: reg?.name ?? `register ${index}` };
}

/** A descriptor ring's head, tail and size as the trace shows them; NaN = not known yet (a truncated trace starts mid-run). */
interface RingPointers {
  head: number;
  tail: number;
  size: number;
}

const RX_RING_REGISTERS = { head: 'RDH', tail: 'RDT', len: 'RDLEN' } as const;
const TX_RING_REGISTERS = { head: 'TDH', tail: 'TDT', len: 'TDLEN' } as const;

/**
 * The driver's write to a ring's tail, head or length register moves its
 * pointers (a pointer beyond the ring is ignored; a new length in bytes,
 * 16 per descriptor, resets both to 0). Returns whether the write was one of them.
 */
function ringRegisterWrite(ring: RingPointers, regs: { head: string; tail: string; len: string }, index: number, value: number): boolean {
  const { reg, name } = registerOf(index);
  const v = value >>> 0;
  if (name === regs.tail) {
    if (v < ring.size) ring.tail = v;
  } else if (name === regs.head) {
    if (v < ring.size) ring.head = v;
  } else if (name === regs.len) {
    ring.size = Math.floor((v & (reg?.mask ?? 0xfff80)) / 16);
    ring.head = 0;
    ring.tail = 0;
  } else return false;
  return true;
}

/** An arrow's end, written right after the slice it belongs to and at that slice's ts (see the notes at the top). */
function flowEnd(ctx: TrackContext, ph: 's' | 'f', slice: ChromeTraceEvent, id: number): void {
  const cat = slice.cat as 'rx' | 'tx';
  const e: ChromeTraceEvent = { name: FLOW[cat], cat, ph, ts: slice.ts, pid: slice.pid, tid: slice.tid, id };
  if (ph === 'f') e.bp = 'e';
  ctx.out(e);
}

/** How long a frame of `bytes` takes on the scenario's link (with the preamble and gap), ns; 0 with no link rate. */
function wireTime(ctx: TrackContext): (bytes: number) => number {
  const linkGbps = ctx.input.scenario.device.linkGbps;
  const nsPerByte = linkGbps > 0 ? 8 / linkGbps : 0;
  return (bytes) => Math.round((bytes + 20) * nsPerByte);
}

/** The process and thread names (metadata events) of every track. */
function emitNames(ctx: TrackContext): void {
  const { scenario } = ctx.input;
  const d = scenario.device;
  const g = scenario.guest;
  const meta = (pid: number, tid: number, name: string, args: ChromeTraceArgs) => ctx.out({ name, cat: '__metadata', ph: 'M', ts: 0, pid, tid, args });
  meta(PID.NIC, 0, 'process_name', { name: `NIC: e1000 (8254x), model ${d.model}` });
  meta(PID.NIC, 0, 'process_sort_index', { sort_index: 1 });
  meta(PID.GUEST, 0, 'process_name', { name: `guest vCPU: ${g.driver}${guestDriverDescriptor(g.driver).hasCosts ? `, ${g.costs}` : ' (zero cost)'}` });
  meta(PID.GUEST, 0, 'process_sort_index', { sort_index: 2 });
  const threads: [number, number, string][] = [
    [PID.NIC, NIC_TID.RX, 'RX'],
    [PID.NIC, NIC_TID.TX, 'TX'],
    [PID.NIC, NIC_TID.TIMERS, 'timers'],
    [PID.NIC, NIC_TID.ICR, 'ICR/line'],
    [PID.GUEST, GUEST_TID.VCPU, 'vCPU'],
    [PID.GUEST, GUEST_TID.MMIO, 'MMIO'],
    [PID.GUEST, GUEST_TID.FRAMES, 'frames'],
  ];
  if (scenario.host) {
    meta(PID.HOST, 0, 'process_name', { name: `host: QEMU's threads, ${scenario.host.placement === 'shared' ? 'on one shared core' : 'on a core each'}` });
    meta(PID.HOST, 0, 'process_sort_index', { sort_index: 3 });
    threads.push([PID.HOST, HOST_TID.MAIN_LOOP, 'QEMU main loop'], [PID.HOST, HOST_TID.VCPU_THREAD, 'vCPU thread']);
  }
  for (const [pid, tid, name] of threads) {
    meta(pid, tid, 'thread_name', { name });
    meta(pid, tid, 'thread_sort_index', { sort_index: tid });
  }
}

/**
 * RX: frames on the wire (NIC RX thread), the guest taking them (guest
 * frames thread), the arrows between, and the RX ring counter (RDH, RDT,
 * frames stored, empty buffers), which the driver's RDT/RDH/RDLEN writes move.
 */
function rxEmitter(ctx: TrackContext): TrackEmitter {
  const { access, out } = ctx;
  const wireNs = wireTime(ctx);
  const peek: TraceRecord = { tNs: 0, kind: TraceKind.RX_ARRIVE, a: 0, b: 0 };
  const start = ctx.truncated ? NaN : 0;
  const ring: RingPointers = { head: start, tail: start, size: ctx.input.scenario.device.rxRing };
  let clean = start;
  const slotFrame = new Map<number, number>();
  const flowsStarted = new Set<number>();
  const flow = (frame: number) => 1 + 2 * frame;
  const update = () => {
    ctx.counters.setKnown(PID.NIC, 'RX ring', 'RDH', ring.head);
    ctx.counters.setKnown(PID.NIC, 'RX ring', 'RDT', ring.tail);
    ctx.counters.setKnown(PID.NIC, 'RX ring', 'stored, not yet taken', distance(clean, ring.head, ring.size));
    ctx.counters.setKnown(PID.NIC, 'RX ring', 'empty buffers for the NIC', distance(ring.head, ring.tail, ring.size));
  };
  return {
    start: update,
    record(rec, i) {
      const { tNs: t, a, b } = rec;
      switch (rec.kind) {
        case TraceKind.RX_ARRIVE: {
          // The store or drop of this frame follows at the same instant.
          let slot = -1;
          let droppedFrame = false;
          for (let j = i + 1; j < access.n; j++) {
            access.get(j, peek);
            if (peek.tNs !== t) break;
            if (peek.kind === TraceKind.RX_STORE && peek.b === a) {
              slot = peek.a;
              break;
            }
            if (peek.kind === TraceKind.RX_DROP && peek.a === a) {
              droppedFrame = true;
              break;
            }
          }
          const begin = Math.max(0, t - wireNs(b));
          const args: ChromeTraceArgs = { frame: a, bytes: b };
          if (slot >= 0) args.slot = slot;
          const e: ChromeTraceEvent = {
            name: droppedFrame ? `frame ${a} dropped (RXO, ring full)` : `frame ${a}`,
            cat: 'rx',
            ph: 'X',
            ts: us(begin),
            pid: PID.NIC,
            tid: NIC_TID.RX,
            dur: us(t - begin),
          };
          e.args = args;
          out(e);
          if (slot >= 0) {
            flowsStarted.add(flow(a));
            flowEnd(ctx, 's', e, flow(a));
          }
          break;
        }
        case TraceKind.RX_STORE:
          ring.head = (a + 1) % ring.size;
          slotFrame.set(a, b);
          update();
          break;
        case TraceKind.RX_TAKEN: {
          const frame = slotFrame.get(a);
          slotFrame.delete(a);
          clean = (a + 1) % ring.size;
          update();
          const e: ChromeTraceEvent = {
            name: frame === undefined ? `take RX slot ${a}` : `take RX frame ${frame}`,
            cat: 'rx',
            ph: 'X',
            ts: us(t),
            pid: PID.GUEST,
            tid: GUEST_TID.FRAMES,
            dur: 0,
          };
          e.args = frame === undefined ? { slot: a, latencyUs: us(b) } : { frame, slot: a, latencyUs: us(b) };
          out(e);
          if (frame !== undefined && flowsStarted.delete(flow(frame))) flowEnd(ctx, 'f', e, flow(frame));
          break;
        }
        case TraceKind.MMIO_WRITE:
          if (ringRegisterWrite(ring, RX_RING_REGISTERS, a, b)) update();
          break;
      }
    },
  };
}

/**
 * TX: the application handing frames over and frames dropped at the queue
 * (guest frames thread), frames on the wire (NIC TX thread), the arrows
 * between, and the TX ring counter (TDH, TDT, waiting for the wire, not yet
 * reclaimed), which the driver's TDT/TDH/TDLEN writes move.
 */
function txEmitter(ctx: TrackContext): TrackEmitter {
  const { out, truncated } = ctx;
  const wireNs = wireTime(ctx);
  const start = truncated ? NaN : 0;
  const ring: RingPointers = { head: start, tail: start, size: ctx.input.scenario.device.txRing };
  let clean = start;
  let use = start;
  const slotFrame = new Map<number, { id: number; bytes: number }>();
  // TX frames queued, in order: descriptors are written in queue order (not followed when the trace starts mid-run).
  const queue: { id: number; bytes: number }[] = [];
  let queueHead = 0;
  const flowsStarted = new Set<number>();
  const flow = (frame: number) => 2 + 2 * frame;
  const update = () => {
    ctx.counters.setKnown(PID.NIC, 'TX ring', 'TDH', ring.head);
    ctx.counters.setKnown(PID.NIC, 'TX ring', 'TDT', ring.tail);
    ctx.counters.setKnown(PID.NIC, 'TX ring', 'waiting for the wire', distance(ring.head, ring.tail, ring.size));
    ctx.counters.setKnown(PID.NIC, 'TX ring', 'not yet reclaimed', distance(clean, use, ring.size));
  };
  return {
    start: update,
    record(rec) {
      const { tNs: t, a, b } = rec;
      switch (rec.kind) {
        case TraceKind.TX_QUEUE: {
          if (!truncated) queue.push({ id: a, bytes: b });
          const e: ChromeTraceEvent = { name: `send TX frame ${a}`, cat: 'tx', ph: 'X', ts: us(t), pid: PID.GUEST, tid: GUEST_TID.FRAMES, dur: 0 };
          e.args = { frame: a, bytes: b };
          out(e);
          if (!truncated) {
            flowsStarted.add(flow(a));
            flowEnd(ctx, 's', e, flow(a));
          }
          break;
        }
        case TraceKind.TX_APP_DROP:
          out({
            name: `TX frame ${a} dropped (queue full)`,
            cat: 'tx',
            ph: 'X',
            ts: us(t),
            pid: PID.GUEST,
            tid: GUEST_TID.FRAMES,
            dur: 0,
            args: { frame: a, bytes: b },
          });
          break;
        case TraceKind.TX_DESC:
          // A context descriptor (checksum offload settings) carries no frame.
          if (b !== TXD_CMD_DEXT && !truncated && queueHead < queue.length) {
            slotFrame.set(a, queue[queueHead]);
            queue[queueHead++] = undefined as never;
            if (queueHead > 4096 && queueHead * 2 > queue.length) {
              queue.splice(0, queueHead);
              queueHead = 0;
            }
          }
          use = (a + 1) % ring.size;
          update();
          break;
        case TraceKind.TX_DONE: {
          ring.head = (a + 1) % ring.size;
          update();
          const frame = slotFrame.get(a);
          slotFrame.delete(a);
          const begin = frame ? Math.max(0, t - wireNs(frame.bytes)) : t;
          const e: ChromeTraceEvent = {
            name: frame ? `frame ${frame.id} sent` : `slot ${a} sent`,
            cat: 'tx',
            ph: 'X',
            ts: us(begin),
            pid: PID.NIC,
            tid: NIC_TID.TX,
            dur: us(t - begin),
          };
          e.args = frame ? { frame: frame.id, bytes: frame.bytes, slot: a, cmd: hex(b) } : { slot: a, cmd: hex(b) };
          out(e);
          if (frame && flowsStarted.delete(flow(frame.id))) flowEnd(ctx, 'f', e, flow(frame.id));
          break;
        }
        case TraceKind.TX_CONTEXT:
          ring.head = (a + 1) % ring.size;
          update();
          break;
        case TraceKind.TX_RECLAIM:
          clean = (b + 1) % ring.size;
          update();
          break;
        case TraceKind.MMIO_WRITE:
          if (ringRegisterWrite(ring, TX_RING_REGISTERS, a, b)) update();
          break;
      }
    },
  };
}

/** The guest's TX queue (qdisc) backlog counter: frames handed over and not yet on a data descriptor. */
function txQueueEmitter(ctx: TrackContext): TrackEmitter {
  let backlog = ctx.truncated ? NaN : 0;
  const set = () => ctx.counters.setKnown(PID.GUEST, 'TX queue (qdisc)', 'backlog', backlog);
  return {
    start: set,
    record(rec) {
      if (rec.kind === TraceKind.TX_QUEUE) {
        if (!Number.isNaN(backlog)) backlog++;
        set();
      } else if (rec.kind === TraceKind.TX_DESC && rec.b !== TXD_CMD_DEXT) {
        if (!Number.isNaN(backlog)) backlog--;
        set();
      }
    },
  };
}

/**
 * The NIC's ICR/line thread: causes set, interrupt assertions (with what
 * the ISR then read from ICR); and the ICR, IMS and INTx line counters.
 */
function icrLineEmitter(ctx: TrackContext): TrackEmitter {
  const { out, counters } = ctx;
  const { interrupts } = ctx.input;
  const start = ctx.truncated ? NaN : 0;
  let icr = start;
  let ims = start;
  let interruptIndex = 0;
  const setIcr = () => counters.setKnown(PID.NIC, 'ICR', 'value', icr);
  const setIms = () => counters.setKnown(PID.NIC, 'IMS', 'value', ims);
  return {
    start() {
      setIcr();
      setIms();
      counters.set(PID.NIC, 'INTx line', 'asserted', 0);
    },
    record(rec) {
      const { tNs: t, a, b } = rec;
      switch (rec.kind) {
        case TraceKind.CAUSE_SET:
          icr = b;
          setIcr();
          out({
            name: `set ${causes(a)}`,
            cat: 'icr',
            ph: 'i',
            ts: us(t),
            pid: PID.NIC,
            tid: NIC_TID.ICR,
            s: 't',
            args: { newBits: hex(a), icr: hex(b), causes: causes(b) },
          });
          break;
        case TraceKind.LINE_ASSERT: {
          counters.set(PID.NIC, 'INTx line', 'asserted', 1);
          // The interrupt record of this assertion carries what the ISR read from ICR.
          while (interruptIndex < interrupts.length && interrupts[interruptIndex].tNs < t) interruptIndex++;
          const irq = interruptIndex < interrupts.length && interrupts[interruptIndex].tNs === t ? interrupts[interruptIndex++] : undefined;
          const args: ChromeTraceArgs = { pending: hex(a), pendingCauses: causes(a) };
          if (irq && irq.readNs >= 0) {
            args.icr = hex(irq.icr);
            args.icrValue = irq.icr;
            args.causes = causes(irq.icr);
            args.isrReadIcrAtUs = us(irq.readNs);
          }
          out({
            name: `IRQ ${irq && irq.readNs >= 0 ? causes(irq.icr) : causes(a)}`,
            cat: 'irq',
            ph: 'i',
            ts: us(t),
            pid: PID.NIC,
            tid: NIC_TID.ICR,
            s: 't',
            args,
          });
          break;
        }
        case TraceKind.LINE_DEASSERT:
          counters.set(PID.NIC, 'INTx line', 'asserted', 0);
          break;
        case TraceKind.ICR_READ:
          icr = 0;
          setIcr();
          break;
        case TraceKind.MMIO_WRITE: {
          const { name } = registerOf(a);
          const v = b >>> 0;
          if (name === 'IMS') {
            if (!Number.isNaN(ims)) ims = (ims | v) >>> 0;
            setIms();
          } else if (name === 'IMC') {
            if (!Number.isNaN(ims)) ims = (ims & ~v) >>> 0;
            setIms();
          } else if (name === 'ICR') {
            if (!Number.isNaN(icr)) icr = (icr & ~v) >>> 0;
            setIcr();
          }
          break;
        }
      }
    },
  };
}

/**
 * The NIC's timers thread (and the guest vCPU's, for the guest's own
 * timers: each timer's descriptor names its track): one async span per
 * run of a timer, read from core/timers/spans.ts, an instant at each
 * expiry; and a driver reprogramming a device setting.
 */
function timersEmitter(ctx: TrackContext): TrackEmitter {
  const { out } = ctx;
  const spans = new TimerSpanTracker();
  const timerName = (id: number) => TIMER_NAMES[id] ?? `timer ${id}`;
  // Where each timer is drawn (its descriptor's track).
  const timerTrack = (id: number) => (timerDescriptor(id)?.track === 'guest-vcpu' ? { pid: PID.GUEST, tid: GUEST_TID.VCPU } : { pid: PID.NIC, tid: NIC_TID.TIMERS });
  return {
    record(rec) {
      const { tNs: t, a, b } = rec;
      if (rec.kind === TraceKind.DEVICE_PARAM) {
        // Issue 23: a driver reprogrammed a device setting (DIM's work item, ixgbe's EITR write).
        const spec = DEVICE_PARAM_SPECS[a];
        const name = spec?.ethtool ?? spec?.key ?? `setting ${a}`;
        out({ name: `set ${name} ${b}`, cat: 'moderation', ph: 'i', ts: us(t), pid: PID.NIC, tid: NIC_TID.TIMERS, s: 't', args: { setting: spec?.key ?? a, value: b } });
        return;
      }
      const step = spans.observe(rec.kind, t, a, b);
      if (!step) return;
      const name = timerName(step.id);
      const track = timerTrack(step.id);
      const span = { name, cat: 'timer', ...track, id2: { local: `timer-${step.id}` } };
      if (step.ended) out({ ...span, ph: 'e', ts: us(t), args: { outcome: TIMER_SPAN_END_WORDS[step.ended.end] } });
      const begun = step.began;
      if (begun) out({ ...span, ph: 'b', ts: us(t), args: { durationUs: us(begun.dueNs - begun.startNs), expiresAtUs: us(begun.dueNs), started: begun.rearmed ? 'restart' : 'start' } });
      if (step.fired) out({ name: `${name} expired`, cat: 'timer', ph: 'i', ts: us(t), ...track, s: 't', args: { timer: name } });
    },
    finish() {
      // Timers still running when the trace ends.
      for (const s of spans.closeAll(ctx.endNs, TimerSpanEnd.RUNNING)) {
        out({ name: timerName(s.id), cat: 'timer', ph: 'e', ts: us(s.endNs), ...timerTrack(s.id), id2: { local: `timer-${s.id}` }, args: { outcome: `${TIMER_SPAN_END_WORDS[s.end]} at the end of the trace` } });
      }
    },
  };
}

/**
 * The guest's interrupt mask on its vCPU thread, as async spans: masked
 * from a write to IMC to the next write to IMS, and the wait for that
 * unmask (a cause pending and the window over, until the IMS write at
 * which the line asserted; core/cycles.ts `UnmaskWaitTracker`).
 */
function guestMaskEmitter(ctx: TrackContext): TrackEmitter {
  const { out } = ctx;
  const unmaskWait = new UnmaskWaitTracker();
  // When the guest masked (-1: not masked, or not seen yet).
  let maskedAt = -1;
  const maskSpan = { name: GUEST_MASK.masked, cat: GUEST_MASK.cat, pid: PID.GUEST, tid: GUEST_TID.VCPU, id2: { local: 'guest-mask' } };
  return {
    record(rec) {
      const { tNs: t, a, b } = rec;
      const waitFrom = unmaskWait.observe(rec.kind, t, a);
      if (rec.kind === TraceKind.LINE_ASSERT && waitFrom >= 0) {
        // Asserted at an IMS write after the ISR read ICR: it waited for the unmask since the window was over and a cause pending.
        const wait = { name: GUEST_MASK.unmaskWait, cat: GUEST_MASK.cat, pid: PID.GUEST, tid: GUEST_TID.VCPU, id2: { local: 'unmask-wait' } };
        out({ ...wait, ph: 'b', ts: us(waitFrom), args: { waitedUs: us(t - waitFrom) } });
        out({ ...wait, ph: 'e', ts: us(t), args: { outcome: 'the guest wrote IMS; the line asserted' } });
      } else if (rec.kind === TraceKind.MMIO_WRITE) {
        const { name } = registerOf(a);
        if (name === 'IMS' && maskedAt >= 0) {
          out({ ...maskSpan, ph: 'e', ts: us(t), args: { outcome: 'unmasked (IMS written)', maskedUs: us(t - maskedAt) } });
          maskedAt = -1;
        } else if (name === 'IMC' && maskedAt < 0) {
          maskedAt = t;
          out({ ...maskSpan, ph: 'b', ts: us(t), args: { imc: hex(b >>> 0) } });
        }
      }
    },
    finish() {
      if (maskedAt >= 0) out({ ...maskSpan, ph: 'e', ts: us(Math.max(ctx.endNs, maskedAt)), args: { outcome: 'still masked at the end of the trace' } });
    },
  };
}

/** The guest's MMIO thread: every register access (zero-cost ones too) and the mitigation registers' counter. */
function mmioEmitter(ctx: TrackContext): TrackEmitter & { lastAccess: { tNs: number; name: string } } {
  const { out } = ctx;
  const self = {
    /** The latest access, to name the vCPU's MMIO exit at the same instant. */
    lastAccess: { tNs: -1, name: '' },
    record(rec: TraceRecord) {
      const { tNs: t, a, b } = rec;
      if (rec.kind === TraceKind.ICR_READ) {
        self.lastAccess = { tNs: t, name: 'read ICR' };
        out({ name: 'read ICR', cat: 'mmio', ph: 'i', ts: us(t), pid: PID.GUEST, tid: GUEST_TID.MMIO, s: 't', args: { value: hex(a), causes: causes(a) } });
        return;
      }
      if (rec.kind !== TraceKind.MMIO_READ && rec.kind !== TraceKind.MMIO_WRITE) return;
      const regName = registerOf(a).name;
      const write = rec.kind === TraceKind.MMIO_WRITE;
      const name = `${write ? 'write' : 'read'} ${regName}`;
      self.lastAccess = { tNs: t, name };
      if (write && (regName === 'ITR' || regName === 'RDTR' || regName === 'RADV' || regName === 'TIDV' || regName === 'TADV')) {
        ctx.counters.set(PID.NIC, 'mitigation registers', regName, (b >>> 0) & 0xffff);
      }
      out({ name, cat: 'mmio', ph: 'i', ts: us(t), pid: PID.GUEST, tid: GUEST_TID.MMIO, s: 't', args: { register: regName, value: b >>> 0, hex: hex(b) } });
    },
  };
  return self;
}

/** The guest's vCPU thread: what the vCPU is busy with, an MMIO exit named by the access it made. */
function vcpuEmitter(ctx: TrackContext, mmio: { lastAccess: { tNs: number; name: string } }): TrackEmitter {
  return {
    record(rec) {
      if (rec.kind !== TraceKind.VCPU_BUSY) return;
      const { tNs: t, a, b } = rec;
      const exit = a === Activity.MMIO_EXIT && mmio.lastAccess.tNs === t;
      ctx.out({
        name: exit ? `MMIO exit: ${mmio.lastAccess.name}` : (ACTIVITY_NAMES[a] ?? `activity ${a}`),
        cat: 'vcpu',
        ph: 'X',
        ts: us(t),
        pid: PID.GUEST,
        tid: GUEST_TID.VCPU,
        dur: us(Math.max(0, b)),
        args: { activity: ACTIVITY_NAMES[a] ?? String(a) },
      });
    },
  };
}

/** The host model's threads (QEMU's main loop, the vCPU thread) as slices per state, its callbacks, and the frames waiting in its socket. */
function hostEmitter(ctx: TrackContext): TrackEmitter {
  const { out } = ctx;
  // Each host thread's current state since when (a slice is written when the state ends).
  const open = { main: { name: '', since: 0 }, vcpu: { name: '', since: 0 } };
  const slice = (thread: 'main' | 'vcpu', endNsOfState: number) => {
    const state = open[thread];
    if (!state.name || endNsOfState <= state.since) return;
    out({ name: state.name, cat: 'host', ph: 'X', ts: us(state.since), dur: us(endNsOfState - state.since), pid: PID.HOST, tid: thread === 'main' ? HOST_TID.MAIN_LOOP : HOST_TID.VCPU_THREAD });
  };
  return {
    record(rec) {
      const { tNs: t, a, b } = rec;
      if (rec.kind === TraceKind.HOST_STATE) {
        for (const thread of ['main', 'vcpu'] as const) {
          const name = hostThreadState(a, thread);
          if (name === open[thread].name) continue;
          slice(thread, t);
          open[thread] = { name, since: t };
        }
        ctx.counters.set(PID.HOST, 'host socket', 'frames waiting', b);
      } else if (rec.kind === TraceKind.HOST_CALLBACK) {
        out({ name: "timer callback (the window's end)", cat: 'host', ph: 'i', ts: us(t), pid: PID.HOST, tid: HOST_TID.MAIN_LOOP, s: 't' });
      }
    },
    finish() {
      slice('main', ctx.endNs);
      slice('vcpu', ctx.endNs);
    },
  };
}

/**
 * Streams the events of a run's trace to `emit`, in record order (a
 * viewer sorts by time). Use `toChromeTrace` for the whole object, or
 * `writeChromeTrace` to produce the JSON text in chunks.
 *
 * Each track has its emitter (above); this hands them every record and
 * writes the counters once per instant. The emitters' order is the order
 * one record's events are written in: an assertion's IRQ instant before
 * its unmask-wait span (ICR/line, then the guest mask), a mask span's end
 * before the IMS write's instant (the guest mask, then MMIO); and their
 * counters start in the order RX ring, TX ring, ICR, IMS, INTx line, TX
 * queue (the counters' order in the file).
 */
export function buildChromeTrace(input: ChromeTraceInput, emit: (e: ChromeTraceEvent) => void): ChromeTraceSummary {
  const dropped = Math.max(0, input.droppedRecords ?? 0);
  const truncated = dropped > 0;
  const access = recordAccess(input.records);
  const rec: TraceRecord = { tNs: 0, kind: TraceKind.RX_ARRIVE, a: 0, b: 0 };
  let lastNs = 0;
  if (access.n > 0) {
    access.get(access.n - 1, rec);
    lastNs = rec.tNs;
  }
  let events = 0;
  const out = (e: ChromeTraceEvent) => {
    events++;
    emit(e);
  };
  const ctx: TrackContext = { input, truncated, endNs: Math.max(input.endNs ?? 0, lastNs), access, out, counters: new Counters(out) };

  emitNames(ctx);
  const timers = timersEmitter(ctx);
  const mask = guestMaskEmitter(ctx);
  const mmio = mmioEmitter(ctx);
  const host = hostEmitter(ctx);
  const tracks: TrackEmitter[] = [rxEmitter(ctx), txEmitter(ctx), icrLineEmitter(ctx), txQueueEmitter(ctx), timers, mask, mmio, vcpuEmitter(ctx, mmio), host];

  if (!truncated) {
    for (const track of tracks) track.start?.();
    ctx.counters.flush(0);
  }

  let flushedNs = access.n > 0 ? -1 : 0;
  for (let i = 0; i < access.n; i++) {
    access.get(i, rec);
    const t = rec.tNs;
    if (t !== flushedNs) {
      if (flushedNs >= 0) ctx.counters.flush(flushedNs);
      flushedNs = t;
      if (i === 0 && truncated) {
        out({
          name: `trace starts here: ${dropped} earlier records were dropped`,
          cat: 'trace',
          ph: 'i',
          ts: us(t),
          pid: PID.NIC,
          tid: NIC_TID.ICR,
          s: 'p',
          args: { droppedRecords: dropped },
        });
      }
    }
    for (const track of tracks) track.record(rec, i);
  }
  if (flushedNs >= 0) ctx.counters.flush(flushedNs);
  // What is still open when the trace ends: the host's states, the timers' runs, the guest's mask.
  for (const track of [host, timers, mask]) track.finish?.();
  return { events, records: access.n, droppedRecords: dropped, endNs: ctx.endNs };
}

/**
 * What goes in the top-level `metadata`: where the file came from and the
 * scenario that ran (without loaded capture frames). Flat strings and
 * numbers: Perfetto's metadata table holds only those (the scenario is a
 * JSON string).
 */
export function chromeTraceMetadata(input: ChromeTraceInput): ChromeTraceArgs {
  const { scenario } = input;
  const plain = withoutCaptureFrames(scenario);
  return {
    generator: 'e1000 IRQ Lab',
    scenarioName: scenario.name,
    deviceModel: scenario.device.model,
    guestDriver: scenario.guest.driver,
    timeUnit: 'us',
    droppedRecords: Math.max(0, input.droppedRecords ?? 0),
    scenario: JSON.stringify(plain),
  };
}

/** The whole trace as one object (JSON.stringify it for a file). */
export function toChromeTrace(input: ChromeTraceInput): ChromeTrace {
  const traceEvents: ChromeTraceEvent[] = [];
  buildChromeTrace(input, (e) => traceEvents.push(e));
  return { traceEvents, metadata: chromeTraceMetadata(input) };
}

/**
 * The trace as JSON text, handed to `write` in chunks of about `chunkChars`
 * (for files too big to hold as one string). Same content as
 * `JSON.stringify(toChromeTrace(input))`, one event per line.
 */
export function writeChromeTrace(input: ChromeTraceInput, write: (chunk: string) => void, chunkChars = 1 << 20): ChromeTraceSummary {
  let buffer = '{"traceEvents":[';
  let first = true;
  const summary = buildChromeTrace(input, (e) => {
    buffer += `${first ? '\n' : ',\n'}${JSON.stringify(e)}`;
    first = false;
    if (buffer.length >= chunkChars) {
      write(buffer);
      buffer = '';
    }
  });
  write(`${buffer}\n],\n"metadata":${JSON.stringify(chromeTraceMetadata(input))}}\n`);
  return summary;
}

/** The trace as one JSON string (e.g. for a download). */
export function chromeTraceJson(input: ChromeTraceInput): string {
  let text = '';
  writeChromeTrace(input, (chunk) => (text += chunk));
  return text;
}

/** The input for a live Simulation (structurally: its scenario, trace buffer, interrupts and clock). */
export function chromeTraceInputOf(sim: {
  scenario: Scenario;
  trace: { oldest: number; copySince(seq: number): TraceColumns };
  interrupts(): readonly InterruptRecord[];
  nowNs: number;
}): ChromeTraceInput & { records: TraceColumns } {
  return {
    scenario: sim.scenario,
    records: sim.trace.copySince(0),
    interrupts: sim.interrupts(),
    droppedRecords: sim.trace.oldest,
    endNs: sim.nowNs,
  };
}
