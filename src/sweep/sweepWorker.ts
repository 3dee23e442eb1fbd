/** Node worker_threads entry of the sweep pool (pool.ts bundles it with esbuild and starts it). */
import { parentPort } from 'node:worker_threads';
import { handleSweepRequest, type SweepRequest } from './workerProtocol';

if (!parentPort) throw new Error('sweepWorker: not started as a worker thread');
const port = parentPort;
port.on('message', (request: SweepRequest) => port.postMessage(handleSweepRequest(request)));
