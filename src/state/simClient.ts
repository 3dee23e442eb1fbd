/**
 * Main-thread side of the simulation worker: one Worker behind Comlink, calls
 * run one at a time in order, and a dead worker (uncaught error, failed call)
 * is reported once through `onFailure` so the store can show it and restart.
 */
import * as Comlink from 'comlink';
import { err, ok, type Result } from '../base/result';
import type { Frame, SimApi } from '../worker/protocol';

export type WorkerFactory = () => Worker;

export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module', name: 'e1000-sim' });

export class WorkerFailure extends Error {
  override name = 'WorkerFailure';
}

export class SimClient {
  private worker: Worker;
  private remote: Comlink.Remote<SimApi>;
  private chain: Promise<unknown> = Promise.resolve();
  private failed = false;
  /** Why the worker is gone (the error of every call made after). */
  private failure = '';
  /** Calls queued or running. */
  pending = 0;

  constructor(
    private readonly onFailure: (message: string) => void,
    factory: WorkerFactory = defaultWorkerFactory,
  ) {
    this.worker = factory();
    this.remote = Comlink.wrap<SimApi>(this.worker);
    this.listen();
  }

  get alive(): boolean {
    return !this.failed;
  }

  private listen(): void {
    const w = this.worker;
    w.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(e.message || 'the simulation worker stopped with an uncaught error');
    });
    w.addEventListener('messageerror', () => this.fail('a message from the simulation worker could not be read'));
  }

  private fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.failure = message;
    try {
      this.remote[Comlink.releaseProxy]();
    } catch {
      /* already gone */
    }
    this.worker.terminate();
    this.flushWaiters();
    this.onFailure(message);
  }

  /**
   * Queue a call. Resolves with the answer, or an error when the worker
   * failed (then onFailure has been called and the caller should stop).
   */
  call<T = Frame>(fn: (api: Comlink.Remote<SimApi>) => Promise<T>): Promise<Result<T>> {
    this.pending++;
    const run = async (): Promise<Result<T>> => {
      if (this.failed) return err(this.failure);
      let resolveDead: (v: Result<never>) => void = () => undefined;
      const dead = new Promise<Result<never>>((r) => (resolveDead = r));
      this.waiters.add(resolveDead);
      try {
        // A dead worker never answers: race the call against the failure.
        return await Promise.race([fn(this.remote).then((answer) => ok(answer)), dead]);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.fail(message);
        return err(message);
      } finally {
        this.waiters.delete(resolveDead);
        this.pending--;
      }
    };
    const p = this.chain.then(run, run);
    this.chain = p;
    return p;
  }

  private readonly waiters = new Set<(v: Result<never>) => void>();

  /** Test hook: ask the worker to die. */
  crash(): void {
    void this.remote.crash().catch(() => undefined);
  }

  dispose(): void {
    this.failed = true;
    this.failure = 'the simulation worker was stopped';
    this.worker.terminate();
    this.flushWaiters();
  }

  /** Resolve every call waiting on a dead worker. */
  private flushWaiters(): void {
    for (const w of this.waiters) w(err(this.failure));
    this.waiters.clear();
  }
}
