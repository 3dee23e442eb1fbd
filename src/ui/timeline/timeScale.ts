/**
 * The timeline's time scale: a window of virtual time [t0, t1] (ns) mapped
 * onto a plot [x0, x1] (px), and the axis that labels it in one explicit
 * unit. Framework-free: the Simulator's and Compare's canvases and the SVG
 * export all read time through this one scale.
 */
import { scaleLinear } from 'd3';
import { fmtNs } from '../../state/format';

export interface TimeWindow {
  t0: number;
  t1: number;
}

export class TimeScale {
  readonly t0: number;
  readonly t1: number;
  readonly x0: number;
  readonly x1: number;
  /** Pixels per ns. */
  readonly k: number;

  constructor(win: TimeWindow, x0: number, x1: number) {
    this.t0 = win.t0;
    this.t1 = win.t1 > win.t0 ? win.t1 : win.t0 + 1;
    this.x0 = x0;
    this.x1 = Math.max(x0 + 1, x1);
    this.k = (this.x1 - this.x0) / (this.t1 - this.t0);
  }

  /** Plot width in px. */
  get width(): number {
    return this.x1 - this.x0;
  }

  /** Whole pixel columns in the plot (for per-pixel binning). */
  get columns(): number {
    return Math.max(1, Math.floor(this.width));
  }

  get nsPerPx(): number {
    return 1 / this.k;
  }

  x(t: number): number {
    return this.x0 + (t - this.t0) * this.k;
  }

  /** The pixel column of instant t (may fall outside [0, columns]). */
  column(t: number): number {
    return Math.floor((t - this.t0) * this.k);
  }

  /** The instant at x. */
  t(x: number): number {
    return this.t0 + (x - this.x0) / this.k;
  }
}

/** The axis unit for a window this wide: ns, µs, ms or s. */
export function axisUnit(widthNs: number): { div: number; name: string } {
  if (widthNs < 5_000) return { div: 1, name: 'ns' };
  if (widthNs < 5_000_000) return { div: 1_000, name: 'µs' };
  if (widthNs < 5_000_000_000) return { div: 1_000_000, name: 'ms' };
  return { div: 1_000_000_000, name: 's' };
}

/**
 * Far from t = 0 a narrow window would need labels like 6666840 µs: label
 * the ticks relative to a round instant instead ("µs after 6.666 s").
 */
export function axisBase(t0: number, t1: number): number {
  const w = t1 - t0;
  if (t0 <= 0 || t0 < 20 * w) return 0;
  const step = Math.pow(10, Math.ceil(Math.log10(w)));
  return Math.floor(t0 / step) * step;
}

export interface AxisTicks {
  ticks: { x: number; label: string }[];
  /** What the numbers are: "time (µs)" or "µs after 6.666 s". */
  unitText: string;
}

/** Round ticks about `spacingPx` apart, labelled in one unit. */
export function axisTicks(scale: TimeScale, spacingPx: number): AxisTicks {
  const u = axisUnit(scale.t1 - scale.t0);
  const base = axisBase(scale.t0, scale.t1);
  const s = scaleLinear()
    .domain([(scale.t0 - base) / u.div, (scale.t1 - base) / u.div])
    .range([scale.x0, scale.x1]);
  const ticks = s.ticks(Math.max(2, Math.floor(scale.width / spacingPx))).map((v) => ({ x: s(v), label: String(+v.toPrecision(12)) }));
  return { ticks, unitText: base > 0 ? `${u.name} after ${fmtNs(base)}` : `time (${u.name})` };
}
