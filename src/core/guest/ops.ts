import type { RegName } from '../registers';
import type { Activity } from '../types';

/**
 * What guest code asks the vCPU to do, one thing at a time. Driver code is
 * written as generators that yield these; the vCPU charges each its cost
 * and resumes the generator when it is done (a read resumes with the value).
 */
export type Op =
  | { op: 'compute'; ns: number; activity: Activity }
  | { op: 'read'; reg: RegName }
  | { op: 'write'; reg: RegName; value: number }
  /** The thread has nothing to do until woken (application only). */
  | { op: 'block' }
  | RepeatOp;

/**
 * A loop of compute steps, run by the vCPU without resuming the generator
 * for each one: while `more()`, it computes for `ns()`, and when the thread
 * next runs, calls `after()`. Exactly the generator loop
 * `while (more()) { yield compute(ns(), activity); after(); }`, step for
 * step (each step is a compute operation like any other; an interrupt may
 * run between two), without a generator resumption per step. The
 * generator resumes once `more()` is false.
 */
export interface RepeatOp {
  op: 'repeat';
  activity: Activity;
  more(): boolean;
  ns(): number;
  after(): void;
}

export type GuestThread = Generator<Op, void, number>;

/**
 * A compute step. The vCPU reads an op the moment it is yielded, before the
 * generator resumes, so one scratch object serves every compute step
 * (no allocation per frame on the hot path).
 */
const computeScratch = { op: 'compute' as const, ns: 0, activity: 0 as Activity };
export function compute(ns: number, activity: Activity): Op {
  computeScratch.ns = ns;
  computeScratch.activity = activity;
  return computeScratch;
}
export const read = (reg: RegName): Op => ({ op: 'read', reg });
/** A register write; like compute, one scratch object serves every write. */
const writeScratch = { op: 'write' as const, reg: 'ICR' as RegName, value: 0 };
export function write(reg: RegName, value: number): Op {
  writeScratch.reg = reg;
  writeScratch.value = value;
  return writeScratch;
}
export function repeat(activity: Activity, more: () => boolean, ns: () => number, after: () => void): RepeatOp {
  return { op: 'repeat', activity, more, ns, after };
}
export const BLOCK: Op = { op: 'block' };
