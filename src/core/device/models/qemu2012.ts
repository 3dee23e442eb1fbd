import { RXDMT0, RXT0, TXDW, TXQE, TXD_CMD_RS } from '../../causes';
import type { DeviceModel } from '../deviceModel';
import type { Nic } from '../nic';

/** The immediate-cause behaviour QEMU's e1000 had before mitigation: every cause at once. */
export function immediateCauses(nic: Nic): Omit<DeviceModel, 'windowTimer' | 'windowIsQemuTimer' | 'windowNs'> {
  return {
    rxStored: (lowRing) => nic.setCause(lowRing ? RXT0 | RXDMT0 : RXT0),
    txWrittenBack(cmd) {
      if (cmd & TXD_CMD_RS) nic.setCause(TXDW);
    },
    txQueueEmpty: () => nic.setCause(TXQE),
    tdtWritten: () => nic.transmit(),
    rxFlush() {}, // QEMU stores RDTR as a plain 16-bit value: FPD does nothing
    timerFired() {},
  };
}

/**
 * `qemu-2012`: QEMU before interrupt mitigation. Every cause is raised at
 * once; TIDV, TADV, RDTR, RADV and ITR are stored but ignored.
 */
export function createQemu2012(nic: Nic): DeviceModel {
  return { ...immediateCauses(nic), windowTimer: -1, windowIsQemuTimer: false, windowNs: () => 0 };
}
