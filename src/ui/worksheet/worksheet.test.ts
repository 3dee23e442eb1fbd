import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../content/lessons';
import { drawValues, renderNarration } from '../../scenario/lessons';
import { drawnAnswer } from '../../scenario/lessonCheck';
import type { LessonQuestion } from '../../scenario/lessons';
import { gridStepUs, paperOf, seedOf, sheetParts, worksheetLesson } from './Worksheet';

const q = (step: number): LessonQuestion => ({ step, kind: 'number', prompt: 'p', pauseUs: 0, answer: 'a', reveal: 'r' });

describe('worksheet helpers', () => {
  it('gridlines: 1, 2 or 5 x 10^n µs, about ten over the window (200 µs: 20; 3300 µs: 500; 130 µs: 20; 7 µs: 1)', () => {
    expect(gridStepUs(200)).toBe(20);
    expect(gridStepUs(3300)).toBe(500); // 330 -> 5 x 100
    expect(gridStepUs(130)).toBe(20); // 13 -> 2 x 10
    expect(gridStepUs(7)).toBe(1); // 0.7 -> 1 x 1
    expect(gridStepUs(100)).toBe(10);
  });

  it('the narration is cut before each question: steps before it with the question, then the rest (which the key gives away) after', () => {
    const steps = ['s0', 's1', 's2', 's3'];
    expect(sheetParts(steps, [])).toEqual([{ from: 0, steps }]);
    expect(sheetParts(steps, [q(1)])).toEqual([
      { from: 0, steps: ['s0'], question: q(1) },
      { from: 1, steps: ['s1', 's2', 's3'] },
    ]);
    // Two questions, given out of order: by step.
    expect(sheetParts(steps, [q(3), q(1)]).map((p) => [p.from, p.steps.length, p.question?.step])).toEqual([
      [0, 1, 1],
      [1, 2, 3],
      [3, 1, undefined],
    ]);
  });

  it('the paper: ?worksheet=a4 / =letter (any case), anything else the printer\'s', () => {
    expect(paperOf('?worksheet=a4')).toBe('a4');
    expect(paperOf('?worksheet=Letter')).toBe('letter');
    expect(paperOf('?worksheet')).toBe('auto');
    expect(paperOf('?worksheet=legal')).toBe('auto');
  });

  it('the lesson of a worksheet address: a built-in one by id, or the one-line reason there is none', () => {
    const found = worksheetLesson('#l1.rdtr-starved');
    expect('lesson' in found && found.lesson.id).toBe('rdtr-starved');
    expect(worksheetLesson('#l1.nope')).toEqual({ error: 'there is no built-in lesson "nope"' });
  });
});

describe('drawn questions on a worksheet', () => {
  it('the sheet draws with ?seed=N as the lab does (0..4294967295), else seed 1', () => {
    expect(seedOf('?worksheet&seed=42')).toBe(42);
    expect(seedOf('?worksheet')).toBe(1);
    expect(seedOf('?worksheet&seed=-3')).toBe(1);
    expect(seedOf('?worksheet&seed=4294967296')).toBe(1);
  });
  it('every built-in drawn question prints its drawn numbers (no {?param:…} left) and its answer is a run of the core', () => {
    const drawnQuestions = LESSONS.flatMap((l) => (l.questions ?? []).filter((q) => q.params).map((q) => ({ l, q })));
    expect(drawnQuestions.length).toBeGreaterThan(0);
    for (const { l, q } of drawnQuestions) {
      const values = drawValues(q, 1);
      expect(renderNarration(l, q.prompt, { q, values })).not.toContain('{?');
      const a = drawnAnswer(l, q, 1);
      expect(a.ok).toBe(true);
    }
  });
});
