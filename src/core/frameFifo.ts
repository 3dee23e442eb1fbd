/**
 * A first-in first-out queue of frames (id, bytes, a time stamp in ns) in
 * typed arrays used as a ring that doubles when full: no allocation per
 * frame, so a queue that fills and drains forever (the RX packet buffer at
 * line rate, the qdisc of a saturating sender) makes no garbage.
 */
export class FrameFifo {
  private id = new Float64Array(16);
  private bytes = new Float64Array(16);
  private stamp = new Float64Array(16);
  private head = 0;
  private count = 0;
  /** The frame shift() took last. */
  lastId = 0;
  lastBytes = 0;
  lastStamp = 0;

  get size(): number {
    return this.count;
  }

  push(id: number, bytes: number, stamp: number): void {
    if (this.count === this.id.length) this.grow();
    const i = (this.head + this.count) & (this.id.length - 1);
    this.id[i] = id;
    this.bytes[i] = bytes;
    this.stamp[i] = stamp;
    this.count++;
  }

  /** Bytes of the frame `i` places behind the oldest (0 = the oldest). */
  bytesAt(i: number): number {
    return this.bytes[(this.head + i) & (this.id.length - 1)];
  }

  /** Take the oldest frame into lastId, lastBytes, lastStamp (the queue must not be empty). */
  shift(): void {
    const h = this.head;
    this.lastId = this.id[h];
    this.lastBytes = this.bytes[h];
    this.lastStamp = this.stamp[h];
    this.head = (h + 1) & (this.id.length - 1);
    this.count--;
  }

  private grow(): void {
    const cap = this.id.length;
    const unwrap = (a: Float64Array) => {
      const b = new Float64Array(cap * 2);
      b.set(a.subarray(this.head));
      b.set(a.subarray(0, this.head), cap - this.head);
      return b;
    };
    this.id = unwrap(this.id);
    this.bytes = unwrap(this.bytes);
    this.stamp = unwrap(this.stamp);
    this.head = 0;
  }
}
