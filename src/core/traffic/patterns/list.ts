import { definePattern, FRAME_BYTES } from './descriptor';

/** Frames at listed instants (µs, not decreasing), as presets and links carry them. */
export const LIST_PATTERN = definePattern<{ pattern: 'list'; atUs: number[]; bytes: number }>({
  id: 'list',
  directions: ['rx', 'tx'],
  pickable: true,
  fields: [{ key: 'atUs', kind: 'instants' }, FRAME_BYTES],
  initial: ({ bytes }) => ({ pattern: 'list', bytes, atUs: Array.from({ length: 10 }, (_, i) => 10 + i * 10) }),
  note: (spec) => `${spec.atUs.length} frames at listed instants (from the preset or link)`,
  arrivals(spec) {
    const times = spec.atUs.map((us) => Math.round(us * 1000));
    let i = 0;
    return { next: () => (i < times.length ? times[i++] : Infinity), bytes: spec.bytes, saturate: false };
  },
});
