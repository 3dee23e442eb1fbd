import { RXDMT0, RXT0, TXDW, TXQE, TXD_CMD_IDE, TXD_CMD_RS } from '../../causes';
import { DELAY_UNIT_NS, ITR_UNIT_NS, REG_INDEX } from '../../registers';
import { TimerId } from '../../types';
import type { DeviceModel, DevicePort } from '../deviceModel';
import { QEMU_NET_QUEUE } from './qemu2012';
import type { DeviceModelDescriptor } from './descriptor';

/**
 * QEMU's floor on ITR/EITR for the 82574: `E1000E_MIN_XITR` = 500 (x 256 ns
 * = 128 us, at most 7,813 interrupts/s), applied when the guest writes ITR
 * (`e1000e_set_itr`: `mac[ITR] = MAX(interval, E1000E_MIN_XITR)`; the guest
 * reads back what it wrote, `itr_guest_value`). QEMU's comment cites the
 * 82574 datasheet, section 10.2.4.2; Intel's ITR descriptions (8254x SDM
 * 13.4.18, 82575EB 14.3.45) use 500 as a worked example ("must never exceed
 * 7813 interrupts/sec" for that value), with 0 = no throttling, so the floor
 * is QEMU's reading, not the hardware's (docs/moderation.md).
 * qemu/qemu hw/net/e1000e_core.c.
 */
export const E1000E_MIN_XITR = 500;

/** The RX causes QEMU may delay (legacy/MSI mode): `e1000e_intrmgr_delay_rx_causes` (RXQ0/RXQ1 are MSI-X only). */
const DELAYABLE_RX = RXT0;
/** The TX causes QEMU may delay: `e1000e_intrmgr_delay_tx_causes` (TXQ0/TXQ1 are MSI-X only). */
const DELAYABLE_TX = TXDW | TXQE;

/**
 * `qemu-e1000e`: the 82574 as QEMU emulates it (qemu/qemu hw/net/e1000e_core.c,
 * the "intrmgr" functions; legacy INTx / MSI, not MSI-X), rule by rule:
 *
 * - Delayed causes: RXT0 (and TXDW/TXQE with IDE) are not set in ICR but
 *   kept in `delayed_causes`. RX (`e1000e_intrmgr_delay_rx_causes`): with
 *   RDTR = 0, or when the frame also raised a cause that cannot wait
 *   (RXDMT0), nothing is delayed; otherwise RDTR is re-armed on every frame
 *   and RADV armed if not running and RADV != 0. TX (`e1000e_start_xmit` and
 *   `e1000e_intrmgr_delay_tx_causes`): one decision per TDT write, after
 *   every queued descriptor was processed: TXQE always, TXDW if a descriptor
 *   had RS; if the last written-back descriptor had no IDE the causes are set
 *   at once, else TIDV is re-armed (even with TIDV = 0: a timer due now) and
 *   TADV armed if not running and TADV != 0.
 * - Any cause that is set (`e1000e_set_interrupt_cause`) first collects every
 *   delayed cause, RX and TX alike, and stops all four delay timers
 *   (`e1000e_intmgr_collect_delayed_causes`); a delay timer expiring sets
 *   cause 0, which does the same (`e1000e_intrmgr_on_timer`).
 * - RDTR with FPD while RDTR runs: the same, now (`e1000e_set_rdtr`).
 * - RXDMT0 when the free descriptors *equal* the threshold after the store
 *   (`e1000e_rx_descr_threshold_hit`).
 * - ITR (`e1000e_update_interrupt_state`, `e1000e_itr_should_postpone`):
 *   a pending cause is delivered at once if the ITR timer is not running,
 *   and the timer is started (ITR x 256 ns); while it runs, delivery is
 *   postponed; when it expires (`e1000e_intrmgr_on_throttling_timer`) the
 *   device sets cause 0: delayed causes are collected and whatever is
 *   pending is delivered, which starts the timer again; nothing pending, no
 *   timer. ITR is floored at 500 once written (E1000E_MIN_XITR), so a guest
 *   that writes 0 still gets 128 us; before any write ITR is 0 (no timer).
 *
 * What the 82574 datasheet says beside it (docs/moderation.md): the same
 * RDTR/RADV/TIDV/TADV registers in 1.024 us units and ITR in 256 ns units,
 * 0 = throttling off; the 500 floor is QEMU's reading of section 10.2.4.2,
 * not a register limit. Not modelled: MSI-X (EITR per vector, RXQ/TXQ
 * causes), IAM/IAME auto-masking and its ICR-read rule, RAID (ACK delay),
 * TIDV's FPD bit, CTRL_EXT.INT_TIMERS_CLEAR_ENA.
 */
export function createQemuE1000e(port: DevicePort): DeviceModel {
  const { timers } = port;
  const { RDTR, RADV, TIDV, TADV, ITR } = REG_INDEX;
  /** A delay register's value in ns (1.024 us units, 16 bits: E1000_INTR_DELAY_NS_RES). */
  const delay = (index: number) => (port.regAt(index) & 0xffff) * DELAY_UNIT_NS;
  /** core->delayed_causes */
  let delayed = 0;
  /** The guest has written ITR (mac[ITR] is then at least 500). */
  let itrWritten = false;
  // One start_xmit: the causes it gathers and the IDE bit of the last descriptor written back.
  let txCause = 0;
  let txIde = false;

  /** e1000e_intmgr_collect_delayed_causes */
  function collect(): number {
    const res = delayed;
    delayed = 0;
    timers.stop(TimerId.RDTR);
    timers.stop(TimerId.RADV);
    timers.stop(TimerId.TIDV);
    timers.stop(TimerId.TADV);
    return res;
  }

  /** e1000e_set_interrupt_cause: the delayed causes join, then the line is re-evaluated. */
  function setInterruptCause(bits: number): void {
    port.setCause(bits | collect());
  }

  return {
    windowTimer: TimerId.ITR,
    windowIsQemuTimer: true,
    windowNs: () => {
      const itr = port.regAt(ITR) & 0xffff;
      return itrWritten || itr !== 0 ? Math.max(itr, E1000E_MIN_XITR) * ITR_UNIT_NS : 0;
    },

    regWritten(index) {
      if (index === ITR) itrWritten = true;
    },

    rxStored(free, threshold) {
      const immediate = free === threshold ? RXDMT0 : 0;
      delayed |= DELAYABLE_RX;
      if ((port.regAt(RDTR) & 0xffff) === 0 || immediate !== 0) {
        setInterruptCause(immediate);
        return;
      }
      timers.arm(TimerId.RDTR, delay(RDTR));
      const radv = delay(RADV);
      if (radv > 0) timers.armIfStopped(TimerId.RADV, radv);
    },

    txWrittenBack(cmd) {
      if (!(cmd & TXD_CMD_RS)) return; // e1000e_txdesc_writeback: no RS, no write-back, no cause
      txCause |= TXDW;
      txIde = (cmd & TXD_CMD_IDE) !== 0;
    },

    txQueueEmpty() {}, // TXQE is part of start_xmit's one decision (tdtWritten)

    tdtWritten() {
      txCause = TXQE;
      txIde = false;
      port.transmit();
      const cause = txCause;
      if (!txIde) {
        setInterruptCause(cause);
        return;
      }
      delayed |= cause & DELAYABLE_TX;
      timers.arm(TimerId.TIDV, delay(TIDV));
      const tadv = delay(TADV);
      if (tadv > 0) timers.armIfStopped(TimerId.TADV, tadv);
    },

    rxFlush() {
      if (timers.running(TimerId.RDTR)) setInterruptCause(0);
    },

    timerFired() {
      // RDTR, RADV, TIDV or TADV: e1000e_intrmgr_on_timer -> set cause 0.
      setInterruptCause(0);
    },

    windowEnded() {
      // e1000e_intrmgr_on_throttling_timer -> e1000e_set_interrupt_cause(core, 0).
      setInterruptCause(0);
    },
  };
}

export const QEMU_E1000E = {
  id: 'qemu-e1000e',
  label: 'QEMU e1000e (82574)',
  note: 'The 82574 as QEMU emulates it: RDTR/RADV and TIDV/TADV hold causes back; ITR delivers at once, then postpones for ITR × 256 ns, at least 128 µs (7,813 interrupts/s).',
  hasWire: false,
  rxHold: QEMU_NET_QUEUE,
  timersNote:
    "QEMU's e1000e runs the four delay timers (any cause set, or any of them firing, releases every delayed cause) and the ITR timer, at least 500 × 256 ns = 128 µs once the guest has written ITR. Its timers are QEMU timers, run by QEMU's main loop.",
  ignores: {},
  timers: [TimerId.RDTR, TimerId.RADV, TimerId.TIDV, TimerId.TADV, TimerId.ITR],
  params: [],
  bound: (regs) => {
    const units = Math.max(regs.ITR, E1000E_MIN_XITR);
    return { windowNs: units * ITR_UNIT_NS, basis: `max(ITR = ${regs.ITR}, 500) × 256 ns = {window} between assertions` };
  },
  create: (port) => createQemuE1000e(port),
} as const satisfies DeviceModelDescriptor;
