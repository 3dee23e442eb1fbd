import { definePattern, durationField, FRAME_BYTES, FRAMES_PER_SECOND, NS_PER_S, START_US } from './descriptor';

/** Bursts of onUs at pps, separated by offUs of silence. */
export const ONOFF_PATTERN = definePattern<{ pattern: 'onoff'; pps: number; onUs: number; offUs: number; bytes: number; startUs: number }>({
  id: 'onoff',
  directions: ['rx', 'tx'],
  pickable: true,
  fields: [
    FRAMES_PER_SECOND,
    durationField('onUs', 'burst length', { label: 'on for', unit: 'µs', min: 0.001, step: 0.001 }, true),
    durationField('offUs', 'gap between bursts', { label: 'off for', unit: 'µs', min: 0, step: 0.001 }),
    FRAME_BYTES,
    START_US,
  ],
  initial: ({ pps, bytes }) => ({ pattern: 'onoff', pps, bytes, startUs: 0, onUs: 50, offUs: 100 }),
  arrivals(spec) {
    const start = Math.round(spec.startUs * 1000);
    const period = Math.round((spec.onUs + spec.offUs) * 1000);
    const on = Math.round(spec.onUs * 1000);
    const perBurst = Math.max(1, Math.ceil((on * spec.pps) / NS_PER_S));
    let burst = 0;
    let k = 0;
    return {
      next: () => {
        if (k >= perBurst) {
          k = 0;
          burst++;
        }
        return start + burst * period + Math.round((k++ * NS_PER_S) / spec.pps);
      },
      bytes: spec.bytes,
      saturate: false,
    };
  },
});
