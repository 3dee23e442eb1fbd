/// <reference lib="webworker" />
/**
 * Worker entry: exposes the simulation host over Comlink and transfers the
 * typed arrays of every frame instead of cloning them.
 */
import * as Comlink from 'comlink';
import { createSimApi } from './simApi';
import { frameTransferables, type Frame, type SimApi } from './protocol';

const api = createSimApi();

function withTransfer<A extends unknown[]>(fn: (...args: A) => Frame) {
  return (...args: A): Frame => {
    const f = fn(...args);
    return Comlink.transfer(f, frameTransferables(f));
  };
}

const exposed: SimApi = {
  load: withTransfer(api.load),
  advance: withTransfer(api.advance),
  stepEvent: withTransfer(api.stepEvent),
  stepToInterrupt: withTransfer(api.stepToInterrupt),
  stepBack: withTransfer(api.stepBack),
  seek: withTransfer(api.seek),
  frame: withTransfer(api.frame),
  consoleAccess: withTransfer(api.consoleAccess),
  exportTrace: () => {
    const t = api.exportTrace();
    return Comlink.transfer(t, [t.bytes.buffer as ArrayBuffer]);
  },
  exportInterrupts: () => {
    const x = api.exportInterrupts();
    return Comlink.transfer(x, [x.tNs.buffer as ArrayBuffer, x.icr.buffer as ArrayBuffer, x.readNs.buffer as ArrayBuffer]);
  },
  exportDim: () => api.exportDim(),
  traceHash: () => api.traceHash(),
  crash: () => api.crash(),
};

Comlink.expose(exposed);
