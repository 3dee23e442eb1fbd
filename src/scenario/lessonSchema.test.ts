import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LESSONS } from '../content/lessons';
import { lessonToJson, parseLesson, parseLessonJson } from './lessonSchema';
import { builtinLessonHash, decodeLessonHash, isLessonHash, lessonHash, ownLessonHash } from './lessonLink';
import { checkLesson } from './lessonCheck';

function edited(change: (l: Record<string, unknown>) => void): unknown {
  const l = JSON.parse(lessonToJson(LESSONS.find((x) => x.id === 'rdtr-starved')!)) as Record<string, unknown>;
  change(l);
  return l;
}

describe('the lesson format', () => {
  it('every built-in lesson is a valid lesson file, and reads back the same', () => {
    for (const l of LESSONS) {
      const r = parseLessonJson(lessonToJson(l));
      expect(r.ok ? 'ok' : r.error, l.id).toBe('ok');
      if (r.ok) expect(r.value).toEqual(JSON.parse(JSON.stringify(l)));
    }
  });

  it('the example file in docs/ is valid and its claims hold', () => {
    const r = parseLessonJson(readFileSync('docs/examples/my-lesson.json', 'utf8'));
    expect(r.ok ? 'ok' : r.error).toBe('ok');
    if (r.ok) for (const c of checkLesson(r.value)) expect(c.ok, c.detail).toBe(true);
  });

  it('says clearly what is wrong, naming the field', () => {
    const cases: [unknown, string][] = [
      [edited((l) => delete l.title), 'title: missing (required by a lesson)'],
      [edited((l) => (l.colour = 'red')), 'colour: unknown field (a lesson allows: id, title, scenario, narration, lookFor, claims, variants, viewUs, playback, questions)'],
      [edited((l) => ((l.claims as object[])[0] = { id: 'irq', metric: 'irqs', equals: 1 })), 'claims[0].metric: "irqs" is not allowed'],
      [edited((l) => ((l.claims as object[])[0] = { id: 'irq', equals: 1 })), 'claims[0]: a claim needs one of metric, interruptTimesUs, causes or gapPatternUs'],
      [edited((l) => ((l.narration as string[])[0] = 'RDTR is {rdtr}.')), 'narration[0]: the placeholder {rdtr} names no claim or scenario field'],
      [edited((l) => ((l.scenario as { device: { regs: { RDTR: number } } }).device.regs.RDTR = 70000)), 'scenario.device.regs.RDTR: 70000 is out of range (integer 0..65535)'],
      [edited((l) => ((l.questions as { answer: string }[])[0].answer = 'maxLat')), 'questions[0].answer: an instant question needs an interruptTimesUs claim, and maxLat is not one'],
      [edited((l) => ((l.questions as { step: number }[])[0].step = 7)), 'questions[0].step: 7 is not a narration step (0..2)'],
      [edited((l) => ((l.claims as { variant?: string }[])[0].variant = 'nope')), 'claims[0].variant: "nope" is not one of the lesson\'s variants'],
    ];
    for (const [input, message] of cases) {
      const r = parseLesson(input);
      expect(r.ok ? 'ok' : r.error).toContain(message);
    }
    expect(parseLessonJson('{"id": ').ok).toBe(false);
    const syntax = parseLessonJson('{"id": ');
    expect(!syntax.ok && syntax.error).toMatch(/^JSON syntax error: /);
  });

  it('a claim that does not hold is caught by the checker, not by the schema', () => {
    const r = parseLesson(edited((l) => ((l.claims as { equals?: number }[])[0].equals = 2)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const failed = checkLesson(r.value).filter((c) => !c.ok);
    expect(failed.map((c) => c.detail)).toEqual(['interrupts: expected 2 (±0.000001), got 1']);
  });
});

describe('lesson links', () => {
  it('a built-in lesson by id and step', () => {
    expect(builtinLessonHash('radv-bound', 2)).toBe('#l1.radv-bound.2');
    expect(decodeLessonHash('#l1.radv-bound.2')).toEqual({ ok: true, value: { builtin: 2, step: 2 } });
    expect(decodeLessonHash('#l1.radv-bound')).toEqual({ ok: true, value: { builtin: 2, step: 0 } });
    expect(decodeLessonHash('#l1.radv-bound.99')).toEqual({ ok: true, value: { builtin: 2, step: 2 } });
    expect(decodeLessonHash('#l1.nope.1')).toEqual({ ok: false, error: 'there is no built-in lesson "nope"' });
    expect(lessonHash(LESSONS[2], 1)).toBe('#l1.radv-bound.1');
  });

  it('a teacher\'s lesson rides in the link, validated on the way in', () => {
    const own = { ...LESSONS[1], id: 'my-rdtr', title: 'My RDTR lesson' };
    const hash = ownLessonHash(own, 1);
    expect(hash).toMatch(/^#lx1\.[A-Za-z0-9+\-$]+\.1$/);
    expect(lessonHash(own, 1)).toBe(hash);
    const r = decodeLessonHash(hash);
    expect(r.ok && r.value.lesson?.title).toBe('My RDTR lesson');
    expect(r.ok && r.value.step).toBe(1);
    expect(decodeLessonHash('#lx1.garbage$$.0').ok).toBe(false);
    expect(isLessonHash('#lx1.x')).toBe(true);
    expect(isLessonHash('#s1.abc')).toBe(false);
    expect(isLessonHash('#c1.abc')).toBe(false);
  });
});
