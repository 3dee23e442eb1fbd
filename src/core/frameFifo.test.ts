import { describe, expect, it } from 'vitest';
import { FrameFifo } from './frameFifo';

describe('FrameFifo', () => {
  it('gives frames back oldest first across growth and wrap-around', () => {
    const q = new FrameFifo();
    const out: number[][] = [];
    let next = 0;
    // Interleave pushes and shifts so the ring wraps before and after it doubles.
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 7 + round; k++, next++) q.push(next, 64 + next, next * 10);
      for (let k = 0; k < 5 + round; k++) {
        q.shift();
        out.push([q.lastId, q.lastBytes, q.lastStamp]);
      }
    }
    expect(q.size).toBe(next - out.length);
    while (q.size > 0) {
      q.shift();
      out.push([q.lastId, q.lastBytes, q.lastStamp]);
    }
    expect(out).toEqual(Array.from({ length: next }, (_, i) => [i, 64 + i, i * 10]));
  });
});
