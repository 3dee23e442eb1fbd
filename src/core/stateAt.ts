/**
 * What the panels show at a position, as plain JSON: the ICR panel (ICR,
 * IMS, the line, the last interrupt and when the ISR read it), the rings
 * (heads, tails, lengths, every slot's state), the delay timers, the
 * metrics and the counters. The CLI prints it for `--at`; tests compare the app's screen
 * with it, so "the screen at a position" has one definition.
 */
import { causeNames } from './causes';
import { REG_INDEX, REGISTERS, type RegName } from './registers';
import type { Simulation } from './simulation';
import { TIMER_COUNT, TIMER_NAMES, type Counters, type Metrics } from './types';

export interface StateAtPosition {
  /** Where: the instant (us) and the steps taken at it. */
  position: { tUs: number; steps: number };
  /** Interrupt line (INTx) asserted. */
  line: boolean;
  /** Every register, by name. */
  regs: Record<RegName, number>;
  /** The newest interrupt: when the line asserted (us), what the ISR read from ICR and when (null: not read yet). */
  lastInterrupt: { tUs: number; icr: number; causes: string[]; readUs: number | null } | null;
  /**
   * Addition (issue 25): each ring as its panel shows it: the length the
   * device uses now (RDLEN/TDLEN ÷ 16, after any write), head and tail.
   */
  rings: { rx: RingState; tx: RingState };
  /** Each RX / TX descriptor's state (SlotState codes, core/types.ts). */
  rxSlots: number[];
  txSlots: number[];
  /** Running delay timers by name: when started and when they expire (us). */
  timers: Record<string, { startUs: number; expiresUs: number }>;
  metrics: Metrics;
  /** Addition (issue 25): the run's counters (frames arrived at the NIC, taken, sent, dropped...), which the Metrics caption shows. */
  counters: Counters;
}

export interface RingState {
  length: number;
  head: number;
  tail: number;
}

export function stateAt(sim: Simulation): StateAtPosition {
  const snap = sim.snapshot();
  const regs = {} as Record<RegName, number>;
  for (const r of REGISTERS) regs[r.name] = snap.regs[REG_INDEX[r.name]];
  const timers: StateAtPosition['timers'] = {};
  for (let i = 0; i < TIMER_COUNT; i++) {
    const start = snap.timers[2 * i];
    if (start >= 0) timers[TIMER_NAMES[i]] = { startUs: start / 1000, expiresUs: snap.timers[2 * i + 1] / 1000 };
  }
  const list = sim.interrupts();
  const last = list.length > 0 ? list[list.length - 1] : null;
  return {
    position: { tUs: sim.nowNs / 1000, steps: sim.stepsAtNow },
    line: snap.line,
    regs,
    lastInterrupt: last && {
      tUs: last.tNs / 1000,
      icr: last.icr,
      causes: last.readNs < 0 ? [] : causeNames(last.icr),
      readUs: last.readNs < 0 ? null : last.readNs / 1000,
    },
    rings: {
      rx: { length: snap.rxSlots.length, head: regs.RDH, tail: regs.RDT },
      tx: { length: snap.txSlots.length, head: regs.TDH, tail: regs.TDT },
    },
    rxSlots: Array.from(snap.rxSlots),
    txSlots: Array.from(snap.txSlots),
    timers,
    metrics: sim.metrics(),
    counters: { ...snap.counters },
  };
}
