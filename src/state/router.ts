/**
 * The URL, in one place: what the hash of the address means for a lab and
 * how the lab writes it back.
 *
 * - `#s1.<payload>&t=<us>&e=<steps>&v=<t0>-<t1>` (shareLink.ts): the
 *   simulator's scenario, position (instant and steps at it) and timeline
 *   window. Kept in step with the simulator at most every 250 ms.
 * - `#c1.<payload>` (labHash.ts): a comparison; it opens the Compare view and
 *   runs it. While a comparison is shown the hash is its link; leaving the
 *   view puts the simulator's link back.
 * - `#w1.<payload>` (labHash.ts): a sweep (base scenario, parameter, range,
 *   seeds, bound); it opens the Sweep view and runs it, and is the hash while
 *   that sweep's result is shown, like a comparison.
 * - `#l1.<lesson>.<step>` / `#lx1.<payload>.<step>` (scenario/lessonLink.ts): a
 *   lesson at a step; it opens the Lessons tab and loads the lesson. While a
 *   loaded lesson is shown the hash is its link.
 * - `?worksheet#l1.<lesson>`: not routed here; main.tsx shows that lesson's
 *   printable worksheet instead of the lab (src/ui/worksheet, docs/lessons.md).
 * - no hash: the default scenario.
 *
 * A link pasted into the address bar of an open tab is routed the same way.
 */
import type { Lab } from './lab';
import { encodeCompareHash, encodeSweepHash, isLabHash, isSweepHash, type SweepLink } from './labHash';
import { shareHash, shareLinkFor } from './scenarioSource';
import { isLessonHash, lessonHash } from '../scenario/lessonLink';
import { currentLesson } from './labView';

/** The hash is rewritten at most this often (ms): well within half a second. */
const HASH_EVERY_MS = 250;

export type Route =
  | { view: 'simulator'; hash: string }
  | { view: 'compare'; hash: string }
  | { view: 'sweep'; hash: string }
  | { view: 'lesson'; hash: string };

/** What a hash asks for. */
export function routeOf(hash: string): Route {
  const h = hash.startsWith('#') || hash === '' ? hash : `#${hash}`;
  if (isSweepHash(h)) return { view: 'sweep', hash: h };
  if (isLessonHash(h)) return { view: 'lesson', hash: h };
  return isLabHash(h) ? { view: 'compare', hash: h } : { view: 'simulator', hash: h };
}

/** The link of the sweep the Sweep view shows (its result's scenario and form), or null. */
function shownSweep(lab: Lab): SweepLink | null {
  const sw = lab.view.getState().sweep;
  return sw.result && sw.ran && sw.base ? { base: sw.base, form: sw.ran, boundUs: sw.boundUs, allowDrops: sw.allowDrops } : null;
}

/** A sweep's link as a full URL. */
export function sweepShareUrl(link: SweepLink): string {
  return `${location.origin}${location.pathname}${location.search}${encodeSweepHash(link)}`;
}

/** The hash the lab's state calls for now: the comparison shown, or the simulator's scenario and time ('' when no link can carry it). */
export function hashFor(lab: Lab): string {
  const v = lab.view.getState();
  if (v.tab === 'compare' && v.compare.result) return encodeCompareHash(v.compare.result.spec);
  const sweep = v.tab === 'sweep' ? shownSweep(lab) : null;
  if (sweep) return encodeSweepHash(sweep);
  const st = lab.sim.getState();
  if (v.tab === 'lessons' && v.lessonLoaded && st.scenario.name === v.lessonLoaded.name) return lessonHash(currentLesson(v), v.lessonStep);
  return simulatorHash(lab);
}

/** The simulator's hash: its scenario, position and timeline window ('' when no link can carry it). */
function simulatorHash(lab: Lab): string {
  const st = lab.sim.getState();
  return shareHash(st.scenario, st.frame?.position ?? 0, st.view);
}

/** The simulator's link as a full URL. */
export function simulatorShareUrl(lab: Lab): string {
  return `${location.origin}${location.pathname}${location.search}${simulatorHash(lab)}`;
}

/** Why no link can carry the simulator's scenario (a capture too big to go inline), or null. */
export function shareProblem(lab: Lab): string | null {
  const st = lab.sim.getState();
  const link = shareLinkFor(st.scenario, st.frame?.position ?? 0);
  return link.ok ? null : link.error;
}

/** Put `hash` in the address without a history entry ('' removes the hash). */
export function replaceHash(hash: string): void {
  if (location.hash === hash || (hash === '' && location.hash === '')) return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}

/** Open a route in the lab. */
export async function openRoute(lab: Lab, route: Route): Promise<void> {
  if (route.view === 'compare') {
    const shown = lab.view.getState().compare.result;
    if (shown && encodeCompareHash(shown.spec) === route.hash) return;
    // The simulator behind it starts on the default scenario (or keeps its own).
    if (!lab.sim.getState().frame) await lab.sim.getState().openHash('');
    await lab.view.getState().openCompareLink(route.hash);
    return;
  }
  if (route.view === 'sweep') {
    const shown = shownSweep(lab);
    if (shown && encodeSweepHash(shown) === route.hash) return;
    if (!lab.sim.getState().frame) await lab.sim.getState().openHash('');
    await lab.view.getState().openSweepLink(route.hash);
    return;
  }
  if (route.view === 'lesson') {
    if (!lab.sim.getState().frame) await lab.sim.getState().openHash('');
    await lab.view.getState().openLessonLink(route.hash);
    return;
  }
  await lab.sim.getState().openHash(route.hash);
}

/** Route the current address, follow later ones, and keep the address in step with the lab. Returns the unbinding. */
export function startRouting(lab: Lab): () => void {
  let written = location.hash;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const write = () => {
    const sim = lab.sim.getState();
    if (!sim.frame) return;
    const hash = hashFor(lab);
    written = hash;
    replaceHash(hash);
  };

  // The simulator's link follows its scenario and time, throttled; not while a comparison owns the hash.
  const unsubSim = lab.sim.subscribe((st, prev) => {
    if (st.scenario === prev.scenario && st.frame?.nowNs === prev.frame?.nowNs && st.frame?.position.steps === prev.frame?.position.steps && st.view.t0 === prev.view.t0 && st.view.t1 === prev.view.t1) return;
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      const v = lab.view.getState();
      if (!isLabHash(location.hash) && !(v.tab === 'compare' && v.compare.result) && !(v.tab === 'sweep' && shownSweep(lab))) write();
    }, HASH_EVERY_MS);
  });
  // The comparison's link while it is shown; the simulator's back when the view changes.
  const unsubView = lab.view.subscribe((st, prev) => {
    const lessonMoved = st.lessonStep !== prev.lessonStep || st.lessonLoaded !== prev.lessonLoaded || st.lessonCustom !== prev.lessonCustom;
    const sweepMoved = st.sweep.result !== prev.sweep.result || st.sweep.boundUs !== prev.sweep.boundUs || st.sweep.allowDrops !== prev.sweep.allowDrops;
    if (st.tab === prev.tab && st.compare.result === prev.compare.result && !sweepMoved && !lessonMoved) return;
    if ((st.tab === 'compare' && st.compare.result) || (st.tab === 'sweep' && shownSweep(lab))) write();
    else if (isLabHash(location.hash) || st.tab === 'lessons' || isLessonHash(location.hash)) write();
  });
  const onHashChange = () => {
    if (location.hash === written) return;
    written = location.hash;
    void openRoute(lab, routeOf(location.hash));
  };
  window.addEventListener('hashchange', onHashChange);
  void openRoute(lab, routeOf(location.hash));
  return () => {
    clearTimeout(timer);
    unsubSim();
    unsubView();
    window.removeEventListener('hashchange', onHashChange);
  };
}

