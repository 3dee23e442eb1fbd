/**
 * A fingerprint of a run's trace: FNV-1a (64 bits) over the records in a
 * fixed byte layout (per record: time as float64 little-endian, kind as one
 * byte, a and b as float64 little-endian), so the same run gives the same
 * hex string in Node and in a browser. Used to check that a link replays
 * the identical trace everywhere.
 */
import type { TraceColumns } from './chromeTrace';

export interface TraceHash {
  /** 16 hex digits. */
  hash: string;
  /** Records hashed. */
  records: number;
}

const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;

/** Incremental FNV-1a 64 with the state in two 32-bit halves (no BigInt: fast). */
export class Fnv64 {
  private hi = OFFSET_HI;
  private lo = OFFSET_LO;

  byte(b: number): void {
    const lo = (this.lo ^ (b & 0xff)) >>> 0;
    // (hi:lo) * 0x100000001b3 mod 2^64 = (hi:lo) * 0x1b3 + (lo << 40)
    const loP = lo * 0x1b3;
    const carry = Math.floor(loP / 4294967296);
    this.hi = (Math.imul(this.hi, 0x1b3) + ((lo << 8) >>> 0) + carry) >>> 0;
    this.lo = loP >>> 0;
  }

  bytes(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.byte(bytes[i]);
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/** FNV-1a 64 of a byte string (tests, small inputs). */
export function fnv64Hex(bytes: ArrayLike<number>): string {
  const h = new Fnv64();
  h.bytes(bytes);
  return h.hex();
}

/**
 * The fingerprint of trace records given column-wise (TraceBuffer.copySince).
 * Pass a running `h` to hash a long trace chunk by chunk: the result is the
 * hash of all the chunks' records in order, as if hashed at once.
 */
export function hashTraceColumns(c: TraceColumns, h = new Fnv64()): TraceHash {
  const n = Math.min(c.tNs.length, c.kind.length, c.a.length, c.b.length);
  const buf = new ArrayBuffer(8);
  const view = new DataView(buf);
  const u8 = new Uint8Array(buf);
  const f64 = (x: number) => {
    view.setFloat64(0, x, true);
    h.bytes(u8);
  };
  for (let i = 0; i < n; i++) {
    f64(c.tNs[i]);
    h.byte(c.kind[i]);
    f64(c.a[i]);
    f64(c.b[i]);
  }
  return { hash: h.hex(), records: n };
}
