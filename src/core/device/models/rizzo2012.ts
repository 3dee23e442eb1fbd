import { RXDMT0, RXT0, TXDW, TXQE, TXD_CMD_RS } from '../../causes';
import { REG_INDEX } from '../../registers';
import { TimerId } from '../../types';
import type { DeviceModel } from '../deviceModel';
import type { Nic } from '../nic';

export interface RizzoParams {
  /** TX is deferred while tx_count exceeds this (the patch's literal 4). */
  txBatch: number;
  /** Slack below the ring size (the patch's literal 5). */
  ringSlack: number;
  /** Delay until QEMU's bottom half runs, ns (bounded at 10 ms by the main loop). */
  bottomHalfNs: number;
}

/**
 * `rizzo-2012`: the seed patch, a proof of concept. Two counters since the
 * last interrupt (tx_count, rx_count) and a remembered cause word.
 * - TX, on a TDT write: if tx_count > txBatch and tx_count + pending <
 *   ring - slack, send nothing now. Otherwise send all pending, OR the causes
 *   in, tx_count += pending; if tx_count >= ring - slack raise at once and
 *   zero the counters, else schedule the bottom half.
 * - RX, per stored frame: OR the cause in; if rx_count == 0 raise at once;
 *   else if RXDMT0 is due and was not yet raised that way, raise at once
 *   (once); else schedule the bottom half. Every stored frame counts in
 *   rx_count (our reading of the patch: the first frame after an interrupt
 *   goes out at once, later ones wait for the bottom half).
 * - Bottom half (if either count is non-zero): zero both, run the TX path,
 *   raise the remembered causes.
 * Raising = setting the remembered causes in ICR; the line then follows
 * ICR & IMS at once.
 */
export function createRizzo2012(nic: Nic, p: RizzoParams): DeviceModel {
  let txCount = 0;
  let rxCount = 0;
  let remembered = 0;
  let rxdmtRaised = false;

  function raise(): void {
    const causes = remembered;
    remembered = 0;
    if (causes) nic.setCause(causes);
  }

  function sendAllPending(): number {
    const before = nic.counters.txSent;
    nic.transmit();
    return nic.counters.txSent - before;
  }

  const scheduleBottomHalf = () => nic.timers.armIfStopped(TimerId.BH, p.bottomHalfNs);

  return {
    windowTimer: -1,
    windowIsQemuTimer: false,
    windowNs: () => 0,

    tdtWritten() {
      const pending = nic.tx.distance(nic.regs[REG_INDEX.TDH], nic.regs[REG_INDEX.TDT]);
      if (txCount > p.txBatch && txCount + pending < nic.tx.size - p.ringSlack) return; // wait in the ring
      txCount += sendAllPending();
      if (txCount >= nic.tx.size - p.ringSlack) {
        txCount = 0;
        rxCount = 0;
        raise();
      } else {
        scheduleBottomHalf();
      }
    },

    txWrittenBack(cmd) {
      if (cmd & TXD_CMD_RS) remembered |= TXDW;
    },
    txQueueEmpty() {
      remembered |= TXQE;
    },

    rxStored(lowRing) {
      remembered |= lowRing ? RXT0 | RXDMT0 : RXT0;
      const first = rxCount === 0;
      rxCount++;
      if (first) {
        raise();
      } else if (lowRing && !rxdmtRaised) {
        rxdmtRaised = true;
        raise();
      } else {
        scheduleBottomHalf();
      }
    },

    rxFlush() {},

    timerFired(id) {
      if (id !== TimerId.BH) return;
      if (txCount === 0 && rxCount === 0) return;
      txCount = 0;
      rxCount = 0;
      rxdmtRaised = false;
      sendAllPending();
      raise();
    },
  };
}
