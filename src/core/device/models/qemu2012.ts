import { RXDMT0, RXT0, TXDW, TXQE, TXD_CMD_RS } from '../../causes';
import type { DeviceModel, RxHoldRule, DevicePort } from '../deviceModel';
import type { DeviceModelDescriptor, MitigationReg } from './descriptor';

/**
 * QEMU's e1000 with a full RX ring: `e1000_can_receive` turns false
 * (hw/e1000.c: RCTL.EN and `e1000_has_rxbufs(s, 1)`), so the network layer
 * holds what the backend delivers (net/queue.c `qemu_net_queue_send` appends
 * when `qemu_can_send_packet` is false; a tap backend stops reading its fd)
 * and no RXO is raised for those frames. The frames are stored when the
 * guest writes RDT: `set_rdt` calls `qemu_flush_queued_packets` since
 * e8b4c680b (QEMU 1.3, reported by the seed's author); in 1.2 they waited
 * for the main loop's next poll of the backend. The queue holds at most
 * `nq_maxlen` = 10000 packets (7d91ddd25, QEMU 1.5; unbounded before).
 */
export const QEMU_NET_QUEUE: RxHoldRule = { maxBytes: Infinity, maxFrames: 10_000, overflowSetsRxo: false };

/**
 * QEMU's RXDMT0 test in `e1000_receive`: on every frame, free descriptors
 * at or below RDLEN >> rxbuf_min_shift (a level, not the SDM's edge).
 */
export const qemuRxdmt0 = (free: number, threshold: number): boolean => free <= threshold;

/**
 * The immediate-cause behaviour QEMU's e1000 had before mitigation: every
 * cause at once. A TDT write runs `start_xmit` (hw/net/e1000.c, 1.1 to
 * 7.2 alike): `cause` starts at TXQE, each descriptor with RS (or RPS)
 * ORs in TXDW (`txdesc_writeback`), and one `set_ics(s, 0, cause)` after
 * the whole loop latches them: the line sees the batch's causes once,
 * after every descriptor of the write was processed.
 */
export function immediateCauses(port: DevicePort): Omit<DeviceModel, 'windowTimer' | 'windowIsQemuTimer' | 'windowNs'> {
  let txCause = 0; // start_xmit's `cause`
  return {
    rxStored: (free, threshold) => port.setCause(qemuRxdmt0(free, threshold) ? RXT0 | RXDMT0 : RXT0),
    txWrittenBack(cmd) {
      if (cmd & TXD_CMD_RS) txCause |= TXDW;
    },
    txQueueEmpty() {}, // TXQE is in every start_xmit's cause word (below)
    tdtWritten() {
      txCause = TXQE;
      port.transmit();
      const cause = txCause;
      txCause = 0;
      port.setCause(cause); // set_ics(s, 0, cause), once per start_xmit
    },
    rxFlush() {}, // QEMU stores RDTR as a plain 16-bit value: FPD does nothing
    timerFired() {},
  };
}

/**
 * `qemu-2012`: QEMU before interrupt mitigation. Every cause is raised at
 * once; TIDV, TADV, RDTR, RADV and ITR are stored but ignored.
 */
export function createQemu2012(port: DevicePort): DeviceModel {
  return { ...immediateCauses(port), windowTimer: -1, windowIsQemuTimer: false, windowNs: () => 0 };
}

/** Why a QEMU model that reads no mitigation register ignores each of them. */
export const ignoresAll = (why: string): Record<MitigationReg, string> => ({ TIDV: why, TADV: why, RDTR: why, RADV: why, ITR: why });

export const QEMU_2012 = {
  id: 'qemu-2012',
  label: 'QEMU 2012 (no mitigation)',
  note: 'QEMU before interrupt mitigation: every cause raises the line at once; the delay registers are stored but ignored.',
  hasWire: false,
  rxHold: QEMU_NET_QUEUE,
  timersNote: 'QEMU before 2013 raises every cause at once: TIDV, TADV, RDTR, RADV and ITR are stored but ignored, so there is no timer to show.',
  ignores: ignoresAll('stored but ignored by QEMU 2012'),
  timers: [],
  params: [],
  bound: () => null,
  create: (port) => createQemu2012(port),
} as const satisfies DeviceModelDescriptor;
