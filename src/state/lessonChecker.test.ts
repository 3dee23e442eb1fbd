/**
 * The lesson editor's Check off the main thread (lessonChecker.ts): the
 * rule is that a check's result is the one checker's (checkLesson), that
 * progress counts claims and questions, and that a new check, or cancel(),
 * stops the running one and terminates its worker. The "worker" here is a
 * Comlink endpoint on a MessageChannel whose other end exposes the same
 * API the Web Worker exposes (worker/lessonCheckApi.ts).
 */
import { readFileSync } from 'node:fs';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { checkLesson } from '../scenario/lessonCheck';
import { parseLessonJson } from '../scenario/lessonSchema';
import { checkLessonApi } from '../worker/lessonCheckApi';
import { LessonChecker, type LessonCheckWorker } from './lessonChecker';

const parsed = parseLessonJson(readFileSync('docs/examples/my-lesson.json', 'utf8'));
if (!parsed.ok) throw new Error(parsed.error);
const example = parsed.value;

/** A Node MessagePort as a Comlink endpoint: listeners get `{ data }`, as in a browser. */
function portEndpoint(port: MessagePort): Comlink.Endpoint {
  const wrapped = new Map<EventListenerOrEventListenerObject, (data: unknown) => void>();
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer as never),
    addEventListener: (type, listener) => {
      if (type !== 'message') return;
      const l = (data: unknown) => ('handleEvent' in listener ? listener.handleEvent({ data } as MessageEvent) : listener({ data } as MessageEvent));
      wrapped.set(listener, l);
      port.on('message', l);
    },
    removeEventListener: (type, listener) => {
      const l = wrapped.get(listener);
      if (type === 'message' && l) port.off('message', l);
    },
    start: () => port.start(),
  };
}

/** A worker made of a MessageChannel: Comlink exposes the API on one port; terminate() closes both. */
function fakeWorkers() {
  const made: { terminated: boolean }[] = [];
  const factory = (): LessonCheckWorker => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(checkLessonApi, portEndpoint(port2));
    const state = { terminated: false };
    made.push(state);
    return {
      ...portEndpoint(port1),
      terminate() {
        state.terminated = true;
        port1.close();
        port2.close();
      },
    };
  };
  return { factory, made };
}

describe('LessonChecker', () => {
  it('gives checkLesson\'s reports, with progress after each of the 3 claims and 1 question; the worker is terminated after', async () => {
    const { factory, made } = fakeWorkers();
    const checker = new LessonChecker(factory);
    const progress: [number, number][] = [];
    const outcome = await checker.check(example, (done, total) => progress.push([done, total]));
    expect(outcome).toEqual({ kind: 'done', reports: checkLesson(example) });
    expect(outcome.kind === 'done' && outcome.reports.every((r) => r.ok)).toBe(true);
    // Progress messages arrive before the reply (one port, in order).
    expect(progress).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
    expect(made).toEqual([{ terminated: true }]);
    expect(checker.busy).toBe(false);
  });

  it('a new check cancels the running one: the first says cancelled, its worker is terminated, the second answers', async () => {
    const { factory, made } = fakeWorkers();
    const checker = new LessonChecker(factory);
    const first = checker.check(example);
    expect(checker.busy).toBe(true);
    const wrong = { ...example, claims: example.claims.map((c) => (c.id === 'irq' ? { ...c, equals: 3 } : c)) };
    const second = checker.check(wrong);
    expect(made[0].terminated).toBe(true);
    expect(await first).toEqual({ kind: 'cancelled' });
    const answer = await second;
    expect(answer.kind === 'done' && answer.reports.find((r) => r.claim.id === 'irq')).toMatchObject({ ok: false, detail: 'interrupts: expected 3 (±0.000001), got 2' });
    expect(made.map((w) => w.terminated)).toEqual([true, true]);
  });

  it('cancel() stops the running check', async () => {
    const { factory, made } = fakeWorkers();
    const checker = new LessonChecker(factory);
    const running = checker.check(example);
    checker.cancel();
    expect(checker.busy).toBe(false);
    expect(await running).toEqual({ kind: 'cancelled' });
    expect(made[0].terminated).toBe(true);
  });
});
