/** The timeline engine: one time scale, one pan/zoom, one command table, two painters. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COMMANDS, commandForKey, commandTitle, timelineKeyHelp } from './commands';
import { SvgPainter } from './painter';
import { TimelineController, dragWindow, panWindow, revealInstant, zoomWindow, type PanZoomLimits } from './panZoom';
import { TimeScale, axisTicks, axisUnit } from './timeScale';

const LIMITS: PanZoomLimits = { minWidthNs: 50, maxWidthNs: 1e9, minT0: (w) => -w * 0.05, maxT0: () => 1e9 };

describe('TimeScale', () => {
  it('maps the window onto the plot and back', () => {
    const s = new TimeScale({ t0: 1_000, t1: 3_000 }, 100, 300);
    expect(s.x(1_000)).toBe(100);
    expect(s.x(3_000)).toBe(300);
    expect(s.t(200)).toBe(2_000);
    expect(s.nsPerPx).toBe(10);
    expect(s.column(1_015)).toBe(1);
  });

  it('labels the axis in one unit chosen by the window width, relative to a round instant far from 0', () => {
    expect(axisUnit(4_999).name).toBe('ns');
    expect(axisUnit(5_000).name).toBe('µs');
    expect(axisUnit(5_000_000).name).toBe('ms');
    expect(axisUnit(5_000_000_000).name).toBe('s');
    const near = axisTicks(new TimeScale({ t0: 0, t1: 200_000 }, 0, 800), 80);
    expect(near.unitText).toBe('time (µs)');
    expect(near.ticks.map((t) => t.label)).toContain('100');
    const far = axisTicks(new TimeScale({ t0: 6_666_840_000, t1: 6_666_850_000 }, 0, 800), 80);
    expect(far.unitText).toMatch(/^µs after /);
    for (const t of far.ticks) expect(Number(t.label)).toBeLessThan(100_000);
  });
});

describe('pan and zoom', () => {
  it('zoom keeps the centre instant at the same place on screen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1_000, max: 1e6 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true }), (t0, w, frac, factor) => {
        const win = { t0, t1: t0 + w };
        const c = t0 + w * frac;
        const z = zoomWindow(win, factor, c, { ...LIMITS, minT0: () => -Infinity });
        expect((c - z.t0) / (z.t1 - z.t0)).toBeCloseTo(frac, 9);
        expect(z.t1 - z.t0).toBeCloseTo(Math.max(50, w * factor), 6);
      }),
    );
  });

  it('never narrower than the minimum nor wider than the maximum, and t0 kept within its limits', () => {
    const z = zoomWindow({ t0: 0, t1: 100 }, 0.01, 50, LIMITS);
    expect(z.t1 - z.t0).toBe(50);
    const out = zoomWindow({ t0: 0, t1: 1e8 }, 100, 0, LIMITS);
    expect(out.t1 - out.t0).toBe(1e9);
    expect(panWindow({ t0: 0, t1: 1000 }, -1, LIMITS).t0).toBe(-50);
  });

  it('pans by a fraction of the width; a drag moves by the pixels dragged', () => {
    expect(panWindow({ t0: 1000, t1: 2000 }, 0.2, LIMITS)).toEqual({ t0: 1200, t1: 2200 });
    expect(dragWindow({ t0: 1000, t1: 2000 }, -50, 100, LIMITS)).toEqual({ t0: 1500, t1: 2500 });
  });

  it('reveals an instant outside the window by centring it, and leaves an inside one alone', () => {
    const win = { t0: 0, t1: 1000 };
    expect(revealInstant(win, 500, LIMITS)).toBe(win);
    expect(revealInstant(win, 5000, LIMITS)).toEqual({ t0: 4500, t1: 5500 });
  });

  it('the controller runs the table\'s timeline commands with their amounts, and Fit asks to follow', () => {
    let view = { t0: 0, t1: 1000 };
    let followed: boolean | null = null;
    const ctl = new TimelineController({
      getView: () => view,
      setView: (w, follow) => {
        view = w;
        followed = follow;
      },
      limits: () => LIMITS,
      fitWindow: () => ({ t0: 0, t1: 9000 }),
      focusNs: () => 500,
    });
    expect(ctl.run('zoomIn')).toBe(true);
    expect(view.t1 - view.t0).toBeCloseTo(700, 9);
    expect(followed).toBe(false);
    ctl.run('fit');
    expect(view).toEqual({ t0: 0, t1: 9000 });
    expect(followed).toBe(true);
    expect(ctl.run('stepEvent')).toBe(false);
  });
});

describe('the command table', () => {
  it('no key means two commands in one scope, and every command has words for its key', () => {
    for (const scope of ['transport', 'timeline', 'cursor'] as const) {
      const seen = new Set<string>();
      for (const c of COMMANDS.filter((x) => x.scope === scope)) {
        for (const k of c.keys) {
          const id = `${c.shift ? 'Shift+' : ''}${k}`;
          expect(seen.has(id), `${scope}: ${id}`).toBe(false);
          seen.add(id);
        }
        expect(c.keyText.length).toBeGreaterThan(0);
        expect(c.label.length).toBeGreaterThan(0);
      }
    }
  });

  it('finds a key press in the scopes asked for; letters ignore Shift, arrows do not', () => {
    expect(commandForKey({ key: 'W', shiftKey: true }, ['timeline'])?.id).toBe('zoomIn');
    expect(commandForKey({ key: 'ArrowRight', shiftKey: true }, ['transport', 'timeline'])?.id).toBe('stepToInterrupt');
    expect(commandForKey({ key: 'ArrowRight', shiftKey: true }, ['cursor'])?.id).toBe('cursorNextInterrupt');
    expect(commandForKey({ key: 'w', shiftKey: false }, ['transport'])).toBeNull();
  });

  it('button names and the caption come from the table', () => {
    expect(commandTitle('fit')).toBe('Fit (F)');
    expect(timelineKeyHelp()).toBe('W/S to zoom, A/D to pan, F to fit');
  });
});

describe('SvgPainter', () => {
  it('escapes text, so nothing from a scenario becomes markup', () => {
    const p = new SvgPainter();
    p.text(0, 0, '<script>&"', { size: 11, fill: '#000' });
    expect(p.markup()).toContain('&lt;script&gt;&amp;&quot;');
    expect(p.markup()).not.toContain('<script>');
  });

  it('clips what follows to a rectangle until unclip', () => {
    const p = new SvgPainter();
    p.clip(10, 0, 100, 50);
    p.rect(0, 0, 500, 10, '#111');
    p.unclip();
    expect(p.markup()).toMatch(/<clipPath id="clip1"><rect x="10" y="0" width="100" height="50"\/><\/clipPath><g clip-path="url\(#clip1\)">\n<rect[^>]*\/>\n<\/g>/);
  });
});

describe('interrupt labels are thinned by their measured width', () => {
  // A painter whose text is 7 px a character at size 12.
  const p = { measure: (text: string) => text.length * 7 };
  it('a label goes right of its marker only if it ends before the next marker (marker half-width 5, 2 px gaps)', async () => {
    const { interruptLabels } = await import('./paintTrace');
    // "RXT0" is 28 px: from x + 7 to x + 35; the next marker's left is at next - 7, so it needs next - x >= 42.
    const xs = [100, 142, 183, 400];
    const labels = ['RXT0', 'RXT0', 'TXDW+RXT0', 'RXT0'];
    const out = interruptLabels(p, xs, labels, 5, 12, 1000);
    expect(out).toEqual([
      { x: 107, text: 'RXT0' }, // 142 - 100 = 42: just fits
      // 183 - 142 = 41: one pixel short, left to the hover
      { x: 190, text: 'TXDW+RXT0' }, // 63 px, ends at 253 < 393
      { x: 407, text: 'RXT0' }, // the last one: up to the plot's right end
    ]);
    // At the right end: a label that would pass the plot's edge is left out.
    expect(interruptLabels(p, [980], ['RXT0'], 5, 12, 1000)).toEqual([]);
    // A whole run in one window (markers 3 px apart): no label at all, rather than labels under markers.
    expect(interruptLabels(p, Array.from({ length: 300 }, (_, i) => 100 + 3 * i), Array(300).fill('RXT0'), 5, 12, 2000)).toEqual([{ x: 100 + 3 * 299 + 7, text: 'RXT0' }]);
  });
});

describe('the now label', () => {
  it('is drawn when now is the right edge of the window (a followed run at its end), not lost to rounding', async () => {
    const { paintTrace } = await import('./paintTrace');
    const { TraceWindow } = await import('../../state/traceWindow');
    const { COLORS } = await import('../colors');
    const { layoutLanes, timelineLanes, timelineStyle } = await import('./lanes');
    const style = timelineStyle(false);
    const { lanes, bottom } = layoutLanes(timelineLanes('8254x'), style);
    // 160-200 µs onto 104-922.5 px: x(200 µs) comes out as 922.5000000000001, a hair past the plot's right end.
    const scale = new TimeScale({ t0: 160_000, t1: 200_000 }, 104, 922.5);
    expect(scale.x(200_000)).toBeGreaterThan(scale.x1);
    const p = new SvgPainter();
    paintTrace(p, { trace: new TraceWindow(), lanes, scale, nowNs: 200_000, selectedNs: null, palette: COLORS, style, axisY: bottom + 2 });
    expect(p.markup()).toContain('>now 200 µs<');
  });
});

describe('the time axis', () => {
  it('ends a tick label at the plot\'s right end when centring it on its tick would pass the end (the canvas would cut it)', async () => {
    const { paintAxis } = await import('./paintTrace');
    const { COLORS } = await import('../colors');
    const { timelineStyle } = await import('./lanes');
    const style = timelineStyle(false);
    // 0-200 µs onto 100-900 px: the 200 µs tick sits on the right end, x = 900.
    const scale = new TimeScale({ t0: 0, t1: 200_000 }, 100, 900);
    const p = new SvgPainter();
    paintAxis(p, scale, 50, style, COLORS);
    const labels = [...p.markup().matchAll(/<text x="([\d.]+)"[^>]*text-anchor="(\w+)"[^>]*>(\d+)</g)].map((m) => ({ x: Number(m[1]), anchor: m[2], text: m[3] }));
    const last = labels.find((l) => l.text === '200');
    expect(last).toEqual({ x: 900 - p.measure('200', style.labelSize) / 2, anchor: 'middle', text: '200' });
    expect(last!.x).toBeLessThan(900);
    // Ticks well inside stay centred on their tick.
    const mid = labels.find((l) => l.text === '100');
    expect(mid).toEqual({ x: 500, anchor: 'middle', text: '100' });
  });
});
