import type { NapiState } from './guest/kernel/napi';
/** Data shapes the core hands out: snapshots for the UI, trace records, results. */
import type { Scenario } from './scenario';

/** Timers the models arm: ids, count and names derive from the timer registry (timers/registry.ts). */
export { TimerId, TIMER_COUNT, TIMER_NAMES } from './timers';

/** State of one descriptor slot, as drawn in the ring panels. */
export const SlotState = {
  /** Owned by the guest: no buffer (RX) or free (TX). */
  GUEST: 0,
  /** Owned by the hardware: an empty buffer waiting for a frame (RX) or a frame waiting to be sent (TX). */
  HW: 1,
  /** Written back with DD set, waiting for the guest to take it. */
  DONE: 2,
} as const;
export type SlotState = (typeof SlotState)[keyof typeof SlotState];

/** What the guest vCPU is doing. */
export const Activity = {
  IDLE: 0,
  APP_SEND: 1,
  INJECT: 2,
  ISR: 3,
  POLL: 4,
  MMIO_EXIT: 5,
  RX_FRAME: 6,
  TX_CLEAN: 7,
  /** The guest's server application: system calls and its work on a request. */
  APP_SERVE: 8,
} as const;
export type Activity = (typeof Activity)[keyof typeof Activity];
export const ACTIVITY_NAMES: readonly string[] = ['idle', 'application send', 'interrupt injection', 'ISR', 'NAPI poll', 'MMIO exit', 'RX frame processing', 'TX clean', 'server application'];

/** Kinds of trace records. Fields a/b mean what the comment says. */
export const TraceKind = {
  /** a = frame id, b = bytes: a frame fully arrived at the NIC from the wire. */
  RX_ARRIVE: 1,
  /** a = slot, b = frame id: frame DMA'd, descriptor written back (DD|EOP), RDH advanced. */
  RX_STORE: 2,
  /** a = frame id, b = 1 if RXO was set and MPC counted it (hardware), 0 for a host-side drop (QEMU's queue full). */
  RX_DROP: 3,
  /** a = slot, b = latency ns (arrival -> guest took it). */
  RX_TAKEN: 4,
  /** a = frame id, b = bytes: the application handed a frame to the driver. */
  TX_QUEUE: 5,
  /** a = slot, b = CMD byte: the driver wrote a TX descriptor. */
  TX_DESC: 6,
  /** a = slot, b = CMD byte: a data descriptor processed, its frame sent (on the wire or inside the TDT write); DD written back if RS. */
  TX_DONE: 7,
  /** a = first slot, b = last (EOP) slot: the guest reclaimed a finished packet's descriptors. */
  TX_RECLAIM: 8,
  /** a = timer id, b = expiry ns. */
  TIMER_START: 9,
  /** a = timer id, b = new expiry ns. */
  TIMER_RESTART: 10,
  /** a = timer id: stopped without firing. */
  TIMER_STOP: 11,
  /** a = timer id. */
  TIMER_FIRE: 12,
  /** a = bits newly set, b = ICR after. */
  CAUSE_SET: 13,
  /** a = ICR & IMS at assertion. */
  LINE_ASSERT: 14,
  LINE_DEASSERT: 15,
  /** a = value read (the read cleared ICR). */
  ICR_READ: 16,
  /** a = register index (REG_INDEX), b = value written. */
  MMIO_WRITE: 17,
  /** a = register index, b = value read. */
  MMIO_READ: 18,
  /** a = Activity, b = duration ns: the vCPU is busy from t for b ns. */
  VCPU_BUSY: 19,
  /** a = frame id: the application's frame was dropped (driver queue full). */
  TX_APP_DROP: 20,
  /** a = frame id, b = frames now held: no free RX descriptor; the frame waits (8254x packet buffer, QEMU's queue). */
  RX_HOLD: 21,
  /** a = slot, b = CMD byte: a context descriptor was processed (no frame; DD only with RS). */
  TX_CONTEXT: 22,
  /**
   * Host model only: a = HostBits (main loop running / waiting for the core /
   * waking; vCPU thread running / waiting), b = frames waiting in the host
   * (socket, and the one the main loop is delivering). State from t on.
   */
  HOST_STATE: 23,
  /** Host model only: QEMU's main loop ran a timer callback (the mitigation window's end). */
  HOST_CALLBACK: 24,
  /**
   * Guest kernel's NAPI (guest/kernel/napi.ts): a = NapiEvent, b = its
   * detail. Recorded only when a NAPI knob or the server application is on.
   */
  NAPI: 25,
  /**
   * Issue 23: a = index in DEVICE_PARAM_SPECS, b = new value: a driver reprogrammed a
   * device setting at run time (DIM's work item, ixgbe's EITR write).
   */
  DEVICE_PARAM: 26,
} as const;
export type TraceKind = (typeof TraceKind)[keyof typeof TraceKind];

export interface TraceRecord {
  tNs: number;
  kind: TraceKind;
  a: number;
  b: number;
}

/** One interrupt as the guest saw it: when the line asserted, what the ISR read from ICR. */
export interface InterruptRecord {
  tNs: number;
  /** ICR value the ISR read (0 if it was not ours). */
  icr: number;
  /** When the ISR read ICR. */
  readNs: number;
}

export interface Counters {
  rxArrived: number;
  rxStored: number;
  rxDropped: number;
  /** Frames waiting for a free RX descriptor. */
  rxHeld: number;
  rxTaken: number;
  txQueued: number;
  txAppDropped: number;
  txSent: number;
  txReclaimed: number;
  interrupts: number;
  exits: number;
  /** ns the vCPU spent busy. */
  busyNs: number;
}

/** Everything a panel needs to draw one instant. */
export interface SimSnapshot {
  nowNs: number;
  /** Register values indexed by REG_INDEX. */
  regs: Uint32Array;
  /** Interrupt line (INTx) asserted. */
  line: boolean;
  rxSlots: Uint8Array;
  txSlots: Uint8Array;
  /** Per TimerId: [startNs, expiresNs], -1 when not running. Length 2 * TIMER_COUNT. */
  timers: Float64Array;
  vcpuActivity: Activity;
  counters: Counters;
  /** Frames the application has waiting in the driver's queue (qdisc). */
  txBacklog: number;
  /** The guest kernel's NAPI instance (mask-and-poll drivers only). */
  napi?: NapiState;
}

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

/** The contract's metrics object. */
export interface Metrics {
  rxFrames: number;
  rxDropped: number;
  txFrames: number;
  interrupts: number;
  interruptsPerSec: number;
  framesPerInterrupt: number;
  latencyUs: LatencySummary;
  exits: number;
  guestCpuUtil: number;
  rxPps: number;
  txPps: number;
  /** Only when the scenario has a host model: the host threads' CPU use. */
  host?: { mainLoopCpuUtil: number; framesDelivered: number };
  /** Only when the scenario has a server application (guest.server): its requests and their latency. */
  server?: ServerMetrics;
}

/** The server application's figures: latency is a request's arrival at the NIC to its reply's TDT write. */
export interface ServerMetrics {
  requests: number;
  replies: number;
  /** Requests dropped because the socket's queue was full (the NIC's own drops are rxDropped). */
  socketDrops: number;
  /** Replies per second. */
  repliesPerSec: number;
  latencyUs: { mean: number; p50: number; p99: number; p999: number; max: number };
}

export interface RunResult {
  scenario: Scenario;
  interrupts: { tUs: number; icr: number; causes: string[] }[];
  metrics: Metrics;
}

/** Every interrupt of the run so far, column-wise (transferable). */
export interface InterruptsExport {
  /** When the line asserted. */
  tNs: Float64Array;
  /** The ICR value the ISR read (0 if none). */
  icr: Float64Array;
  /** When the ISR read ICR (-1 if not yet). */
  readNs: Float64Array;
}
