/**
 * Content: the IRQ-suspension series' benchmark cases
 * (<20241103052421.518856-1-jdamato@fastly.com>, "Suspend IRQs during
 * application busy periods", v5; the cases as its benchmark script sets
 * them: gro_flush_timeout, napi_defer_hard_irqs, irq_suspend_timeout, and
 * memcached's busy_poll_usecs / busy_poll_budget / prefer_busy_poll) on the
 * lab's Linux 6.13 e1000 guest with a UDP request/response server, at a
 * low and a high request rate. docs/software-mitigation.md compares them
 * with the series' table.
 */
import { LINUX_E1000_DEFAULTS, type NapiSettings, type ServerSpec } from '../core';

export type MitigationCase = 'base' | 'defer10' | 'defer20' | 'napibusy' | 'suspend10' | 'fullbusy';

/** Each case's guest.napi and guest.server busy-poll settings, as the series' script sets them. */
export const MITIGATION_CASES: Record<MitigationCase, { title: string; napi: Partial<NapiSettings>; busy: Partial<ServerSpec> }> = {
  base: { title: 'base: no software mitigation', napi: {}, busy: {} },
  defer10: { title: 'defer10: napi_defer_hard_irqs 100, gro_flush_timeout 10 µs', napi: { napi_defer_hard_irqs: 100, gro_flush_timeout: 10_000 }, busy: {} },
  defer20: { title: 'defer20: napi_defer_hard_irqs 100, gro_flush_timeout 20 µs', napi: { napi_defer_hard_irqs: 100, gro_flush_timeout: 20_000 }, busy: {} },
  napibusy: {
    title: 'prefer-busy-poll: defer 100, 200 µs, epoll busy poll 64 µs, budget 64, preferred',
    napi: { napi_defer_hard_irqs: 100, gro_flush_timeout: 200_000 },
    busy: { busy_poll_usecs: 64, busy_poll_budget: 64, prefer_busy_poll: true },
  },
  suspend10: {
    title: 'suspend10: defer 100, 10 µs, irq_suspend_timeout 20 ms, preferred busy poll (0 µs, budget 64)',
    napi: { napi_defer_hard_irqs: 100, gro_flush_timeout: 10_000, irq_suspend_timeout: 20_000_000 },
    busy: { busy_poll_usecs: 0, busy_poll_budget: 64, prefer_busy_poll: true },
  },
  fullbusy: {
    title: 'fullbusy: defer 100, 5 ms, epoll busy poll 1,000 µs, budget 64, preferred',
    napi: { napi_defer_hard_irqs: 100, gro_flush_timeout: 5_000_000 },
    busy: { busy_poll_usecs: 1000, busy_poll_budget: 64, prefer_busy_poll: true },
  },
};

/**
 * The two loads, requests/s (Poisson), as fractions of the base case's
 * maximum in the model (about 248 K/s): low 16 % (the series' 200 K of its
 * base's 1,006 K is 20 %), high 80 % (its 800 K).
 */
export const SERVER_LOADS = { low: 40_000, high: 200_000 } as const;
export type ServerLoad = keyof typeof SERVER_LOADS;

/** Service time per request (a small memcached GET), µs. */
export const SERVER_SERVICE_US = 1;

/** The server scenario of one case at one load (the JSON shape; presets validate it). */
export function serverScenario(c: MitigationCase, load: ServerLoad, durationUs = 20_000) {
  const { napi, busy } = MITIGATION_CASES[c];
  return {
    durationUs,
    device: { model: '8254x' },
    guest: {
      driver: 'linux-e1000',
      kernel: '6.13',
      costs: 'bare-metal',
      params: { ...LINUX_E1000_DEFAULTS },
      napi,
      server: { wait: 'epoll', serviceUs: SERVER_SERVICE_US, ...busy },
    },
    traffic: { rx: { pattern: 'poisson', pps: SERVER_LOADS[load], bytes: 64 } },
  } as const;
}

export const MITIGATION_CASE_IDS = Object.keys(MITIGATION_CASES) as MitigationCase[];
