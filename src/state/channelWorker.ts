/**
 * For Node tests of the worker engine: the worker API (createSimApi) exposed
 * over Comlink on the far side of a MessageChannel, as a Worker would hold
 * it; `terminate()` closes both ports.
 */
import * as Comlink from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { createSimApi } from '../worker/simApi';
import type { WorkerFactory } from './simClient';

export const channelWorker: WorkerFactory = () => {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(createSimApi(), port2 as unknown as Comlink.Endpoint);
  const worker = port1 as unknown as Worker & { terminate(): void };
  worker.terminate = () => {
    port1.close();
    (port2 as MessagePort).close();
  };
  return worker;
};
