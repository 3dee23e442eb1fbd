import type { RegName } from './registers';
import type { Scenario } from './scenario';
import type { Simulation } from './simulation';

/**
 * A register access made from outside the guest (the register console, a
 * slider): at its instant, after every event of that instant, it writes or
 * reads the register as a guest would (a read of ICR clears it). The app, the
 * CLI and sweeps all replay a scenario's console accesses through here, so a
 * link gives the same run everywhere.
 */
export interface HostAccess {
  tNs: number;
  reg: RegName;
  value: number;
  read: boolean;
}

/** The scenario's register-console accesses, in time order. */
export function hostAccessesOf(scenario: Scenario): HostAccess[] {
  return (scenario.console ?? []).map((op) => ({
    tNs: Math.round(op.tUs * 1000),
    reg: op.reg,
    value: op.op === 'write' ? op.value : 0,
    read: op.op === 'read',
  }));
}

/**
 * The console-truncation rule, in one place: at a position, the host
 * accesses that stay in a run's list (the scenario's `console` list, one to
 * one) are the first `made`, those the run has made there; the rest lie
 * ahead of a position reached by stepping back (even at this same instant)
 * and go when the run is changed from there, by a new access or by a
 * register changed from t = 0. SteppedRun.access, the store and the fuzz
 * replay all keep a list through here.
 */
export function accessesKept<T>(list: readonly T[], made: number): T[] {
  return list.slice(0, Math.max(0, made));
}

/** Apply one access now; returns the value read, or the register's value after the write. */
export function applyHostAccess(sim: Simulation, a: HostAccess): number {
  const v = sim.hostAccess(a.reg, a.value, a.read);
  sim.advanceTo(sim.nowNs);
  return a.read ? v : sim.readRegister(a.reg);
}

/**
 * Advance to tNs, applying accesses[next..] that fall on the way (each after
 * all events at its instant, as one step: what it sets off runs as the
 * events after it, before the next access). Returns the index of the first
 * access not applied.
 */
export function advanceApplying(sim: Simulation, accesses: readonly HostAccess[], next: number, tNs: number): number {
  const first = next;
  while (next < accesses.length && accesses[next].tNs <= tNs) {
    const a = accesses[next++];
    sim.advanceTo(a.tNs);
    sim.hostAccess(a.reg, a.value, a.read);
  }
  // Advancing to the instant the clock is at already does nothing (load at t = 0 leaves the events at 0 to the
  // first advance), unless an access was made: what it set off runs now.
  if (tNs > sim.nowNs || next > first) sim.advanceTo(tNs);
  return next;
}
