/**
 * The timer lane's hover text reads the trace window's timer spans (derived
 * by core/timers/spans.ts): start, due instant, and how the run ended
 * (restarted, fired, stopped, still running), with instants worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { TimerId, TraceKind } from '../../core';
import { TraceWindow } from '../../state/traceWindow';
import type { TraceChunk } from '../../worker/protocol';
import { describeAt } from './traceHover';
import type { TimelineLaneSpec } from './lanes';

function chunk(recs: [number, number, number, number][]): TraceChunk {
  return {
    first: 0,
    tNs: Float64Array.from(recs.map((r) => r[0])),
    kind: Uint8Array.from(recs.map((r) => r[1])),
    a: Float64Array.from(recs.map((r) => r[2])),
    b: Float64Array.from(recs.map((r) => r[3])),
  };
}

describe('describeAt on a timer lane', () => {
  // RDTR: started at 1 µs due at 9.192 µs, re-armed at 5 µs (due 13.192 µs), fired at 13.192 µs;
  // RADV: started at 2 µs, stopped at 6 µs; started again at 20 µs (due 84 µs), still running at 30 µs.
  const tw = new TraceWindow(64);
  tw.append(
    chunk([
      [1_000, TraceKind.TIMER_START, TimerId.RDTR, 9_192],
      [2_000, TraceKind.TIMER_START, TimerId.RADV, 66_000],
      [5_000, TraceKind.TIMER_RESTART, TimerId.RDTR, 13_192],
      [6_000, TraceKind.TIMER_STOP, TimerId.RADV, 0],
      [13_192, TraceKind.TIMER_FIRE, TimerId.RDTR, 0],
      [20_000, TraceKind.TIMER_START, TimerId.RADV, 84_000],
    ]),
  );
  const lane = (id: number): TimelineLaneSpec => ({ kind: 'timer', label: '', timerId: id, tall: false });
  const at = (id: number, t: number) => describeAt(tw, lane(id), t, 1, 30_000);

  it('names each span of RDTR: the re-armed one and the one that fired', () => {
    expect(at(TimerId.RDTR, 3_000)).toBe('RDTR: started at 1 µs, due at 9.192 µs; restarted at 5 µs after 4 µs.');
    expect(at(TimerId.RDTR, 10_000)).toBe('RDTR: started at 5 µs, due at 13.19 µs; fired at 13.19 µs after 8.192 µs.');
    expect(at(TimerId.RDTR, 16_000)).toBeNull();
  });

  it('names a stopped RADV and a running one', () => {
    expect(at(TimerId.RADV, 4_000)).toBe('RADV: started at 2 µs, due at 66 µs; stopped at 6 µs after 4 µs.');
    expect(at(TimerId.RADV, 25_000)).toBe('RADV: started at 20 µs, due at 84 µs; still running.');
  });
});
