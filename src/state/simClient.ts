/**
 * The main thread's side of a simulation engine, as Perfetto UI has two
 * engines behind one interface: `SimClient` is what the store calls, and
 * two engines implement it, the Web Worker one here (`WorkerSimClient`, the
 * app's) and the in-process one (`inProcessEngine.ts`, Node tests), which
 * calls `createSimApi` directly. Either runs calls one at a time in order,
 * answers each asynchronously, and reports a dead engine (an uncaught error,
 * a call that threw) once through `onFailure` so the store can show it and
 * restart; every call made after answers with the error.
 */
import * as Comlink from 'comlink';
import { err, ok, type Result } from '../base/result';
import type { Frame, SimApi } from '../worker/protocol';

/** The worker API as the main thread sees it: every call answers later. */
export type AsyncSimApi = { [K in keyof SimApi]: (...args: Parameters<SimApi[K]>) => Promise<ReturnType<SimApi[K]>> };

/** The interface the store drives; it cannot tell one engine from the other. */
export interface SimClient {
  /** False once the engine failed or was disposed. */
  readonly alive: boolean;
  /** Calls queued or running. */
  readonly pending: number;
  /**
   * Queue a call. Resolves with the answer, or an error when the engine
   * failed (then onFailure has been called and the caller should stop).
   */
  call<T = Frame>(fn: (api: AsyncSimApi) => Promise<T>): Promise<Result<T>>;
  /** Test hook: make the engine die as with an uncaught error. */
  crash(): void;
  /** End the engine (a store no longer shown); onFailure is not called. */
  dispose(): void;
}

/** Makes an engine for a store; `onFailure` reports its death. */
export type SimEngine = (onFailure: (message: string) => void) => SimClient;

export type WorkerFactory = () => Worker;

export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module', name: 'e1000-sim' });

/** The engine in a Web Worker (the app's). */
export const workerEngine =
  (factory: WorkerFactory = defaultWorkerFactory): SimEngine =>
  (onFailure) =>
    new WorkerSimClient(onFailure, factory);

/**
 * What both engines share: the call queue (one at a time, in order), the
 * pending count, and failure (once; every call waiting or made after answers
 * with its error). A subclass says how to reach its API and how to end.
 */
export abstract class QueuedSimClient implements SimClient {
  private chain: Promise<unknown> = Promise.resolve();
  private failed = false;
  /** Why the engine is gone (the error of every call made after). */
  private failure = '';
  pending = 0;
  private readonly waiters = new Set<(v: Result<never>) => void>();

  constructor(private readonly onFailure: (message: string) => void) {}

  protected abstract get api(): AsyncSimApi;
  /** Release what the engine holds (terminate the worker). */
  protected abstract end(): void;
  abstract crash(): void;

  get alive(): boolean {
    return !this.failed;
  }

  protected fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.failure = message;
    this.end();
    this.flushWaiters();
    this.onFailure(message);
  }

  call<T = Frame>(fn: (api: AsyncSimApi) => Promise<T>): Promise<Result<T>> {
    this.pending++;
    const run = async (): Promise<Result<T>> => {
      if (this.failed) {
        this.pending--;
        return err(this.failure);
      }
      let resolveDead: (v: Result<never>) => void = () => undefined;
      const dead = new Promise<Result<never>>((r) => (resolveDead = r));
      this.waiters.add(resolveDead);
      try {
        // A dead engine never answers: race the call against the failure.
        return await Promise.race([fn(this.api).then((answer) => ok(answer)), dead]);
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

  dispose(): void {
    if (this.failed) return;
    this.failed = true;
    this.failure = 'the simulation worker was stopped';
    this.end();
    this.flushWaiters();
  }

  /** Resolve every call waiting on a dead engine. */
  private flushWaiters(): void {
    for (const w of this.waiters) w(err(this.failure));
    this.waiters.clear();
  }
}

/** One Worker behind Comlink; its uncaught errors and unreadable messages kill it. */
export class WorkerSimClient extends QueuedSimClient {
  private readonly worker: Worker;
  private readonly remote: Comlink.Remote<SimApi>;

  constructor(onFailure: (message: string) => void, factory: WorkerFactory = defaultWorkerFactory) {
    super(onFailure);
    this.worker = factory();
    this.remote = Comlink.wrap<SimApi>(this.worker);
    this.worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(e.message || 'the simulation worker stopped with an uncaught error');
    });
    this.worker.addEventListener('messageerror', () => this.fail('a message from the simulation worker could not be read'));
  }

  protected get api(): AsyncSimApi {
    return this.remote;
  }

  protected end(): void {
    try {
      this.remote[Comlink.releaseProxy]();
    } catch {
      /* already gone */
    }
    this.worker.terminate();
  }

  crash(): void {
    void this.remote.crash().catch(() => undefined);
  }
}
