/**
 * Pan and zoom of a time window, framework-free (in the spirit of xyflow's
 * XYPanZoom and Perfetto's PanAndZoomHandler): pure functions that move a
 * window within limits, and one DOM binding for the wheel. The Simulator's
 * timeline and Compare's lanes both move through these.
 */
import { command, type CommandId } from './commands';
import type { TimeWindow } from './timeScale';

export interface PanZoomLimits {
  /** Narrowest window (ns). */
  minWidthNs: number;
  /** Widest window (ns). */
  maxWidthNs: number;
  /** Lowest allowed t0 for a window of width w. */
  minT0(w: number): number;
  /** Highest allowed t0 for a window of width w. */
  maxT0(w: number): number;
}

function place(t0: number, w: number, limits: PanZoomLimits): TimeWindow {
  const a = Math.min(Math.max(t0, limits.minT0(w)), Math.max(limits.minT0(w), limits.maxT0(w)));
  return { t0: a, t1: a + w };
}

/** Zoom by `factor` (< 1 zooms in) keeping `centerNs` at the same place on screen. */
export function zoomWindow(win: TimeWindow, factor: number, centerNs: number, limits: PanZoomLimits): TimeWindow {
  const w = Math.min(Math.max((win.t1 - win.t0) * factor, limits.minWidthNs), limits.maxWidthNs);
  const frac = win.t1 > win.t0 ? Math.min(Math.max((centerNs - win.t0) / (win.t1 - win.t0), 0), 1) : 0.5;
  return place(centerNs - w * frac, w, limits);
}

/** Move by `fraction` of the window's width (negative: to the left). */
export function panWindow(win: TimeWindow, fraction: number, limits: PanZoomLimits): TimeWindow {
  const w = win.t1 - win.t0;
  return place(win.t0 + w * fraction, w, limits);
}

/** The window a drag of dxPx gives, from the window the drag started on. */
export function dragWindow(start: TimeWindow, dxPx: number, plotWidthPx: number, limits: PanZoomLimits): TimeWindow {
  const w = start.t1 - start.t0;
  return place(start.t0 - (dxPx / Math.max(1, plotWidthPx)) * w, w, limits);
}

/** Centre `tNs` when it has left the window. */
export function revealInstant(win: TimeWindow, tNs: number, limits: PanZoomLimits): TimeWindow {
  if (tNs >= win.t0 && tNs <= win.t1) return win;
  const w = win.t1 - win.t0;
  return place(tNs - w / 2, w, limits);
}

export interface WheelTarget {
  /** The instant under clientX, or null outside the plot (the wheel then scrolls the page). */
  timeAt(clientX: number): number | null;
  zoom(factor: number, centerNs: number): void;
  pan(fraction: number): void;
}

/** Wheel zooms about the pointer; Shift+wheel or a sideways wheel pans. Returns the unbinding. */
export function bindWheel(el: HTMLElement, target: WheelTarget): () => void {
  // Non-passive, so preventDefault keeps the page from scrolling.
  const onWheel = (e: WheelEvent) => {
    const t = target.timeAt(e.clientX);
    if (t === null) return;
    e.preventDefault();
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) target.pan((e.deltaX || e.deltaY) / 1000);
    else target.zoom(Math.exp(e.deltaY * 0.0015), t);
  };
  el.addEventListener('wheel', onWheel, { passive: false });
  return () => el.removeEventListener('wheel', onWheel);
}

/** What a timeline's controller reads and writes: the view of one store. */
export interface ViewPort {
  getView(): TimeWindow;
  /** A new window; `follow` says whether it keeps the present in view (the Simulator's follow mode). */
  setView(win: TimeWindow, follow: boolean): void;
  limits(): PanZoomLimits;
  /** What Fit shows. */
  fitWindow(): TimeWindow;
  /** Where keys and buttons zoom about (the present, a cursor or the centre). */
  focusNs(): number;
}

/** Zoom, pan, drag and fit of one timeline: every view moves through this. */
export class TimelineController {
  constructor(private readonly port: ViewPort) {}

  zoom(factor: number, centerNs = this.port.focusNs()): void {
    this.port.setView(zoomWindow(this.port.getView(), factor, centerNs, this.port.limits()), false);
  }

  pan(fraction: number): void {
    this.port.setView(panWindow(this.port.getView(), fraction, this.port.limits()), false);
  }

  drag(start: TimeWindow, dxPx: number, plotWidthPx: number): void {
    this.port.setView(dragWindow(start, dxPx, plotWidthPx, this.port.limits()), false);
  }

  fit(): void {
    this.port.setView(this.port.fitWindow(), true);
  }

  /** Run a timeline command of the command table; false if `id` is not one. */
  run(id: CommandId): boolean {
    const c = command(id);
    if (c.scope !== 'timeline') return false;
    if (id === 'fit') this.fit();
    else if (id === 'zoomIn' || id === 'zoomOut') this.zoom(c.amount!);
    else this.pan(c.amount!);
    return true;
  }
}
