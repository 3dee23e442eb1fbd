import { REG_INDEX } from './registers';
import { TimerId, TraceKind, type TraceRecord } from './types';

/** Timers that hold the line after an assertion: the window of each device model. */
const WINDOW_TIMERS: ReadonlySet<number> = new Set([TimerId.ITR, TimerId.MIT, TimerId.HOST]);

/**
 * Where the time from one interrupt to the next goes, averaged over the
 * complete cycles in a trace, in ns per cycle:
 * - `windowNs`: the device's window (ITR, QEMU's mitigation timer, the host timer) ran;
 * - `wakeNs`: the window was due but QEMU's main loop had not yet run its callback;
 * - `unmaskWaitNs`: a cause was pending and the window over, but the guest had
 *   masked interrupts (IMC) and the line waited for its IMS write;
 * - `otherNs`: the rest, when no enabled cause was pending.
 * The four parts add up to `meanCycleNs`.
 */
export interface CycleBreakdown {
  cycles: number;
  meanCycleNs: number;
  windowNs: number;
  wakeNs: number;
  unmaskWaitNs: number;
  otherNs: number;
}

export function cycleBreakdown(records: readonly TraceRecord[]): CycleBreakdown {
  let cycles = 0;
  let total = 0;
  let windowSum = 0;
  let wakeSum = 0;
  let unmaskSum = 0;

  let lastAssert = -1;
  let windowStart = -1;
  let wakeStart = -1;
  let inCycleWindow = 0;
  let inCycleWake = 0;
  /** When the window and its wake-up were last over (the line was free to assert). */
  let heldUntil = -1;
  let lastIcrRead = -1;
  /** First cause set since the last ICR read (what the next interrupt is for). */
  let firstCauseSince = -1;
  let imsWriteAt = -1;

  for (const r of records) {
    switch (r.kind) {
      case TraceKind.TIMER_START:
      case TraceKind.TIMER_RESTART:
        if (WINDOW_TIMERS.has(r.a)) windowStart = r.tNs;
        else if (r.a === TimerId.WAKE) wakeStart = r.tNs;
        break;
      case TraceKind.TIMER_FIRE:
      case TraceKind.TIMER_STOP:
        if (WINDOW_TIMERS.has(r.a) && windowStart >= 0) {
          if (lastAssert >= 0) inCycleWindow += r.tNs - Math.max(windowStart, lastAssert);
          windowStart = -1;
          heldUntil = r.tNs;
        } else if (r.a === TimerId.WAKE && wakeStart >= 0) {
          if (lastAssert >= 0) inCycleWake += r.tNs - Math.max(wakeStart, lastAssert);
          wakeStart = -1;
          heldUntil = r.tNs;
        }
        break;
      case TraceKind.ICR_READ:
        lastIcrRead = r.tNs;
        firstCauseSince = -1;
        break;
      case TraceKind.CAUSE_SET:
        if (firstCauseSince < 0) firstCauseSince = r.tNs;
        break;
      case TraceKind.MMIO_WRITE:
        if (r.a === REG_INDEX.IMS) imsWriteAt = r.tNs;
        break;
      case TraceKind.LINE_ASSERT: {
        if (lastAssert >= 0) {
          const t = r.tNs;
          let unmask = 0;
          if (imsWriteAt === t && lastIcrRead >= lastAssert) {
            const pendingFrom = Math.max(heldUntil, firstCauseSince >= 0 ? firstCauseSince : t, lastAssert);
            unmask = Math.max(0, t - pendingFrom);
          }
          cycles++;
          total += t - lastAssert;
          windowSum += inCycleWindow;
          wakeSum += inCycleWake;
          unmaskSum += unmask;
        }
        lastAssert = r.tNs;
        inCycleWindow = 0;
        inCycleWake = 0;
        break;
      }
    }
  }
  if (cycles === 0) return { cycles: 0, meanCycleNs: 0, windowNs: 0, wakeNs: 0, unmaskWaitNs: 0, otherNs: 0 };
  const mean = (x: number) => x / cycles;
  return {
    cycles,
    meanCycleNs: mean(total),
    windowNs: mean(windowSum),
    wakeNs: mean(wakeSum),
    unmaskWaitNs: mean(unmaskSum),
    otherNs: mean(total - windowSum - wakeSum - unmaskSum),
  };
}
