/**
 * Linux's NAPI instance and the kernel's rules on it: who may poll, and who
 * may turn the device's interrupt back on. Every rule is the kernel's,
 * read in its source (docs/software-mitigation.md has the table):
 *
 * - `napi_schedule_prep` (net/core/dev.c, v4.10+, 39e6c8208d7b): set SCHED;
 *   if SCHED was set already, set MISSED instead and fail. Linux 3.5 has no
 *   MISSED bit: the prep just fails.
 * - `napi_complete_done` (net/core/dev.c, v5.7 6f8b12d661d0, v5.11
 *   7fd3253a7de6, v6.13 IRQ suspension): returns false at once while
 *   IN_BUSY_POLL (SCHED stays: the busy poller owns the instance); a call
 *   that did work resets the deferral count to `napi_defer_hard_irqs`;
 *   with PREFER_BUSY_POLL set and `irq_suspend_timeout` > 0 the timeout is
 *   the suspend timeout and the answer false (6.13); otherwise while the
 *   count is above 0 it is decremented and, with `gro_flush_timeout` > 0,
 *   the answer is false; SCHED, MISSED and PREFER_BUSY_POLL are cleared;
 *   MISSED reschedules (false); a timeout arms the hrtimer. The return
 *   value is the permission to unmask.
 * - `napi_watchdog` (the hrtimer): if SCHED can be taken, clear
 *   PREFER_BUSY_POLL and raise the softirq (no device interrupt).
 * - Busy polling (`napi_busy_loop`, `busy_poll_stop`, `__busy_poll_stop`):
 *   see the methods below.
 * - IRQ suspension (`napi_suspend_irqs`, `napi_resume_irqs`, v6.13).
 *
 * GRO: the model's traffic is UDP request/response without UDP_GRO, which
 * GRO never holds, so `gro_bitmask` is 0 and `gro_flush_timeout` acts only
 * through the deferral count (as dev.c reads it: "gfto on its own only
 * delays the GRO flush").
 */
import { Ev, type SimContext } from '../../engine/events';
import { TraceKind } from '../../types';
import { TimerId } from '../../timers';

/** The per-NAPI (per-device in sysfs) knobs, by their Linux names. All default 0 (off). */
export interface NapiSettings {
  /** `napi_defer_hard_irqs` (v5.7): empty polls the kernel may run before it lets the driver unmask. */
  napi_defer_hard_irqs: number;
  /** `gro_flush_timeout` (ns; v3.19, used for deferral since v5.7): the hrtimer between deferred polls. */
  gro_flush_timeout: number;
  /** `irq_suspend_timeout` (ns; v6.13, netdev-genl napi-set): the safety timer while an epoll application keeps interrupts suspended. */
  irq_suspend_timeout: number;
}

export const NAPI_DEFAULTS: NapiSettings = { napi_defer_hard_irqs: 0, gro_flush_timeout: 0, irq_suspend_timeout: 0 };

/** Which kernel's rules the instance follows. */
export interface NapiRules {
  /** NAPI_STATE_MISSED exists (Linux 4.10+); without it a failed prep just fails (Linux 3.5, FreeBSD's taskqueue). */
  missed: boolean;
}

/** What raised the softirq poll (or ran the poll), for the timeline's "who re-armed" marks. */
export const PollOrigin = {
  /** The driver's ISR (napi_schedule from the hard interrupt). */
  HARD_IRQ: 0,
  /** napi_watchdog: the hrtimer (gro_flush_timeout or irq_suspend_timeout) ran out. */
  TIMER: 1,
  /** The application's busy poll (napi_busy_loop) polled the queue itself. */
  BUSY_POLL: 2,
  /** napi_resume_irqs: epoll found no events and is about to sleep. */
  RESUME: 3,
  /** napi_complete_done found MISSED and rescheduled. */
  MISSED: 4,
  /** __busy_poll_stop: the busy poll's last poll used its budget and no timer is armed. */
  BUSY_POLL_STOP: 5,
  /** napi_poll: a full-budget softirq poll with busy polling preferred completed and rescheduled. */
  PREFER: 6,
} as const;
export type PollOrigin = (typeof PollOrigin)[keyof typeof PollOrigin];

export const POLL_ORIGIN_NAMES: readonly string[] = [
  'hard IRQ (napi_schedule in the ISR)',
  'flush timer (napi_watchdog)',
  'busy poll (napi_busy_loop)',
  'IRQ resume (napi_resume_irqs)',
  'MISSED (napi_complete_done reschedules)',
  'busy poll stop (__busy_poll_stop)',
  'preferred busy poll (napi_poll completes early)',
];

/** Trace records of kind TraceKind.NAPI: a = NapiEvent, b = detail. Recorded only when a knob or the server is on. */
export const NapiEvent = {
  /** b = PollOrigin: a poll starts (softirq, or the application's busy poll). */
  POLL: 1,
  /** b = timeout ns: the hrtimer is (re)armed. */
  TIMER_ARM: 2,
  /** b = 1 if it raised a softirq poll: the hrtimer ran out (napi_watchdog). */
  TIMER_FIRE: 3,
  /** b = KeepMasked reason: napi_complete_done said no (the driver must not unmask). */
  KEEP_MASKED: 4,
  /** The application's busy poll took the instance (SCHED | IN_BUSY_POLL). */
  BUSY_POLL_START: 5,
  /** busy_poll_stop. */
  BUSY_POLL_STOP: 6,
  /** The ISR found NAPI scheduled (napi_schedule_prep failed) and unmasks again (e1000_intr). */
  ISR_REENABLE: 9,
  /** b = timeout ns: napi_suspend_irqs (epoll_wait returned events). */
  SUSPEND: 7,
  /** napi_resume_irqs (epoll_wait found none and sleeps). */
  RESUME: 8,
} as const;

/** Why napi_complete_done returned false. */
export const KeepMasked = {
  /** IN_BUSY_POLL: the busy poller owns the instance. */
  BUSY_POLL: 0,
  /** napi_defer_hard_irqs count above 0 with gro_flush_timeout set. */
  DEFER: 1,
  /** PREFER_BUSY_POLL with irq_suspend_timeout set (v6.13). */
  SUSPEND: 2,
  /** MISSED: rescheduled. */
  MISSED: 3,
} as const;

/** What the UI and the fuzzer read of the instance. */
export interface NapiState {
  sched: boolean;
  missed: boolean;
  inBusyPoll: boolean;
  preferBusyPoll: boolean;
  deferHardIrqsCount: number;
  /** hrtimer expiry ns, or -1 when not armed. */
  timerExpiresNs: number;
  /** When it was last (re)started, or -1. */
  timerStartNs: number;
  /** The armed timer is the IRQ-suspension one (irq_suspend_timeout), not the flush timer. */
  timerIsSuspend: boolean;
  /** Polls that own the instance now (0 or 1: the fuzzer's "at most one poll at a time"); a poll stops owning it at napi_complete_done. */
  pollsRunning: number;
}

export class Napi {
  sched = false;
  missed = false;
  inBusyPoll = false;
  /** NAPI_STATE_PREFER_BUSY_POLL. */
  preferBusyPoll = false;
  deferHardIrqsCount = 0;
  timerExpiresNs = -1;
  /** When the armed timer was last (re)started, or -1. */
  timerStartNs = -1;
  timerIsSuspend = false;
  pollsRunning = 0;
  /** Who raised the pending softirq poll. */
  pendingOrigin: PollOrigin = PollOrigin.HARD_IRQ;
  private timerGeneration = 0;

  constructor(
    private readonly ctx: SimContext,
    readonly settings: NapiSettings,
    private readonly rules: NapiRules,
    /** Raise NET_RX_SOFTIRQ: the vCPU runs the softirq poll next. */
    private readonly raiseSoftirq: () => void,
    /** Record NAPI trace events (off for scenarios with every knob off, so their traces stay as they were). */
    readonly traced: boolean,
  ) {}

  private record(event: number, detail: number): void {
    if (this.traced) this.ctx.record(TraceKind.NAPI, event, detail);
  }

  /** napi_schedule_prep: take SCHED; if it was taken, set MISSED (4.10+) and fail. */
  schedulePrep(): boolean {
    if (this.sched) {
      if (this.rules.missed) this.missed = true;
      return false;
    }
    this.sched = true;
    return true;
  }

  /** e1000_intr's else branch: the prep failed, the ISR unmasks again (recorded for the timeline). */
  isrReenables(): void {
    this.record(NapiEvent.ISR_REENABLE, 0);
  }

  /** __napi_schedule: SCHED is held; raise the softirq. */
  raise(origin: PollOrigin): void {
    this.pendingOrigin = origin;
    this.raiseSoftirq();
  }

  /** napi_schedule: prep, then raise. */
  schedule(origin: PollOrigin): void {
    if (this.schedulePrep()) this.raise(origin);
  }

  /** A poll starts (the softirq's, with its origin, or the busy poller's). */
  pollStarts(origin: PollOrigin): void {
    this.pollsRunning++;
    this.record(NapiEvent.POLL, origin);
  }

  /** The running poll no longer owns the instance (it released SCHED or handed it to a new poll). */
  private pollEnds(): void {
    if (this.pollsRunning > 0) this.pollsRunning--;
  }

  /**
   * napi_complete_done(n, work_done), as 6.13 writes it (with
   * irq_suspend_timeout 0 the same as 5.7-6.12; gro_bitmask 0). Returns
   * the permission to unmask.
   */
  completeDone(workDone: number): boolean {
    if (this.inBusyPoll) {
      this.record(NapiEvent.KEEP_MASKED, KeepMasked.BUSY_POLL);
      return false;
    }
    const s = this.settings;
    let timeout = 0;
    let suspend = false;
    let ret = true;
    if (workDone > 0) this.deferHardIrqsCount = s.napi_defer_hard_irqs;
    if (this.preferBusyPoll) {
      timeout = s.irq_suspend_timeout;
      if (timeout > 0) {
        ret = false;
        suspend = true;
      }
    }
    if (ret && this.deferHardIrqsCount > 0) {
      this.deferHardIrqsCount--;
      timeout = s.gro_flush_timeout;
      if (timeout > 0) ret = false;
    }
    const missed = this.missed;
    this.pollEnds();
    // The cmpxchg loop: clear MISSED, SCHED and PREFER_BUSY_POLL; MISSED leaves SCHED set.
    this.missed = false;
    this.preferBusyPoll = false;
    this.sched = missed;
    if (missed) {
      this.record(NapiEvent.KEEP_MASKED, KeepMasked.MISSED);
      this.raise(PollOrigin.MISSED);
      return false;
    }
    if (timeout > 0) this.startTimer(timeout, suspend);
    if (!ret) this.record(NapiEvent.KEEP_MASKED, suspend ? KeepMasked.SUSPEND : KeepMasked.DEFER);
    return ret;
  }

  /** Linux 3.5's napi_complete (no return value; the driver unmasks regardless): clear SCHED. */
  complete(): void {
    this.pollEnds();
    this.sched = false;
  }

  /** hrtimer_start(&n->timer, timeout): (re)arm; a later start replaces an earlier one. */
  startTimer(timeoutNs: number, isSuspend: boolean): void {
    if (this.traced) this.ctx.record(this.timerExpiresNs >= 0 ? TraceKind.TIMER_RESTART : TraceKind.TIMER_START, TimerId.NAPI, this.ctx.now + timeoutNs);
    this.timerStartNs = this.ctx.now;
    this.timerExpiresNs = this.ctx.now + timeoutNs;
    this.timerIsSuspend = isSuspend;
    this.ctx.schedule(this.timerExpiresNs, Ev.NAPI_TIMER, ++this.timerGeneration);
    this.record(NapiEvent.TIMER_ARM, timeoutNs);
  }

  /** The timer event of this generation is the armed timer's (a restart makes older events stale). */
  isArmed(generation: number): boolean {
    return generation === this.timerGeneration && this.timerExpiresNs >= 0;
  }

  /**
   * The hrtimer's event. napi_watchdog: take SCHED without setting MISSED
   * (not a device IRQ); if taken, clear PREFER_BUSY_POLL and raise the
   * softirq poll.
   */
  timerFired(generation: number): boolean {
    if (!this.isArmed(generation)) return false;
    if (this.traced) this.ctx.record(TraceKind.TIMER_FIRE, TimerId.NAPI, 0);
    this.timerExpiresNs = -1;
    this.timerStartNs = -1;
    this.timerIsSuspend = false;
    const took = !this.sched;
    if (took) {
      this.sched = true;
      this.preferBusyPoll = false;
      this.raise(PollOrigin.TIMER);
    }
    this.record(NapiEvent.TIMER_FIRE, took ? 1 : 0);
    return true;
  }

  /**
   * napi_busy_loop's attempt to own the instance: if it is disabled,
   * scheduled or busy-polled already, it cannot (and with prefer set, it
   * sets PREFER_BUSY_POLL so the softirq yields); otherwise it takes
   * SCHED | IN_BUSY_POLL.
   */
  busyPollTake(prefer: boolean): boolean {
    if (this.sched || this.inBusyPoll) {
      if (prefer) this.preferBusyPoll = true;
      return false;
    }
    this.sched = true;
    this.inBusyPoll = true;
    this.record(NapiEvent.BUSY_POLL_START, prefer ? 1 : 0);
    return true;
  }

  /**
   * busy_poll_stop, before its last napi->poll: clear MISSED and
   * IN_BUSY_POLL; with prefer (6.13): the timeout is irq_suspend_timeout,
   * or, if that is 0, the deferral count is reset and the timeout is
   * gro_flush_timeout when the count is above 0 (5.11-6.12: both needed);
   * a timeout arms the hrtimer and skips the softirq. Returns skip_schedule.
   */
  busyPollStop(prefer: boolean): boolean {
    this.missed = false;
    this.inBusyPoll = false;
    this.record(NapiEvent.BUSY_POLL_STOP, prefer ? 1 : 0);
    if (!prefer) return false;
    const s = this.settings;
    let timeout = s.irq_suspend_timeout;
    const suspend = timeout > 0;
    if (!suspend) {
      this.deferHardIrqsCount = s.napi_defer_hard_irqs;
      if (this.deferHardIrqsCount > 0) timeout = s.gro_flush_timeout;
    }
    if (timeout > 0) {
      this.startTimer(timeout, suspend);
      return true;
    }
    return false;
  }

  /**
   * __busy_poll_stop, when the last poll used its whole budget (the driver
   * did not complete): without a timer, raise the softirq (SCHED stays);
   * with one, clear SCHED and leave the interrupt masked.
   */
  busyPollStopFullBudget(skipSchedule: boolean): void {
    this.pollEnds();
    if (!skipSchedule) {
      this.raise(PollOrigin.BUSY_POLL_STOP);
      return;
    }
    this.sched = false;
  }

  /** napi_suspend_irqs (v6.13): arm the hrtimer with irq_suspend_timeout, if set. */
  suspendIrqs(): void {
    const t = this.settings.irq_suspend_timeout;
    if (t > 0) {
      this.record(NapiEvent.SUSPEND, t);
      this.startTimer(t, true);
    }
  }

  /** napi_resume_irqs (v6.13): if irq_suspend_timeout is set, napi_schedule (the softirq poll ends in the normal unmask rules). */
  resumeIrqs(): void {
    if (this.settings.irq_suspend_timeout > 0) {
      this.record(NapiEvent.RESUME, 0);
      this.schedule(PollOrigin.RESUME);
    }
  }

  state(): NapiState {
    return {
      sched: this.sched,
      missed: this.missed,
      inBusyPoll: this.inBusyPoll,
      preferBusyPoll: this.preferBusyPoll,
      deferHardIrqsCount: this.deferHardIrqsCount,
      timerExpiresNs: this.timerExpiresNs,
      timerStartNs: this.timerStartNs,
      timerIsSuspend: this.timerIsSuspend,
      pollsRunning: this.pollsRunning,
    };
  }
}

/** Who holds the device's interrupt masked now, as the ICR/mask panel says it. */
export type MaskHolder = 'none' | 'isr' | 'busy-poll' | 'kernel-deferral' | 'kernel-suspension';

/**
 * Who keeps IMS at 0: the driver's ISR (e1000_intr's IMC, until its poll
 * completes and napi_complete_done allows the unmask), the application's
 * busy poll (IN_BUSY_POLL: napi_complete_done refuses), or the kernel with
 * no poll running and its hrtimer armed (deferral: gro_flush_timeout;
 * suspension: irq_suspend_timeout). Anything else is the driver's: its
 * ISR wrote IMC (before it schedules NAPI, or while its poll runs).
 */
export function maskHolder(imsZero: boolean, s: NapiState | undefined): MaskHolder {
  if (!imsZero) return 'none';
  if (s === undefined) return 'isr';
  if (s.inBusyPoll) return 'busy-poll';
  if (!s.sched && s.timerExpiresNs >= 0) return s.timerIsSuspend ? 'kernel-suspension' : 'kernel-deferral';
  return 'isr';
}

/**
 * The guest kernel's software mitigation is in play (a NAPI knob set, or
 * the server application): its trace records are kept and the timeline
 * shows its lanes. Off for every older scenario, so their traces stay as
 * they were.
 */
export function napiTraced(guest: { napi?: NapiSettings; server?: unknown }): boolean {
  const n = guest.napi;
  return guest.server !== undefined || (n !== undefined && (n.napi_defer_hard_irqs > 0 || n.gro_flush_timeout > 0 || n.irq_suspend_timeout > 0));
}
