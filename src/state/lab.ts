/**
 * One lab: a simulator store (with its own worker and trace window) and the
 * lab views' store that drives it. The page makes one; a view that wants a
 * second simulator (a lesson beside the page, a comparison's configuration)
 * makes another. Nothing here is a module singleton.
 */
import type { StoreApi } from 'zustand/vanilla';
import { createLabStore, type CreateLabOptions, type LabStore } from './store';
import { createLabViewStore, type LabViewStore } from './labView';
import type { LabWorkerFactory } from './labWorkers';

export interface Lab {
  sim: StoreApi<LabStore>;
  view: StoreApi<LabViewStore>;
}

export function createLab(options: CreateLabOptions & { labWorkerFactory?: LabWorkerFactory } = {}): Lab {
  const sim = createLabStore(options);
  return { sim, view: createLabViewStore(sim, { workerFactory: options.labWorkerFactory }) };
}
