/**
 * What the lesson-check worker answers (lessonCheck.worker.ts exposes it
 * over Comlink): a lesson's claims checked, with progress after each claim
 * and question. Platform-free, so Node tests call it directly.
 */
import { checkLesson, type ClaimReport } from '../scenario/lessonCheck';
import type { Lesson } from '../scenario/lessons';

export interface LessonCheckApi {
  /** The lesson's claims checked against fresh runs; `onProgress(done, total)` after each claim and question. */
  check(lesson: Lesson, onProgress?: (done: number, total: number) => void): ClaimReport[];
}

export const checkLessonApi: LessonCheckApi = {
  check: (lesson, onProgress) => checkLesson(lesson, new Map(), onProgress && ((done, total) => void onProgress(done, total))),
};
