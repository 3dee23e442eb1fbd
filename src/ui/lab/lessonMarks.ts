/**
 * The lesson's predictions drawn on the Simulator's timeline: for the
 * question of the current step and the one the class is asked next, the
 * class's guess ("your guess") and, once revealed, the answer ("answer").
 * Only instant questions about the run on screen: a drawn question's case
 * is another run, so its typed guess is not drawn over this one.
 */
import { formatNumber, questionAnswer, type Lesson, type LessonQuestion } from '../../scenario/lessons';
import type { LessonAnswer } from '../../state/labView';
import type { PredictionMark } from '../timeline/paintTrace';

export function lessonPredictionMarks(lesson: Lesson, answers: Record<number, LessonAnswer>, step: number): PredictionMark[] {
  const questions = [...(lesson.questions ?? [])].sort((a, b) => a.step - b.step);
  const pending = questions.find((q) => !answers[q.step]?.revealed);
  const shown = questions.filter((q): q is LessonQuestion => q.kind === 'instant' && !q.params && (q.step === step || q === pending));
  const marks: PredictionMark[] = [];
  for (const q of shown) {
    const a = answers[q.step];
    if (typeof a?.guess === 'number') marks.push({ tNs: Math.round(a.guess * 1000), kind: 'guess', label: `your guess ${formatNumber(a.guess)} µs` });
    if (a?.revealed) {
      const r = questionAnswer(lesson, q);
      if (r.ok && typeof r.value.value === 'number') marks.push({ tNs: Math.round(r.value.value * 1000), kind: 'answer', label: `answer ${r.value.text}` });
    }
  }
  return marks;
}

/** The marks in words, for the timeline's accessible name ("; your guess 150 µs; answer 152 µs"). */
export function predictionWords(marks: readonly PredictionMark[]): string {
  return marks.map((m) => `; ${m.label}`).join('');
}
