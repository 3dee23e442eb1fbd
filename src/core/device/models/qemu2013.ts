import { RXT0, TXDW, TXQE, TXD_CMD_IDE } from '../../causes';
import { ITR_UNIT_NS } from '../../registers';
import { TimerId } from '../../types';
import type { DeviceModel, DevicePort } from '../deviceModel';
import { immediateCauses, QEMU_NET_QUEUE } from './qemu2012';
import type { DeviceModelDescriptor } from './descriptor';

/**
 * QEMU's floor on the window: 500 x 256 ns = 128 us, at most 7813
 * interrupts/s. Not in the 2013 commit: added by 74004e8ce4 "e1000: Fixing
 * interrupts pace" (2016, QEMU 2.6), so every QEMU since, 7.2 included.
 */
export const QEMU_MIT_FLOOR = 500;

/**
 * `qemu-2013`: what QEMU merged ("e1000: add interrupt mitigation support").
 * Causes enter ICR at once. A rising edge with no window open raises the
 * line AT ONCE and opens a window of d = min over the non-zero of TADV x 4
 * (if a TX descriptor with IDE was seen since the last window), RADV x 4
 * (if RDTR != 0 and RXT0 is pending) and ITR, floored at 500, in 256 ns
 * units (hw/net/e1000.c `set_interrupt_cause`, `mit_update_delay`; the
 * floor as QEMU has had it since 2016). Edges inside the window wait for its
 * end. TIDV and the RDTR packet timer are not emulated.
 * `mit_ide` is ORed in by every descriptor `process_tx_desc` handles, and
 * cleared only where `set_interrupt_cause` opens a window; since
 * `start_xmit` latches its causes once after its whole loop
 * (immediateCauses), every descriptor of a TDT write counts for the window
 * that write opens, and none leaks into the next one.
 */
export function createQemu2013(port: DevicePort): DeviceModel {
  const base = immediateCauses(port);
  let sawIde = false; // QEMU's mit_ide

  function windowUnits(pending: number): number {
    let d = 0;
    const consider = (v: number) => {
      if (v !== 0 && (d === 0 || v < d)) d = v;
    };
    if (sawIde && pending & (TXQE | TXDW)) consider((port.reg('TADV') & 0xffff) * 4);
    if ((port.reg('RDTR') & 0xffff) !== 0 && pending & RXT0) consider((port.reg('RADV') & 0xffff) * 4);
    consider(port.reg('ITR') & 0xffff);
    sawIde = false; // set_interrupt_cause: s->mit_ide = 0, where the window is armed
    return Math.max(d, QEMU_MIT_FLOOR);
  }

  return {
    ...base,
    windowTimer: TimerId.MIT,
    windowIsQemuTimer: true,
    windowNs: (pending) => windowUnits(pending) * ITR_UNIT_NS,
    txWrittenBack(cmd) {
      if (cmd & TXD_CMD_IDE) sawIde = true; // process_tx_desc: s->mit_ide |= (txd_lower & E1000_TXD_CMD_IDE)
      base.txWrittenBack(cmd);
    },
  };
}

export const QEMU_2013 = {
  id: 'qemu-2013',
  label: 'QEMU 2013 (merged)',
  note: 'What QEMU merged: one timer; the first cause interrupts at once and opens a window of min(TADV × 4, RADV × 4, ITR), at least 128 µs.',
  hasWire: false,
  rxHold: QEMU_NET_QUEUE,
  timersNote: "QEMU 2013 emulates one window instead of the four timers; TIDV and the RDTR packet timer are not emulated. The window is over when QEMU's main loop has woken to run its callback.",
  ignores: { TIDV: 'not emulated by QEMU 2013', RDTR: 'only a switch for RADV in QEMU 2013' },
  timers: [TimerId.MIT, TimerId.WAKE],
  params: [],
  bound: (regs) => {
    const candidates = [regs.TADV * 4, regs.RADV * 4, regs.ITR].filter((x) => x > 0);
    const units = Math.max(QEMU_MIT_FLOOR, candidates.length ? Math.min(...candidates) : QEMU_MIT_FLOOR);
    return { windowNs: units * ITR_UNIT_NS, basis: 'window of {window} (min of TADV×4, RADV×4, ITR; at least 128 µs)' };
  },
  create: (port) => createQemu2013(port),
} as const satisfies DeviceModelDescriptor;
