/** Projector mode: every text the timeline paints is at least 16 px, so the back row can read it. */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../content/lessons';
import { lessonScenario } from '../../scenario/lessons';
import { TraceWindow } from '../../state/traceWindow';
import { createSimApi } from '../../worker/simApi';
import { COLORS } from '../colors';
import { layoutLanes, timelineLanes, timelineStyle } from '../timeline/lanes';
import { SvgPainter } from '../timeline/painter';
import { gutterWidth, paintTrace } from '../timeline/paintTrace';
import { TimeScale } from '../timeline/timeScale';

function fontSizes(projector: boolean, lessonId: string): number[] {
  const l = LESSONS.find((x) => x.id === lessonId)!;
  const s = lessonScenario(l);
  if (!s.ok) throw new Error(s.error);
  const api = createSimApi();
  const tw = new TraceWindow();
  tw.append(api.load(s.value).trace);
  const [from, to] = l.playback!.viewUs;
  tw.append(api.advance(((from + to) / 2) * 1000).trace);
  const style = timelineStyle(projector);
  const { lanes, bottom } = layoutLanes(timelineLanes(s.value.device.model), style);
  const p = new SvgPainter();
  const scale = new TimeScale({ t0: from * 1000, t1: to * 1000 }, gutterWidth(p, lanes, style), 1300);
  paintTrace(p, { trace: tw, lanes, scale, nowNs: ((from + to) / 2) * 1000, selectedNs: 2 * from * 1000, palette: COLORS, style, axisY: bottom + 2 });
  return [...p.markup().matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
}

describe('projector mode timeline text', () => {
  for (const id of ['rdtr-starved', 'linux-dynamic-itr', 'rizzo-worst-case']) {
    it(`${id}: lane labels, axis, markers and the now label are all at least 16 px`, () => {
      const sizes = fontSizes(true, id);
      expect(sizes.length).toBeGreaterThan(10);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
      // At normal size the same picture uses smaller type, so the check is not vacuous.
      expect(Math.min(...fontSizes(false, id))).toBeLessThan(16);
    });
  }
});

describe('a timeline with more lanes than fit gives up tall-lane height, never below its labels', () => {
  it('up to 10 lanes the projector keeps 32 px tall lanes; more squeeze them by 10/lanes down to 75 %, still above the 16 px label; short lanes keep 19 px', () => {
    expect(timelineStyle(true, 10).tallLane).toBe(32); // round(24 * 1.35)
    expect(timelineStyle(true, 11).tallLane).toBe(29); // round(32.4 * 10 / 11) = round(29.45)
    const squeezed = timelineStyle(true, 13);
    expect(squeezed.tallLane).toBe(25); // round(32.4 * 10 / 13) = round(24.92)
    expect(squeezed.tallLane).toBeGreaterThan(squeezed.labelSize);
    expect(squeezed.shortLane).toBe(timelineStyle(true, 10).shortLane);
    expect(timelineStyle(false, 13).tallLane).toBe(18); // round(24 * 10 / 13) = round(18.46)
    expect(timelineStyle(true, 40).tallLane).toBe(24); // never below 75 %: round(24.3)
  });
});
