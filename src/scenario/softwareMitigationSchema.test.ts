/** guest.kernel "6.13", guest.napi and guest.server (additions to contract v1): defaults leave old scenarios as they were; bad values get one line naming field, value and range. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from './schema';

const linux = (guest: Record<string, unknown>) => ({ v: 1, guest: { driver: 'linux-e1000', ...guest } });
const errorOf = (input: unknown) => {
  const r = parseScenario(input);
  return r.ok ? 'ok' : r.error;
};

describe('software mitigation fields', () => {
  it('absent: the normalized guest has no napi or server, and the kernel stays 6.1', () => {
    const r = parseScenario(linux({}));
    expect(r.ok && r.value.guest).toEqual({ driver: 'linux-e1000', costs: 'kvm-2012', params: {}, kernel: '6.1' });
  });

  it('present: defaults are filled (busy_poll_budget 8 = BUSY_POLL_BUDGET, wait epoll)', () => {
    const r = parseScenario(linux({ kernel: '6.13', napi: { napi_defer_hard_irqs: 100 }, server: {} }));
    expect(r.ok && r.value.guest.napi).toEqual({ napi_defer_hard_irqs: 100, gro_flush_timeout: 0, irq_suspend_timeout: 0 });
    expect(r.ok && r.value.guest.server).toEqual({ wait: 'epoll', serviceUs: 2, syscallUs: 0.5, replyBytes: 64, busy_poll_usecs: 0, busy_poll_budget: 8, prefer_busy_poll: false });
  });

  it.each([
    [linux({ napi: { gro_flush_timeout: -1 } }), 'guest.napi.gro_flush_timeout: -1 is out of range (integer 0..10000000000 ns)'],
    [linux({ napi: { napi_defer_hard_irqs: 1.5 } }), 'guest.napi.napi_defer_hard_irqs: 1.5 is not an integer (integer 0..2147483647 (S32_MAX, as sysfs takes it))'],
    [linux({ server: { busy_poll_budget: 0 } }), 'guest.server.busy_poll_budget: 0 is out of range (integer 1..65535 frames per busy-poll call)'],
    [linux({ server: { wait: 'select' } }), 'guest.server.wait: "select" is not allowed (one of "epoll", "recvmsg")'],
    [linux({ server: { prefer_busy_poll: 1 } }), 'guest.server.prefer_busy_poll: 1 is not allowed (true or false)'],
    [{ v: 1, guest: { driver: 'freebsd-lem', napi: {} } }, 'guest.napi: unknown field (allowed: driver, costs, params)'],
    [
      linux({ kernel: '3.5', napi: { napi_defer_hard_irqs: 10 } }),
      'guest.napi.napi_defer_hard_irqs: 10 needs napi_defer_hard_irqs (Linux 5.7, 6f8b12d661d0), which Linux 3.5 does not have (pick guest.kernel "6.1" or later)',
    ],
    [
      linux({ napi: { irq_suspend_timeout: 20000000 } }),
      'guest.napi.irq_suspend_timeout: 20000000 needs irq_suspend_timeout (Linux 6.13), which Linux 6.1 does not have (pick guest.kernel "6.13" or later)',
    ],
    [
      { v: 1, guest: { driver: 'linux-e1000', server: {} }, traffic: { tx: { pattern: 'saturate' } } },
      'traffic.tx.pattern: must be "none" with guest.server: the server application is the guest\'s application, and its replies are the TX traffic',
    ],
  ])('%j -> %s', (input, error) => {
    expect(errorOf(input)).toBe(error);
  });
});
