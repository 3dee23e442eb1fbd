/**
 * Busy polling: the application polls the device queue itself
 * (`napi_busy_loop`, net/core/dev.c; `sk_busy_loop`,
 * include/net/busy_poll.h; `ep_busy_loop`, fs/eventpoll.c).
 *
 * napi_busy_loop(napi_id, loop_end, arg, prefer_busy_poll, budget), as
 * 6.13 writes it (5.11's 7fd3253a7de6 added prefer and budget):
 * - each turn: if the instance is not owned yet, try to take it (SCHED |
 *   IN_BUSY_POLL; if it is scheduled or busy-polled, set PREFER_BUSY_POLL
 *   when prefer, and spin); call napi->poll(napi, budget) (the driver's
 *   napi_complete_done answers false while IN_BUSY_POLL); stop when
 *   `loop_end` says so (data available, or the time is up);
 * - then busy_poll_stop: clear MISSED and IN_BUSY_POLL, with prefer arm the
 *   hrtimer (irq_suspend_timeout, else gro_flush_timeout if
 *   napi_defer_hard_irqs > 0) and skip the softirq, poll once more with
 *   the same budget (its napi_complete_done now follows the normal rules,
 *   and may let the driver unmask); if that poll used its whole budget,
 *   __busy_poll_stop raises the softirq, or with the timer armed clears
 *   SCHED and leaves the interrupt masked.
 *
 * Time: busy_loop_current_time() is local_clock() >> 10, so a busy-poll
 * "microsecond" is 1,024 ns, and the loop ends when time_after(now,
 * start + usecs), strictly later. usecs 0 ends after one turn.
 */
import type { SimContext } from '../../engine/events';
import { Activity } from '../../types';
import { compute, type GuestThread, type Op } from '../ops';
import { PollOrigin, type Napi } from './napi';

/** BUSY_POLL_BUDGET (include/net/busy_poll.h): the busy poll's budget when none is set. */
export const BUSY_POLL_BUDGET = 8;

/** The driver's poll as the kernel calls it: napi->poll(napi, budget). */
export interface NapiPoller {
  /** One napi->poll call; returns the budget (poll again) or the work done (it completed, napi_complete_done ran). */
  clean(budget: number): Generator<Op, number, number>;
  /** A new poll (softirq run or busy-poll call) starts: per-poll work (the GRO flush) is counted afresh. */
  startSession(): void;
}

export interface BusyPollParams {
  /** How long to spin, in busy-poll microseconds (1,024 ns); 0 = one turn. */
  usecs: number;
  budget: number;
  prefer: boolean;
}

/** busy_loop_current_time(): local_clock() >> 10. */
export const busyLoopTime = (ns: number): number => Math.floor(ns / 1024);

/** time_after(now, start + usecs) in busy-loop time. */
export const busyLoopTimedOut = (startNs: number, nowNs: number, usecs: number): boolean =>
  busyLoopTime(nowNs) > busyLoopTime(startNs) + usecs;

/** napi_busy_loop with its busy_poll_stop, on the application's thread. */
export function* napiBusyLoop(
  ctx: SimContext,
  napi: Napi,
  poller: NapiPoller,
  p: BusyPollParams,
  /** loop_end's "data available" half (sk_busy_loop_end, ep_busy_loop_end). */
  dataAvailable: () => boolean,
  /** One spin (cpu_relax turn) while someone else owns the instance, ns. */
  spinNs: number,
): GuestThread {
  const startNs = ctx.now;
  let owned = false;
  for (;;) {
    if (!owned) {
      owned = napi.busyPollTake(p.prefer);
      if (owned) napi.pollStarts(PollOrigin.BUSY_POLL);
    }
    if (owned) {
      poller.startSession();
      yield* poller.clean(p.budget); // IN_BUSY_POLL: it cannot complete
    } else {
      yield compute(Math.max(1, spinNs), Activity.POLL);
    }
    if (dataAvailable() || busyLoopTimedOut(startNs, ctx.now, p.usecs)) break;
  }
  if (!owned) return;
  const skipSchedule = napi.busyPollStop(p.prefer);
  // "All we really want here is to re-enable device interrupts": one more poll.
  poller.startSession();
  const rc = yield* poller.clean(p.budget);
  if (rc === p.budget) napi.busyPollStopFullBudget(skipSchedule);
}
