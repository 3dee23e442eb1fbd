import { definePattern, FRAME_BYTES, FRAMES_PER_SECOND, NS_PER_S, START_US } from './descriptor';

/** Frames exactly 1/pps apart from startUs on. */
export const CONSTANT_PATTERN = definePattern<{ pattern: 'constant'; pps: number; bytes: number; startUs: number }>({
  id: 'constant',
  directions: ['rx', 'tx'],
  pickable: true,
  fields: [FRAMES_PER_SECOND, FRAME_BYTES, START_US],
  initial: ({ pps, bytes }) => ({ pattern: 'constant', pps, bytes, startUs: 0 }),
  arrivals(spec) {
    const start = Math.round(spec.startUs * 1000);
    const pps = spec.pps;
    let i = 0;
    return { next: () => start + Math.round((i++ * NS_PER_S) / pps), bytes: spec.bytes, saturate: false };
  },
});
