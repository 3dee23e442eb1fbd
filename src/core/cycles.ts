import { REG_INDEX } from './registers';
import { TraceKind, type TraceRecord } from './types';
import { WAKE_TIMERS, WINDOW_TIMERS } from './timers';

/**
 * The one definition of "waiting for the guest to unmask", fed one trace
 * record at a time (the cycle breakdown, the timeline and the trace export
 * all use it): when the line asserts at an IMS write, after the ISR read
 * ICR, it waited for the unmask from the moment the window (and QEMU's
 * main-loop wake-up) was over and a cause was pending.
 */
export class UnmaskWaitTracker {
  private lastAssertNs = -1;
  private lastIcrReadNs = -1;
  /** When the window and its wake-up were last over (the line was free to assert). */
  private windowEndNs = -1;
  /** First cause set since the last ICR read (what the next interrupt is for). */
  private firstCauseSinceReadNs = -1;
  private lastImsWriteNs = -1;

  reset(): void {
    this.lastAssertNs = this.lastIcrReadNs = this.windowEndNs = this.firstCauseSinceReadNs = this.lastImsWriteNs = -1;
  }

  /**
   * Take one record. At a LINE_ASSERT that ends an unmask wait, returns the
   * instant the wait began (it ends at `tNs`); otherwise -1.
   */
  observe(kind: number, tNs: number, a: number): number {
    switch (kind) {
      case TraceKind.TIMER_FIRE:
      case TraceKind.TIMER_STOP:
        if (WINDOW_TIMERS.has(a) || WAKE_TIMERS.has(a)) this.windowEndNs = tNs;
        return -1;
      case TraceKind.ICR_READ:
        this.lastIcrReadNs = tNs;
        this.firstCauseSinceReadNs = -1;
        return -1;
      case TraceKind.CAUSE_SET:
        if (this.firstCauseSinceReadNs < 0) this.firstCauseSinceReadNs = tNs;
        return -1;
      case TraceKind.MMIO_WRITE:
        if (a === REG_INDEX.IMS) this.lastImsWriteNs = tNs;
        return -1;
      case TraceKind.LINE_ASSERT: {
        let from = -1;
        if (this.lastAssertNs >= 0 && this.lastImsWriteNs === tNs && this.lastIcrReadNs >= this.lastAssertNs) {
          const causeNs = this.firstCauseSinceReadNs >= 0 ? this.firstCauseSinceReadNs : tNs;
          const start = Math.max(this.windowEndNs, causeNs, this.lastAssertNs);
          if (start < tNs) from = start;
        }
        this.lastAssertNs = tNs;
        return from;
      }
      default:
        return -1;
    }
  }
}

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

  const unmask = new UnmaskWaitTracker();
  let lastAssert = -1;
  let windowStart = -1;
  let wakeStart = -1;
  let inCycleWindow = 0;
  let inCycleWake = 0;

  for (const r of records) {
    const waitFrom = unmask.observe(r.kind, r.tNs, r.a);
    switch (r.kind) {
      case TraceKind.TIMER_START:
      case TraceKind.TIMER_RESTART:
        if (WINDOW_TIMERS.has(r.a)) windowStart = r.tNs;
        else if (WAKE_TIMERS.has(r.a)) wakeStart = r.tNs;
        break;
      case TraceKind.TIMER_FIRE:
      case TraceKind.TIMER_STOP:
        if (WINDOW_TIMERS.has(r.a) && windowStart >= 0) {
          if (lastAssert >= 0) inCycleWindow += r.tNs - Math.max(windowStart, lastAssert);
          windowStart = -1;
        } else if (WAKE_TIMERS.has(r.a) && wakeStart >= 0) {
          if (lastAssert >= 0) inCycleWake += r.tNs - Math.max(wakeStart, lastAssert);
          wakeStart = -1;
        }
        break;
      case TraceKind.LINE_ASSERT:
        if (lastAssert >= 0) {
          cycles++;
          total += r.tNs - lastAssert;
          windowSum += inCycleWindow;
          wakeSum += inCycleWake;
          if (waitFrom >= 0) unmaskSum += r.tNs - waitFrom;
        }
        lastAssert = r.tNs;
        inCycleWindow = 0;
        inCycleWake = 0;
        break;
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

/**
 * Interrupts that find nothing: assertions after which the guest took no
 * received frame before the next assertion (RX_TAKEN records between two
 * LINE_ASSERTs). For receive-only runs; a TX completion does not count as
 * something found.
 */
export function rxEmptyInterrupts(records: readonly TraceRecord[]): { interrupts: number; empty: number } {
  let interrupts = 0;
  let empty = 0;
  let taken = -1;
  for (const r of records) {
    if (r.kind === TraceKind.LINE_ASSERT) {
      if (taken === 0) empty++;
      interrupts++;
      taken = 0;
    } else if (r.kind === TraceKind.RX_TAKEN && taken >= 0) taken++;
  }
  return { interrupts, empty };
}
