import type { TimerId } from '../types';
import type { Nic } from './nic';

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
  /** A received frame was stored; `lowRing`: free descriptors are at or below the RDMTS threshold. */
  rxStored(lowRing: boolean): void;
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
}

export type DeviceModelFactory = (nic: Nic) => DeviceModel;
