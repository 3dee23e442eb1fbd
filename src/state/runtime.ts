/**
 * Browser glue around the store: the animation-frame loop that drives the
 * virtual clock, the URL hash kept in step with the scenario and time, and a
 * small handle on window for tests.
 */
import { labStore, traceWindow } from './store';
import { shareHash } from './scenarioSource';

/** The hash is rewritten at most this often (ms): well within half a second. */
const HASH_EVERY_MS = 250;

let started = false;
let lastHash = '';

export function currentShareUrl(): string {
  const st = labStore.getState();
  const hash = shareHash(st.scenario, st.frame?.nowNs ?? 0);
  return `${location.origin}${location.pathname}${location.search}${hash}`;
}

function writeHash(): void {
  const st = labStore.getState();
  if (!st.frame) return;
  const hash = shareHash(st.scenario, st.frame.nowNs);
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

  // Test and console handle.
  (window as unknown as { __lab: unknown }).__lab = {
    store: labStore,
    crashWorker: () => labStore.getState().crashWorker(),
    shareUrl: currentShareUrl,
    /** Times (ns) of the interrupt assertions in the trace window. */
    interruptTimes: () => traceWindow.interruptsIn(-Infinity, Infinity).map((i) => traceWindow.tNs[i]),
  };
}
