import { Dql } from './dql';

/**
 * The 4-byte FCS the MAC appends (IFCS): Linux's `skb->len` for a frame is
 * its bytes on the wire without it. The model's frame bytes include the
 * FCS (a 64-byte frame has skb->len 60), so every byte count the Linux
 * stack and e1000 keep (BQL, e1000_update_itr) is the frame's bytes - 4.
 */
export const ETH_FCS_LEN = 4;
export const skbLen = (frameBytes: number) => frameBytes - ETH_FCS_LEN;

/** CONFIG_HZ of Debian's 6.1 kernel (the guest of ../shared/qemu-measurements.md): a jiffy is 4 ms. */
export const HZ = 250;
const NS_PER_JIFFY = 1_000_000_000 / HZ;

/**
 * The stack's side of one Linux TX queue (6.1): byte queue limits and the
 * qdisc's bulk dequeue that gives the driver `xmit_more`.
 *
 * - `netdev_tx_sent_queue` (include/linux/netdevice.h): `dql_queued`, and
 *   if `dql_avail < 0` set __QUEUE_STATE_STACK_XOFF (the re-check after
 *   smp_mb finds nothing new on one vCPU).
 * - `netdev_tx_completed_queue`: nothing for 0 bytes; `dql_completed`;
 *   if `dql_avail >= 0` and STACK_XOFF was set, clear it and
 *   `netif_schedule_queue` (the qdisc runs again: here, the application
 *   is woken).
 * - Bulk dequeue (net/sched/sch_generic.c `dequeue_skb` ->
 *   `try_bulk_dequeue_skb`, for a TCQ_F_ONETXQUEUE qdisc such as a
 *   one-queue e1000's pfifo_fast): after the first skb, take more while
 *   `bytelimit = qdisc_avail_bulklimit(txq) - skb->len` stays > 0, each
 *   taking its skb->len off; `qdisc_avail_bulklimit` is `dql_avail`.
 *   `dev_hard_start_xmit` then hands them over one by one with `more =
 *   next != NULL` (`netdev_xmit_more()`), and stops handing over when the
 *   driver stops the queue (the rest is requeued).
 * - The netdev queue is created with `dql_init(&queue->dql, HZ)`
 *   (net/core/dev.c netdev_init_one_queue): a slack hold time of 1 s.
 */
export class NetdevTxQueue {
  readonly dql: Dql;
  /** __QUEUE_STATE_STACK_XOFF: BQL stopped the queue. */
  stackXoff = false;
  /** TDT writes `xmit_more` deferred (each a VM exit saved). */
  tdtWritesSaved = 0;

  constructor(nowNs: () => number) {
    this.dql = new Dql(() => Math.floor(nowNs() / NS_PER_JIFFY), HZ);
  }

  /** netdev_tx_sent_queue(txq, skb->len). */
  sent(frameBytes: number): void {
    this.dql.queued(skbLen(frameBytes));
    if (this.dql.avail() >= 0) return;
    this.stackXoff = true;
  }

  /** netdev_tx_completed_queue(txq, pkts, bytes): true if it cleared STACK_XOFF (netif_schedule_queue). */
  completed(frameBytes: number, packets: number): boolean {
    const bytes = frameBytes - packets * ETH_FCS_LEN;
    if (bytes === 0) return false;
    this.dql.completed(bytes);
    if (this.dql.avail() < 0) return false;
    if (!this.stackXoff) return false;
    this.stackXoff = false;
    return true;
  }

  /**
   * try_bulk_dequeue_skb: how many skbs the qdisc hands over after the
   * first (of `firstBytes`), given the frame bytes of those queued behind it.
   */
  bulkAfter(firstBytes: number, queuedBytes: (i: number) => number, queued: number): number {
    let bytelimit = this.dql.avail() - skbLen(firstBytes);
    let n = 0;
    while (bytelimit > 0 && n < queued) {
      bytelimit -= skbLen(queuedBytes(n));
      n++;
    }
    return n;
  }
}
