import { describe, expect, it } from 'vitest';
import { createArrivals } from './arrivals';

describe('train: k frames at a spacing, then a pause (a mitigated sender VM)', () => {
  it('3 frames 14.5 us apart, 100 us of silence after the last, from 10 us: 10, 24.5, 39, then 139, 153.5, 168, then 268', () => {
    const a = createArrivals({ pattern: 'train', frames: 3, spacingUs: 14.5, pauseUs: 100, bytes: 64, startUs: 10 }, 1, 1);
    expect(Array.from({ length: 7 }, () => a.next() / 1000)).toEqual([10, 24.5, 39, 139, 153.5, 168, 268]);
  });

  it('one frame per train is a constant stream with the pause as its period', () => {
    const a = createArrivals({ pattern: 'train', frames: 1, spacingUs: 14.5, pauseUs: 50, bytes: 64, startUs: 0 }, 1, 1);
    expect([a.next(), a.next(), a.next()]).toEqual([0, 50_000, 100_000]);
  });
});
