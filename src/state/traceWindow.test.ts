import { describe, expect, it } from 'vitest';
import { TraceKind, TimerId } from '../core/types';
import { SpanEnd, TraceWindow } from './traceWindow';
import type { TraceChunk } from '../worker/protocol';

function chunk(first: number, recs: [number, number, number, number][]): TraceChunk {
  return {
    first,
    tNs: Float64Array.from(recs.map((r) => r[0])),
    kind: Uint8Array.from(recs.map((r) => r[1])),
    a: Float64Array.from(recs.map((r) => r[2])),
    b: Float64Array.from(recs.map((r) => r[3])),
  };
}

describe('TraceWindow', () => {
  it('keeps records in order and derives timer and line spans', () => {
    const tw = new TraceWindow(1024);
    tw.append(
      chunk(0, [
        [0, TraceKind.TIMER_START, TimerId.RDTR, 8192],
        [5000, TraceKind.TIMER_RESTART, TimerId.RDTR, 13192],
        [13192, TraceKind.TIMER_FIRE, TimerId.RDTR, 0],
        [13192, TraceKind.LINE_ASSERT, 0x80, 0],
        [13500, TraceKind.LINE_DEASSERT, 0, 0],
      ]),
    );
    expect(tw.length).toBe(5);
    const rdtr = tw.timerSpans[TimerId.RDTR];
    expect(rdtr.length).toBe(2);
    expect(rdtr.how[0]).toBe(SpanEnd.RESTARTED);
    expect(rdtr.how[1]).toBe(SpanEnd.FIRED);
    expect(rdtr.firstOverlapping(6000)).toBe(1);
    expect(tw.timerSpans[TimerId.RADV].length).toBe(0);
    expect(tw.lineSpans.length).toBe(1);
    expect(tw.lineSpans.end[0]).toBe(13500);
    expect(tw.interruptsIn(0, 20000)).toEqual([3]);
    expect(tw.lowerBound(13192)).toBe(2);
    expect(tw.upperBound(13192)).toBe(4);
  });

  it('drops the oldest records when full, never more than it holds', () => {
    const tw = new TraceWindow(100);
    for (let k = 0; k < 10; k++) {
      tw.append(chunk(k * 30, Array.from({ length: 30 }, (_, i) => [k * 30 + i, TraceKind.RX_ARRIVE, k * 30 + i, 64] as [number, number, number, number])));
      expect(tw.length).toBeLessThanOrEqual(100);
    }
    expect(tw.endNs).toBe(299);
    expect(tw.firstSeq).toBe(tw.tNs[0]);
    for (let i = 1; i < tw.length; i++) expect(tw.tNs[i]).toBeGreaterThan(tw.tNs[i - 1]);
  });

  it('keeps only the newest records of an oversized chunk', () => {
    const tw = new TraceWindow(10);
    tw.append(chunk(0, Array.from({ length: 25 }, (_, i) => [i, TraceKind.RX_ARRIVE, i, 64] as [number, number, number, number])));
    expect(tw.length).toBe(10);
    expect(tw.startNs).toBe(15);
    expect(tw.firstSeq).toBe(15);
  });
});

describe('TraceWindow gaps', () => {
  it('records a gap where the worker skipped records and closes open spans there', () => {
    const tw = new TraceWindow(1024);
    tw.append(chunk(0, [[0, TraceKind.TIMER_START, TimerId.RADV, 32768]]));
    tw.append(chunk(500, [[90_000, TraceKind.RX_ARRIVE, 7, 64]]), 499);
    expect(tw.gaps.length).toBe(1);
    expect(tw.gaps.start[0]).toBe(0);
    expect(tw.gaps.end[0]).toBe(90_000);
    expect(tw.gaps.value[0]).toBe(499);
    // The open RADV run ends where knowledge ends: the start of the gap.
    expect(tw.timerSpans[TimerId.RADV].end[0]).toBe(0);
    expect(tw.lost).toBe(499);
  });
});
