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
  const latest = Math.max(0, Math.max(endNs, nowNs) - w);
  const t0 = Math.min(Math.max(0, nowNs - w * 0.8), latest);
  if (t0 === view.t0) return view;
  return { ...view, t0, t1: t0 + w };
}
