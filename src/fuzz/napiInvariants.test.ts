/**
 * The fuzzer's NAPI invariants catch what they are for: a healthy deferral
 * run passes; a kernel whose hrtimer forgets to poll (a mutant of
 * napi_watchdog) leaves the interrupt masked with nobody to lift it, and the
 * checker says so; a server run keeps every request accounted for.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../core/simulation';
import { testScenario } from '../core/testScenario';
import { NAPI_DEFAULTS } from '../core/guest/kernel/napi';
import { SERVER_DEFAULTS } from '../core/guest/apps/udpServer';
import { FUZZ_TRACE_CAPACITY, InvariantChecker } from './invariants';

const E1000 = { InterruptThrottleRate: 0, RxIntDelay: 0, RxAbsIntDelay: 0, TxIntDelay: 0, TxAbsIntDelay: 0 };

function deferral(withServer = false) {
  return new Simulation(
    testScenario({
      durationUs: 300,
      guest: {
        driver: 'linux-e1000',
        costs: 'bare-metal',
        kernel: '6.13',
        params: E1000,
        napi: { ...NAPI_DEFAULTS, napi_defer_hard_irqs: 2, gro_flush_timeout: 20_000, irq_suspend_timeout: withServer ? 1_000_000 : 0 },
        ...(withServer ? { server: { ...SERVER_DEFAULTS, prefer_busy_poll: true, busy_poll_budget: 16 } } : {}),
      },
      rx: { pattern: 'poisson', pps: 200_000, bytes: 64, startUs: 0 },
    }),
    { traceCapacity: FUZZ_TRACE_CAPACITY },
  );
}

describe('NAPI invariants', () => {
  it('a deferral run and a suspension server run keep every invariant', () => {
    for (const sim of [deferral(), deferral(true)]) {
      const checker = new InvariantChecker(sim);
      expect(() => checker.advance(300_000, 'run')).not.toThrow();
    }
  });

  it('a napi_watchdog that forgets to poll strands the mask: reported', () => {
    const sim = deferral();
    const napi = sim.vcpuDriverNapi()!;
    napi.timerFired = () => {
      napi.timerExpiresNs = -1; // the timer ran out, but no softirq poll is raised
      return true;
    };
    const checker = new InvariantChecker(sim);
    expect(() => checker.advance(300_000, 'run')).toThrow(/interrupts left masked .* nobody will unmask/);
  });
});
