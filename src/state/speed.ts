/**
 * Playback speed on a log scale (1-2-5 steps): virtual nanoseconds per real
 * second, from 1 µs per second (slow motion, every descriptor visible) to 10×
 * real time.
 */
export const SPEEDS_NS_PER_S: readonly number[] = (() => {
  const out: number[] = [];
  for (let decade = 1e3; decade <= 1e10; decade *= 10) {
    for (const m of [1, 2, 5]) {
      const v = decade * m;
      if (v <= 1e10) out.push(v);
    }
  }
  return out;
})();

/** 10 µs of virtual time per real second: the default scenario in ~20 s. */
export const DEFAULT_SPEED_INDEX = SPEEDS_NS_PER_S.indexOf(1e4);

export function clampSpeedIndex(i: number): number {
  return Math.max(0, Math.min(SPEEDS_NS_PER_S.length - 1, Math.round(i)));
}
