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
  private readonly log = new Map<number, number>();
  count = 0;
  max = 0;

  add(ns: number): void {
    const v = Math.max(0, Math.round(ns));
    this.count++;
    if (v > this.max) this.max = v;
    if (v < LINEAR_LIMIT) {
      this.linear[v]++;
      return;
    }
    const key = bucketKey(v);
    this.log.set(key, (this.log.get(key) ?? 0) + 1);
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
    const keys = [...this.log.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      seen += this.log.get(k)!;
      if (seen >= rank) return Math.min(bucketLow(k), this.max);
    }
    return this.max;
  }
}

function bucketKey(v: number): number {
  const exp = Math.floor(Math.log2(v));
  const sub = Math.floor((v / 2 ** exp - 1) * SUB);
  return exp * SUB + sub;
}

function bucketLow(key: number): number {
  const exp = Math.floor(key / SUB);
  const sub = key % SUB;
  return Math.round(2 ** exp * (1 + sub / SUB));
}
