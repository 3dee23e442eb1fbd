/**
 * The software-mitigation rules end to end, on the Linux e1000 guest with
 * bare-metal costs (exit 300 ns, injection 500 ns, poll 300 ns, RX frame
 * 800 ns + 64 B x 0.1 ns = 806 ns), ITR and every delay 0, so the device
 * interrupts at once. Instants are relative to the interrupt and worked
 * out by hand:
 *   ISR: injection 500, read ICR 300, IMC 300, read STATUS 300 -> poll at 1,400
 *   poll: 300 -> 1,700; RX frame 806 -> 2,506; RDT write 300 -> 2,806 (napi_complete_done)
 *   then IMS at 2,806 (and STATUS 3,106) when the kernel allows the unmask.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../simulation';
import { testScenario } from '../../testScenario';
import { TraceKind } from '../../types';
import { REG_INDEX } from '../../registers';
import type { LinuxKernel } from '../../scenario';
import { NAPI_DEFAULTS, NapiEvent, PollOrigin, type NapiSettings } from './napi';
import { SERVER_DEFAULTS, type ServerSpec } from '../apps/udpServer';

const E1000_PARAMS = { InterruptThrottleRate: 0, RxIntDelay: 0, RxAbsIntDelay: 0, TxIntDelay: 0, TxAbsIntDelay: 0 };

function run(kernel: LinuxKernel, napi: Partial<NapiSettings>, atUs: number[], durationUs = 200, server?: Partial<ServerSpec>) {
  const s = testScenario({
    durationUs,
    guest: {
      driver: 'linux-e1000',
      costs: 'bare-metal',
      kernel,
      params: E1000_PARAMS,
      napi: { ...NAPI_DEFAULTS, ...napi },
      ...(server ? { server: { ...SERVER_DEFAULTS, ...server } } : {}),
    },
    rx: { pattern: 'list', atUs, bytes: 64 },
  });
  const sim = new Simulation(s);
  sim.advanceTo(durationUs * 1000);
  const records = sim.trace.records();
  const irq = sim.interrupts()[0]?.tNs ?? 0;
  const imsWrites = records.filter((r) => r.kind === TraceKind.MMIO_WRITE && r.a === REG_INDEX.IMS && r.tNs > 0).map((r) => r.tNs - irq);
  const napiEvents = records.filter((r) => r.kind === TraceKind.NAPI).map((r) => ({ t: r.tNs - irq, event: r.a, detail: r.b }));
  return { sim, records, irq, imsWrites, napiEvents };
}

describe('who turns the interrupt back on (Linux e1000, NAPI)', () => {
  it('baseline 6.1: the poll completes at 2,806 ns after the interrupt and unmasks there', () => {
    const { imsWrites } = run('6.1', {}, [10]);
    expect(imsWrites).toEqual([2806]);
  });

  it('6.1 with napi_defer_hard_irqs 1 and gro_flush_timeout 20 us: no unmask at 2,806; the timer fires at 22,806, its interrupt (500) and an empty poll (300) unmask at 23,606', () => {
    const { imsWrites, napiEvents } = run('6.1', { napi_defer_hard_irqs: 1, gro_flush_timeout: 20_000 }, [10]);
    expect(imsWrites).toEqual([23_606]);
    expect(napiEvents).toContainEqual({ t: 2806, event: NapiEvent.TIMER_ARM, detail: 20_000 });
    expect(napiEvents).toContainEqual({ t: 22_806, event: NapiEvent.TIMER_FIRE, detail: 1 });
    expect(napiEvents).toContainEqual({ t: 23_306, event: NapiEvent.POLL, detail: PollOrigin.TIMER });
  });

  it('defer 3: three polls one timeout apart, the last unmasks (3 x 20 us + 3 x 800 ns after 2,806 = 65,206)', () => {
    // completion with work: 3 -> 2 (timer); empty poll: 2 -> 1; empty: 1 -> 0; empty: 0 -> unmask.
    const { imsWrites, napiEvents } = run('6.1', { napi_defer_hard_irqs: 3, gro_flush_timeout: 20_000 }, [10]);
    expect(napiEvents.filter((e) => e.event === NapiEvent.TIMER_FIRE).map((e) => e.t)).toEqual([22_806, 43_606, 64_406]);
    expect(imsWrites).toEqual([65_206]);
  });

  it('Linux 3.5 e1000_clean ignores the completion (napi_complete, then e1000_irq_enable): a deferral knob shows no effect there', () => {
    // 3.5 has no napi_defer_hard_irqs (the schema rejects it); forced in, the driver still unmasks at 2,806.
    const { imsWrites } = run('3.5', { napi_defer_hard_irqs: 1, gro_flush_timeout: 20_000 }, [10]);
    expect(imsWrites).toEqual([2806]);
  });

  it('6.13 with every knob 0 behaves as 6.1 (same instants)', () => {
    expect(run('6.13', {}, [10]).imsWrites).toEqual([2806]);
  });

  it('a frame that arrives during the deferral is taken by the timer poll, without an interrupt of its own', () => {
    // The second frame arrives 15 us after the first (line masked); the flush-timer poll at 22,806 + 500 takes it:
    // poll 300 -> 23,606; frame 806 -> 24,412 (taken when its step ends). It did work, so the count is reset and the
    // timer armed again; only the next empty poll unmasks. Its RXT0 stayed latched in ICR, so that unmask asserts the line.
    const r = run('6.1', { napi_defer_hard_irqs: 1, gro_flush_timeout: 20_000 }, [10, 25]);
    const taken = r.records.filter((x) => x.kind === TraceKind.RX_TAKEN).map((x) => x.tNs - r.irq);
    expect(taken).toEqual([2506, 24_412]);
    const firstUnmask = r.imsWrites[0];
    expect(firstUnmask).toBeGreaterThan(24_412);
    expect(r.sim.interrupts().length).toBe(2);
    expect(r.sim.interrupts()[1].tNs - r.irq).toBe(firstUnmask);
  });
});

describe('the server application with busy polling and IRQ suspension', () => {
  it('one request, recvmsg, no busy poll: its latency is the interrupt path, the wake-up, the work and the reply, worked out by hand', () => {
    // Interrupt at 10 us; the poll takes the frame at +2,506 (socket delivery wakes the server) and ends at +3,406
    // (RDT, IMS, STATUS: 300 each). The server: recvmsg 500 -> +3,906, service 2,000 -> +5,906, the reply's stack
    // work 1,000 + 64 x 0.1 = 1,006 -> +6,912, its TDT write 300 -> +7,212: arrival (10 us) to reply = 7.212 us.
    const r = run('6.13', {}, [10], 100, { wait: 'recvmsg', serviceUs: 2, syscallUs: 0.5 });
    const m = r.sim.metrics().server!;
    expect(m.replies).toBe(1);
    expect(m.latencyUs.max).toBe(7.212);
  });

  it('recvmsg with SO_BUSY_POLL: a request that arrives while the server busy-polls is taken by the busy poll', () => {
    const r = run('6.1', {}, [10, 30], 100, { wait: 'recvmsg', busy_poll_usecs: 50, serviceUs: 1 });
    // The second request's RX_TAKEN comes after a POLL record of origin BUSY_POLL and before any other poll.
    const taken = r.records.filter((x) => x.kind === TraceKind.RX_TAKEN);
    expect(taken.length).toBe(2);
    const pollsBefore = r.records.filter((x) => x.kind === TraceKind.NAPI && x.a === NapiEvent.POLL && x.tNs <= taken[1].tNs);
    expect(pollsBefore.at(-1)!.b).toBe(PollOrigin.BUSY_POLL);
    expect(r.sim.metrics().server!.replies).toBe(2);
  });

  it('epoll with prefer_busy_poll and irq_suspend_timeout (6.13): epoll_wait that returns events suspends interrupts for the suspend timeout', () => {
    const r = run('6.13', { napi_defer_hard_irqs: 2, gro_flush_timeout: 10_000, irq_suspend_timeout: 1_000_000 }, [10, 14, 18], 200, { wait: 'epoll', prefer_busy_poll: true, busy_poll_budget: 64, serviceUs: 5 });
    const suspends = r.napiEvents.filter((e) => e.event === NapiEvent.SUSPEND);
    expect(suspends.length).toBeGreaterThan(0);
    expect(suspends[0].detail).toBe(1_000_000);
    // Requests 2 and 3 arrive while the server works on request 1 (5 us each): they are taken by its busy poll, not by an
    // interrupt. Only when the server finds no more events and sleeps (napi_resume_irqs) does a poll unmask again.
    const lastTaken = r.records.filter((x) => x.kind === TraceKind.RX_TAKEN).at(-1)!.tNs;
    expect(r.sim.interrupts().filter((i) => i.tNs <= lastTaken).length).toBe(1);
    const polls = r.records.filter((x) => x.kind === TraceKind.NAPI && x.a === NapiEvent.POLL && x.tNs <= lastTaken).map((x) => x.b);
    expect(polls).toEqual([PollOrigin.HARD_IRQ, PollOrigin.BUSY_POLL]);
    expect(r.napiEvents.some((e) => e.event === NapiEvent.RESUME)).toBe(true);
    expect(r.sim.metrics().server!.replies).toBe(3);
  });

  it('without prefer (plain busy poll) the interrupt stays on: the ISR re-enables it while the busy poll owns NAPI (MISSED)', () => {
    const r = run('6.1', {}, [10, 14, 18], 200, { wait: 'recvmsg', busy_poll_usecs: 100, serviceUs: 5 });
    expect(r.sim.interrupts().length).toBeGreaterThan(1);
  });
});
