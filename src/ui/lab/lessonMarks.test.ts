/** Marks on the timeline: a lesson's prediction (the guess, and after Reveal the answer, drawn apart), and register-write tags thinned so none overlaps. */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../content/lessons';
import { guessProblem, lessonScenario, type LessonQuestion } from '../../scenario/lessons';
import { TraceWindow } from '../../state/traceWindow';
import { createSimApi } from '../../worker/simApi';
import { COLORS } from '../colors';
import { layoutLanes, timelineLanes, timelineStyle } from '../timeline/lanes';
import { SvgPainter } from '../timeline/painter';
import { gutterWidth, paintTrace, type PredictionMark } from '../timeline/paintTrace';
import { TimeScale } from '../timeline/timeScale';
import { lessonPredictionMarks, predictionWords } from './lessonMarks';

const rdtr = LESSONS.find((l) => l.id === 'rdtr-starved')!;

describe('guessProblem: an instant question answers "when, after the pause?"', () => {
  const q: LessonQuestion = { step: 1, kind: 'instant', prompt: '', pauseUs: 60, answer: 'times', reveal: '' };
  it('refuses an instant before the pause or after the run, takes the two ends themselves', () => {
    expect(guessProblem(q, 59.999, 200)).toMatch(/before the pause at 60 µs/);
    expect(guessProblem(q, 200.001, 200)).toMatch(/after the end of the run at 200 µs/);
    expect(guessProblem(q, 60, 200)).toBeNull();
    expect(guessProblem(q, 200, 200)).toBeNull();
    expect(guessProblem(q, Number.NaN, 200)).toMatch(/not a number/);
  });
  it('a number question needs a finite number, not below 0; a choice must be one of the choices', () => {
    expect(guessProblem({ ...q, kind: 'number' }, 3, 200)).toBeNull();
    expect(guessProblem({ ...q, kind: 'number' }, 0, 200)).toBeNull();
    expect(guessProblem({ ...q, kind: 'number' }, -1, 200)).toBe('Your guess, -1, is below 0, and this answer (a count, a time, a rate or a share) never is.');
    expect(guessProblem({ ...q, kind: 'choice', choices: ['RXT0'] }, 'RXO', 200)).toMatch(/not one of the choices/);
    expect(guessProblem({ ...q, kind: 'choice', choices: ['RXT0'] }, 'RXT0', 200)).toBeNull();
  });
});

describe('lessonPredictionMarks', () => {
  it('rdtr-starved step 1: the guess alone before Reveal, then the guess and the answer (113.192 µs, the claim "times")', () => {
    expect(lessonPredictionMarks(rdtr, {}, 1)).toEqual([]);
    const before = lessonPredictionMarks(rdtr, { 1: { guess: 100, revealed: false } }, 1);
    expect(before).toEqual([{ tNs: 100_000, kind: 'guess', label: 'your guess 100 µs' }]);
    const after = lessonPredictionMarks(rdtr, { 1: { guess: 100, revealed: true } }, 1);
    expect(after).toEqual([
      { tNs: 100_000, kind: 'guess', label: 'your guess 100 µs' },
      { tNs: 113_192, kind: 'answer', label: 'answer 113.192 µs' },
    ]);
    expect(predictionWords(after)).toBe('; your guess 100 µs; answer 113.192 µs');
  });
  it('a drawn question (another case than the run on screen) draws nothing on this timeline', () => {
    expect(lessonPredictionMarks(rdtr, { 1: { guess: 100, revealed: true }, 2: { guess: 14, revealed: false } }, 2)).toEqual([]);
  });
  it('the question asked next shows its guess even before its step is the current one', () => {
    expect(lessonPredictionMarks(rdtr, { 1: { guess: 90, revealed: false } }, 0)).toEqual([{ tNs: 90_000, kind: 'guess', label: 'your guess 90 µs' }]);
  });
});

describe('the timeline paints predictions', () => {
  it('the guess as a dashed line, the answer as one solid 3 px line, each with its tag', () => {
    const s = lessonScenario(rdtr);
    if (!s.ok) throw new Error(s.error);
    const api = createSimApi();
    const tw = new TraceWindow();
    tw.append(api.load(s.value).trace);
    tw.append(api.advance(200_000).trace);
    const style = timelineStyle(false);
    const { lanes, bottom } = layoutLanes(timelineLanes(s.value.device.model), style);
    const paint = (predictions: PredictionMark[]) => {
      const p = new SvgPainter();
      const scale = new TimeScale({ t0: 0, t1: 200_000 }, gutterWidth(p, lanes, style), 1000);
      paintTrace(p, { trace: tw, lanes, scale, nowNs: 200_000, selectedNs: null, palette: COLORS, style, axisY: bottom + 2, predictions });
      return p.markup();
    };
    const none = paint([]);
    const both = paint([
      { tNs: 100_000, kind: 'guess', label: 'your guess 100 µs' },
      { tNs: 113_192, kind: 'answer', label: 'answer 113.192 µs' },
    ]);
    expect(none).not.toContain('your guess');
    expect(both).toContain('>your guess 100 µs<');
    expect(both).toContain('>answer 113.192 µs<');
    // The answer: one solid segment, top to bottom of the lanes, 3 px wide, in the interrupt colour.
    expect(both).toMatch(new RegExp(`stroke="${COLORS.irq}" stroke-width="3"`));
    // The guess: several short segments (dashes) in ink, 2 px wide.
    const dashed = [...both.matchAll(/<path d="([^"]+)" stroke="([^"]+)" stroke-width="2"/g)].find((m) => m[2] === COLORS.ink);
    expect(dashed && (dashed[1].match(/M/g) ?? []).length).toBeGreaterThan(5);
  });
});

describe('register-write tags on a whole run', () => {
  it('a tag that would overlap the one before it is not drawn (its dashed line is); far apart, both are', () => {
    const s = lessonScenario(rdtr);
    if (!s.ok) throw new Error(s.error);
    const tw = new TraceWindow();
    tw.append(createSimApi().load(s.value).trace);
    const style = timelineStyle(false);
    const { lanes, bottom } = layoutLanes(timelineLanes(s.value.device.model), style);
    const paint = (marks: { tNs: number; label: string }[]) => {
      const p = new SvgPainter();
      // 0-200 µs over about 1000 px: 1 µs is about 5 px.
      const scale = new TimeScale({ t0: 0, t1: 200_000 }, gutterWidth(p, lanes, style), 1000);
      paintTrace(p, { trace: tw, lanes, scale, nowNs: 0, selectedNs: null, palette: COLORS, style, axisY: bottom + 2, marks });
      return p.markup();
    };
    const close = paint([{ tNs: 50_000, label: 'ITR=500' }, { tNs: 51_000, label: 'ITR=100' }]);
    expect(close).toContain('>ITR=500<');
    expect(close).not.toContain('>ITR=100<');
    const apart = paint([{ tNs: 50_000, label: 'ITR=500' }, { tNs: 150_000, label: 'ITR=100' }]);
    expect(apart).toContain('>ITR=500<');
    expect(apart).toContain('>ITR=100<');
  });
});
