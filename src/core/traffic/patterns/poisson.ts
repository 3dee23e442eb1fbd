import { Prng } from '../../engine/prng';
import { definePattern, FRAME_BYTES, FRAMES_PER_SECOND, NS_PER_S, START_US } from './descriptor';

/** Frames at exponentially distributed gaps of mean 1/pps (seeded), from startUs on. */
export const POISSON_PATTERN = definePattern<{ pattern: 'poisson'; pps: number; bytes: number; startUs: number }>({
  id: 'poisson',
  directions: ['rx', 'tx'],
  pickable: true,
  fields: [FRAMES_PER_SECOND, FRAME_BYTES, START_US],
  initial: ({ pps, bytes }) => ({ pattern: 'poisson', pps, bytes, startUs: 0 }),
  arrivals(spec, seed, stream) {
    const prng = new Prng(seed, stream);
    const mean = NS_PER_S / spec.pps;
    let t = spec.startUs * 1000;
    return {
      next: () => {
        t += prng.exponential(mean);
        return Math.round(t);
      },
      bytes: spec.bytes,
      saturate: false,
    };
  },
});
