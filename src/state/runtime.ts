/**
 * Browser glue around the page's lab: the animation-frame loop that drives
 * the virtual clock, the URL (router.ts), the service worker, and a small
 * handle on window for tests.
 */
import type { Lab } from './lab';
import { simulatorShareUrl, startRouting } from './router';
import { startEmbed } from './embed';

export function startRuntime(lab: Lab): void {
  // The virtual clock: each animation frame asks for real elapsed x speed.
  let last = performance.now();
  const loop = (t: number): void => {
    const dt = (t - last) / 1000;
    last = t;
    lab.sim.getState().tick(dt);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  startRouting(lab);
  // Embed mode (`?embed` on any link): its classes, its view and the postMessage API.
  const embedProblem = startEmbed(lab, location.search, window);
  if (embedProblem) lab.sim.getState().showNotice(`This embed link is not right: ${embedProblem}.`);

  // Offline after the first load (production build only): public/sw.js caches the built files.
  if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {
      /* no offline support here (e.g. a private window); the app runs anyway */
    });
  }

  // Test and console handle.
  const trace = lab.sim.getState().trace;
  (window as unknown as { __lab: unknown; __labView: unknown }).__lab = {
    store: lab.sim,
    crashWorker: () => lab.sim.getState().crashWorker(),
    shareUrl: () => simulatorShareUrl(lab),
    /** Times (ns) of the interrupt assertions in the trace window. */
    interruptTimes: () => trace.interruptsIn(-Infinity, Infinity).map((i) => trace.tNs[i]),
  };
  (window as unknown as { __labView: unknown }).__labView = lab.view;
}
