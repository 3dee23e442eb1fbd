/**
 * The Metrics panel's theory line, true over the window it sits under
 * (issue 25, ux-walk item 7: "theory: at most 3,906 /s" under a measured
 * 9,000 /s after a mid-run ITR write).
 *
 * The measured rate is (interrupts − 1) ÷ time so far; the bound 1/w caps it
 * only if the window w was in force for every gap, i.e. did not change after
 * the first interrupt. The core follows that over the whole run
 * (core/boundHistory.ts; every frame carries it), so a live page, a fresh
 * page from a link and Back say the same. When the window changed after the
 * first interrupt (a timed write from the register console or the controls,
 * the driver's own ITR write, DIM or ixgbe reprogramming a device parameter)
 * the line gives the bound in force since then, instead of a number the run
 * so far may rightly exceed. No DOM; tested in Node.
 */
import { MITIGATION_REGS, REG_INDEX, deviceModelDescriptor, type BoundChange, type BoundHistoryState, type MitigationReg, type Scenario } from '../core';
import { fmtNs } from './format';

/** A bound on the interrupt rate: at most `rate` per second, and why (the model's words with its window). */
export interface RateBound {
  rate: number;
  why: string;
}

/**
 * The interrupt-rate bound the device model promises (its descriptor's
 * rule) for the registers now (`liveRegs`, else the scenario's) and the
 * device parameters (else the scenario's), with where it comes from; null
 * where the model puts no floor under the gap between two interrupts.
 */
export function interruptBound(s: Scenario, liveRegs?: Uint32Array | null, params?: Readonly<Record<string, number>>): RateBound | null {
  const regs = Object.fromEntries(MITIGATION_REGS.map((r) => [r, liveRegs ? liveRegs[REG_INDEX[r]] & 0xffff : s.device.regs[r]])) as Record<MitigationReg, number>;
  const b = deviceModelDescriptor(s.device.model).bound(regs, params ?? s.device.params);
  return b && b.windowNs > 0 ? { rate: 1e9 / b.windowNs, why: b.basis.replace('{window}', fmtNs(b.windowNs)) } : null;
}

/** The theory line: the bound in force now, and since when if it is not the whole run's. */
export interface TheoryLine {
  /** Null: no bound (the model, with these values, puts no floor under the gap). */
  bound: RateBound | null;
  /** Null when the bound held over every gap of the run so far; else what changed it after the first interrupt, and when. */
  since: BoundChange | null;
}

/** The theory line for the run so far: the registers now (snapshot.regs) and the run's bound history (frame.boundHistory). */
export function theoryLine(scenario: Scenario, liveRegs: Uint32Array | null, history: BoundHistoryState | undefined): TheoryLine {
  const c = history?.change ?? null;
  // A change before the first interrupt governs every gap; one after it does not.
  const after = c !== null && history?.firstInterruptNs != null && c.tNs > history.firstInterruptNs;
  return { bound: interruptBound(scenario, liveRegs, history?.params), since: after ? c : null };
}
