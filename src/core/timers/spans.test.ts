/**
 * Timer spans (spans.ts): the rule is that a span begins at TIMER_START or
 * TIMER_RESTART and ends at the same timer's next TIMER_FIRE (fired),
 * TIMER_STOP (stopped), TIMER_RESTART (restarted; the next span begins at
 * that instant), or not at all (still running where the records end), as
 * device/delayTimers.ts writes them. Instants worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { TraceKind } from '../types';
import { TimerId } from '.';
import { TIMER_SPAN_END_WORDS, TimerSpanEnd, TimerSpanTracker, timerSpans, type TimerRecord } from './spans';

const rec = (tNs: number, kind: number, a: number, b = 0): TimerRecord => ({ tNs, kind, a, b });
const { RDTR, RADV, ITR } = TimerId;

describe('timerSpans: a timer run from its start to how it ended', () => {
  it('RDTR armed at 1,000 ns for 32 µs, re-armed at 5,000 and 9,000 (each frame restarts it), fires at 41,000: three spans, two restarted, one fired', () => {
    // RDTR = 32 (1.024 µs units in hardware; 32,000 ns here for round numbers): due = start + 32,000.
    const spans = timerSpans([
      rec(1_000, TraceKind.TIMER_START, RDTR, 33_000),
      rec(5_000, TraceKind.TIMER_RESTART, RDTR, 37_000),
      rec(9_000, TraceKind.TIMER_RESTART, RDTR, 41_000),
      rec(41_000, TraceKind.TIMER_FIRE, RDTR),
    ]);
    expect(spans).toEqual([
      { id: RDTR, startNs: 1_000, dueNs: 33_000, endNs: 5_000, end: TimerSpanEnd.RESTARTED, rearmed: false },
      { id: RDTR, startNs: 5_000, dueNs: 37_000, endNs: 9_000, end: TimerSpanEnd.RESTARTED, rearmed: true },
      { id: RDTR, startNs: 9_000, dueNs: 41_000, endNs: 41_000, end: TimerSpanEnd.FIRED, rearmed: true },
    ]);
  });

  it('RADV stopped at 20,000 (the ISR read ICR) ends its span as stopped; ITR fires at 50,000 and starts again at once: the second span is still running at 60,000, the end given', () => {
    const spans = timerSpans(
      [
        rec(10_000, TraceKind.TIMER_START, RADV, 74_000),
        rec(12_000, TraceKind.TIMER_START, ITR, 50_000),
        rec(20_000, TraceKind.TIMER_STOP, RADV),
        rec(50_000, TraceKind.TIMER_FIRE, ITR),
        rec(50_000, TraceKind.TIMER_START, ITR, 88_000),
      ],
      60_000,
    );
    expect(spans).toEqual([
      { id: RADV, startNs: 10_000, dueNs: 74_000, endNs: 20_000, end: TimerSpanEnd.STOPPED, rearmed: false },
      { id: ITR, startNs: 12_000, dueNs: 50_000, endNs: 50_000, end: TimerSpanEnd.FIRED, rearmed: false },
      { id: ITR, startNs: 50_000, dueNs: 88_000, endNs: 60_000, end: TimerSpanEnd.RUNNING, rearmed: false },
    ]);
  });

  it('a fire or stop of a timer not known to run (the trace began after its start) ends nothing; other records are ignored', () => {
    const spans = timerSpans([
      rec(3_000, TraceKind.TIMER_FIRE, RDTR),
      rec(4_000, TraceKind.TIMER_STOP, RADV),
      rec(4_500, TraceKind.CAUSE_SET, 0x80, 0x80),
      rec(5_000, TraceKind.TIMER_START, RDTR, 7_000),
    ]);
    // Still running at the last record's time, 5,000 ns (no end given).
    expect(spans).toEqual([{ id: RDTR, startNs: 5_000, dueNs: 7_000, endNs: 5_000, end: TimerSpanEnd.RUNNING, rearmed: false }]);
  });

  it('the tracker says what each record did: the span ended, the span begun, whether it fired', () => {
    const t = new TimerSpanTracker();
    expect(t.observe(TraceKind.RX_ARRIVE, 0, 0, 64)).toBeNull();
    const started = t.observe(TraceKind.TIMER_START, 2_000, RDTR, 10_000)!;
    expect(started.ended).toBeNull();
    expect(started.began).toMatchObject({ startNs: 2_000, dueNs: 10_000, end: TimerSpanEnd.RUNNING });
    expect(t.open(RDTR)?.startNs).toBe(2_000);
    const fired = t.observe(TraceKind.TIMER_FIRE, 10_000, RDTR, 0)!;
    expect(fired).toMatchObject({ id: RDTR, began: null, fired: true, ended: { startNs: 2_000, endNs: 10_000, end: TimerSpanEnd.FIRED } });
    expect(t.open(RDTR)).toBeNull();
    // Records lost after 12,000: what runs ends there as stopped (closeAll is in id order).
    t.observe(TraceKind.TIMER_START, 11_000, RADV, 40_000);
    t.observe(TraceKind.TIMER_START, 11_500, RDTR, 20_000);
    expect(t.closeAll(12_000, TimerSpanEnd.STOPPED).map((s) => [s.id, s.startNs, s.endNs, s.end])).toEqual([
      [RDTR, 11_500, 12_000, TimerSpanEnd.STOPPED],
      [RADV, 11_000, 12_000, TimerSpanEnd.STOPPED],
    ]);
    expect(t.open(RADV)).toBeNull();
  });

  it('each way of ending has its word', () => {
    expect(Object.values(TIMER_SPAN_END_WORDS)).toEqual(['still running', 'fired', 'restarted', 'stopped']);
  });
});
