import type { Arrivals } from '../traffic/arrivals';
import { Activity } from '../types';
import type { CostProfile } from './costs';
import type { GuestRings } from './guestRings';
import { BLOCK, compute, write, type GuestThread } from './ops';
import type { NetdevTxQueue } from './kernel/netdevQueue';

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
  /**
   * Linux 6.1's stack side of the queue (byte queue limits, the qdisc's
   * bulk dequeue and `xmit_more`); absent for Linux 3.5 (no BQL in its
   * e1000, no xmit_more before 3.18) and the other drivers. With it the
   * transmit path follows 6.1's `e1000_xmit_frame`: `netdev_sent_queue`,
   * the descriptors, `e1000_maybe_stop_tx`, then TDT only
   * `if (!netdev_xmit_more() || netif_xmit_stopped(txq))`.
   */
  netdevQueue?: NetdevTxQueue;
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
  /** Packets of the current qdisc bulk still to hand over after this one. */
  private bulkLeft = 0;
  /** The tail of descriptors written behind a TDT write xmit_more deferred, or -1. */
  private deferredTail = -1;

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

  /** Nothing can go now: the queue is stopped (by the driver, or by BQL between bulks). */
  private get held(): boolean {
    return this.stopped || (this.cfg.netdevQueue?.stackXoff === true && this.bulkLeft === 0);
  }

  *thread(): GuestThread {
    const { rings, traffic } = this;
    const more = () => !this.held && (traffic.saturate || rings.backlog() > 0);
    for (;;) {
      if (!more()) {
        yield BLOCK;
        continue;
      }
      yield* this.sendWhile(more);
    }
  }

  /**
   * The transmit path while `more()` (one generator per run of sends, not
   * per packet): reclaim where the driver does, stop if the ring has no
   * room, else take the next frame (from the qdisc, or make one when
   * saturating), do the per-frame stack work, write its descriptors and
   * (unless xmit_more defers it) TDT, and stop the queue when the ring runs
   * low. `onSent` gets each sent frame's qdisc stamp.
   */
  private *sendWhile(more: () => boolean, onSent?: (stamp: number) => void): GuestThread {
    const { rings, costs, traffic } = this;
    const queue = this.cfg.netdevQueue;
    while (more()) {
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
        this.bulkLeft = 0;
        // Only on rings below the drivers' minimum (scaled thresholds) can a bulk run out of room before its
        // stop rule fires; hand over what was written (netif_xmit_stopped -> the TDT write).
        if (this.deferredTail >= 0) {
          const tail = this.deferredTail;
          this.deferredTail = -1;
          yield write('TDT', tail);
        }
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
        // The qdisc dequeues a bulk at its first skb (try_bulk_dequeue_skb); the rest follow with xmit_more.
        if (queue) this.bulkLeft = this.bulkLeft > 0 ? this.bulkLeft - 1 : queue.bulkAfter(bytes, (i) => rings.backlogBytesAt(i), rings.backlog());
        yield compute(costs.txFrameNs + bytes * costs.byteNs, Activity.APP_SEND);
      }
      const tail = rings.putTx(id, bytes, stamp, this.cfg.txCmd(), need === 2);
      this.contextWritten = true;
      if (!queue) {
        yield write('TDT', tail);
        if (this.stopBelow > 0 && rings.txUnused() < this.stopBelow) this.stopped = true;
        onSent?.(stamp);
        continue;
      }
      // Linux 6.1 e1000_xmit_frame: netdev_sent_queue, e1000_tx_queue, e1000_maybe_stop_tx, then the TDT test.
      queue.sent(bytes);
      if (this.stopBelow > 0 && rings.txUnused() < this.stopBelow) this.stopped = true;
      if (this.stopped) this.bulkLeft = 0; // dev_hard_start_xmit stops at a stopped driver queue: the rest is requeued
      if (this.bulkLeft === 0 || this.stopped || queue.stackXoff) {
        this.deferredTail = -1;
        yield write('TDT', tail);
      } else {
        this.deferredTail = tail;
        queue.tdtWritesSaved++;
      }
      onSent?.(stamp);
    }
  }

  /**
   * A server's reply (sendmsg -> dev_queue_xmit): into the qdisc, stamped
   * with its request's arrival, then the transmit path runs while the queue
   * allows (the sending thread runs the qdisc, __dev_xmit_skb). A reply the
   * stopped queue holds waits there until `drainQueued` after the TX clean
   * wakes the queue (where Linux's net_tx_action would run the qdisc).
   * False if the qdisc was full (the reply is dropped).
   */
  *reply(bytes: number, arrivedNs: number, onSent: (stamp: number) => void): GuestThread {
    if (!this.rings.enqueue(bytes, arrivedNs)) return;
    yield* this.drainQueued(onSent);
  }

  /** Queued replies can go now. */
  canDrain(): boolean {
    return !this.held && this.rings.backlog() > 0;
  }

  /** Send queued replies while the queue allows; `onSent` gets each one's stamp once it is handed to the driver's ring. */
  *drainQueued(onSent: (stamp: number) => void): GuestThread {
    yield* this.sendWhile(() => this.canDrain(), onSent);
  }

  /**
   * After a TX clean that reclaimed `packets` packets of `frameBytes` in
   * all: the stack's completion (netdev_completed_queue, 6.1), then the
   * driver's wake test. True if the queue was stopped and may send again.
   */
  txCleaned(frameBytes: number, packets: number): boolean {
    const queue = this.cfg.netdevQueue;
    const stackWoken = queue ? queue.completed(frameBytes, packets) : false;
    const driverWoken = this.maybeWake();
    return (stackWoken || driverWoken) && !this.stopped && !queue?.stackXoff;
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
