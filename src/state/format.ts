/** Number and time formatting shared by panels, tooltips and messages. */

const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Significant figures without exponent noise: 20.48, 1.5, 672. */
function sig(x: number, digits = 4): string {
  if (x === 0) return '0';
  const r = Number(x.toPrecision(digits));
  return String(r);
}

/** A duration or instant in ns, in the unit that reads best ("20.48 µs"). */
export function fmtNs(ns: number): string {
  if (!Number.isFinite(ns)) return ns > 0 ? '∞' : '–';
  const a = Math.abs(ns);
  if (a < 1_000) return `${sig(ns)} ns`;
  if (a < 1_000_000) return `${sig(ns / 1_000)} µs`;
  if (a < 1_000_000_000) return `${sig(ns / 1_000_000)} ms`;
  return `${sig(ns / 1_000_000_000)} s`;
}

/**
 * An instant to the nanosecond, in fmtNs's unit ("181.123 µs", "1.234567 ms"):
 * the clock readout, where two steps a nanosecond apart must read differently.
 */
export function fmtNsExact(ns: number): string {
  if (!Number.isFinite(ns)) return fmtNs(ns);
  const a = Math.abs(ns);
  const [scale, unit] = a < 1_000 ? [1, 'ns'] : a < 1_000_000 ? [1_000, 'µs'] : a < 1_000_000_000 ? [1_000_000, 'ms'] : [1_000_000_000, 's'];
  const digits = Math.round(Math.log10(scale));
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(ns / scale)} ${unit}`;
}

/** A position as the readout shows it: the instant to the ns, and which step at it ("181.1 µs · step 2 at this ns"). */
export function fmtPosition(p: { tNs: number; steps: number }): string {
  const step = p.steps > 0 && Number.isFinite(p.steps) ? ` · step ${p.steps} at this ns` : '';
  return `${fmtNsExact(p.tNs)}${step}`;
}

/** Always in microseconds, for register values ("20.48 µs"). */
export function fmtUs(ns: number): string {
  return `${sig(ns / 1000, 6)} µs`;
}

export function fmtInt(x: number): string {
  return Number.isFinite(x) ? nf0.format(x) : '–';
}

export function fmt1(x: number): string {
  return Number.isFinite(x) ? nf1.format(x) : '–';
}

/** A rate per second with a unit suffix ("7,813 /s", "1.49 M/s"). */
export function fmtRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '–';
  if (perSec >= 1e6) return `${sig(perSec / 1e6, 3)} M/s`;
  if (perSec >= 1e4) return `${sig(perSec / 1e3, 3)} k/s`;
  return `${nf0.format(perSec)} /s`;
}

export function fmtHex(x: number, width = 0): string {
  return '0x' + (x >>> 0).toString(16).toUpperCase().padStart(width, '0');
}

/** Playback speed (virtual ns per real second) in words. */
export function fmtSpeed(nsPerSec: number): string {
  const ratio = nsPerSec / 1e9;
  if (Math.abs(ratio - 1) < 0.02) return 'real time';
  if (ratio > 1) return `${sig(ratio, 2)}× real time`;
  return `${fmtNs(nsPerSec)} per second`;
}

/**
 * A time window as "2.16484 s to 2.16504 s (200 µs)": both ends in one unit,
 * with as many decimals as the width needs to be visible.
 */
export function fmtWindow(t0: number, t1: number): string {
  const w = Math.max(1e-9, t1 - t0);
  const m = Math.max(Math.abs(t0), Math.abs(t1));
  const [div, unit] = m < 1e3 ? [1, 'ns'] : m < 1e6 ? [1e3, 'µs'] : m < 1e9 ? [1e6, 'ms'] : [1e9, 's'];
  const decimals = Math.min(9, Math.max(0, Math.ceil(-Math.log10(w / div)) + 1));
  const f = (t: number) => (t / div).toFixed(decimals);
  return `${f(t0)} to ${f(t1)} ${unit} (${fmtNs(w)} wide)`;
}
