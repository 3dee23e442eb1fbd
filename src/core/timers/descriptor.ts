/**
 * What one timer is, said once: its names, what the views say about it,
 * what role it plays in holding the interrupt line, and where the trace
 * export draws it. The Timers panel, the timeline lanes and their hover
 * text, the interrupt explanation, the cycle breakdown's window rule and
 * the Chrome trace export all read these entries (timers/index.ts);
 * adding a timer is its descriptor and one line in timers/registry.ts.
 */
import type { CostProfileName } from '../guest/costs';
import type { RegName } from '../registers';

/**
 * What a timer does to the interrupt line (the views' explanations depend on it):
 * - `delay`: it sets a cause when it expires (RDTR, RADV, TIDV, TADV);
 * - `window`: after an assertion, causes wait for its end (the ITR window,
 *   QEMU's mitigation window, the host timer): the cycle breakdown's
 *   "window over", the explanation's "the line waited because ... ended";
 * - `deferral`: it raises the causes it holds when it runs (rizzo-2012's bottom half);
 * - `wake`: QEMU's main loop waking after a window's deadline to run its
 *   callback; the window is over only when it fires;
 * - `kernel`: the guest kernel's NAPI hrtimer: while it runs the kernel keeps
 *   the interrupt masked, and when it fires the kernel polls (no cause, no line).
 */
export type TimerRole = 'delay' | 'window' | 'deferral' | 'wake' | 'kernel';

/** Where the Chrome trace export draws a timer's runs (async spans) and expiries. */
export type TimerTraceTrack = 'nic-timers' | 'guest-vcpu';

/** What the views hand a timer's text functions: the scenario's cost profile and their duration formats. */
export interface TimerTextContext {
  costs: CostProfileName;
  /** A duration in the views' format (state/format.ts fmtNs, e.g. "8.192 µs"). */
  fmtNs(ns: number): string;
  /** A duration in µs (state/format.ts fmtUs). */
  fmtUs(ns: number): string;
}

/** One run of a timer that just ended by firing, as the interrupt explanation tells it: every instant already formatted. */
export interface TimerStoryFacts {
  /** How long the run lasted (from its last start or restart to the fire). */
  took: string;
  /** When that last start or restart was. */
  startedAt: string;
  /** Restarts since the timer started from idle. */
  restarts: number;
  /** When it started from idle (before the restarts). */
  firstStartedAt: string;
}

export interface TimerDescriptor<K extends string = string> {
  /** The constant's name: `TimerId[key]` is its id. */
  key: K;
  /** Its full name (hover text, the trace export's span names, the explanation). */
  name: string;
  /** The timeline lane's short label. */
  lane: string;
  /** The Timers panel row's label (its test id is `timer-<panel>`); default `name`. */
  panel?: string;
  /** How prose names it with its article ("the host timer", "QEMU's mitigation window"); default `the <name>`. */
  phrase?: string;
  /** The register that sets it, shown with its value beside the Timers panel row. */
  reg?: RegName;
  /** What the Timers panel shows beside the row when it has no register (e.g. the cost profile's wake-up). */
  value?(ctx: TimerTextContext): string;
  /** The Timers panel row's tooltip. */
  tip(ctx: TimerTextContext): string;
  /** The timeline lane label's help, before the drawing key; default `<name>.` */
  laneHelp?(ctx: TimerTextContext): string;
  /** "RDTR expired 8.192 µs after ..." for the explanation; default `<name> expired <took> after it started at <startedAt>`. */
  story?(f: TimerStoryFacts): string;
  role: TimerRole;
  /** Where the trace export draws it. */
  track: TimerTraceTrack;
}

/** A descriptor with its key kept as a literal type (so `TimerId.RDTR` type-checks). */
export function defineTimer<const K extends string>(d: TimerDescriptor<K>): TimerDescriptor<K> {
  return d;
}
