/**
 * Lesson links, the hash of the address:
 * - `#l1.<lessonId>.<step>`: a built-in lesson (src/content/lessons.ts) at a
 *   narration step (from 0; `.0` may be left out);
 * - `#lx1.<payload>.<step>`: a teacher's own lesson, its JSON compressed with
 *   lz-string into URL-safe characters as in share links, validated on the
 *   way in like a lesson file (`parseLesson`).
 */
import LZString from 'lz-string';
import { err, ok, type Result } from '../base/result';
import { LESSONS } from '../content/lessons';
import type { Lesson } from './lessons';
import { MAX_LESSON_JSON_CHARS, parseLesson } from './lessonSchema';
import { parseJsonText } from './schema';

/** A lesson link, read: a built-in lesson's index or a teacher's lesson, and the step. */
export type LessonLink = { step: number } & ({ builtin: number; lesson?: undefined } | { builtin?: undefined; lesson: Lesson });

const BUILTIN = /^l1\.([\w-]+)(?:\.(\d+))?$/;
const OWN = /^lx1\.([A-Za-z0-9+\-$]+)(?:\.(\d+))?$/;

function hashBody(hash: string): string {
  return hash.replace(/^#/, '').trim();
}

/** Whether a hash is a lesson link (good or bad). */
export function isLessonHash(hash: string): boolean {
  return /^lx?1\./.test(hashBody(hash));
}

/** The hash of a built-in lesson at a step. */
export function builtinLessonHash(lessonId: string, step: number): string {
  return `#l1.${lessonId}.${step}`;
}

/** The hash of a teacher's lesson at a step (the whole lesson rides in it). */
export function ownLessonHash(l: Lesson, step: number): string {
  return `#lx1.${LZString.compressToEncodedURIComponent(JSON.stringify(l))}.${step}`;
}

/** The hash for a lesson: built-in ones by id (when unchanged), others with their content. */
export function lessonHash(l: Lesson, step: number): string {
  const builtin = LESSONS.find((b) => b.id === l.id);
  return builtin === l ? builtinLessonHash(l.id, step) : ownLessonHash(l, step);
}

function clampStep(l: Lesson, step: string | undefined): number {
  return Math.max(0, Math.min(l.narration.length - 1, Number(step ?? 0)));
}

/** Reads a lesson link; the error says what is wrong. */
export function decodeLessonHash(hash: string): Result<LessonLink> {
  const body = hashBody(hash);
  const b = BUILTIN.exec(body);
  if (b) {
    const index = LESSONS.findIndex((l) => l.id === b[1]);
    if (index < 0) return err(`there is no built-in lesson ${JSON.stringify(b[1])}`);
    return ok({ builtin: index, step: clampStep(LESSONS[index], b[2]) });
  }
  const o = OWN.exec(body);
  if (!o) return err('not a lesson link (#l1.<lesson>.<step> or #lx1.<payload>.<step>)');
  const text = LZString.decompressFromEncodedURIComponent(o[1]);
  if (!text) return err('the lesson in the link is corrupt (it does not decompress)');
  if (text.length > MAX_LESSON_JSON_CHARS) return err('the lesson in the link is too large');
  const json = parseJsonText(text);
  if (!json.ok) return err(`the lesson in the link is corrupt: ${json.error}`);
  const lesson = parseLesson(json.value);
  if (!lesson.ok) return err(`the lesson in the link is not valid: ${lesson.error}`);
  return ok({ lesson: lesson.value, step: clampStep(lesson.value, o[2]) });
}
