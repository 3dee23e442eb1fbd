/**
 * A descriptor ring as the device sees it: per-slot state (who owns it),
 * and the frame each slot carries. Head and tail live in the register file
 * (RDH/RDT, TDH/TDT); the ring only knows its size and its slots.
 */
export class DescriptorRing {
  size: number;
  state: Uint8Array;
  /** Frame id stored in / queued at each slot. */
  frame: Float64Array;
  /** Frame length in bytes. */
  bytes: Uint16Array;
  /** RX: when the frame arrived; TX: when the application handed it over (ns). */
  stamp: Float64Array;
  /** TX: CMD byte of the descriptor. */
  cmd: Uint8Array;
  /**
   * TX: true for a context descriptor (it carries checksum-offload settings,
   * no frame). Written by the driver with the descriptor.
   */
  context: Uint8Array;
  /**
   * TX, the driver's bookkeeping beside the descriptor (Linux
   * `buffer_info.next_to_watch`, FreeBSD `tx_buffer->next_eop`): for the
   * first descriptor of a packet, the slot of its last (EOP) descriptor.
   */
  eop: Int32Array;

  constructor(size: number) {
    this.size = 0;
    this.state = this.cmd = this.context = new Uint8Array(0);
    this.frame = this.stamp = new Float64Array(0);
    this.bytes = new Uint16Array(0);
    this.eop = new Int32Array(0);
    this.resize(size);
  }

  /** Re-size (RDLEN/TDLEN written): slots are all returned to the guest. */
  resize(size: number): void {
    this.size = size;
    this.state = new Uint8Array(size);
    this.frame = new Float64Array(size);
    this.bytes = new Uint16Array(size);
    this.stamp = new Float64Array(size);
    this.cmd = new Uint8Array(size);
    this.context = new Uint8Array(size);
    this.eop = new Int32Array(size);
  }

  /** Slots from `from` up to (not including) `to`, wrapping. */
  distance(from: number, to: number): number {
    const size = this.size;
    if (size === 0) return 0;
    // (to - from + size) % size, without the division when the difference is within one ring (always, but after a resize).
    const d = to - from;
    if (d >= 0) return d < size ? d : (d + size) % size;
    return d >= -size ? d + size : (d + size) % size;
  }

  next(i: number): number {
    return i + 1 === this.size ? 0 : i + 1;
  }

}
