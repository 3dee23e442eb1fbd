/**
 * The Metrics panel's theory line, true over the window it sits under
 * (issue 25, ux-walk item 7: "theory: at most 3,906 /s" under a measured
 * 9,000 /s after a mid-run ITR write).
 *
 * The measured rate is (interrupts − 1) ÷ time so far: the gaps between
 * interrupts over the whole run. A device model's bound (its descriptor's
 * `bound`: the shortest time w between two assertions, set by ITR, the
 * other mitigation registers or the model's parameters) caps that at 1/w
 * only if w was in force for every gap, that is, if w did not change after
 * the first interrupt. When it did (a timed write from the register console
 * or the controls, the driver's own ITR write, DIM or ixgbe reprogramming a
 * device parameter; a write the model ignores changes nothing), the line
 * says so and gives the bound in force since then, instead of a number the
 * run so far may rightly exceed.
 *
 * The history is read from the trace window (MMIO_WRITE of a mitigation
 * register, DEVICE_PARAM), incrementally: each call scans only the records
 * that arrived since the last. Where the window lost the records of a write,
 * the registers now differ from the last ones seen, and the line says the
 * bound is the one now. No DOM; tested in Node.
 */
import {
  DEVICE_PARAM_SPECS,
  MITIGATION_REGS,
  REG_INDEX,
  TraceKind,
  deviceModelDescriptor,
  type MitigationReg,
  type Scenario,
} from '../core';
import { fmtNs } from './format';

/** The records the theory needs: a TraceWindow (state/traceWindow.ts) fits. */
export interface TraceRecords {
  length: number;
  firstSeq: number;
  lost: number;
  generation: number;
  tNs: Float64Array;
  kind: Uint8Array;
  a: Float64Array;
  b: Float64Array;
}

/** What the history shows: the last change of the bound, and the first interrupt. */
interface History {
  generation: number;
  /** Sequence number of the next record to scan. */
  nextSeq: number;
  /** The trace window's lost count when last scanned. */
  lost: number;
  /** The registers the bound reads and the device parameters, as the run has set them (the scenario's, then writes and DEVICE_PARAM records). */
  regs: Record<MitigationReg, number>;
  params: Record<string, number>;
  /** The bound's window for them, ns (0: no bound). */
  windowNs: number;
  firstInterruptNs: number | null;
  /** True when the first interrupt may lie where the window has no records (before its start, or in records lost). */
  firstInterruptUnknown: boolean;
  /** The last change of the bound's window, and what caused it (tNs null: not in the records kept). */
  change: { tNs: number | null; what: string } | null;
}

const MITIGATION_INDEX = new Map(MITIGATION_REGS.map((r) => [REG_INDEX[r] as number, r]));

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
  /**
   * Null when the bound held over every gap of the run so far; else what
   * changed it after the first interrupt, and when (null: in records the
   * window did not keep, seen only as the registers now differing from the
   * last ones it saw).
   */
  since: { tNs: number | null; what: string } | null;
}

const cache = new WeakMap<object, { key: Scenario; h: History }>();

/** The window the model's bound sets for these values, ns (0: no bound). */
function boundWindow(scenario: Scenario, regs: Record<MitigationReg, number>, params: Record<string, number>): number {
  return deviceModelDescriptor(scenario.device.model).bound(regs, params)?.windowNs ?? 0;
}

function freshHistory(scenario: Scenario, trace: TraceRecords): History {
  const regs = Object.fromEntries(MITIGATION_REGS.map((r) => [r, scenario.device.regs[r] & 0xffff])) as Record<MitigationReg, number>;
  const params: Record<string, number> = { ...scenario.device.params };
  return {
    generation: trace.generation,
    nextSeq: trace.firstSeq,
    lost: 0,
    regs,
    params,
    windowNs: boundWindow(scenario, regs, params),
    firstInterruptNs: null,
    firstInterruptUnknown: trace.firstSeq > 0,
    change: null,
  };
}

/** Scan the records that arrived since the last call. */
function scan(h: History, scenario: Scenario, trace: TraceRecords, liveRegs: Uint32Array | null): void {
  // Records skipped (lost, or dropped from the window before we read them) may hold the first interrupt.
  if ((trace.lost > h.lost || h.nextSeq < trace.firstSeq) && h.firstInterruptNs === null) h.firstInterruptUnknown = true;
  h.lost = trace.lost;
  const changed = (tNs: number | null, what: string) => {
    const w = boundWindow(scenario, h.regs, h.params);
    if (w !== h.windowNs) h.change = { tNs, what };
    h.windowNs = w;
  };
  for (let i = Math.max(0, h.nextSeq - trace.firstSeq); i < trace.length; i++) {
    const kind = trace.kind[i];
    if (kind === TraceKind.LINE_ASSERT) {
      if (h.firstInterruptNs === null) h.firstInterruptNs = trace.tNs[i];
    } else if (kind === TraceKind.MMIO_WRITE) {
      const reg = MITIGATION_INDEX.get(trace.a[i]);
      const value = trace.b[i] & 0xffff;
      if (reg === undefined || value === h.regs[reg]) continue;
      const what = `${reg} ${h.regs[reg]} → ${value}`;
      h.regs[reg] = value;
      changed(trace.tNs[i], what);
    } else if (kind === TraceKind.DEVICE_PARAM) {
      const spec = DEVICE_PARAM_SPECS[trace.a[i]];
      if (!spec || h.params[spec.key] === trace.b[i]) continue;
      const what = `${spec.label} ${h.params[spec.key] ?? spec.default} → ${trace.b[i]}`;
      h.params[spec.key] = trace.b[i];
      changed(trace.tNs[i], what);
    }
  }
  h.nextSeq = trace.firstSeq + trace.length;
  // Registers that differ from the last writes seen were written in records not kept.
  if (liveRegs) {
    const unseen = MITIGATION_REGS.filter((r) => (liveRegs[REG_INDEX[r]] & 0xffff) !== h.regs[r]);
    if (unseen.length) {
      const what = unseen.map((r) => `${r} ${h.regs[r]} → ${liveRegs[REG_INDEX[r]] & 0xffff}`).join(', ');
      for (const r of unseen) h.regs[r] = liveRegs[REG_INDEX[r]] & 0xffff;
      changed(null, what);
    }
  }
}

/**
 * The theory line for the run so far: `liveRegs` are the registers now
 * (snapshot.regs); the device parameters are the scenario's as the trace
 * shows the run changed them. The history is cached per trace window, so
 * calling this on every frame costs only the new records.
 */
export function theoryLine(scenario: Scenario, liveRegs: Uint32Array | null, trace: TraceRecords): TheoryLine {
  let entry = cache.get(trace);
  if (!entry || entry.key !== scenario || entry.h.generation !== trace.generation) {
    entry = { key: scenario, h: freshHistory(scenario, trace) };
    cache.set(trace, entry);
  }
  const h = entry.h;
  scan(h, scenario, trace, liveRegs);
  // A change before the first interrupt governs every gap; one after it (or where the first interrupt is not known) does not.
  const c = h.change;
  const after = c !== null && (h.firstInterruptUnknown || c.tNs === null || (h.firstInterruptNs !== null && c.tNs > h.firstInterruptNs));
  return { bound: interruptBound(scenario, liveRegs, h.params), since: after ? c : null };
}
