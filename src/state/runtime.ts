/**
 * Browser glue around the store: the animation-frame loop that drives the
 * virtual clock, the URL hash kept in step with the scenario and time, and a
 * small handle on window for tests.
 */
import { labStore, traceWindow } from './store';
import { shareHash, shareLinkFor } from './scenarioSource';
import { isLabHash } from './labHash'; // lab views

/** The hash is rewritten at most this often (ms): well within half a second. */
const HASH_EVERY_MS = 250;

let started = false;
let lastHash = '';

export function currentShareUrl(): string {
  const st = labStore.getState();
  const hash = shareHash(st.scenario, st.frame?.nowNs ?? 0);
  return `${location.origin}${location.pathname}${location.search}${hash}`;
}

/** Why no link can carry the current scenario (a capture too big to go inline), or null. */
export function shareProblem(): string | null {
  const st = labStore.getState();
  const link = shareLinkFor(st.scenario, st.frame?.nowNs ?? 0);
  return link.ok ? null : link.error;
}

function writeHash(): void {
  const st = labStore.getState();
  if (!st.frame) return;
  // A comparison link (#c1.) belongs to the Compare view, which puts this link back when it closes.
  if (isLabHash(location.hash)) return;
  // A scenario no link can carry leaves the address without a hash (not a stale one).
  const hash = shareHash(st.scenario, st.frame.nowNs);
  if (hash === '') {
    if (location.hash !== '') history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    lastHash = '';
    return;
  }
  if (hash === lastHash || hash === location.hash) {
    lastHash = hash;
    return;
  }
  lastHash = hash;
  history.replaceState(history.state, '', hash);
}

export function startRuntime(): void {
  if (started) return;
  started = true;

  // The virtual clock: each animation frame asks for real elapsed x speed.
  let last = performance.now();
  const loop = (t: number): void => {
    const dt = (t - last) / 1000;
    last = t;
    labStore.getState().tick(dt);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  // Keep the hash in step with the scenario and the current time.
  let hashTimer: ReturnType<typeof setTimeout> | undefined;
  labStore.subscribe((st, prev) => {
    if (st.scenario === prev.scenario && st.frame?.nowNs === prev.frame?.nowNs) return;
    if (hashTimer !== undefined) return;
    hashTimer = setTimeout(() => {
      hashTimer = undefined;
      writeHash();
    }, HASH_EVERY_MS);
  });

  // A link pasted into the address bar of an open tab.
  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return;
    lastHash = location.hash;
    void labStore.getState().openHash(location.hash);
  });

  void labStore.getState().start(location.hash);

  // Offline after the first load (production build only): public/sw.js caches the built files.
  if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {
      /* no offline support here (e.g. a private window); the app runs anyway */
    });
  }

  // Test and console handle.
  (window as unknown as { __lab: unknown }).__lab = {
    store: labStore,
    crashWorker: () => labStore.getState().crashWorker(),
    shareUrl: currentShareUrl,
    /** Times (ns) of the interrupt assertions in the trace window. */
    interruptTimes: () => traceWindow.interruptsIn(-Infinity, Infinity).map((i) => traceWindow.tNs[i]),
  };
}
