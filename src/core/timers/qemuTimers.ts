/**
 * The QEMU models' timers: qemu-2013's mitigation window (hw/net/e1000.c
 * `mit_timer`, armed in `set_interrupt_cause` for `mit_update_delay` 256 ns
 * units, device/models/qemu2013.ts), rizzo-2012's bottom half
 * (device/models/rizzo2012.ts), host-timer's hold-off
 * (device/models/hostTimer.ts), and QEMU's main loop waking to run a
 * window's callback (device/interruptLine.ts, host/hostModel.ts; the
 * wake-up is the cost profile's `timerWakeNs`).
 */
import { COSTS } from '../guest/costs';
import { defineTimer, type TimerTextContext } from './descriptor';

/** qemu-2013: the single mitigation window (mit_timer). */
export const MIT_TIMER = defineTimer({
  key: 'MIT',
  name: 'QEMU mitigation window',
  lane: 'QEMU window',
  phrase: "QEMU's mitigation window",
  tip: () =>
    "qemu-2013 (mit_timer): after an interrupt, later causes wait for this window: min of the non-zero TADV×4, RADV×4, ITR, floored at 500 × 256 ns = 128 µs. Its end is seen when QEMU's main loop runs the timer's callback (the next row).",
  story: (f) => `QEMU's mitigation window, opened at ${f.startedAt}, ended ${f.took} later`,
  role: 'window',
  track: 'nic-timers',
});

/** rizzo-2012: QEMU bottom half (runs at the next idle main-loop iteration). */
export const BH_TIMER = defineTimer({
  key: 'BH',
  name: 'QEMU bottom half',
  lane: 'bottom half',
  tip: () =>
    'rizzo-2012: the QEMU bottom half that raises the remembered causes; it runs at the next idle main-loop iteration, modelled as a fixed delay (default 10 ms, the main-loop bound).',
  story: (f) => `the QEMU bottom half scheduled at ${f.startedAt} ran ${f.took} later`,
  role: 'deferral',
  track: 'nic-timers',
});

/** host-timer: host-side hold-off after an interrupt. */
export const HOST_HOLD_TIMER = defineTimer({
  key: 'HOST',
  name: 'host timer',
  lane: 'host timer',
  tip: () =>
    "host-timer (like virtio-net tx=timer): after an interrupt, later causes are held for this host-side time, then raised together; guest registers are ignored. Its end is seen when QEMU's main loop runs the timer's callback (the next row).",
  story: (f) => `the host timer started at ${f.startedAt} ended ${f.took} later`,
  role: 'window',
  track: 'nic-timers',
});

/** What the WAKE timer is, with the main-loop wake-up of the scenario's cost profile. */
function wakeHelp(ctx: TimerTextContext): string {
  // The one profile whose wake-up was measured (on this project's host) has the largest.
  const measured = Math.max(...Object.values(COSTS).map((c) => c.timerWakeNs));
  const ns = COSTS[ctx.costs].timerWakeNs;
  return (
    "QEMU main-loop wake-up (host): QEMU runs its timers in its main-loop thread, which sleeps in ppoll until the next deadline. When the window's deadline passes, " +
    "the line can assert only after that thread has woken and run the timer's callback. " +
    `On this project's 2-core host it wakes about ${ctx.fmtNs(measured)} late (measured, and kept in the cost profile that models that host); ` +
    `0 for profiles where nothing was measured. This scenario (${COSTS[ctx.costs].title}): ${ns > 0 ? ctx.fmtNs(ns) : '0, so this timer never runs'}.`
  );
}

/**
 * A QEMU timer (MIT, HOST) is due but its callback has not run yet: QEMU's
 * main-loop thread is waking from ppoll (cost profile `timerWakeNs`).
 */
export const WAKE_TIMER = defineTimer({
  key: 'WAKE',
  name: 'QEMU main loop waking',
  lane: 'main-loop wake-up (host)',
  panel: 'main-loop wake-up (host)',
  value: (ctx) => `${COSTS[ctx.costs].title}: ${ctx.fmtUs(COSTS[ctx.costs].timerWakeNs)} late`,
  tip: wakeHelp,
  laneHelp: wakeHelp,
  role: 'wake',
  track: 'nic-timers',
});
