import { RXDMT0, RXT0, TXDW, TXQE, TXD_CMD_IDE, TXD_CMD_RS } from '../../causes';
import { DELAY_UNIT_NS, ITR_UNIT_NS, REG_INDEX } from '../../registers';
import { TimerId } from '../../types';
import type { DeviceModel, RxHoldRule, DevicePort } from '../deviceModel';
import type { DeviceModelDescriptor } from './descriptor';

/**
 * The RX packet buffer: frames wait on chip until descriptors appear; one
 * that does not fit is dropped with RXO and counted in MPC (SDM 3.2.7.4).
 * 48 KB is the RX share of the 82540EM's 64 KB buffer at reset (PBA 0x30).
 */
export const RX_PACKET_BUFFER: RxHoldRule = { maxBytes: 48 * 1024, maxFrames: Infinity, overflowSetsRxo: true };

/**
 * `8254x`: the rules of the Intel 8254x SDM.
 * - RDTR (packet timer) restarts on every stored frame; RADV (absolute)
 *   starts with the first frame and is not restarted; either expiring sets
 *   RXT0 and stops both. RDTR = 0: RXT0 at once, RADV off. FPD fires now.
 * - TIDV/TADV: the same pair for descriptors with RS and IDE. RS without
 *   IDE sets TXDW at once and clears the delay timers: TIDV stops, TADV is
 *   halted (SDM 3.3.3.1; 13.4.44). TIDV = 0 means no delay.
 * - RXDMT0 is set when the free descriptors *become equal* to the RDMTS
 *   threshold (SDM 3.2.7.3): an edge, once per crossing.
 * - RXDMT0, RXO, TXQE are immediate.
 * - A frame with no free descriptor waits in the RX packet buffer.
 * - ITR: at least ITR x 256 ns between assertions (the line's window).
 */
export function createSdm8254x(port: DevicePort): DeviceModel {
  const { timers } = port;
  // Registers by index, not by name: rxStored runs for every stored frame.
  const RDTR = REG_INDEX.RDTR;
  const RADV = REG_INDEX.RADV;
  const TIDV = REG_INDEX.TIDV;
  const TADV = REG_INDEX.TADV;
  const ITR = REG_INDEX.ITR;
  const delay = (index: number) => (port.regAt(index) & 0xffff) * DELAY_UNIT_NS;

  function fireRx(): void {
    timers.stop(TimerId.RDTR);
    timers.stop(TimerId.RADV);
    port.setCause(RXT0);
  }

  return {
    windowTimer: TimerId.ITR,
    windowIsQemuTimer: false,
    windowNs: () => (port.regAt(ITR) & 0xffff) * ITR_UNIT_NS,

    rxStored(free, threshold) {
      // Each store takes one descriptor, so free === threshold is the instant it became equal.
      if (free === threshold) port.setCause(RXDMT0);
      const rdtr = delay(RDTR);
      if (rdtr === 0) {
        port.setCause(RXT0);
        return;
      }
      timers.arm(TimerId.RDTR, rdtr);
      const radv = delay(RADV);
      if (radv > 0) timers.armIfStopped(TimerId.RADV, radv);
    },

    txWrittenBack(cmd) {
      if (!(cmd & TXD_CMD_RS)) return;
      if (!(cmd & TXD_CMD_IDE)) {
        timers.stop(TimerId.TIDV);
        timers.stop(TimerId.TADV);
        port.setCause(TXDW);
        return;
      }
      const tidv = delay(TIDV);
      if (tidv === 0) {
        port.setCause(TXDW);
        return;
      }
      timers.arm(TimerId.TIDV, tidv);
      const tadv = delay(TADV);
      if (tadv > 0) timers.armIfStopped(TimerId.TADV, tadv);
    },

    txQueueEmpty: () => port.setCause(TXQE),
    tdtWritten: () => port.transmit(),

    rxFlush() {
      if (timers.running(TimerId.RDTR) || timers.running(TimerId.RADV)) fireRx();
    },

    timerFired(id) {
      if (id === TimerId.RDTR || id === TimerId.RADV) {
        fireRx();
      } else if (id === TimerId.TIDV || id === TimerId.TADV) {
        timers.stop(TimerId.TIDV);
        timers.stop(TimerId.TADV);
        port.setCause(TXDW);
      }
    },
  };
}

export const SDM_8254X = {
  id: '8254x',
  label: '8254x (Intel SDM timers)',
  note: 'The Intel 8254x as its manual states it: RDTR/RADV and TIDV/TADV delay timers at 1.024 µs, ITR pacing the line, a wire at the link rate.',
  hasWire: true,
  rxHold: RX_PACKET_BUFFER,
  timersNote: 'The four delay timers count down in 1.024 µs units; the ITR window keeps interrupts apart.',
  ignores: {},
  timers: [TimerId.RDTR, TimerId.RADV, TimerId.TIDV, TimerId.TADV, TimerId.ITR],
  params: [],
  bound: (regs) => (regs.ITR > 0 ? { windowNs: regs.ITR * ITR_UNIT_NS, basis: `ITR = ${regs.ITR} × 256 ns = {window} between assertions` } : null),
  create: (port) => createSdm8254x(port),
} as const satisfies DeviceModelDescriptor;
