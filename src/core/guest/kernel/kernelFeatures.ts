/**
 * Which Linux generation has which software-mitigation knob, from the
 * commits that added them. A scenario that sets a knob its kernel does not
 * have is rejected (the scenario schema reads `kernelRejects`), with the
 * reason in the message: a knob the guest does not have can show no effect.
 *
 * - gro_flush_timeout: v3.19 (3b47d30396ba, "net: gro: add a per device gro flush timer")
 * - napi_defer_hard_irqs: v5.7 (6f8b12d661d0, "net: napi: add hard irqs deferral feature")
 * - SO_BUSY_POLL / net.core.busy_read: v3.11; epoll busy polling (net.core.busy_poll): v4.12 (bf3b9f6372c4)
 * - SO_PREFER_BUSY_POLL, SO_BUSY_POLL_BUDGET: v5.11 (7fd3253a7de6, 7c951cafc0cb)
 * - EPIOCSPARAMS (busy_poll_usecs, busy_poll_budget, prefer_busy_poll per epoll): v6.9 (18e2bf0edf4d);
 *   before it epoll busy-polls with net.core.busy_poll, BUSY_POLL_BUDGET and prefer false (ep_busy_loop)
 * - irq_suspend_timeout, epoll's prefer-only busy poll: v6.13 (the IRQ-suspension series)
 * bf3b9f6372c4 and 7c951cafc0cb are recalled, not read (docs/software-mitigation.md marks them [r]).
 */
import type { NapiSettings } from './napi';
import type { ServerSpec } from '../apps/udpServer';
import { BUSY_POLL_BUDGET } from './busyPoll';

/** A kernel's release as [major, minor]. */
function release(kernel: string): [number, number] {
  const [a, b] = kernel.split('.').map(Number);
  return [a, b];
}
const atLeast = (kernel: string, major: number, minor: number): boolean => {
  const [a, b] = release(kernel);
  return a > major || (a === major && b >= minor);
};

/** A rejected knob: the field's path under `guest` and the message's text. */
export interface KernelRejection {
  path: readonly string[];
  value: unknown;
  message: string;
}

/** The first knob the kernel does not have, or null. */
export function kernelRejects(kernel: string, napi: Partial<NapiSettings> | undefined, server: Partial<ServerSpec> | undefined): KernelRejection | null {
  const other = (since: string) => `pick guest.kernel "${since}" or later`;
  const knob = (path: string[], value: unknown, what: string, since: string, sinceVersion: [number, number]): KernelRejection | null =>
    atLeast(kernel, ...sinceVersion) ? null : { path, value, message: `${JSON.stringify(value)} needs ${what}, which Linux ${kernel} does not have (${other(since)})` };
  const checks: (() => KernelRejection | null)[] = [];
  if (napi?.gro_flush_timeout) checks.push(() => knob(['napi', 'gro_flush_timeout'], napi.gro_flush_timeout, 'gro_flush_timeout (Linux 3.19, 3b47d30396ba)', '6.1', [3, 19]));
  if (napi?.napi_defer_hard_irqs) checks.push(() => knob(['napi', 'napi_defer_hard_irqs'], napi.napi_defer_hard_irqs, 'napi_defer_hard_irqs (Linux 5.7, 6f8b12d661d0)', '6.1', [5, 7]));
  if (napi?.irq_suspend_timeout) checks.push(() => knob(['napi', 'irq_suspend_timeout'], napi.irq_suspend_timeout, 'irq_suspend_timeout (Linux 6.13)', '6.13', [6, 13]));
  if (server !== undefined) {
    const epoll = (server.wait ?? 'epoll') === 'epoll';
    if (server.busy_poll_usecs)
      checks.push(() =>
        epoll
          ? knob(['server', 'busy_poll_usecs'], server.busy_poll_usecs, 'epoll busy polling (Linux 4.12, bf3b9f6372c4)', '6.1', [4, 12])
          : knob(['server', 'busy_poll_usecs'], server.busy_poll_usecs, 'SO_BUSY_POLL (Linux 3.11)', '6.1', [3, 11]),
      );
    if (server.prefer_busy_poll)
      checks.push(() =>
        epoll
          ? knob(['server', 'prefer_busy_poll'], server.prefer_busy_poll, "EPIOCSPARAMS' prefer_busy_poll (Linux 6.9, 18e2bf0edf4d; before it epoll busy-polls without preference)", '6.13', [6, 9])
          : knob(['server', 'prefer_busy_poll'], server.prefer_busy_poll, 'SO_PREFER_BUSY_POLL (Linux 5.11, 7fd3253a7de6)', '6.1', [5, 11]),
      );
    if (server.busy_poll_budget !== undefined && server.busy_poll_budget !== BUSY_POLL_BUDGET)
      checks.push(() =>
        epoll
          ? knob(['server', 'busy_poll_budget'], server.busy_poll_budget, `EPIOCSPARAMS' busy_poll_budget (Linux 6.9; before it epoll polls with BUSY_POLL_BUDGET ${BUSY_POLL_BUDGET})`, '6.13', [6, 9])
          : knob(['server', 'busy_poll_budget'], server.busy_poll_budget, 'SO_BUSY_POLL_BUDGET (Linux 5.11, 7c951cafc0cb)', '6.1', [5, 11]),
      );
  }
  for (const c of checks) {
    const r = c();
    if (r !== null) return r;
  }
  return null;
}
