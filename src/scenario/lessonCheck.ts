/**
 * Checking a lesson against the simulation: run its scenario (and each
 * variant a claim names) once and check every claim, and work out each
 * question's answer. The unit tests (lessons.test.ts), the CLI
 * (`npm run lesson`) and the in-app lesson editor all use this one checker.
 */
import { runScenario } from '../core/simulation';
import type { RunResult } from '../core/types';
import { err, ok, type Result } from '../base/result';
import {
  answerFromRun,
  checkClaim,
  drawValues,
  drawnScenario,
  lessonScenario,
  questionAnswer,
  type ClaimCheck,
  type DrawnValues,
  type Lesson,
  type LessonClaim,
  type LessonQuestion,
  type QuestionAnswer,
} from './lessons';

export interface ClaimReport extends ClaimCheck {
  claim: LessonClaim;
}

/** A memo of runs per lesson variant ('' for the lesson's own scenario). */
export type LessonRuns = Map<string, RunResult>;

/** The run of the lesson's scenario (or a variant's), memoised in `runs`. */
export function lessonRun(l: Lesson, variant: string | undefined, runs: LessonRuns = new Map()): RunResult {
  const key = `${l.id}/${variant ?? ''}`;
  let r = runs.get(key);
  if (!r) {
    const s = lessonScenario(l, variant);
    if (!s.ok) throw new Error(s.error);
    r = runScenario(s.value);
    runs.set(key, r);
  }
  return r;
}

/**
 * Every claim of the lesson checked against a fresh run, then one line per
 * question whose answer cannot be read from its claim. A scenario that does
 * not validate is one failed report. `onProgress` hears after each claim
 * and question how many of them are done (the editor's Check shows it).
 */
export function checkLesson(l: Lesson, runs: LessonRuns = new Map(), onProgress?: (done: number, total: number) => void): ClaimReport[] {
  const out: ClaimReport[] = [];
  const questions = l.questions ?? [];
  const total = l.claims.length + questions.length;
  let done = 0;
  for (const claim of l.claims) {
    const s = lessonScenario(l, claim.variant);
    if (!s.ok) out.push({ claim, ok: false, detail: s.error });
    else out.push({ claim, ...checkClaim(claim, lessonRun(l, claim.variant, runs)) });
    onProgress?.(++done, total);
  }
  for (const q of questions) {
    const a = questionAnswer(l, q);
    if (!a.ok) out.push({ claim: { id: `question@${q.step}`, interruptTimesUs: [] }, ok: false, detail: a.error });
    onProgress?.(++done, total);
  }
  return out;
}

/** One student's drawn question: the seed, the values it drew, and the answer a run of the core gave. */
export interface DrawnAnswer {
  seed: number;
  values: DrawnValues;
  answer: QuestionAnswer;
}

/**
 * A drawn question for one seed: draw the values, patch the lesson's
 * scenario, run the core on it and read the answer from the run (so every
 * seed's answer is right by construction; the property test re-runs it).
 */
export function drawnAnswer(l: Lesson, q: LessonQuestion, seed: number): Result<DrawnAnswer> {
  const values = drawValues(q, seed);
  const s = drawnScenario(l, q, values);
  if (!s.ok) return s;
  const a = answerFromRun(l, q, runScenario(s.value));
  return a.ok ? ok({ seed, values, answer: a.value }) : err(a.error);
}

/**
 * Any question's answer for a seed: a drawn question's from a run on its drawn
 * numbers, a fixed one's from the lesson's claim (the worksheet's key, its e2e).
 */
export function answerForSeed(l: Lesson, q: LessonQuestion, seed: number): Result<QuestionAnswer> {
  if (!q.params) return questionAnswer(l, q);
  const d = drawnAnswer(l, q, seed);
  return d.ok ? ok(d.value.answer) : d;
}
