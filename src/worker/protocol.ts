/**
 * What crosses the worker boundary. A Frame is one answer of the simulation
 * worker: the state at one instant plus the trace records written since the
 * previous frame. Every typed array in it is fresh, so the worker can
 * transfer it (zero copy) instead of cloning.
 */
import type { DimTrace } from '../core/guest/drivers/netDim';
import type { InterruptsExport, Metrics, SimSnapshot } from '../core/types';
import type { ConsoleOp, Scenario } from '../core/scenario';
import type { Position } from '../core/position';

export interface TraceChunk {
  /** Sequence number of the first record in this chunk. */
  first: number;
  tNs: Float64Array;
  kind: Uint8Array;
  a: Float64Array;
  b: Float64Array;
}

export interface Frame {
  /** Counts frames from this worker; increases by one per answer. */
  frameNo: number;
  /**
   * True when history restarted (load, seek backwards, restart after a
   * crash): the receiver must drop the records it kept and start over from
   * this frame's trace, which then holds recent history up to `nowNs`.
   */
  reset: boolean;
  nowNs: number;
  /** Where the run is exactly: nowNs and the steps taken at it (core/position.ts); what a link names. */
  position: Position;
  /**
   * How many of the run's console accesses (the scenario's `console` list, one to one) are made at this
   * position; the rest lie ahead, or were stepped back over and go when the run changes (`accessesKept`).
   */
  consoleMade: number;
  /** Time of the next pending event, Infinity if none. */
  nextEventNs: number;
  snapshot: SimSnapshot;
  metrics: Metrics;
  trace: TraceChunk;
  /** Records written since the previous frame that no longer fit in the worker's buffer. */
  lost: number;
  /** stepToInterrupt: whether an interrupt was reached before the limit. */
  reachedInterrupt?: boolean;
  /** stepEvent: false when no event was left. */
  stepped?: boolean;
  /**
   * consoleAccess: the access as recorded (for the scenario's `console` list), the value read or now held,
   * and `kept`: how many of the list's earlier accesses stay before it (`accessesKept`). The rest were stepped
   * back over (made, then undone by Back, possibly at this same instant) and go, as the core drops them.
   */
  console?: { op: ConsoleOp; value: number; kept: number };
}

/** A register access from the register console. */
export interface ConsoleRequest {
  op: 'write' | 'read';
  /** Register name (REGISTERS). */
  reg: string;
  /** Writes: the 32-bit value. */
  value?: number;
}

/** "Download trace" / "Open in Perfetto": the run as Chrome Trace Event JSON, UTF-8 (transferable). */
export interface TraceExport {
  bytes: Uint8Array;
  events: number;
  records: number;
  /** Records the bounded trace no longer held (the file starts later). */
  droppedRecords: number;
  nowNs: number;
}


/** A fingerprint of the trace kept (see export/traceHash.ts). */
export interface TraceHashResult {
  hash: string;
  records: number;
  /** Sequence number of the first record hashed (0 unless the ring buffer overflowed). */
  first: number;
  nowNs: number;
}

/** The narrow interface the main thread calls (through Comlink). */
export interface SimApi {
  /**
   * Start a fresh simulation of `scenario` and run it to a position: an
   * instant (every step at it; t = 0: before anything ran) or an instant and
   * the steps taken at it. Default 0.
   */
  load(scenario: Scenario, at?: number | Position): Frame;
  /** Advance the virtual clock by `dtNs` nanoseconds. */
  advance(dtNs: number): Frame;
  /** Take the next step (an event or a console access); the clock moves to it. Back's inverse. */
  stepEvent(): Frame;
  /** Run until the next interrupt assertion (or a limit). */
  stepToInterrupt(): Frame;
  /** Go back to the position before this one, Step's inverse (deterministic re-run). */
  stepBack(): Frame;
  /** Go to an instant (every step at it) or a position: forwards runs on, backwards re-runs from 0. */
  seek(at: number | Position): Frame;
  /**
   * Register console: write or read a register now, as a guest's MMIO
   * would (a read of ICR clears it); replayed on seek like slider writes.
   */
  consoleAccess(req: ConsoleRequest): Frame;
  /** The current state without advancing. */
  frame(): Frame;
  /** The run so far as Chrome Trace Event JSON (Perfetto). */
  exportTrace(): TraceExport;
  /** Every interrupt so far. */
  exportInterrupts(): InterruptsExport;
  /** The DIM driver's decisions so far (null: no DIM in this scenario). */
  exportDim(): DimTrace | null;
  /** Fingerprint of the trace records kept. */
  traceHash(): TraceHashResult;
  /** Test hook: make the worker die with an uncaught error. */
  crash(): void;
}

/** The transferable buffers of a frame. */
export function frameTransferables(f: Frame): ArrayBuffer[] {
  const s = f.snapshot;
  const bufs = [f.trace.tNs, f.trace.kind, f.trace.a, f.trace.b, s.regs, s.rxSlots, s.txSlots, s.timers].map(
    (x) => x.buffer as ArrayBuffer,
  );
  // Two views on one buffer must be listed once.
  return [...new Set(bufs)];
}
