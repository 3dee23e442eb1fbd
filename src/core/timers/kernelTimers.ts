/**
 * The guest kernel's timer: the NAPI instance's hrtimer (net/core/dev.c
 * `napi->timer`, handler `napi_watchdog`), armed by napi_complete_done and
 * busy_poll_stop with `gro_flush_timeout` (deferral) or `irq_suspend_timeout`
 * (IRQ suspension, 6.13), and by napi_suspend_irqs. While it runs the kernel
 * keeps the device's interrupt masked; when it fires the kernel polls
 * (guest/kernel/napi.ts). It is a guest timer, not the device's: the NIC's
 * timer set keeps its slot idle, the NAPI instance runs it.
 */
import { defineTimer } from './descriptor';

export const NAPI_TIMER = defineTimer({
  key: 'NAPI',
  name: 'NAPI hrtimer (gro_flush_timeout / irq_suspend_timeout)',
  lane: 'NAPI hrtimer',
  panel: 'NAPI hrtimer (kernel)',
  phrase: "the kernel's NAPI hrtimer",
  value: () => 'guest.napi',
  tip: () =>
    "Linux's NAPI hrtimer (net/core/dev.c napi->timer): napi_complete_done arms it with gro_flush_timeout while napi_defer_hard_irqs counts down, " +
    'busy_poll_stop and napi_suspend_irqs with irq_suspend_timeout (6.13); the interrupt stays masked until it fires and napi_watchdog polls (no device interrupt).',
  story: (f) => `the kernel's NAPI hrtimer armed at ${f.startedAt} fired ${f.took} later (napi_watchdog polled)`,
  role: 'kernel',
  track: 'guest-vcpu',
});
