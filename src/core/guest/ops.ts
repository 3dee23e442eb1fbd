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
  | { op: 'block' };

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
export const write = (reg: RegName, value: number): Op => ({ op: 'write', reg, value });
export const BLOCK: Op = { op: 'block' };
