import { RXDMT0, RXT0, TXDW, TXQE, TXD_CMD_RS } from '../../causes';
import { TimerId } from '../../types';
import type { DeviceModel, DevicePort } from '../deviceModel';
import { ignoresAll, QEMU_NET_QUEUE, qemuRxdmt0 } from './qemu2012';
import type { DeviceModelDescriptor } from './descriptor';

export interface RizzoParams {
  /** TX is deferred while tx_ics_count exceeds this (the patch's literal 4). */
  txBatch: number;
  /** Slack below the ring size (the patch's literal 5, in `len - 5`). */
  ringSlack: number;
  /** Delay until QEMU's idle bottom half runs, ns: the host's next main-loop iteration, at most 10 ms. */
  bottomHalfNs: number;
}

/** The patch's MIT_RXDMT0_SENT: rx_ics_count is set to this once RXDMT0 has been raised. */
export const MIT_RXDMT0_SENT = 100_000;

/**
 * `rizzo-2012`: the seed patch as posted (QEMU 61dc008 + the diff in
 * `docs/seed-experiment.md`), rule by rule. QEMU has no wire: transmitting
 * happens inside the TDT write.
 *
 * start_xmit (on every TDT write, and from the bottom half):
 * - `pending = TDT - TDH` (ring distance) on entry. If
 *   `tx_ics_count > 4 && tx_ics_count + pending < len - 5`: return; the
 *   descriptors wait in the ring.
 * - Otherwise transmit all of them; `int_cause |= cause`, where QEMU 1.2's
 *   start_xmit starts `cause` at TXQE and ORs TXDW per descriptor with RS
 *   (txdesc_writeback); `tx_ics_count += pending` (descriptors handed over,
 *   counted at the write).
 * - Then `tx_ics_count >= len - 5`: set_ics(int_cause), zero tx_ics_count
 *   and int_cause (rx_ics_count is kept); else qemu_bh_schedule_idle.
 *
 * e1000_receive, per stored frame: `int_cause |= n` (RXT0, and RXDMT0 by
 * QEMU's `<=` test); rx_ics_count == 0: raise at once, count it; else
 * RXDMT0 in n and rx_ics_count < MIT_RXDMT0_SENT: raise at once,
 * rx_ics_count = MIT_RXDMT0_SENT; else count it and schedule the bottom half.
 *
 * e1000_int_bh: if both counts are below 1, return. Else zero both, run
 * start_xmit (the same rule: with nothing pending it still ORs TXQE and
 * schedules the bottom half once more), then set_ics(int_cause) and zero it.
 *
 * Scheduling: qemu_bh_schedule_idle on a BH already scheduled does not move
 * it (QEMU 1.2 async.c); qemu_bh_poll clears `scheduled` before calling the
 * BH, so the BH may schedule itself again. The delay until an idle BH runs
 * is the host's (`bottomHalfNs`).
 */
export function createRizzo2012(port: DevicePort, p: RizzoParams): DeviceModel {
  let txIcsCount = 0;
  let rxIcsCount = 0;
  let intCause = 0;

  function setIcsIntCause(): void {
    const causes = intCause;
    intCause = 0;
    if (causes) port.setCause(causes);
  }

  const scheduleBottomHalf = () => port.timers.armIfStopped(TimerId.BH, p.bottomHalfNs);

  function startXmit(): void {
    const len = port.txRingSize();
    const pending = port.txPending();
    if (txIcsCount > p.txBatch && txIcsCount + pending < len - p.ringSlack) return; // wait in the ring
    intCause |= TXQE; // start_xmit's `cause` starts at E1000_ICS_TXQE
    port.transmit(); // ORs TXDW into intCause per descriptor with RS (txWrittenBack)
    txIcsCount += pending;
    if (txIcsCount >= len - p.ringSlack) {
      setIcsIntCause();
      txIcsCount = 0;
    } else {
      scheduleBottomHalf();
    }
  }

  return {
    windowTimer: -1,
    windowIsQemuTimer: false,
    windowNs: () => 0,

    tdtWritten: startXmit,

    txWrittenBack(cmd) {
      if (cmd & TXD_CMD_RS) intCause |= TXDW;
    },
    txQueueEmpty() {}, // TXQE is in every start_xmit's cause word (above)

    rxStored(free, threshold) {
      const n = qemuRxdmt0(free, threshold) ? RXT0 | RXDMT0 : RXT0;
      intCause |= n;
      if (rxIcsCount === 0) {
        setIcsIntCause();
        rxIcsCount++;
      } else if (n & RXDMT0 && rxIcsCount < MIT_RXDMT0_SENT) {
        setIcsIntCause();
        rxIcsCount = MIT_RXDMT0_SENT;
      } else {
        rxIcsCount++;
        scheduleBottomHalf();
      }
    },

    rxFlush() {},

    timerFired(id) {
      if (id !== TimerId.BH) return;
      if (txIcsCount < 1 && rxIcsCount < 1) return;
      txIcsCount = 0;
      rxIcsCount = 0;
      startXmit();
      setIcsIntCause();
    },
  };
}

export const RIZZO_2012 = {
  id: 'rizzo-2012',
  label: 'Rizzo 2012 patch',
  note: 'The 2012 patch as posted: the first few TX descriptors go out at once, the rest wait for the ring to near full (len - 5) or for a QEMU bottom half.',
  hasWire: false,
  rxHold: QEMU_NET_QUEUE,
  timersNote: 'The seed patch has no delay timers: it counts descriptors and frames, and lets a QEMU bottom half raise the interrupt.',
  ignores: ignoresAll('ignored by the Rizzo patch'),
  timers: [TimerId.BH],
  params: [
    { key: 'rizzoTxBatch', label: "rizzo TX batch (the patch's 4)", unit: 'descriptors', integer: true, min: 0, max: 4096, default: 4 },
    { key: 'rizzoRingSlack', label: "rizzo ring slack (the patch's 5)", unit: 'descriptors', integer: true, min: 0, max: 4096, default: 5 },
    { key: 'rizzoBottomHalfUs', label: 'rizzo bottom-half delay', unit: 'us', integer: false, min: 0, max: 1_000_000, default: 10_000 },
  ],
  bound: () => null,
  create: (port, params) =>
    createRizzo2012(port, { txBatch: params.rizzoTxBatch, ringSlack: params.rizzoRingSlack, bottomHalfNs: Math.round(params.rizzoBottomHalfUs * 1000) }),
} as const satisfies DeviceModelDescriptor;
