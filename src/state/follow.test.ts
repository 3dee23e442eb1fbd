/** The follow rule: now stays in view, pages at the right edge, and the window never runs past the end of the run. */
import { describe, expect, it } from 'vitest';
import { followWindow, windowAround } from './follow';

describe('followWindow', () => {
  const end = 1_000_000; // a 1 ms run
  it('stays put while now is inside the window, short of its last 5 %', () => {
    const v = { t0: 0, t1: 200_000, follow: true };
    expect(followWindow(v, 189_999, end)).toBe(v);
  });
  it('pages at the right edge: now at 80 % of the new window (now 190.001 µs in a 200 µs window: t0 = 190.001 - 160 = 30.001 µs)', () => {
    expect(followWindow({ t0: 0, t1: 200_000, follow: true }, 190_001, end)).toEqual({ t0: 30_001, t1: 230_001, follow: true });
  });
  it('near the end of the run the page stops with its right edge on the end (now 990 µs: 800-1000 µs, not 830-1030 µs)', () => {
    // The 80 % rule alone: t0 = 990 - 160 = 830 µs, t1 = 1030 µs, past the 1000 µs end; clamped: 800-1000 µs.
    expect(followWindow({ t0: 700_000, t1: 900_000, follow: true }, 990_000, end)).toEqual({ t0: 800_000, t1: 1_000_000, follow: true });
    // At the very end, the window is left there (no new object, no redraw).
    const last = { t0: 800_000, t1: 1_000_000 };
    expect(followWindow(last, 1_000_000, end)).toBe(last);
  });
  it('a window that already runs past the end is pulled back when following (now 950 µs: t0 = 950 - 160 = 790 µs)', () => {
    expect(followWindow({ t0: 900_000, t1: 1_100_000 }, 950_000, end)).toEqual({ t0: 790_000, t1: 990_000 });
    // Near the end it stops on the end: now 990 µs gives 800-1000 µs.
    expect(followWindow({ t0: 900_000, t1: 1_100_000 }, 990_000, end)).toEqual({ t0: 800_000, t1: 1_000_000 });
  });
  it('a window wider than the run starts at 0 and is left alone', () => {
    const wide = { t0: 0, t1: 2_000_000 };
    expect(followWindow(wide, 500_000, end)).toBe(wide);
  });
  it('jumps back to now after a seek before the window', () => {
    expect(followWindow({ t0: 500_000, t1: 700_000 }, 100_000, end)).toEqual({ t0: 0, t1: 200_000 });
  });
});

describe('windowAround (the window a link without &v= opens on)', () => {
  it('is 200 µs wide with the instant at 80 %', () => {
    expect(windowAround(1_000_000, 5_000_000)).toEqual({ t0: 840_000, t1: 1_040_000 });
  });
  it('starts at 0 for an instant near the start', () => {
    expect(windowAround(50_000, 5_000_000)).toEqual({ t0: 0, t1: 200_000 });
  });
  it('ends on the run end for an instant near the end, never past it', () => {
    expect(windowAround(4_999_000, 5_000_000)).toEqual({ t0: 4_800_000, t1: 5_000_000 });
  });
  it('is the whole run when the run is shorter than 200 µs', () => {
    expect(windowAround(10_000, 20_000)).toEqual({ t0: 0, t1: 20_000 });
  });
});
