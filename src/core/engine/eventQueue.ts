/**
 * A binary min-heap of simulation events keyed by (time ns, insertion seq):
 * simultaneous events run in the order they were scheduled, so a run is
 * deterministic. Stored in typed arrays; no allocation per event.
 * Cancellation is lazy: callers tag events with a generation and ignore
 * stale ones when they pop.
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private arg: Float64Array;
  private n = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.time = new Float64Array(initialCapacity);
    this.seq = new Float64Array(initialCapacity);
    this.kind = new Int32Array(initialCapacity);
    this.arg = new Float64Array(initialCapacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event, Infinity if empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[0] : Infinity;
  }

  /** Insertion sequence of the earliest event, Infinity if empty. */
  peekSeq(): number {
    return this.n > 0 ? this.seq[0] : Infinity;
  }

  /**
   * The sequence number an event pushed now would get, for an event the
   * caller keeps outside the heap: compared by (time, sequence) it orders
   * among the heap's events exactly as if it had been pushed.
   */
  takeSeq(): number {
    return this.nextSeq++;
  }

  push(timeNs: number, kind: number, arg: number): void {
    if (this.n === this.time.length) this.grow();
    let i = this.n++;
    const s = this.nextSeq++;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.time[p] < timeNs || (this.time[p] === timeNs && this.seq[p] < s)) break;
      this.move(p, i);
      i = p;
    }
    this.time[i] = timeNs;
    this.seq[i] = s;
    this.kind[i] = kind;
    this.arg[i] = arg;
  }

  /** Kind and argument of the popped event are left in lastKind/lastArg; returns its time. */
  lastKind = 0;
  lastArg = 0;

  pop(): number {
    const t = this.time[0];
    this.lastKind = this.kind[0];
    this.lastArg = this.arg[0];
    const last = --this.n;
    if (last > 0) {
      const lt = this.time[last];
      const ls = this.seq[last];
      const lk = this.kind[last];
      const la = this.arg[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        let c = l;
        if (r < last && (this.time[r] < this.time[l] || (this.time[r] === this.time[l] && this.seq[r] < this.seq[l]))) c = r;
        if (lt < this.time[c] || (lt === this.time[c] && ls < this.seq[c])) break;
        this.move(c, i);
        i = c;
      }
      this.time[i] = lt;
      this.seq[i] = ls;
      this.kind[i] = lk;
      this.arg[i] = la;
    }
    return t;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.kind[to] = this.kind[from];
    this.arg[to] = this.arg[from];
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap); t.set(this.time); this.time = t;
    const s = new Float64Array(cap); s.set(this.seq); this.seq = s;
    const k = new Int32Array(cap); k.set(this.kind); this.kind = k;
    const a = new Float64Array(cap); a.set(this.arg); this.arg = a;
  }
}
