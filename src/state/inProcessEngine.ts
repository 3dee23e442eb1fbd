/**
 * The second engine behind `SimClient` (simClient.ts): the simulation host
 * (`createSimApi`) on this thread, with the worker's async shape, so the
 * store's play, tick, seek, step, Back and crash paths run in Node tests with
 * the real core and no Worker. Perfetto UI's model: one engine interface,
 * a WASM engine in a worker and an RPC one, and the UI cannot tell which.
 *
 * As with the worker: calls run one at a time in order; each answers after
 * the caller's synchronous code (never at once); a call that throws kills
 * the engine (onFailure, once) as an error in the worker does; `crash()`
 * kills it from outside a call, as the worker's uncaught error does.
 * `hold` lets a test keep each answer back until it says so: a slow engine
 * under a frame clock it drives by hand.
 */
import { createSimApi, type SimApiOptions } from '../worker/simApi';
import type { SimApi } from '../worker/protocol';
import { QueuedSimClient, type AsyncSimApi, type SimEngine } from './simClient';

export interface InProcessEngineOptions {
  /** Makes the host each new engine (a restart makes a new one); default `createSimApi(simApi)`. */
  host?: () => SimApi;
  /** Options of the default host. */
  simApi?: SimApiOptions;
  /** Awaited before each call runs (default: none). A test resolves it to let the answer through. */
  hold?: () => Promise<void>;
}

/** The message of the worker's deliberate crash (simApi's test hook). */
export const DELIBERATE_CRASH = 'deliberate crash (test hook)';

export class InProcessSimClient extends QueuedSimClient {
  private readonly asyncApi: AsyncSimApi;

  constructor(onFailure: (message: string) => void, options: InProcessEngineOptions = {}) {
    super(onFailure);
    const host =
      options.host?.() ??
      createSimApi({
        ...options.simApi,
        onCrash: () => this.crash(),
      });
    const hold = options.hold;
    const asyncApi = {} as Record<keyof SimApi, (...args: unknown[]) => Promise<unknown>>;
    for (const key of Object.keys(host) as (keyof SimApi)[]) {
      const method = host[key] as (...args: unknown[]) => unknown;
      asyncApi[key] = async (...args) => {
        if (hold) await hold();
        else await Promise.resolve();
        return method(...args);
      };
    }
    this.asyncApi = asyncApi as unknown as AsyncSimApi;
  }

  protected get api(): AsyncSimApi {
    return this.asyncApi;
  }

  protected end(): void {
    /* nothing to release: the host is garbage once no call holds it */
  }

  /** The worker throws on its next macrotask, after the call it is running; here the engine dies on the next microtask. */
  crash(): void {
    queueMicrotask(() => this.fail(DELIBERATE_CRASH));
  }
}

/** The in-process engine for a store (`createLabStore({ engine: inProcessEngine() })`). */
export const inProcessEngine =
  (options: InProcessEngineOptions = {}): SimEngine =>
  (onFailure) =>
    new InProcessSimClient(onFailure, options);
