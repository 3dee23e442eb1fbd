/**
 * The Node sweep pool: worker_threads, one per core by default
 * (os.availableParallelism()), running sweep points in parallel with
 * progress and cancel; results in point order, the same figures as a serial
 * run. Node only (the browser runs the same scheduler on Web Workers).
 *
 * How the workers get their code: Node 20 does not apply tsx's loader to a
 * worker started from a .ts file (`new Worker(url, { execArgv: ['--import',
 * 'tsx'] })` fails with ERR_UNKNOWN_FILE_EXTENSION), so the pool bundles
 * sweepWorker.ts with esbuild (a devDependency) once per process, in memory,
 * and starts each worker from that code. This works the same under vitest,
 * under `npm run sweep` (tsx) and from an esbuild bundle such as the
 * benchmark's, as long as the source tree is on disk.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../core/scenario';
import { abortError, runOnWorkers, type SpawnPoolWorker } from './scheduler';
import { sweepResult, type SweepMetrics, type SweepPlan, type SweepResult } from './sweep';

export interface NodePoolOptions {
  /** Worker threads to start; default os.availableParallelism() (never more than there are points). */
  threads?: number;
  signal?: AbortSignal;
  /** Called after each finished point: how many are done, of how many, and which one finished. */
  onProgress?: (done: number, total: number, index: number) => void;
}

/** Threads the pool starts by default: one per core the process may use. */
export function defaultPoolSize(): number {
  return availableParallelism();
}

const WORKER_SOURCE = join('src', 'sweep', 'sweepWorker.ts');

/** Where sweepWorker.ts is: next to this module, else in a src/sweep/ above it (bundled code) or under the working directory. */
export function findWorkerSource(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'sweepWorker.ts')];
  for (let dir = here; ; dir = dirname(dir)) {
    candidates.push(join(dir, WORKER_SOURCE));
    if (dir === parse(dir).root) break;
  }
  candidates.push(join(process.cwd(), WORKER_SOURCE));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`sweep pool: cannot find ${WORKER_SOURCE} (looked in ${here} and above, and in ${process.cwd()})`);
  return found;
}

let workerCode: Promise<string> | undefined;

/** The worker's code, bundled once per process (CommonJS, for `new Worker(code, { eval: true })`). */
export function sweepWorkerCode(): Promise<string> {
  workerCode ??= (async () => {
    const source = findWorkerSource();
    // A computed specifier keeps esbuild itself out of bundles that include this module.
    const esbuildModule = 'esbuild';
    const esbuild = (await import(esbuildModule)) as typeof import('esbuild');
    const out = await esbuild.build({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    return out.outputFiles[0].text;
  })().catch((error: unknown) => {
    workerCode = undefined;
    throw error;
  });
  return workerCode;
}

function threadSpawner(code: string): SpawnPoolWorker {
  return ({ onReply, onError }) => {
    const worker = new Worker(code, { eval: true });
    worker.on('message', onReply);
    worker.on('error', onError);
    worker.on('exit', (exitCode) => onError(new Error(`sweep worker stopped (exit code ${exitCode})`)));
    return {
      postMessage: (request) => worker.postMessage(request),
      terminate: () => void worker.terminate(),
    };
  };
}

/** Runs scenarios on worker threads; metrics in the order of `scenarios`. Rejects with the signal's reason when cancelled. */
export async function runScenariosInPool(scenarios: readonly Scenario[], options: NodePoolOptions = {}): Promise<SweepMetrics[]> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw signal.reason ?? abortError();
  if (scenarios.length === 0) return [];
  const code = await sweepWorkerCode();
  return runOnWorkers(scenarios, threadSpawner(code), { size: options.threads ?? defaultPoolSize(), signal, onProgress });
}

/** Runs a sweep plan on worker threads: values with their metrics, in point order, and the Pareto frontier. */
export async function runSweepInPool(plan: SweepPlan, options: NodePoolOptions = {}): Promise<SweepResult> {
  const metrics = await runScenariosInPool(
    plan.points.map((point) => point.scenario),
    options,
  );
  return sweepResult(plan, metrics);
}
