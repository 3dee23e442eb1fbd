import type { Arrivals } from '../traffic/arrivals';
import { Activity } from '../types';
import type { CostProfile } from './costs';
import type { GuestRings } from './guestRings';
import { BLOCK, compute, write, type GuestThread } from './ops';

export interface SenderConfig {
  /** Stop the queue when fewer free descriptors than this remain after a send. */
  stopThreshold: number;
  /** Wake the queue when a TX clean leaves at least this many free. */
  wakeThreshold: number;
  /** CMD byte for each packet's (single) descriptor. */
  txCmd(): number;
}

/**
 * The application and the driver's transmit path on the vCPU: take the next
 * frame (from the qdisc, or make one when saturating), do the per-frame
 * stack work, write the descriptor, write TDT once per packet, and stop the
 * queue when the ring runs low (the application then blocks until woken).
 */
export class Sender {
  stopped = false;

  private readonly stopThreshold: number;
  private readonly wakeThreshold: number;

  constructor(
    private readonly rings: GuestRings,
    private readonly costs: CostProfile,
    private readonly traffic: Arrivals,
    private readonly cfg: SenderConfig,
    txRingSize: number,
  ) {
    // Real drivers refuse rings this small (Linux E1000_MIN_TXD 48, FreeBSD 80);
    // on smaller rings the thresholds scale down so the queue can still wake.
    this.stopThreshold = Math.min(cfg.stopThreshold, Math.max(1, txRingSize >> 3));
    this.wakeThreshold = Math.min(cfg.wakeThreshold, Math.max(1, txRingSize >> 2));
  }

  *thread(): GuestThread {
    const { rings, costs, traffic } = this;
    for (;;) {
      if (this.stopped || (!traffic.saturate && rings.backlog() === 0) || rings.txUnused() === 0) {
        yield BLOCK;
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
      const tail = rings.putTx(id, bytes, stamp, this.cfg.txCmd());
      yield write('TDT', tail);
      if (rings.txUnused() < this.stopThreshold) this.stopped = true;
    }
  }

  /** After a TX clean: wake the queue if enough descriptors are free. Returns true if woken. */
  maybeWake(): boolean {
    if (this.stopped && this.rings.txUnused() >= this.wakeThreshold) {
      this.stopped = false;
      return true;
    }
    return false;
  }
}
