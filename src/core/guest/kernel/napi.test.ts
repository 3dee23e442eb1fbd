/**
 * One test per rule of the guest kernel's NAPI (kernel/napi.ts), each rule
 * as net/core/dev.c writes it, with instants worked out by hand on a bare
 * clock (no device, no vCPU).
 */
import { describe, expect, it } from 'vitest';
import { Ev, type SimContext } from '../../engine/events';
import { KeepMasked, Napi, NapiEvent, PollOrigin, type NapiSettings } from './napi';
import { busyLoopTimedOut } from './busyPoll';
import { kernelRejects } from './kernelFeatures';
import { TraceKind } from '../../types';

/** A clock, the events the instance schedules, and its trace. */
function fixture(settings: Partial<NapiSettings> = {}, missed = true) {
  const events: { tNs: number; kind: number; arg: number }[] = [];
  const trace: { tNs: number; a: number; b: number }[] = [];
  const raised: PollOrigin[] = [];
  const ctx = {
    now: 0,
    schedule: (tNs: number, kind: number, arg: number) => events.push({ tNs, kind, arg }),
    record: (kind: number, a: number, b: number) => {
      if (kind === TraceKind.NAPI) trace.push({ tNs: ctx.now, a, b });
    },
  } satisfies SimContext & { now: number };
  const napi: Napi = new Napi(ctx, { napi_defer_hard_irqs: 0, gro_flush_timeout: 0, irq_suspend_timeout: 0, ...settings }, { missed }, () => raised.push(napi.pendingOrigin), true);
  /** Run the hrtimer's last scheduled event, at its instant. */
  const fireTimer = () => {
    const e = events.filter((x) => x.kind === Ev.NAPI_TIMER).at(-1)!;
    ctx.now = e.tNs;
    return napi.timerFired(e.arg);
  };
  return { ctx, napi, events, trace, raised, fireTimer };
}

describe('NAPI_STATE_SCHED and MISSED (napi_schedule_prep, napi_complete_done)', () => {
  it('the ISR takes SCHED; a second prep while scheduled sets MISSED and fails (4.10+)', () => {
    const { napi } = fixture();
    expect(napi.schedulePrep()).toBe(true);
    expect(napi.sched).toBe(true);
    expect(napi.schedulePrep()).toBe(false);
    expect(napi.missed).toBe(true);
  });

  it('Linux 3.5 has no MISSED bit: the second prep just fails', () => {
    const { napi } = fixture({}, false);
    napi.schedulePrep();
    expect(napi.schedulePrep()).toBe(false);
    expect(napi.missed).toBe(false);
  });

  it('with every knob 0, napi_complete_done clears SCHED and allows the unmask, arming no timer', () => {
    const { napi, events } = fixture();
    napi.schedulePrep();
    expect(napi.completeDone(5)).toBe(true);
    expect(napi.sched).toBe(false);
    expect(events).toEqual([]);
  });

  it('MISSED: napi_complete_done keeps SCHED, reschedules the poll and refuses the unmask', () => {
    const { napi, raised } = fixture();
    napi.schedulePrep();
    napi.schedulePrep(); // an interrupt during the poll
    expect(napi.completeDone(3)).toBe(false);
    expect(napi.sched).toBe(true);
    expect(napi.missed).toBe(false);
    expect(raised).toEqual([PollOrigin.MISSED]);
  });

  it('IN_BUSY_POLL: napi_complete_done returns false at once and SCHED stays (the busy poller owns it)', () => {
    const { napi, trace } = fixture({ napi_defer_hard_irqs: 3, gro_flush_timeout: 1000 });
    expect(napi.busyPollTake(false)).toBe(true);
    expect(napi.completeDone(2)).toBe(false);
    expect(napi.sched).toBe(true);
    expect(napi.deferHardIrqsCount).toBe(0); // returned before the deferral count was touched
    expect(trace.at(-1)).toMatchObject({ a: NapiEvent.KEEP_MASKED, b: KeepMasked.BUSY_POLL });
  });
});

describe('napi_defer_hard_irqs + gro_flush_timeout (v5.7, 6f8b12d661d0)', () => {
  it('defer 2, timeout 20 us: a poll with work at t=1 us arms the timer for 21 us; empty polls at 21 and 41 us; the second one unmasks', () => {
    const { ctx, napi, raised, fireTimer } = fixture({ napi_defer_hard_irqs: 2, gro_flush_timeout: 20_000 });
    napi.schedulePrep();
    ctx.now = 1000;
    expect(napi.completeDone(5)).toBe(false); // count = 2, then 2 -> 1
    expect(napi.deferHardIrqsCount).toBe(1);
    expect(napi.timerExpiresNs).toBe(21_000);
    expect(napi.sched).toBe(false);
    expect(fireTimer()).toBe(true);
    expect(ctx.now).toBe(21_000);
    expect(raised).toEqual([PollOrigin.TIMER]); // napi_watchdog raised a softirq poll, no device interrupt
    expect(napi.completeDone(0)).toBe(false); // 1 -> 0, timer again
    expect(napi.timerExpiresNs).toBe(41_000);
    fireTimer();
    expect(napi.completeDone(0)).toBe(true); // count 0: the driver may unmask
    expect(napi.timerExpiresNs).toBe(-1);
  });

  it('work resets the count: each poll that received starts the deferral again', () => {
    const { ctx, napi, fireTimer } = fixture({ napi_defer_hard_irqs: 2, gro_flush_timeout: 10_000 });
    napi.schedulePrep();
    napi.completeDone(1); // 2 -> 1
    fireTimer();
    expect(napi.completeDone(4)).toBe(false); // reset to 2, then 1
    expect(napi.deferHardIrqsCount).toBe(1);
    expect(napi.timerExpiresNs).toBe(ctx.now + 10_000);
  });

  it('defer without a timeout only counts: the unmask is allowed and no timer is armed', () => {
    const { napi, events } = fixture({ napi_defer_hard_irqs: 5 });
    napi.schedulePrep();
    expect(napi.completeDone(3)).toBe(true);
    expect(napi.deferHardIrqsCount).toBe(4);
    expect(events).toEqual([]);
  });

  it('gro_flush_timeout alone holds nothing back here (gro_bitmask is 0 for UDP without UDP_GRO)', () => {
    const { napi, events } = fixture({ gro_flush_timeout: 50_000 });
    napi.schedulePrep();
    expect(napi.completeDone(8)).toBe(true);
    expect(events).toEqual([]);
  });

  it('napi_watchdog finds SCHED taken: it raises nothing (the poll that holds it will complete)', () => {
    const { napi, raised, fireTimer } = fixture({ napi_defer_hard_irqs: 1, gro_flush_timeout: 5000 });
    napi.schedulePrep();
    napi.completeDone(1);
    napi.schedulePrep(); // an interrupt came first (e.g. a console IMS write unmasked)
    fireTimer();
    expect(raised).toEqual([]);
  });

  it('hrtimer_start replaces an armed timer: only the last expiry fires', () => {
    const { ctx, napi, events } = fixture({ napi_defer_hard_irqs: 1, gro_flush_timeout: 5000 });
    napi.startTimer(5000, false);
    ctx.now = 1000;
    napi.startTimer(5000, false);
    expect(napi.timerFired(events[0].arg)).toBe(false);
    ctx.now = 6000;
    expect(napi.timerFired(events[1].arg)).toBe(true);
  });
});

describe('busy polling (napi_busy_loop, busy_poll_stop; prefer: v5.11, 7fd3253a7de6)', () => {
  it('a busy poll takes SCHED|IN_BUSY_POLL only when the instance is idle; with prefer it marks PREFER_BUSY_POLL otherwise', () => {
    const { napi } = fixture();
    napi.schedulePrep(); // the softirq owns it
    expect(napi.busyPollTake(true)).toBe(false);
    expect(napi.preferBusyPoll).toBe(true);
    napi.completeDone(1); // clears PREFER_BUSY_POLL with SCHED
    expect(napi.preferBusyPoll).toBe(false);
    expect(napi.busyPollTake(false)).toBe(true);
    expect(napi.inBusyPoll).toBe(true);
  });

  it('busy_poll_stop without prefer arms nothing; a full-budget last poll then raises the softirq', () => {
    const { napi, raised, events } = fixture({ napi_defer_hard_irqs: 2, gro_flush_timeout: 1000 });
    napi.busyPollTake(false);
    expect(napi.busyPollStop(false)).toBe(false);
    expect(napi.inBusyPoll).toBe(false);
    napi.busyPollStopFullBudget(false);
    expect(raised).toEqual([PollOrigin.BUSY_POLL_STOP]);
    expect(napi.sched).toBe(true);
    expect(events).toEqual([]);
  });

  it('busy_poll_stop with prefer, defer 3, timeout 10 us at t=5 us: count 3, timer at 15 us, softirq skipped, SCHED cleared, IRQ left masked', () => {
    const { ctx, napi, raised } = fixture({ napi_defer_hard_irqs: 3, gro_flush_timeout: 10_000 });
    napi.busyPollTake(true);
    ctx.now = 5000;
    expect(napi.busyPollStop(true)).toBe(true);
    expect(napi.deferHardIrqsCount).toBe(3);
    expect(napi.timerExpiresNs).toBe(15_000);
    napi.busyPollStopFullBudget(true);
    expect(napi.sched).toBe(false);
    expect(raised).toEqual([]);
  });

  it('busy_poll_stop with prefer but no timeout: nothing armed, the softirq is not skipped', () => {
    const { napi } = fixture({ napi_defer_hard_irqs: 3 });
    napi.busyPollTake(true);
    expect(napi.busyPollStop(true)).toBe(false);
  });

  it('busy_loop_current_time is local_clock() >> 10: the loop ends when strictly past start + usecs in 1,024 ns units', () => {
    expect(busyLoopTimedOut(0, 2047, 1)).toBe(false); // 1 > 0 + 1 is false
    expect(busyLoopTimedOut(0, 2048, 1)).toBe(true); // 2 > 1
    expect(busyLoopTimedOut(1000, 1023, 0)).toBe(false); // same 1,024 ns tick
    expect(busyLoopTimedOut(1000, 1024, 0)).toBe(true); // usecs 0: the next tick ends it
  });
});

describe('IRQ suspension (v6.13: napi_suspend_irqs, napi_resume_irqs, irq_suspend_timeout)', () => {
  it('napi_suspend_irqs at t=2 us with a 1 ms suspend timeout arms the timer for 1.002 ms', () => {
    const { ctx, napi } = fixture({ irq_suspend_timeout: 1_000_000 });
    ctx.now = 2000;
    napi.suspendIrqs();
    expect(napi.timerExpiresNs).toBe(1_002_000);
    expect(napi.timerIsSuspend).toBe(true);
  });

  it('with PREFER_BUSY_POLL set, napi_complete_done uses the suspend timeout and refuses the unmask, even with defer 0', () => {
    const { ctx, napi, trace } = fixture({ irq_suspend_timeout: 500_000 });
    napi.schedulePrep();
    napi.busyPollTake(true); // fails (scheduled) and sets PREFER_BUSY_POLL
    ctx.now = 7000;
    expect(napi.completeDone(2)).toBe(false);
    expect(napi.timerExpiresNs).toBe(507_000);
    expect(napi.preferBusyPoll).toBe(false);
    expect(trace.at(-1)).toMatchObject({ a: NapiEvent.KEEP_MASKED, b: KeepMasked.SUSPEND });
  });

  it('busy_poll_stop with prefer uses the suspend timeout before the flush timeout', () => {
    const { napi } = fixture({ napi_defer_hard_irqs: 2, gro_flush_timeout: 10_000, irq_suspend_timeout: 20_000_000 });
    napi.busyPollTake(true);
    expect(napi.busyPollStop(true)).toBe(true);
    expect(napi.timerExpiresNs).toBe(20_000_000);
    expect(napi.deferHardIrqsCount).toBe(0); // not reset: the suspend timeout took precedence
  });

  it('napi_resume_irqs schedules the poll (the normal rules then unmask); without a suspend timeout it does nothing', () => {
    const on = fixture({ irq_suspend_timeout: 1000 });
    on.napi.resumeIrqs();
    expect(on.raised).toEqual([PollOrigin.RESUME]);
    const off = fixture();
    off.napi.resumeIrqs();
    expect(off.raised).toEqual([]);
  });
});

describe('older kernels reject the knobs they do not have, saying which kernel has them', () => {
  it.each([
    ['3.5', { napi_defer_hard_irqs: 10 }, undefined, ['napi', 'napi_defer_hard_irqs'], 'Linux 5.7'],
    ['3.5', { gro_flush_timeout: 20000 }, undefined, ['napi', 'gro_flush_timeout'], 'Linux 3.19'],
    ['6.1', { irq_suspend_timeout: 1000 }, undefined, ['napi', 'irq_suspend_timeout'], 'Linux 6.13'],
    ['6.1', undefined, { wait: 'epoll' as const, prefer_busy_poll: true }, ['server', 'prefer_busy_poll'], 'Linux 6.9'],
    ['6.1', undefined, { wait: 'epoll' as const, busy_poll_budget: 64 }, ['server', 'busy_poll_budget'], 'Linux 6.9'],
    ['3.5', undefined, { wait: 'recvmsg' as const, busy_poll_usecs: 50 }, ['server', 'busy_poll_usecs'], 'Linux 3.11'],
  ])('Linux %s: %j %j', (kernel, napi, server, path, since) => {
    const r = kernelRejects(kernel, napi, server);
    expect(r?.path).toEqual(path);
    expect(r?.message).toContain(since);
    expect(r?.message).toContain(`Linux ${kernel} does not have`);
  });

  it('what the kernel has passes: 6.1 recvmsg with SO_PREFER_BUSY_POLL and a budget, 6.13 epoll with everything', () => {
    expect(kernelRejects('6.1', { napi_defer_hard_irqs: 10, gro_flush_timeout: 20000 }, { wait: 'recvmsg', prefer_busy_poll: true, busy_poll_budget: 64 })).toBeNull();
    expect(kernelRejects('6.13', { irq_suspend_timeout: 1e6 }, { wait: 'epoll', prefer_busy_poll: true, busy_poll_budget: 64, busy_poll_usecs: 10 })).toBeNull();
  });
});
