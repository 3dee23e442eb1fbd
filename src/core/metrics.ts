/**
 * Latency distribution with bounded memory: exact 1 ns buckets below
 * 131.072 us, then log-linear buckets (1024 per power of two, under 0.1 %
 * relative error). Percentiles use the nearest-rank definition.
 */
const LINEAR_LIMIT = 1 << 17; // ns
const SUB_BITS = 10;
const SUB = 1 << SUB_BITS;

export class LatencyHistogram {
  private readonly linear = new Uint32Array(LINEAR_LIMIT);
  /** Log-linear buckets, indexed by exponent x 1024 + the next 10 bits. */
  private readonly log = new Float64Array(64 * SUB);
  count = 0;
  max = 0;
  /** Sum of the recorded values, ns (for the mean). */
  sum = 0;

  add(ns: number): void {
    const v = Math.max(0, Math.round(ns));
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
    if (v < LINEAR_LIMIT) {
      this.linear[v]++;
      return;
    }
    this.log[bucketKey(v)]++;
  }

  /** Smallest recorded value v with at least p % of the samples <= v (ns); 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let v = 0; v < LINEAR_LIMIT; v++) {
      seen += this.linear[v];
      if (seen >= rank) return v;
    }
    for (let k = 0; k < this.log.length; k++) {
      seen += this.log[k];
      if (seen >= rank) return Math.min(bucketLow(k), this.max);
    }
    return this.max;
  }
}

/** Bucket of v >= LINEAR_LIMIT: its binary exponent and the 10 bits below the leading one. */
function bucketKey(v: number): number {
  if (v < 0x8000_0000) {
    const exp = 31 - Math.clz32(v);
    return exp * SUB + ((v >>> (exp - SUB_BITS)) & (SUB - 1));
  }
  const exp = Math.min(63, Math.floor(Math.log2(v)));
  return exp * SUB + Math.min(SUB - 1, Math.floor((v / 2 ** exp - 1) * SUB));
}

function bucketLow(key: number): number {
  const exp = Math.floor(key / SUB);
  const sub = key % SUB;
  return Math.round(2 ** exp * (1 + sub / SUB));
}

/**
 * An interrupt rate: the gaps between `count` interrupts per second of
 * `spanNs`, (count - 1) / span. Counting gaps rather than interrupts keeps
 * a run paced at R per second at or below R (n interrupts at least 1/R
 * apart span at least (n - 1)/R), where count / span would read up to
 * 1/span above it; over a long run the two agree.
 */
export function interruptRatePerSec(count: number, spanNs: number): number {
  return spanNs > 0 ? (Math.max(0, count - 1) / spanNs) * 1e9 : 0;
}
