/**
 * When the interrupt-rate bound last changed, and when the first interrupt
 * came (issue 25, ux-walk item 7: "theory: at most 3,906 /s" under a measured
 * 9,000 /s after a mid-run ITR write).
 *
 * The measured rate is (interrupts − 1) ÷ time so far: the gaps between
 * interrupts over the whole run. A device model's bound (its descriptor's
 * `bound`: the shortest gap w, from ITR, the other mitigation registers or
 * its parameters) caps that at 1/w only if w was in force for every gap,
 * that is, if w did not change after the first interrupt. This follows the
 * run's records as they are made (the NIC's register writes and device
 * parameters, the line's assertions: Nic's boundInput), so it knows the
 * whole history however much of the trace is kept: a live page, a fresh page
 * from a link, Back and the CLI all get the same answer.
 *
 * A change is a change of the window: a write of the same value, or of a
 * register the model ignores (QEMU 2012 stores them all), is none.
 */
import { DEVICE_PARAM_SPECS, deviceModelDescriptor } from './device/models';
import { MITIGATION_REGS, type MitigationReg } from './device/models/descriptor';
import { REG_INDEX } from './registers';
import type { Scenario } from './scenario';
import { TraceKind } from './types';

/** The last change of the bound's window: when, and what changed ("ITR 50 → 1000"). */
export interface BoundChange {
  tNs: number;
  what: string;
}

export interface BoundHistoryState {
  change: BoundChange | null;
  firstInterruptNs: number | null;
  /** The device parameters as the run has set them now (the scenario's, then DIM's or ixgbe's reprogramming). */
  params: Record<string, number>;
}

const MITIGATION_BY_INDEX = new Map<number, MitigationReg>(MITIGATION_REGS.map((r) => [REG_INDEX[r], r]));

export class BoundHistory {
  private readonly regs: Record<MitigationReg, number>;
  private readonly params: Record<string, number>;
  private readonly model: Scenario['device']['model'];
  private windowNs: number;
  private change: BoundChange | null = null;
  private firstInterruptNs: number | null = null;

  constructor(scenario: Scenario) {
    this.model = scenario.device.model;
    this.regs = Object.fromEntries(MITIGATION_REGS.map((r) => [r, scenario.device.regs[r] & 0xffff])) as Record<MitigationReg, number>;
    this.params = { ...scenario.device.params };
    this.windowNs = this.window();
  }

  private window(): number {
    return deviceModelDescriptor(this.model).bound(this.regs, this.params)?.windowNs ?? 0;
  }

  private changed(tNs: number, what: string): void {
    const w = this.window();
    if (w !== this.windowNs) this.change = { tNs, what };
    this.windowNs = w;
  }

  /** A trace record as it is made (only assertions, register writes and device parameters matter; others are ignored). */
  onRecord(tNs: number, kind: number, a: number, b: number): void {
    if (kind === TraceKind.LINE_ASSERT) {
      if (this.firstInterruptNs === null) this.firstInterruptNs = tNs;
    } else if (kind === TraceKind.MMIO_WRITE) {
      const reg = MITIGATION_BY_INDEX.get(a);
      const value = b & 0xffff;
      if (reg === undefined || value === this.regs[reg]) return;
      const what = `${reg} ${this.regs[reg]} → ${value}`;
      this.regs[reg] = value;
      this.changed(tNs, what);
    } else if (kind === TraceKind.DEVICE_PARAM) {
      const spec = DEVICE_PARAM_SPECS[a];
      if (!spec || this.params[spec.key] === b) return;
      const what = `${spec.label} ${this.params[spec.key] ?? spec.default} → ${b}`;
      this.params[spec.key] = b;
      this.changed(tNs, what);
    }
  }

  state(): BoundHistoryState {
    return { change: this.change, firstInterruptNs: this.firstInterruptNs, params: { ...this.params } };
  }
}
