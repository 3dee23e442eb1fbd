/**
 * Where a run is, exactly. An instant alone does not name a state: many
 * steps can share one nanosecond (the line asserts, a zero-cost guest's ISR
 * reads ICR and clears it, all at the same ns), so a position is the instant
 * and the number of steps taken at it. A step is one event the engine
 * dispatches or one host access (register console, slider) of the
 * scenario's `console` list; an access runs after every event of its
 * instant (core/hostAccess.ts), and what it sets off runs as the events
 * after it.
 *
 * `{ tNs: 181100, steps: 0 }` is the clock at 181.1 us with nothing done
 * there yet; `{ tNs: 181100, steps: 2 }` the state after the second step at
 * that instant; `steps: Infinity` every step at that instant (what an
 * instant alone meant before, and still means in an old link).
 */
import { accessesKept, advanceApplying, applyHostAccess, type HostAccess } from './hostAccess';
import type { RegName } from './registers';
import type { Simulation } from './simulation';

export interface Position {
  /** The instant, integer ns. */
  tNs: number;
  /** Steps taken at tNs: 0 .. the steps that instant has (Infinity: all of them). */
  steps: number;
}

/** Before anything has run. */
export const START_POSITION: Position = Object.freeze({ tNs: 0, steps: 0 });

/** Negative when a comes first, 0 for the same position, positive when a comes after b. */
export function comparePositions(a: Position, b: Position): number {
  if (a.tNs !== b.tNs) return a.tNs - b.tNs;
  if (a.steps === b.steps) return 0;
  return a.steps < b.steps ? -1 : 1;
}

/** An instant alone means every step at it; a position stays as it is. */
export function positionAt(at: number | Position): Position {
  return typeof at === 'number' ? { tNs: at, steps: Infinity } : at;
}

/**
 * One scenario's simulation with its host accesses, run forwards by steps
 * or to any position. Going backwards is a new SteppedRun from the start
 * (deterministic: same scenario, same steps).
 */
export class SteppedRun {
  readonly sim: Simulation;
  private list: HostAccess[];
  /** Index of the first access not yet made. */
  private next = 0;

  constructor(sim: Simulation, accesses: readonly HostAccess[]) {
    this.sim = sim;
    this.list = accesses.slice();
  }

  /** The host accesses of this run, made and still to come, in time order. */
  get accesses(): readonly HostAccess[] {
    return this.list;
  }

  /** How many of `accesses` are made at this position (the rest are still to come). */
  get made(): number {
    return this.next;
  }

  get position(): Position {
    return { tNs: this.sim.nowNs, steps: this.sim.stepsAtNow };
  }

  /** Time of the next access not yet made (Infinity: none). */
  private nextAccessNs(): number {
    return this.next < this.list.length ? this.list[this.next].tNs : Infinity;
  }

  /** Time of the next step (Infinity: nothing left to do). */
  nextStepNs(): number {
    return Math.min(this.sim.nextEventNs(), this.nextAccessNs());
  }

  /** The next access, as one step (the clock is at its instant and every event before it is done). */
  private makeAccess(): void {
    const a = this.list[this.next++];
    this.sim.clockTo(a.tNs);
    this.sim.hostAccess(a.reg, a.value, a.read);
  }

  /** Take one step: the next event, or the next access once every event of its instant is done. False when nothing is left. */
  step(): boolean {
    const eventNs = this.sim.nextEventNs();
    const accessNs = this.nextAccessNs();
    if (eventNs === Infinity && accessNs === Infinity) return false;
    if (eventNs <= accessNs) this.sim.stepEvent();
    else this.makeAccess();
    return true;
  }

  /** Every step before tNs; the position is then the last of them (or where it was, if there was none). */
  runBefore(tNs: number): void {
    while (this.nextAccessNs() < tNs) {
      // Every event of the access's own instant comes first.
      this.sim.advanceTo(this.nextAccessNs());
      this.makeAccess();
    }
    this.sim.advanceBefore(tNs);
  }

  /**
   * Run on to `target` (a position behind this one is left as it is): every
   * step before its instant, the clock to it, then steps there until
   * `target.steps` are done or the instant has no more.
   */
  runTo(target: Position): void {
    if (comparePositions(target, this.position) <= 0) return;
    if (target.tNs > this.sim.nowNs) {
      this.runBefore(target.tNs);
      this.sim.clockTo(target.tNs);
    }
    while (this.sim.stepsAtNow < target.steps && this.nextStepNs() === target.tNs) this.step();
  }

  /**
   * Run on to where a link, a load or the CLI's --at points: a position
   * exactly; an instant alone (steps Infinity) as advanceTo does it, which at
   * t = 0 runs only the console accesses of t = 0 and the events before them.
   */
  open(at: Position): void {
    if (at.steps === Infinity) this.advanceTo(at.tNs);
    else this.runTo(at);
  }

  /** Every step at or before tNs (the clock ends at tNs): the fast path playback takes. */
  advanceTo(tNs: number): void {
    this.next = advanceApplying(this.sim, this.list, this.next, tNs);
  }

  /** Run until the line next asserts (true: the position is that step) or the clock reaches limitNs (false). */
  stepToInterrupt(limitNs: number): boolean {
    for (;;) {
      const accessNs = this.nextAccessNs();
      if (accessNs > limitNs) return this.sim.stepToNextInterrupt(limitNs);
      if (this.sim.stepToNextInterrupt(accessNs)) return true;
      // The access itself can assert the line (a write of ICS or IMS).
      const before = this.sim.interruptsAsserted;
      this.makeAccess();
      if (this.sim.interruptsAsserted > before) return true;
    }
  }

  /**
   * A new host access now (the register console): the accesses not yet made
   * go (they belonged to a future abandoned by stepping back), this instant
   * runs to its end, then the access runs with everything it sets off here.
   * Returns the access and the value read, or the register's value after
   * the write.
   */
  access(reg: RegName, value: number, read: boolean): { access: HostAccess; value: number } {
    this.list = accessesKept(this.list, this.next);
    this.sim.advanceTo(this.sim.nowNs);
    const access: HostAccess = { tNs: this.sim.nowNs, reg, value, read };
    this.list.push(access);
    this.next = this.list.length;
    return { access, value: applyHostAccess(this.sim, access) };
  }
}
