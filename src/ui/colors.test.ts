/**
 * Colours distinguishable without hue (issue 24, access): a reader who sees no
 * hue (achromatopsia, a grey projector, a black-and-white print) still tells
 * the marks apart by lightness. WCAG 2.1's relative luminance and contrast
 * ratio (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance, #dfn-contrast-ratio).
 *
 * The rules checked, in both palettes (COLORS, PROJECTOR_COLORS):
 *  1. Every mark colour drawn on the timeline stands out from the lane
 *     background by at least 3:1 (WCAG 1.4.11, non-text contrast), so a mark
 *     is seen whatever its hue. The lanes themselves are told apart by their
 *     labels and places, not by colour.
 *  2. Two states drawn in the same place and told apart by colour differ by
 *     at least 1.5:1 in lightness: the mask lane's "guest masked" and
 *     "waiting for the guest to unmask" (which are also drawn at different
 *     heights, paintTrace.ts), and each ring's three cell states: the
 *     guest's (white, or pale grey when cells are too small for an outline),
 *     "NIC owns" and "written back", each pair (ux-walk: "guest" and "NIC
 *     owns" once differed by their outline alone, 1.3:1).
 */
import { describe, expect, it } from 'vitest';
import { COLORS, PROJECTOR_COLORS, type Palette } from './colors';

/** The timeline's lane background (paintTrace.ts LANE_BG). */
const LANE_BG = '#f6f7f8';

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const MARKS = ['rx', 'tx', 'irq', 'timer', 'cpu', 'masked', 'unmaskWait', 'drop'] as const;
const SAME_PLACE: [keyof Palette, keyof Palette][] = [
  ['masked', 'unmaskWait'],
  ['rxLight', 'rx'],
  ['txLight', 'tx'],
  ['ringGuest', 'rxLight'],
  ['ringGuestSmall', 'rxLight'],
  ['ringGuest', 'txLight'],
  ['ringGuestSmall', 'txLight'],
  ['ringGuest', 'rx'],
  ['ringGuest', 'tx'],
];

describe('colours without hue', () => {
  it('the formula: black on white is 21:1, white on white 1:1, #767676 on white 4.54:1 (the WCAG AA grey)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  for (const [name, palette] of [['normal', COLORS], ['projector', PROJECTOR_COLORS]] as const) {
    it.each(MARKS.map((k) => [k]))(`${name}: the %s mark stands out from the lane background by at least 3:1`, (k) => {
      expect(contrast(palette[k], LANE_BG), `${k} ${palette[k]} on ${LANE_BG}`).toBeGreaterThanOrEqual(3);
    });
    it.each(SAME_PLACE)(`${name}: %s and %s, drawn in the same place, differ by at least 1.5:1 in lightness`, (a, b) => {
      expect(contrast(palette[a], palette[b]), `${a} ${palette[a]} vs ${b} ${palette[b]}`).toBeGreaterThanOrEqual(1.5);
    });
  }
});
