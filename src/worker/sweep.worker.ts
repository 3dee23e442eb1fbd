/// <reference lib="webworker" />
/**
 * The lab's Web Worker (Compare, Sweep and Seed 2012 views; a pool of them,
 * one per core). It answers two kinds of message:
 * - a sweep request `{ index, scenario }` (src/sweep/workerProtocol.ts):
 *   the point's metrics, via `handleSweepRequest`, so `runOnWorkers` can drive
 *   a pool of these exactly as it drives Node worker threads;
 * - a lanes request `{ kind: 'lanes', id, scenario }` (src/sweep/lanes.ts):
 *   the whole run with the instants a comparison timeline draws, as typed
 *   arrays transferred back without copying.
 * The message handler installs itself only inside a worker.
 */
import { handleSweepRequest, type SweepRequest } from '../sweep/workerProtocol';
import { handleLaneRequest, isLaneRequest, laneTransferables, type LaneRequest } from '../sweep/lanes';

declare const WorkerGlobalScope: { new (): unknown } | undefined;

if (typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined' && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = (event: MessageEvent<SweepRequest | LaneRequest>) => {
    const message = event.data;
    if (isLaneRequest(message)) {
      const reply = handleLaneRequest(message);
      scope.postMessage(reply, reply.ok ? laneTransferables(reply.value) : []);
    } else {
      scope.postMessage(handleSweepRequest(message));
    }
  };
}
