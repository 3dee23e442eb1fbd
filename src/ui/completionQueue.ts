/**
 * What the Completion queue panel shows for a frames+time NIC (device model
 * `frames-time`), read from the trace window: per direction, the
 * completions since the last interrupt against rx-frames / tx-frames, the
 * rx-usecs / tx-usecs timer, the mode, and the settings as last programmed
 * (a DEVICE_PARAM record, DIM's work item) or as the scenario set them.
 */
import { DEVICE_PARAM_SPECS, TimerId, TraceKind } from '../core';
import type { TraceWindow } from '../state/traceWindow';

export interface QueueState {
  dir: 'rx' | 'tx';
  usecs: number;
  frames: number;
  cqe: boolean;
  /** Completions since the last interrupt of this queue. */
  count: number;
  /** The settings came from a run-time reprogramming (DIM), not the scenario. */
  programmed: boolean;
}

const KEYS = {
  rx: { usecs: 'cqRxUsecs', frames: 'cqRxFrames', mode: 'cqRxCqeMode', timer: TimerId.RX_USECS, completion: TraceKind.RX_STORE },
  tx: { usecs: 'cqTxUsecs', frames: 'cqTxFrames', mode: 'cqTxCqeMode', timer: TimerId.TX_USECS, completion: TraceKind.TX_DONE },
} as const;

/** The queue's state at `nowNs` (records after it are ignored). */
export function queueState(trace: TraceWindow, params: Readonly<Record<string, number>>, dir: 'rx' | 'tx', nowNs: number): QueueState {
  const k = KEYS[dir];
  const value: Record<string, number> = { [k.usecs]: params[k.usecs], [k.frames]: params[k.frames], [k.mode]: params[k.mode] };
  const seen = new Set<string>();
  let count = 0;
  let counting = true;
  for (let i = trace.length - 1; i >= 0; i--) {
    if (trace.tNs[i] > nowNs) continue;
    const kind = trace.kind[i];
    if (kind === TraceKind.DEVICE_PARAM) {
      const key = DEVICE_PARAM_SPECS[trace.a[i]]?.key;
      if (key !== undefined && key in value && !seen.has(key)) {
        seen.add(key);
        value[key] = trace.b[i];
      }
    } else if (counting) {
      if (kind === k.completion) count++;
      // The queue's interrupt ends its count: the timer fired, or was stopped by the count.
      else if ((kind === TraceKind.TIMER_FIRE || kind === TraceKind.TIMER_STOP) && trace.a[i] === k.timer) counting = false;
    }
    if (!counting && seen.size === 3) break;
  }
  const usecs = value[k.usecs];
  const frames = value[k.frames];
  // With either setting 0, or one completion per interrupt, every completion fires at once.
  if (usecs === 0 || frames <= 1) count = 0;
  return { dir, usecs, frames, cqe: value[k.mode] === 1, count, programmed: seen.size > 0 };
}
