/**
 * The main thread's window on the trace: the most recent records the worker
 * sent (bounded), kept in contiguous typed arrays in time order, plus the
 * spans derived from them (timer runs, line-high intervals, the guest's
 * IMC-to-IMS masks and the part of each spent waiting for the unmask) so
 * the timeline draws a span without scanning for its start.
 *
 * Pure data, no DOM: tested in Node.
 */
import { REG_INDEX, TIMER_COUNT, TimerSpanEnd, TimerSpanTracker, TraceKind, UnmaskWaitTracker } from '../core';
import type { TraceChunk } from '../worker/protocol';

/** Index of the first of the sorted values[0..n) above t (`above`), or at or above t. */
function firstIndex(values: Float64Array, n: number, t: number, above: boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (above ? values[mid] <= t : values[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How a span ended (a timer span's values are the core's TimerSpanEnd). */
export const SpanEnd = {
  OPEN: TimerSpanEnd.RUNNING,
  FIRED: TimerSpanEnd.FIRED,
  RESTARTED: TimerSpanEnd.RESTARTED,
  STOPPED: TimerSpanEnd.STOPPED,
  /** Line deasserted (line spans). */
  DEASSERTED: 4,
  /** The guest wrote IMS (guest mask and unmask-wait spans). */
  UNMASKED: 5,
} as const;
export type SpanEnd = (typeof SpanEnd)[keyof typeof SpanEnd];

/** A growable list of spans [start, end) with an id and two numbers. */
export class SpanList {
  start = new Float64Array(256);
  end = new Float64Array(256);
  /** Timer spans: when it would expire. Line spans: ICR & IMS at assertion. Otherwise 0. */
  value = new Float64Array(256);
  id = new Uint8Array(256);
  how = new Uint8Array(256);
  length = 0;
  /** The longest closed span so far (for look-back when querying). */
  maxLen = 0;

  push(start: number, id: number, value: number): number {
    if (this.length === this.start.length) this.grow();
    const i = this.length++;
    this.start[i] = start;
    this.end[i] = Infinity;
    this.value[i] = value;
    this.id[i] = id;
    this.how[i] = SpanEnd.OPEN;
    return i;
  }

  close(i: number, end: number, how: SpanEnd): void {
    this.end[i] = end;
    this.how[i] = how;
    const len = end - this.start[i];
    if (len > this.maxLen) this.maxLen = len;
  }

  /** Drop spans that ended before t (keeps open ones). Returns how many went. */
  dropEndedBefore(t: number): number {
    let k = 0;
    while (k < this.length && this.end[k] < t) k++;
    if (k === 0) return 0;
    this.start.copyWithin(0, k, this.length);
    this.end.copyWithin(0, k, this.length);
    this.value.copyWithin(0, k, this.length);
    this.id.copyWithin(0, k, this.length);
    this.how.copyWithin(0, k, this.length);
    this.length -= k;
    return k;
  }

  /**
   * First index of the spans that may overlap [t, ...) when spans do not
   * overlap each other: the last one starting before t, or the first after.
   */
  firstOverlapping(t: number): number {
    return Math.max(0, this.lowerBound(t) - 1);
  }

  /** Index of the span that ended at exactly t (as `how`, if given), or -1; spans must not overlap. */
  endedAt(t: number, how?: SpanEnd): number {
    for (let i = this.upperBound(t) - 1; i >= 0 && this.end[i] >= t; i--) {
      if (this.end[i] === t && (how === undefined || this.how[i] === how)) return i;
    }
    return -1;
  }

  /**
   * The first span of the chain of re-armings that span i ends: walk back
   * while the span before was restarted at the instant this one began.
   */
  chainStart(i: number): number {
    while (i > 0 && this.how[i - 1] === SpanEnd.RESTARTED && this.end[i - 1] === this.start[i]) i--;
    return i;
  }

  /** Index of the first span whose start > t. */
  upperBound(t: number): number {
    return firstIndex(this.start, this.length, t, true);
  }

  /** Index of the first span whose start >= t. */
  lowerBound(t: number): number {
    return firstIndex(this.start, this.length, t, false);
  }

  clear(): void {
    this.length = 0;
    this.maxLen = 0;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const g = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.start = g(this.start, (n) => new Float64Array(n));
    this.end = g(this.end, (n) => new Float64Array(n));
    this.value = g(this.value, (n) => new Float64Array(n));
    this.id = g(this.id, (n) => new Uint8Array(n));
    this.how = g(this.how, (n) => new Uint8Array(n));
  }
}

export class TraceWindow {
  readonly capacity: number;
  tNs: Float64Array;
  kind: Uint8Array;
  a: Float64Array;
  b: Float64Array;
  /** Records kept. */
  length = 0;
  /** Sequence number of records[0]. */
  firstSeq = 0;
  /** Records the worker reported lost (overflowed its buffer before being sent). */
  lost = 0;
  /** Longest vCPU busy record (look-back for the vCPU lane). */
  maxBusyNs = 0;
  /** Per timer id (TimerId): its runs, which never overlap, in start order (as core/timers/spans.ts derives them). */
  readonly timerSpans: readonly SpanList[] = Array.from({ length: TIMER_COUNT }, () => new SpanList());
  readonly lineSpans = new SpanList();
  /** The guest driver had masked interrupts: from a write to IMC until the next write to IMS. */
  readonly maskSpans = new SpanList();
  /**
   * Waiting for the guest to unmask: a cause was pending and the window (and
   * QEMU's main-loop wake-up) over, but the guest had masked interrupts; from
   * then until the IMS write at which the line asserted (UnmaskWaitTracker).
   */
  readonly unmaskWaitSpans = new SpanList();
  /** Intervals whose records were not kept (the worker skipped them): value = how many. */
  readonly gaps = new SpanList();
  /** Bumped on every change, so views know when to redraw. */
  version = 0;
  /** Bumped on every reset (history restarted), so views don't replay it as news. */
  generation = 0;
  /** Per timer id: index of its open span in timerSpans[id], or -1. */
  private openTimer = new Int32Array(TIMER_COUNT).fill(-1);
  private readonly timers = new TimerSpanTracker();
  private openLine = -1;
  private openMask = -1;
  private readonly unmaskWait = new UnmaskWaitTracker();

  constructor(capacity = 1 << 18) {
    this.capacity = capacity;
    this.tNs = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.a = new Float64Array(capacity);
    this.b = new Float64Array(capacity);
  }

  reset(): void {
    this.generation++;
    this.length = 0;
    this.firstSeq = 0;
    this.lost = 0;
    this.maxBusyNs = 0;
    for (const l of this.timerSpans) l.clear();
    this.lineSpans.clear();
    this.maskSpans.clear();
    this.unmaskWaitSpans.clear();
    this.gaps.clear();
    this.openTimer.fill(-1);
    this.timers.reset();
    this.openLine = -1;
    this.forgetGuestMask();
    this.version++;
  }

  /** Nothing known about the guest's mask or the last cycle (start, or records lost). */
  private forgetGuestMask(): void {
    this.openMask = -1;
    this.unmaskWait.reset();
  }

  /** Time of the oldest record kept (Infinity if none). */
  get startNs(): number {
    return this.length ? this.tNs[0] : Infinity;
  }

  get endNs(): number {
    return this.length ? this.tNs[this.length - 1] : -Infinity;
  }

  append(chunk: TraceChunk, lost = 0): void {
    const n = chunk.tNs.length;
    this.lost += lost;
    if (lost > 0) {
      // Records between what we have and this chunk were skipped: a gap.
      const from = this.length ? this.endNs : -Infinity;
      const to = n ? chunk.tNs[0] : from;
      const g = this.gaps.push(Number.isFinite(from) ? from : to, 0, lost);
      this.gaps.close(g, to, SpanEnd.STOPPED);
      // Timers and the line may have changed inside the gap: end what is open
      // where our knowledge ends.
      const at = Number.isFinite(from) ? from : to;
      for (const span of this.timers.closeAll(at, TimerSpanEnd.STOPPED)) this.timerSpans[span.id].close(this.openTimer[span.id], span.endNs, span.end);
      this.openTimer.fill(-1);
      if (this.openLine >= 0) this.lineSpans.close(this.openLine, at, SpanEnd.DEASSERTED);
      this.openLine = -1;
      if (this.openMask >= 0) this.maskSpans.close(this.openMask, at, SpanEnd.STOPPED);
      this.forgetGuestMask();
      this.version++;
    }
    if (this.length === 0) this.firstSeq = chunk.first;
    if (n === 0) return;
    let src = 0;
    let count = n;
    if (count > this.capacity) {
      // Only the newest `capacity` records fit.
      src = count - this.capacity;
      count = this.capacity;
      this.length = 0;
      this.firstSeq = chunk.first + src;
    }
    if (this.length + count > this.capacity) {
      // Drop the oldest records: at least what is needed, and a quarter of
      // the window at once so the copy is amortized.
      const need = this.length + count - this.capacity;
      this.dropOldest(Math.min(this.length, Math.max(need, this.capacity >> 2)));
    }
    const at = this.length;
    this.tNs.set(chunk.tNs.subarray(src, src + count), at);
    this.kind.set(chunk.kind.subarray(src, src + count), at);
    this.a.set(chunk.a.subarray(src, src + count), at);
    this.b.set(chunk.b.subarray(src, src + count), at);
    this.length += count;
    for (let i = at; i < this.length; i++) this.derive(i);
    this.version++;
  }

  private dropOldest(k: number): void {
    if (k <= 0) return;
    this.tNs.copyWithin(0, k, this.length);
    this.kind.copyWithin(0, k, this.length);
    this.a.copyWithin(0, k, this.length);
    this.b.copyWithin(0, k, this.length);
    this.length -= k;
    this.firstSeq += k;
    const t0 = this.startNs;
    for (let id = 0; id < TIMER_COUNT; id++) {
      const gone = this.timerSpans[id].dropEndedBefore(t0);
      if (this.openTimer[id] >= 0) this.openTimer[id] -= gone;
    }
    const gone = this.lineSpans.dropEndedBefore(t0);
    if (this.openLine >= 0) this.openLine -= gone;
    const masksGone = this.maskSpans.dropEndedBefore(t0);
    if (this.openMask >= 0) this.openMask -= masksGone;
    this.unmaskWaitSpans.dropEndedBefore(t0);
    this.gaps.dropEndedBefore(t0);
  }

  private derive(i: number): void {
    const t = this.tNs[i];
    const a = this.a[i];
    const b = this.b[i];
    const waitFrom = this.unmaskWait.observe(this.kind[i], t, a);
    const timer = this.timers.observe(this.kind[i], t, a, b);
    if (timer) {
      const list = this.timerSpans[timer.id];
      if (timer.ended) list.close(this.openTimer[timer.id], timer.ended.endNs, timer.ended.end);
      this.openTimer[timer.id] = timer.began ? list.push(timer.began.startNs, timer.id, timer.began.dueNs) : -1;
      return;
    }
    switch (this.kind[i]) {
      case TraceKind.LINE_ASSERT:
        if (this.openLine >= 0) this.lineSpans.close(this.openLine, t, SpanEnd.DEASSERTED);
        this.openLine = this.lineSpans.push(t, 0, a);
        if (waitFrom >= 0) this.unmaskWaitSpans.close(this.unmaskWaitSpans.push(waitFrom, 0, 0), t, SpanEnd.UNMASKED);
        break;
      case TraceKind.MMIO_WRITE:
        if (a === REG_INDEX.IMC && this.openMask < 0) this.openMask = this.maskSpans.push(t, 0, 0);
        else if (a === REG_INDEX.IMS) {
          if (this.openMask >= 0) {
            this.maskSpans.close(this.openMask, t, SpanEnd.UNMASKED);
            this.openMask = -1;
          }
        }
        break;
      case TraceKind.LINE_DEASSERT:
        if (this.openLine >= 0) {
          this.lineSpans.close(this.openLine, t, SpanEnd.DEASSERTED);
          this.openLine = -1;
        }
        break;
      case TraceKind.VCPU_BUSY:
        if (b > this.maxBusyNs) this.maxBusyNs = b;
        break;
      default:
        break;
    }
  }

  /** Index of the first record with tNs >= t. */
  lowerBound(t: number): number {
    return firstIndex(this.tNs, this.length, t, false);
  }

  /** Index of the first record with tNs > t. */
  upperBound(t: number): number {
    return firstIndex(this.tNs, this.length, t, true);
  }

  /** Indices of LINE_ASSERT records, newest last, within [t0, t1]. */
  interruptsIn(t0: number, t1: number): number[] {
    const out: number[] = [];
    for (let i = this.lowerBound(t0), n = this.upperBound(t1); i < n; i++) {
      if (this.kind[i] === TraceKind.LINE_ASSERT) out.push(i);
    }
    return out;
  }
}
