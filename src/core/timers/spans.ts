/**
 * A timer's runs ("spans") read from the trace, derived in one place for
 * every view: the timeline's bars (state/traceWindow.ts), the hover text
 * (ui/timeline/traceHover.ts), the explanation (ui/explain.ts) and the
 * Chrome trace export (export/chromeTrace.ts).
 *
 * The records come from device/delayTimers.ts (`DelayTimers`): `arm`
 * writes TIMER_START (b = the expiry instant) when the timer was stopped
 * and TIMER_RESTART (b = the new expiry) when it was counting, `stop`
 * writes TIMER_STOP, and a current expiry event writes TIMER_FIRE. So a
 * span begins at TIMER_START or TIMER_RESTART and ends at the next record
 * of the same timer:
 *  - TIMER_FIRE: it fired;
 *  - TIMER_STOP: it was stopped (cancelled) without firing;
 *  - TIMER_RESTART (or a TIMER_START while it runs): it was re-armed; the
 *    new span begins at the same instant;
 *  - none: it is still running when the records end.
 * A TIMER_FIRE or TIMER_STOP of a timer that is not running ends nothing
 * (the trace began after its start). Pure: no clock, no DOM.
 */
import { TraceKind } from '../types';
import { TIMER_REGISTRY } from './registry';

const TIMER_COUNT = TIMER_REGISTRY.length;

/** How a timer span ended. */
export const TimerSpanEnd = {
  /** Still running where the records end. */
  RUNNING: 0,
  FIRED: 1,
  /** Re-armed (TIMER_RESTART): a new span begins where this one ends. */
  RESTARTED: 2,
  /** Stopped without firing (TIMER_STOP). */
  STOPPED: 3,
} as const;
export type TimerSpanEnd = (typeof TimerSpanEnd)[keyof typeof TimerSpanEnd];

/** The words for each way a span ends, as the hover text and the export write them ("fired at ..."). */
export const TIMER_SPAN_END_WORDS: Readonly<Record<TimerSpanEnd, string>> = {
  [TimerSpanEnd.RUNNING]: 'still running',
  [TimerSpanEnd.FIRED]: 'fired',
  [TimerSpanEnd.RESTARTED]: 'restarted',
  [TimerSpanEnd.STOPPED]: 'stopped',
};

/** One run of a timer. */
export interface TimerSpan {
  /** The timer's id (TimerId). */
  id: number;
  /** When it was started or re-armed (ns). */
  startNs: number;
  /** When it would expire (the record's b, ns). */
  dueNs: number;
  /** When it ended (ns); Infinity while it runs. */
  endNs: number;
  end: TimerSpanEnd;
  /** It began with TIMER_RESTART (re-armed while running), not TIMER_START. */
  rearmed: boolean;
}

/** What one timer record did (the tracker reuses this object from call to call). */
export interface TimerSpanStep {
  id: number;
  /** The span the record ended, or null. */
  ended: TimerSpan | null;
  /** The span the record began (still running), or null. */
  began: TimerSpan | null;
  /** The record was the timer's expiry (TIMER_FIRE), whether or not a span was known to run. */
  fired: boolean;
}

/** Feed trace records in order; it keeps each timer's running span. */
export class TimerSpanTracker {
  private readonly running: (TimerSpan | null)[] = Array.from({ length: TIMER_COUNT }, () => null);
  private readonly step: TimerSpanStep = { id: 0, ended: null, began: null, fired: false };

  /** The span timer `id` is running now, or null. */
  open(id: number): TimerSpan | null {
    return this.running[id] ?? null;
  }

  /** Take one record: null if it is no timer record (or names no timer), else what it ended and began. */
  observe(kind: number, tNs: number, a: number, b: number): TimerSpanStep | null {
    if (kind !== TraceKind.TIMER_START && kind !== TraceKind.TIMER_RESTART && kind !== TraceKind.TIMER_STOP && kind !== TraceKind.TIMER_FIRE) return null;
    if (!(a >= 0 && a < TIMER_COUNT)) return null;
    const step = this.step;
    step.id = a;
    step.ended = null;
    step.began = null;
    step.fired = kind === TraceKind.TIMER_FIRE;
    const prev = this.running[a];
    if (prev) {
      prev.endNs = tNs;
      prev.end = kind === TraceKind.TIMER_FIRE ? TimerSpanEnd.FIRED : kind === TraceKind.TIMER_STOP ? TimerSpanEnd.STOPPED : TimerSpanEnd.RESTARTED;
      step.ended = prev;
      this.running[a] = null;
    }
    if (kind === TraceKind.TIMER_START || kind === TraceKind.TIMER_RESTART) {
      const span: TimerSpan = { id: a, startNs: tNs, dueNs: b, endNs: Infinity, end: TimerSpanEnd.RUNNING, rearmed: kind === TraceKind.TIMER_RESTART };
      this.running[a] = span;
      step.began = span;
    }
    return step;
  }

  /**
   * End every running span at `atNs` (not before its start) as `end`, in
   * id order, and forget them: where the records end (RUNNING) or where
   * knowledge of them stops (records lost: STOPPED).
   */
  closeAll(atNs: number, end: TimerSpanEnd): TimerSpan[] {
    const closed: TimerSpan[] = [];
    for (let id = 0; id < TIMER_COUNT; id++) {
      const s = this.running[id];
      if (!s) continue;
      s.endNs = Math.max(atNs, s.startNs);
      s.end = end;
      closed.push(s);
      this.running[id] = null;
    }
    return closed;
  }

  reset(): void {
    this.running.fill(null);
  }
}

/** Records one at a time (a TraceRecord has these fields). */
export interface TimerRecord {
  tNs: number;
  kind: number;
  a: number;
  b: number;
}

/**
 * Every timer span of a list of records, in the order they ended; spans
 * still running at the end come last (in id order) with `end` RUNNING and
 * `endNs` = `endNs` (default: the last record's time).
 */
export function timerSpans(records: Iterable<TimerRecord>, endNs?: number): TimerSpan[] {
  const tracker = new TimerSpanTracker();
  const spans: TimerSpan[] = [];
  let lastNs = 0;
  for (const r of records) {
    lastNs = r.tNs;
    const step = tracker.observe(r.kind, r.tNs, r.a, r.b);
    if (step?.ended) spans.push(step.ended);
  }
  spans.push(...tracker.closeAll(endNs ?? lastNs, TimerSpanEnd.RUNNING));
  return spans;
}
