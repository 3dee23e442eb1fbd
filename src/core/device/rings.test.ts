import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DescriptorRing } from './rings';

describe('DescriptorRing.distance', () => {
  it('equals (to - from + size) % size for any integers, in or out of the ring', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70_000 }), fc.integer({ min: -300_000, max: 300_000 }), fc.integer({ min: -300_000, max: 300_000 }), (size, from, to) => {
        const ring = new DescriptorRing(size);
        expect(ring.distance(from, to)).toBe(size === 0 ? 0 : (to - from + size) % size);
      }),
      { numRuns: 2000 },
    );
    const ring = new DescriptorRing(8);
    expect([ring.distance(3, 3), ring.distance(7, 0), ring.distance(0, 7), ring.distance(20, 2), ring.distance(2, 20)]).toEqual([0, 1, 7, -2, 2]);
  });
});
