import { definePattern, FRAME_BYTES } from './descriptor';

/** TX only: the application sends as fast as the guest allows (no instants). */
export const SATURATE_PATTERN = definePattern<{ pattern: 'saturate'; bytes: number }>({
  id: 'saturate',
  directions: ['tx'],
  pickable: true,
  fields: [FRAME_BYTES],
  initial: ({ bytes }) => ({ pattern: 'saturate', bytes }),
  arrivals: (spec) => ({ next: () => Infinity, bytes: spec.bytes, saturate: true }),
});
