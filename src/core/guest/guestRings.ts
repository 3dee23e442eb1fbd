import type { SimContext } from '../engine/events';
import type { Nic } from '../device/nic';
import type { LatencyHistogram } from '../metrics';
import { SlotState, TraceKind } from '../types';
import { TXD_CMD_DEXT } from '../causes';
import { FrameFifo } from '../frameFifo';

/** Frames the application queued that the driver has not yet put in the ring (the qdisc). */
export const TX_QUEUE_LEN = 1000;

/**
 * The driver's side of the rings: its next_to_clean / next_to_use pointers,
 * reading written-back descriptors and writing new ones in guest memory
 * (no register access; tails are published with MMIO by the driver).
 */
export class GuestRings {
  rxNextToClean = 0;
  rxNextToUse = 0;
  txNextToClean = 0;
  txNextToUse = 0;
  rxTaken = 0;
  txReclaimed = 0;
  /** Frames waiting in the qdisc: ids, bytes, stamps (FIFO with a head index). */
  private readonly qdisc = new FrameFifo();
  txQueued = 0;
  txAppDropped = 0;
  private nextTxFrameId = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly nic: Nic,
    private readonly latency: LatencyHistogram,
  ) {}

  // ---- RX ----
  rxReady(): boolean {
    return this.nic.rx.state[this.rxNextToClean] === SlotState.DONE;
  }

  rxBytes(): number {
    return this.nic.rx.bytes[this.rxNextToClean];
  }

  /** Take the frame at next_to_clean: the guest now owns the slot again. Returns the frame's arrival instant (ns). */
  takeRx(): number {
    const ring = this.nic.rx;
    const i = this.rxNextToClean;
    ring.state[i] = SlotState.GUEST;
    const lat = this.ctx.now - ring.stamp[i];
    this.latency.add(lat);
    this.rxTaken++;
    this.ctx.record(TraceKind.RX_TAKEN, i, lat);
    this.rxNextToClean = ring.next(i);
    return ring.stamp[i];
  }

  /** Buffers the driver may still give (E1000_DESC_UNUSED: at most N-1 outstanding). */
  rxUnused(): number {
    const ring = this.nic.rx;
    if (ring.size === 0) return 0;
    return ring.size - 1 - ring.distance(this.rxNextToClean, this.rxNextToUse);
  }

  /** Allocate `n` buffers after next_to_use; returns next_to_use (the driver decides what it writes to RDT). */
  refillRx(n: number): number {
    const ring = this.nic.rx;
    if (ring.size > 0) this.rxNextToUse = (this.rxNextToUse + n) % ring.size;
    return this.rxNextToUse;
  }

  /**
   * The slot before next_to_use: Linux's RDT (e1000_alloc_rx_buffers writes
   * `next_to_use - 1`), so its hardware owns at most N-2 buffers.
   */
  rxOneBehind(): number {
    const ring = this.nic.rx;
    return ring.size === 0 ? 0 : (this.rxNextToUse + ring.size - 1) % ring.size;
  }

  /**
   * The slot before next_to_clean: FreeBSD lem's RDT (`lem_rxeof` ends with
   * `RDT = next_rx_desc_to_check - 1`, and `lem_initialize_receive_unit`
   * writes `num_rx_desc - 1`, the same rule with next_to_clean 0), so its
   * hardware owns N-1 buffers once every checked slot has its buffer back.
   */
  rxOneBehindNextToClean(): number {
    const ring = this.nic.rx;
    return ring.size === 0 ? 0 : (this.rxNextToClean + ring.size - 1) % ring.size;
  }

  // ---- TX ----
  txUnused(): number {
    const ring = this.nic.tx;
    if (ring.size === 0) return 0;
    return ring.size - 1 - ring.distance(this.txNextToClean, this.txNextToUse);
  }

  /** The packet at next_to_clean is finished: its last (EOP) descriptor has DD (Linux next_to_watch, FreeBSD next_eop). */
  txDone(): boolean {
    const ring = this.nic.tx;
    return this.txNextToClean !== this.txNextToUse && ring.state[ring.eop[this.txNextToClean]] === SlotState.DONE;
  }

  /** Reclaim the finished packet at next_to_clean, all its descriptors; returns its frame's bytes. */
  reclaimTx(): number {
    const ring = this.nic.tx;
    const first = this.txNextToClean;
    const eop = ring.eop[first];
    for (let i = first, guard = ring.size; guard > 0; guard--) {
      ring.state[i] = SlotState.GUEST;
      if (i === eop) break;
      i = ring.next(i);
    }
    this.txReclaimed++;
    this.ctx.record(TraceKind.TX_RECLAIM, first, eop);
    this.txNextToClean = ring.next(eop);
    return ring.bytes[eop];
  }

  /**
   * Write one packet's descriptors at next_to_use: a context descriptor
   * first if `withContext` (checksum offload settings, no frame), then one
   * data descriptor with `cmd`. Returns the new tail to write to TDT.
   */
  putTx(frameId: number, bytes: number, stamp: number, cmd: number, withContext: boolean): number {
    const ring = this.nic.tx;
    const first = this.txNextToUse;
    let i = first;
    if (withContext) {
      ring.context[i] = 1;
      ring.cmd[i] = TXD_CMD_DEXT;
      ring.bytes[i] = 0;
      this.ctx.record(TraceKind.TX_DESC, i, TXD_CMD_DEXT);
      i = ring.next(i);
    }
    ring.context[i] = 0;
    ring.frame[i] = frameId;
    ring.bytes[i] = bytes;
    ring.stamp[i] = stamp;
    ring.cmd[i] = cmd;
    ring.eop[first] = i;
    this.ctx.record(TraceKind.TX_DESC, i, cmd);
    this.txNextToUse = ring.next(i);
    return this.txNextToUse;
  }

  // ---- the application's queue ----
  /** The application hands a frame over; false if the qdisc was full (dropped). */
  enqueue(bytes: number, stamp = this.ctx.now): boolean {
    const id = this.nextTxFrameId++;
    if (this.backlog() >= TX_QUEUE_LEN) {
      this.txAppDropped++;
      this.ctx.record(TraceKind.TX_APP_DROP, id, bytes);
      return false;
    }
    this.txQueued++;
    this.ctx.record(TraceKind.TX_QUEUE, id, bytes);
    this.qdisc.push(id, bytes, stamp);
    return true;
  }

  /** A frame made on the spot by a saturating sender. */
  newFrame(bytes: number): number {
    const id = this.nextTxFrameId++;
    this.txQueued++;
    this.ctx.record(TraceKind.TX_QUEUE, id, bytes);
    return id;
  }

  backlog(): number {
    return this.qdisc.size;
  }

  /** Bytes of the queued frame `i` places behind the oldest. */
  backlogBytesAt(i: number): number {
    return this.qdisc.bytesAt(i);
  }

  /** Take the oldest queued frame. */
  dequeue(): { id: number; bytes: number; stamp: number } {
    const q = this.qdisc;
    q.shift();
    return { id: q.lastId, bytes: q.lastBytes, stamp: q.lastStamp };
  }
}
