/**
 * Lookups derived from the timer registry (registry.ts): the ids the core
 * arms, the names, and the roles the views' rules read. Nothing here lists
 * a timer by hand.
 */
import type { TimerDescriptor, TimerRole } from './descriptor';
import { TIMER_REGISTRY } from './registry';

export { TIMER_REGISTRY };
export { TimerSpanEnd, TimerSpanTracker, TIMER_SPAN_END_WORDS, timerSpans, type TimerRecord, type TimerSpan, type TimerSpanStep } from './spans';
export type { TimerDescriptor, TimerRole, TimerStoryFacts, TimerTextContext, TimerTraceTrack } from './descriptor';

export type TimerKey = (typeof TIMER_REGISTRY)[number]['key'];

/** A timer's id: its index in TIMER_REGISTRY; indexes SimSnapshot.timers (two entries each). */
export type TimerId = number;

/** The id of each timer by its key (`TimerId.RDTR`). */
export const TimerId = Object.freeze(Object.fromEntries(TIMER_REGISTRY.map((t, i) => [t.key, i]))) as Readonly<Record<TimerKey, TimerId>>;

export const TIMER_COUNT = TIMER_REGISTRY.length;

/**
 * Room for timer ids in a timer's expiry event (its argument is
 * id + TIMER_ID_SLOTS × generation, device/delayTimers.ts): the registry may
 * hold at most this many timers (registry.test.ts checks it).
 */
export const TIMER_ID_SLOTS = 16;

/** Full names by id. */
export const TIMER_NAMES: readonly string[] = TIMER_REGISTRY.map((t) => t.name);

const ALL: readonly TimerDescriptor[] = TIMER_REGISTRY;

/** The descriptor of a timer id, or undefined for an id no timer has. */
export function timerDescriptor(id: number): TimerDescriptor | undefined {
  return ALL[id];
}

/** Ids of the timers with this role, in registry order. */
export function timersWithRole(role: TimerRole): ReadonlySet<TimerId> {
  return new Set(ALL.flatMap((t, i) => (t.role === role ? [i] : [])));
}

/** The Timers panel's label for a timer. */
export function timerPanelLabel(t: TimerDescriptor): string {
  return t.panel ?? t.name;
}

/** How prose names a timer, article included ("the host timer", "QEMU's mitigation window"). */
export function timerPhrase(t: TimerDescriptor): string {
  return t.phrase ?? `the ${t.name}`;
}

/** Timers that hold the line after an assertion: each model's window (ITR, QEMU's mitigation window, the host timer). */
export const WINDOW_TIMERS = timersWithRole('window');
/** QEMU's main loop waking to run a window's callback: the window is over when it fires. */
export const WAKE_TIMERS = timersWithRole('wake');
/** Timers that raise the causes they hold when they run (rizzo-2012's bottom half). */
export const DEFERRAL_TIMERS = timersWithRole('deferral');
