import type { Arrivals } from '../traffic/arrivals';
import { Activity } from '../types';
import type { CostProfile } from './costs';
import type { GuestRings } from './guestRings';
import { BLOCK, compute, write, type GuestThread } from './ops';

export interface SenderConfig {
  /** Stop the queue after a send when fewer free descriptors (E1000_DESC_UNUSED) than this remain (0: never after a send). */
  stopBelow: number;
  /**
   * Stop the queue before a send (after the transmit-path reclaim) when
   * fewer free descriptors than this remain: FreeBSD em_start_locked tests
   * `tx_avail < EM_MAX_SCATTER` at the top of its loop. 0: only the room
   * the next packet needs is checked there.
   */
  stopBeforeSendBelow: number;
  /** A TX clean wakes a stopped queue when at least this many descriptors are free. */
  wakeAtLeast: number;
  /**
   * Reclaim finished descriptors in the transmit path, before a send, when
   * fewer than this many are free (FreeBSD lem_start_locked); 0 = never
   * (Linux e1000 reclaims only in its NAPI poll).
   */
  reclaimBelow: number;
  /**
   * Checksum-offload context descriptor: before every packet (Linux
   * e1000_tx_csum), only before the first (FreeBSD lem caches the context
   * in `last_hw_offload`), or never.
   */
  contextDescriptor: 'every-packet' | 'first-packet' | 'none';
  /** CMD byte of each packet's data descriptor. */
  txCmd(): number;
}

/**
 * The application and the driver's transmit path on the vCPU: take the next
 * frame (from the qdisc, or make one when saturating), do the per-frame
 * stack work, write the packet's descriptors, write TDT once per packet,
 * and stop the queue when the ring runs low (the application then blocks
 * until a TX clean wakes it).
 */
export class Sender {
  stopped = false;

  private readonly stopBelow: number;
  private readonly stopBeforeSendBelow: number;
  private readonly wakeAtLeast: number;
  private contextWritten = false;

  constructor(
    private readonly rings: GuestRings,
    private readonly costs: CostProfile,
    private readonly traffic: Arrivals,
    private readonly cfg: SenderConfig,
    txRingSize: number,
  ) {
    // Real drivers refuse rings this small (Linux E1000_MIN_TXD 48, FreeBSD 80);
    // on smaller rings the thresholds scale down so the queue can still wake.
    this.stopBelow = Math.min(cfg.stopBelow, Math.max(1, txRingSize >> 3));
    this.stopBeforeSendBelow = Math.min(cfg.stopBeforeSendBelow, Math.max(1, txRingSize >> 3));
    this.wakeAtLeast = Math.min(cfg.wakeAtLeast, Math.max(1, txRingSize >> 2));
  }

  /** Descriptors the next packet takes. */
  private descriptorsNeeded(): number {
    const { contextDescriptor } = this.cfg;
    return contextDescriptor === 'every-packet' || (contextDescriptor === 'first-packet' && !this.contextWritten) ? 2 : 1;
  }

  *thread(): GuestThread {
    const { rings, costs, traffic } = this;
    for (;;) {
      if (this.stopped || (!traffic.saturate && rings.backlog() === 0)) {
        yield BLOCK;
        continue;
      }
      if (this.cfg.reclaimBelow > 0 && rings.txUnused() < this.cfg.reclaimBelow) {
        while (rings.txDone()) {
          yield compute(costs.txCleanNs, Activity.TX_CLEAN);
          // The interrupt task preempts the application and may have reclaimed this packet meanwhile
          // (lem_txeof runs under the TX lock, one caller at a time): take it only if it is still there.
          if (rings.txDone()) rings.reclaimTx();
        }
      }
      const need = this.descriptorsNeeded();
      if (rings.txUnused() < Math.max(need, this.stopBeforeSendBelow)) {
        this.stopped = true; // no room: wait for a TX clean
        continue;
      }
      let id: number;
      let bytes: number;
      let stamp: number;
      if (traffic.saturate) {
        bytes = traffic.bytes;
        yield compute(costs.txFrameNs + bytes * costs.byteNs, Activity.APP_SEND);
        id = rings.newFrame(bytes);
        stamp = -1;
      } else {
        const f = rings.dequeue();
        ({ id, bytes, stamp } = f);
        yield compute(costs.txFrameNs + bytes * costs.byteNs, Activity.APP_SEND);
      }
      const tail = rings.putTx(id, bytes, stamp, this.cfg.txCmd(), need === 2);
      this.contextWritten = true;
      yield write('TDT', tail);
      if (this.stopBelow > 0 && rings.txUnused() < this.stopBelow) this.stopped = true;
    }
  }

  /** After a TX clean: wake the queue if enough descriptors are free. Returns true if woken. */
  maybeWake(): boolean {
    if (this.stopped && this.rings.txUnused() >= this.wakeAtLeast) {
      this.stopped = false;
      return true;
    }
    return false;
  }
}
