import { definePattern, durationField, FRAME_BYTES, START_US } from './descriptor';

/** Trains: `frames` frames `spacingUs` apart, then `pauseUs` of silence after the last, again and again (a mitigated sender VM). */
export const TRAIN_PATTERN = definePattern<{ pattern: 'train'; frames: number; spacingUs: number; pauseUs: number; bytes: number; startUs: number }>({
  id: 'train',
  directions: ['rx', 'tx'],
  pickable: true,
  fields: [
    {
      key: 'frames',
      kind: 'number',
      label: 'frames per train',
      unit: 'frames',
      integer: true,
      min: 1,
      max: 10_000,
      sweep: true,
      control: { label: 'frames per train', unit: 'frames', min: 1 },
    },
    durationField('spacingUs', 'spacing in a train', { label: 'spacing', unit: 'µs', min: 0, step: 0.001 }),
    durationField('pauseUs', 'pause after a train', { label: 'pause', unit: 'µs', min: 0.001, step: 0.001 }, true),
    FRAME_BYTES,
    START_US,
  ],
  // A mitigated sender VM (section C): 6-7 frames about 14.5 us apart, then 50-200 us of silence.
  initial: ({ bytes }) => ({ pattern: 'train', frames: 6, spacingUs: 14.5, pauseUs: 100, bytes, startUs: 0 }),
  arrivals(spec) {
    // k frames spacingUs apart, then pauseUs after the last one; the next train starts there.
    const start = Math.round(spec.startUs * 1000);
    const spacing = Math.round(spec.spacingUs * 1000);
    const period = (spec.frames - 1) * spacing + Math.round(spec.pauseUs * 1000);
    let i = 0;
    return {
      next: () => {
        const train = Math.floor(i / spec.frames);
        const k = i++ - train * spec.frames;
        return start + train * period + k * spacing;
      },
      bytes: spec.bytes,
      saturate: false,
    };
  },
});
