/**
 * Main-thread side of the lesson editor's Check: each check runs in a
 * fresh Web Worker (worker/lessonCheck.worker.ts, over Comlink, like the
 * simulation worker) so the page stays responsive however long the
 * lesson's runs take. A new check cancels the one still running (its
 * worker is terminated: a running core cannot be interrupted otherwise),
 * and so does `cancel()`, e.g. when the editor closes.
 */
import * as Comlink from 'comlink';
import type { ClaimReport } from '../scenario/lessonCheck';
import type { Lesson } from '../scenario/lessons';
import type { LessonCheckApi } from '../worker/lessonCheckApi';

/** What a worker needs to be for the checker (a browser Worker is one). */
export interface LessonCheckWorker extends Comlink.Endpoint {
  terminate(): void;
}

export type LessonCheckWorkerFactory = () => LessonCheckWorker;

export const defaultLessonCheckWorker: LessonCheckWorkerFactory = () =>
  new Worker(new URL('../worker/lessonCheck.worker.ts', import.meta.url), { type: 'module', name: 'e1000-lesson-check' });

export type LessonCheckOutcome =
  | { kind: 'done'; reports: ClaimReport[] }
  /** A newer check, or cancel(), stopped it. */
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export class LessonChecker {
  private settleCurrent: ((outcome: LessonCheckOutcome) => void) | null = null;

  constructor(private readonly factory: LessonCheckWorkerFactory = defaultLessonCheckWorker) {}

  /** A check is running. */
  get busy(): boolean {
    return this.settleCurrent !== null;
  }

  /** Checks `lesson` in a worker (cancelling the check still running); `onProgress(done, total)` after each claim and question. */
  check(lesson: Lesson, onProgress?: (done: number, total: number) => void): Promise<LessonCheckOutcome> {
    this.cancel();
    const worker = this.factory();
    const remote = Comlink.wrap<LessonCheckApi>(worker);
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: LessonCheckOutcome) => {
        if (settled) return;
        settled = true;
        if (this.settleCurrent === settle) this.settleCurrent = null;
        try {
          remote[Comlink.releaseProxy]();
        } catch {
          /* already gone */
        }
        worker.terminate();
        resolve(outcome);
      };
      this.settleCurrent = settle;
      worker.addEventListener('error', (e) => {
        const event = e as ErrorEvent;
        event.preventDefault?.();
        settle({ kind: 'failed', message: event.message || 'the lesson-check worker stopped with an uncaught error' });
      });
      const progress = Comlink.proxy((done: number, total: number) => {
        if (!settled) onProgress?.(done, total);
      });
      remote.check(lesson, progress).then(
        (reports) => settle({ kind: 'done', reports }),
        (error: unknown) => settle({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
    });
  }

  /** Stops the running check, if any (its promise resolves as cancelled). */
  cancel(): void {
    this.settleCurrent?.({ kind: 'cancelled' });
  }
}
