/**
 * What happened at this very nanosecond so far: the trace records at the
 * position's instant (the steps taken at it). Panels flash from this, not
 * from how long ago in real time a value changed, so a link, Back and a
 * fresh page show the same (issue 25: "just fired" tied to virtual time).
 * A zero-cost ISR sets and reads a cause in one ns; a restart and a drop
 * happen at an instant: snapshots alone would never show them.
 */
import { TraceKind } from '../core';
import type { TraceWindow } from '../state/traceWindow';

export interface AtThisNs {
  /** Cause bits set (CAUSE_SET) and bits the ISR read (ICR_READ) at this ns. */
  set: number;
  read: number;
  lineAsserted: boolean;
  /** Per timer id, a bit: started, restarted, fired, stopped at this ns. */
  timerStarted: number;
  timerRestarted: number;
  timerFired: number;
  timerStopped: number;
  /** RX frames dropped at this ns with RXO set (the ring had no free descriptor). */
  rxoDrops: number;
}

export function atThisNs(trace: TraceWindow, nowNs: number): AtThisNs {
  const out: AtThisNs = { set: 0, read: 0, lineAsserted: false, timerStarted: 0, timerRestarted: 0, timerFired: 0, timerStopped: 0, rxoDrops: 0 };
  for (let i = trace.length - 1; i >= 0 && trace.tNs[i] === nowNs; i--) {
    const a = trace.a[i];
    switch (trace.kind[i]) {
      case TraceKind.CAUSE_SET:
        out.set |= a;
        break;
      case TraceKind.ICR_READ:
        out.read |= a;
        break;
      case TraceKind.LINE_ASSERT:
        out.lineAsserted = true;
        break;
      case TraceKind.TIMER_START:
        out.timerStarted |= 1 << a;
        break;
      case TraceKind.TIMER_RESTART:
        out.timerRestarted |= 1 << a;
        break;
      case TraceKind.TIMER_FIRE:
        out.timerFired |= 1 << a;
        break;
      case TraceKind.TIMER_STOP:
        out.timerStopped |= 1 << a;
        break;
      case TraceKind.RX_DROP:
        if (trace.b[i] === 1) out.rxoDrops++;
        break;
    }
  }
  return out;
}
