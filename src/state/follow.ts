/**
 * The timeline's follow rule: while the window follows the clock it keeps
 * `now` in view, paging when `now` comes within 5 % of the right edge (the
 * new window puts `now` at 80 %), and it never runs past the end of the run:
 * a page near the end stops with its right edge on the end (a window wider
 * than the run starts at 0). Pure, so the store and its test share it.
 */
export interface FollowView {
  t0: number;
  t1: number;
}

/** The window to show for `now` (ns) in a run that ends at `endNs`, or the same object when it need not move. */
export function followWindow<V extends FollowView>(view: V, nowNs: number, endNs: number): V {
  const w = view.t1 - view.t0;
  if (nowNs <= view.t1 - w * 0.05 && nowNs >= view.t0 && view.t1 <= Math.max(endNs, w)) return view;
  const t0 = placedStart(nowNs, endNs, w);
  if (t0 === view.t0) return view;
  return { ...view, t0, t1: t0 + w };
}

/** The width (ns) of the window a preset or a link without a window opens on: 200 µs, or the whole run when shorter. */
export const DEFAULT_WINDOW_NS = 200_000;

/**
 * The window a link opens on when it names none (`&v=`): the default width
 * placed by the follow rule around the link's instant, so the moment it points
 * at is in view with what led up to it (80 % of the window before it) and the
 * window ends no later than the run. An instant of 0 opens at the start.
 */
export function windowAround(nowNs: number, endNs: number): FollowView {
  const w = Math.max(1000, Math.min(DEFAULT_WINDOW_NS, endNs));
  const t0 = placedStart(nowNs, endNs, w);
  return { t0, t1: t0 + w };
}

/** Where a window `w` wide starts so `now` sits at 80 % of it, never before 0 nor ending past the run's end. */
function placedStart(nowNs: number, endNs: number, w: number): number {
  const latest = Math.max(0, Math.max(endNs, nowNs) - w);
  return Math.min(Math.max(0, nowNs - w * 0.8), latest);
}
