/**
 * The kernel lane's marks say who turned the interrupt back on, read from a
 * real run's trace (instants as in core/guest/kernel/softwareMitigation.test.ts:
 * bare-metal costs, e1000 ITR and delays 0, the poll completes 2,806 ns
 * after the interrupt).
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../core/simulation';
import { testScenario } from '../../core/testScenario';
import { TraceWindow } from '../../state/traceWindow';
import { NAPI_DEFAULTS, maskHolder, type NapiSettings } from '../../core/guest/kernel/napi';
import { SERVER_DEFAULTS, type ServerSpec } from '../../core/guest/apps/udpServer';
import { rearmMarks } from './rearmMarks';
import { describeAt } from './traceHover';
import { timelineLanes } from './lanes';

function windowOf(napi: Partial<NapiSettings>, atUs: number[], server?: Partial<ServerSpec>, untilNs = 200_000) {
  const s = testScenario({
    durationUs: untilNs / 1000,
    guest: {
      driver: 'linux-e1000',
      costs: 'bare-metal',
      kernel: '6.13',
      params: { InterruptThrottleRate: 0, RxIntDelay: 0, RxAbsIntDelay: 0, TxIntDelay: 0, TxAbsIntDelay: 0 },
      napi: { ...NAPI_DEFAULTS, ...napi },
      ...(server ? { server: { ...SERVER_DEFAULTS, ...server } } : {}),
    },
    rx: { pattern: 'list', atUs, bytes: 64 },
  });
  const sim = new Simulation(s);
  sim.advanceTo(untilNs);
  const r = sim.trace.records();
  const tw = new TraceWindow();
  tw.append({ first: 0, tNs: Float64Array.from(r, (x) => x.tNs), kind: Uint8Array.from(r, (x) => x.kind), a: Float64Array.from(r, (x) => x.a), b: Float64Array.from(r, (x) => x.b) });
  return { sim, tw, irq: sim.interrupts()[0].tNs };
}

describe('who re-armed the interrupt (kernel lane)', () => {
  it('deferral: a refusal at 2,806 ns after the interrupt, then the flush timer poll re-arms at 23,606 (T)', () => {
    const { tw, irq } = windowOf({ napi_defer_hard_irqs: 1, gro_flush_timeout: 20_000 }, [10]);
    const marks = rearmMarks(tw, 0, 200_000).map((m) => ({ t: m.tNs - irq, who: m.who }));
    expect(marks).toEqual([
      { t: 2806, who: 'kept-masked' },
      { t: 23_606, who: 'timer' },
    ]);
  });

  it('the hover over the re-arm names the rule (napi_watchdog, napi_complete_done)', () => {
    const { tw, irq } = windowOf({ napi_defer_hard_irqs: 1, gro_flush_timeout: 20_000 }, [10]);
    const lane = timelineLanes('8254x', false, true).find((l) => l.kind === 'kernel')!;
    const text = describeAt(tw, lane, irq + 23_606, 10, 200_000);
    expect(text).toContain("Re-armed by the flush timer's poll");
    expect(text).toContain('napi_watchdog');
  });

  it('the NAPI hrtimer has its own lane, after the model timers, only with the kernel lanes on', () => {
    expect(timelineLanes('8254x', false, false).some((l) => l.kind === 'kernel' || l.label === 'NAPI hrtimer')).toBe(false);
    const lanes = timelineLanes('8254x', false, true);
    expect(lanes.filter((l) => l.label === 'NAPI hrtimer').length).toBe(1);
    const { tw } = windowOf({ napi_defer_hard_irqs: 1, gro_flush_timeout: 20_000 }, [10]);
    const id = lanes.find((l) => l.label === 'NAPI hrtimer')!.timerId!;
    expect(tw.timerSpans[id].length).toBe(1); // armed at 2,806, fired 20 us later
  });

  it('IRQ suspension: ⏸ when epoll_wait returns events, the busy poll takes the next requests, ▶ when it finds none', () => {
    const { tw } = windowOf({ napi_defer_hard_irqs: 2, gro_flush_timeout: 10_000, irq_suspend_timeout: 1_000_000 }, [10, 14, 18], { prefer_busy_poll: true, busy_poll_budget: 64, serviceUs: 5 });
    const whos = rearmMarks(tw, 0, 200_000).map((m) => m.who);
    expect(whos.indexOf('suspend-on')).toBeGreaterThanOrEqual(0);
    expect(whos.indexOf('suspend-off')).toBeGreaterThan(whos.indexOf('suspend-on'));
    // The first re-arm after suspension ends is the poll napi_resume_irqs scheduled, or the flush timer's after it.
    const firstRearm = whos.find((w, i) => i > whos.indexOf('suspend-off') && ['resume', 'timer', 'busy-poll', 'hard-irq'].includes(w));
    expect(firstRearm).toBeDefined();
  });
});

describe('who holds the mask (ICR panel)', () => {
  const base = { sched: false, missed: false, inBusyPoll: false, preferBusyPoll: false, deferHardIrqsCount: 0, timerExpiresNs: -1, timerStartNs: -1, timerIsSuspend: false, pollsRunning: 0 };
  it.each([
    [false, base, 'none'],
    [true, { ...base, sched: true, pollsRunning: 1 }, 'isr'],
    [true, { ...base, sched: true, inBusyPoll: true }, 'busy-poll'],
    [true, { ...base, timerExpiresNs: 5000 }, 'kernel-deferral'],
    [true, { ...base, timerExpiresNs: 5000, timerIsSuspend: true }, 'kernel-suspension'],
    [true, base, 'isr'], // the ISR's IMC before it schedules NAPI
    [true, { ...base, sched: true, timerExpiresNs: 5000 }, 'isr'], // a poll runs: the timer no longer holds it
  ] as const)('IMS 0: %s, %j -> %s', (imsZero, state, holder) => {
    expect(maskHolder(imsZero, state)).toBe(holder);
  });
});
