import type { TimerId } from '../types';
import type { RegName } from '../registers';
import type { DelayTimers } from './delayTimers';

/**
 * A device model: the policy that decides when causes enter ICR and how long
 * the line waits between assertions. The NIC (registers, rings, wire, ICR,
 * the line) is shared; each model is one small file behind this interface.
 */
export interface DeviceModel {
  /** Timer that shows the window opened by each assertion, or -1 if none. */
  readonly windowTimer: TimerId | -1;
  /**
   * The window is a QEMU timer (QEMU_CLOCK_VIRTUAL), run by QEMU's main-loop
   * thread: its end is seen late by the host's timer wake-up latency. False
   * for hardware (the 8254x's ITR) and for models that have none.
   */
  readonly windowIsQemuTimer: boolean;
  /** Length of the window an assertion with these pending causes opens, ns (0 = none). */
  windowNs(pending: number): number;
  /**
   * A received frame was stored. `free`: RX descriptors the hardware still
   * owns empty after it; `threshold`: the RCTL.RDMTS threshold in descriptors.
   */
  rxStored(free: number, threshold: number): void;
  /** A TX descriptor was processed and sent; `cmd` is its CMD byte. */
  txWrittenBack(cmd: number): void;
  /** The TX queue went empty (TDH reached TDT). */
  txQueueEmpty(): void;
  /** The guest wrote TDT: start transmitting now (nic.transmit()) or later. */
  tdtWritten(): void;
  /** The guest wrote RDTR with FPD (bit 31) set. */
  rxFlush(): void;
  /** One of this model's timers fired (not the window timer). */
  timerFired(id: TimerId): void;
  /**
   * Optional (addition of issue 23): the window has ended (its timer fired and, for a QEMU
   * timer, the main loop ran its callback). A model that has it decides what the end does
   * and must re-evaluate the line (port.setCause(…) does); without it the line simply
   * asserts for whatever is pending.
   */
  windowEnded?(): void;
  /** Optional (issue 23): the guest wrote a register the NIC stores as is (ITR, the delay registers). */
  regWritten?(index: number, value: number): void;
  /**
   * Optional (issue 23): a driver reprograms one of the model's parameters at run time
   * (ethtool -C, or DIM's work item), re-evaluated at once. Unknown keys are ignored.
   */
  setParam?(key: string, value: number): void;
}

/**
 * A frame that finds no free RX descriptor waits: on the 8254x in its
 * on-chip RX packet buffer, bounded in bytes, and an overflow drops the
 * frame with RXO; in QEMU in the network layer's queue (the device said it
 * cannot receive), bounded in frames, and an overflow is a host-side drop
 * the guest never sees. Held frames are stored, in order, as soon as the
 * guest gives descriptors (an RDT write).
 */
export interface RxHoldRule {
  /** Bytes the buffer holds (Infinity: no byte limit). */
  maxBytes: number;
  /** Frames the queue holds (Infinity: no frame limit). */
  maxFrames: number;
  /** An overflow sets RXO and counts in MPC (hardware), or drops silently (QEMU's host queue). */
  overflowSetsRxo: boolean;
}

/**
 * What a device model may touch on the NIC: read a register, latch causes
 * in ICR, run its timers, send what the guest queued, and see how many TX
 * descriptors wait. The NIC implements it; a model gets nothing more.
 */
export interface DevicePort {
  reg(name: RegName): number;
  /** The virtual clock, ns (a model that re-evaluates a changed parameter needs to know how long its timer has run). */
  now(): number;
  /** A register by its index in the register file (REG_INDEX): the hot paths' lookup, without a name. */
  regAt(index: number): number;
  /** Latch cause bits in ICR (masked or not) and re-evaluate the line. */
  setCause(bits: number): void;
  readonly timers: Pick<DelayTimers, 'arm' | 'armIfStopped' | 'stop' | 'running'>;
  /** Send what is queued in [TDH, TDT) (inside the write, or onto the wire). */
  transmit(): void;
  /** TX descriptors handed over and not yet processed: TDT - TDH, as a ring distance. */
  txPending(): number;
  /** TX ring length in descriptors (TDLEN / 16). */
  txRingSize(): number;
}

export type DeviceModelFactory = (port: DevicePort) => DeviceModel;
