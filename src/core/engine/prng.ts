/**
 * Seeded random numbers for the core (pure-rand's xoroshiro128+). The core
 * never touches Math.random: every draw comes from a stream seeded by the
 * scenario's seed, so the same seed gives the same run everywhere.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

type Generator = ReturnType<typeof xoroshiro128plus>;

export class Prng {
  private readonly gen: Generator;

  /** `stream` selects an independent sequence for the same seed (jumps of 2^64). */
  constructor(seed: number, stream = 0) {
    const g = xoroshiro128plus(seed >>> 0);
    for (let i = 0; i < stream; i++) g.jump();
    this.gen = g;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** Exponentially distributed with the given mean (for Poisson arrivals). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}
