import type { TraceKind, TraceRecord } from './types';

/**
 * The bounded trace: a ring buffer of typed records (time, kind, a, b) that
 * the visualizer draws. When full, the oldest records are overwritten, so a
 * long run cannot eat memory. Records are numbered by a sequence that keeps
 * counting past the capacity, so a reader can ask for "everything since N".
 */
export class TraceBuffer {
  readonly capacity: number;
  private readonly tNs: Float64Array;
  private readonly kind: Uint8Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private written = 0;
  /** Where the next record goes: written % capacity, kept without a division per record. */
  private pos = 0;
  enabled: boolean;

  constructor(capacity: number) {
    this.capacity = Math.max(0, capacity | 0);
    this.tNs = new Float64Array(this.capacity);
    this.kind = new Uint8Array(this.capacity);
    this.a = new Float64Array(this.capacity);
    this.b = new Float64Array(this.capacity);
    this.enabled = this.capacity > 0;
  }

  /** Records ever written (the sequence number the next record gets). */
  get total(): number {
    return this.written;
  }

  /** Sequence number of the oldest record still kept. */
  get oldest(): number {
    return Math.max(0, this.written - this.capacity);
  }

  push(tNs: number, kind: TraceKind, a: number, b: number): void {
    if (!this.enabled) return;
    const i = this.pos;
    this.tNs[i] = tNs;
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
    this.written++;
    this.pos = i + 1 === this.capacity ? 0 : i + 1;
  }

  get(seq: number): TraceRecord {
    if (seq < this.oldest || seq >= this.written) throw new RangeError(`trace record ${seq} is not kept`);
    const i = seq % this.capacity;
    return { tNs: this.tNs[i], kind: this.kind[i] as TraceKind, a: this.a[i], b: this.b[i] };
  }

  /** Copies of the records from `seq` on (clamped to what is kept), in order. */
  copySince(seq: number): { first: number; tNs: Float64Array; kind: Uint8Array; a: Float64Array; b: Float64Array } {
    const first = Math.min(Math.max(seq, this.oldest), this.written);
    const n = this.written - first;
    const out = { first, tNs: new Float64Array(n), kind: new Uint8Array(n), a: new Float64Array(n), b: new Float64Array(n) };
    for (let k = 0; k < n; k++) {
      const i = (first + k) % this.capacity;
      out.tNs[k] = this.tNs[i];
      out.kind[k] = this.kind[i];
      out.a[k] = this.a[i];
      out.b[k] = this.b[i];
    }
    return out;
  }

  /** All kept records as objects (tests, exports). */
  records(): TraceRecord[] {
    const out: TraceRecord[] = [];
    for (let s = this.oldest; s < this.written; s++) out.push(this.get(s));
    return out;
  }
}
