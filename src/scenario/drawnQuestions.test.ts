/**
 * Drawn questions (docs/lessons.md, "Drawn questions"): a seed picks the
 * values, the lesson's scenario is patched with them, and the answer is a run
 * of the core. The property test re-derives the answer for many seeds from a
 * fresh run of a scenario patched by hand, so no student ever sees a wrong one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LESSONS } from '../content/lessons';
import { runScenario } from '../core/simulation';
import { drawnAnswer } from './lessonCheck';
import { answerFromRun, drawValues, drawnScenario, judgeGuess, renderNarration, scoreSummary, type Lesson, type LessonQuestion } from './lessons';
import { lessonToJson, parseLesson } from './lessonSchema';
import { parseScenario } from './schema';

const lesson = LESSONS.find((l) => l.id === 'rdtr-starved')!;
const drawnQ = lesson.questions!.find((q) => q.params)!;

/** The rdtr-starved scenario with RDTR set by hand, run fresh: the first interrupt instant (µs). */
function firstInterruptByHand(rdtr: number): number {
  const input = JSON.parse(JSON.stringify(lesson.scenario)) as { device: { regs: { RDTR: number } } };
  input.device.regs.RDTR = rdtr;
  const s = parseScenario(input);
  if (!s.ok) throw new Error(s.error);
  return runScenario(s.value).interrupts[0].tUs;
}

describe('drawn questions', () => {
  it('a built-in lesson has one: rdtr-starved, step 2, RDTR drawn from 1 to 12', () => {
    expect(drawnQ.step).toBe(2);
    expect(drawnQ.params).toEqual([{ name: 'rdtr', path: 'device.regs.RDTR', min: 1, max: 12 }]);
  });

  it('the same seed draws the same values; values stay on the grid min, min + step, ..., max; seeds spread over the range', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 300; seed++) {
      const v = drawValues(drawnQ, seed);
      expect(drawValues(drawnQ, seed)).toEqual(v);
      expect(Number.isInteger(v.rdtr) && v.rdtr >= 1 && v.rdtr <= 12, `seed ${seed}: ${v.rdtr}`).toBe(true);
      seen.add(v.rdtr);
    }
    // Every one of the 12 values comes up in 300 seeds (each has probability 1/12 per seed).
    expect(seen.size).toBe(12);
    const q: LessonQuestion = { ...drawnQ, params: [{ name: 'x', path: 'device.regs.RADV', min: 4, max: 5, step: 0.25 }] };
    for (let seed = 0; seed < 50; seed++) expect([4, 4.25, 4.5, 4.75, 5]).toContain(drawValues(q, seed).x);
  });

  it('answers worked out by hand: frames every 5 µs from 10 µs to 105 µs; RDTR in units of 1.024 µs', () => {
    const answer = (rdtr: number) => {
      const s = drawnScenario(lesson, drawnQ, { rdtr });
      if (!s.ok) throw new Error(s.error);
      const a = answerFromRun(lesson, drawnQ, runScenario(s.value));
      if (!a.ok) throw new Error(a.error);
      return a.value.value as number;
    };
    // RDTR 1 = 1.024 µs < 5 µs: it runs out after the first frame, at 10 + 1.024.
    expect(answer(1)).toBeCloseTo(11.024, 6);
    // RDTR 4 = 4.096 µs < 5 µs: still after the first frame, at 10 + 4.096.
    expect(answer(4)).toBeCloseTo(14.096, 6);
    // RDTR 5 = 5.12 µs > 5 µs: every frame restarts it, so it fires after the last (105) + 5.12.
    expect(answer(5)).toBeCloseTo(110.12, 6);
    // RDTR 12 = 12.288 µs: 105 + 12.288.
    expect(answer(12)).toBeCloseTo(117.288, 6);
  });

  it('property: over many seeds the answer shown equals a fresh run of the core on the patched scenario', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const r = drawnAnswer(lesson, drawnQ, seed);
        if (!r.ok) return false;
        const fresh = firstInterruptByHand(r.value.values.rdtr);
        expect(r.value.answer.value).toBe(fresh);
        expect(r.value.answer.text).toBe(`${new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(fresh)} µs`);
        // The guess equal to the answer is judged right; one off by more than the tolerance is not.
        expect(judgeGuess(r.value.answer, drawnQ, fresh).right).toBe(true);
        expect(judgeGuess(r.value.answer, drawnQ, fresh + 1.5).right).toBe(false);
        return true;
      }),
      { numRuns: 60, seed: 24 },
    );
  });

  it('the prompt shows the drawn values; the scenario placeholders read the patched scenario', () => {
    const text = renderNarration(lesson, drawnQ.prompt, { q: drawnQ, values: { rdtr: 3 } });
    expect(text).toContain('RDTR is 3 (3.072 µs)');
    expect(text).toContain('5 µs apart');
    expect(renderNarration(lesson, '{scenario:device.regs.RDTR}', { q: drawnQ, values: { rdtr: 3 } })).toBe('3');
    expect(text).not.toContain('{?');
  });
});

describe('drawn questions in the lesson format: one-line errors naming the field', () => {
  function withParams(change: (q: Record<string, unknown>, l: Record<string, unknown>) => void): string {
    const l = JSON.parse(lessonToJson(lesson)) as Record<string, unknown>;
    const q = (l.questions as Record<string, unknown>[])[1];
    change(q, l);
    const r = parseLesson(l);
    return r.ok ? 'ok' : r.error;
  }

  it('accepts the built-in one and rejects bad parameters', () => {
    expect(withParams(() => {})).toBe('ok');
    const cases: [(q: Record<string, unknown>, l: Record<string, unknown>) => void, string][] = [
      [(q) => (q.params = [{ name: 'rdtr', path: 'device.regs.NOPE', min: 1, max: 2 }]), 'questions[1].params[0].path: "device.regs.NOPE" is not a number field of the lesson\'s scenario'],
      [(q) => (q.params = [{ name: 'rdtr', path: 'device.regs.RDTR', min: 5, max: 2 }]), 'questions[1].params[0].max: 2 is below min (5)'],
      [(q) => (q.params = [{ name: 'rdtr', path: 'device.regs.RDTR', min: 1, max: 70000 }]), 'questions[1].params: with every parameter at its max, rdtr = 70000: device.regs.RDTR: 70000 is out of range (integer 0..65535)'],
      [
        (q) => (q.params = [{ name: 'rdtr', path: 'device.regs.RDTR', min: 1, max: 2 }, { name: 'rdtr', path: 'device.regs.RADV', min: 1, max: 2 }]),
        'questions[1].params[1].name: "rdtr" is used twice',
      ],
      [(q) => (q.params = []), 'questions[1].params: needs at least one parameter'],
      [(q) => (q.prompt = 'RDTR {param:radv}?'), 'questions[1].prompt: the placeholder {param:radv} names no claim, scenario field or parameter of this question'],
      [(_, l) => ((l.narration as string[])[0] = 'RDTR {param:rdtr}.'), 'narration[0]: the placeholder {param:rdtr} names no claim or scenario field'],
      [(q) => (q.answer = 'noDelayIrq'), 'questions[1].answer: a drawn question patches the lesson\'s own scenario, and claim noDelayIrq is about variant rdtr0'],
    ];
    for (const [change, want] of cases) expect(withParams(change)).toBe(want);
  });

  it('a drawn number question reads the claim\'s metric from the run', () => {
    const l: Lesson = {
      ...lesson,
      questions: [{ step: 2, kind: 'number', prompt: 'RDTR {param:rdtr}: how many interrupts?', pauseUs: 0, answer: 'irq', params: [{ name: 'rdtr', path: 'device.regs.RDTR', min: 1, max: 4 }], reveal: 'Each frame.' }],
    };
    expect(parseLesson(JSON.parse(lessonToJson(l)) as unknown).ok).toBe(true);
    const r = drawnAnswer(l, l.questions![0], 7);
    // RDTR at most 4.096 µs < 5 µs: every one of the 20 frames gets its own interrupt.
    expect(r.ok && r.value.answer.value).toBe(20);
  });
});

describe('the score summary', () => {
  it('counts answered, right and off, and lists each question with its guess, its answer and any drawn values', () => {
    const [first, drawn] = lesson.questions!;
    const firstAnswer = { value: 113.192, text: '113.192 µs' };
    const drawnA = { value: 110.12, text: '110.12 µs' };
    const s = scoreSummary(
      lesson,
      [
        { q: first, guess: 112, revealed: true, answer: firstAnswer },
        { q: drawn, guess: 100, revealed: true, answer: drawnA, values: { rdtr: 5 } },
      ],
      42,
    );
    // 112 is within the first question's tolerance (3 µs) of 113.192; 100 is 10.12 off with tolerance 1.
    expect([s.answered, s.right, s.off]).toEqual([2, 1, 1]);
    const lines = s.text.split('\n');
    expect(lines[0]).toBe(`${lesson.title}: 2 of 2 questions answered, 1 right, 1 off.`);
    expect(lines[1]).toMatch(/^1\. \(step 2\) Frames keep arriving.* - you said 112 µs, the answer is 113\.192 µs: right$/);
    expect(lines[2]).toContain('RDTR is 5 (5.12 µs)');
    expect(lines[2]).toContain('[rdtr = 5; seed 42]');
    expect(lines[2]).toMatch(/you said 100 µs, the answer is 110\.12 µs: off by 10\.12$/);
    const none = scoreSummary(lesson, [{ q: first, guess: null, revealed: true, answer: firstAnswer }, { q: drawn, guess: null, revealed: false, answer: null }], 1);
    expect([none.answered, none.right]).toEqual([0, 0]);
    expect(none.text).toContain('no prediction; the answer is 113.192 µs');
    expect(none.text).toContain('not answered');
  });
});
