import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import type { GuestDriverDescriptor } from './descriptor';
import { createNapiDriver } from './napiDriver';
import { MODERN_LINUX_NAPI } from './modernLinuxNapi';
import { IXGBE_20K_ITR, JIFFY_NS, ixgbeSetItr, newRingContainer, type IxgbeRingContainer } from './ixgbeItr';

/** What the adaptive ITR did at one completed poll (for tests and views). */
export interface IxgbeItrStep {
  timeNs: number;
  rxItr: number;
  txItr: number;
  /** The vector's ITR after the update, us. */
  vectorUs: number;
}

export interface IxgbeDriver extends GuestDriver {
  readonly rx: IxgbeRingContainer;
  readonly tx: IxgbeRingContainer;
  readonly itrLog: IxgbeItrStep[];
}

const MAX_LOGGED_STEPS = 20_000;

/**
 * `linux-ixgbe`: a Linux NAPI driver with ixgbe's adaptive ITR (rx-usecs 1,
 * the default): after each completed poll `ixgbe_set_itr` updates the RX
 * and TX ring containers from the packets and bytes cleaned since the last
 * update and writes the vector's EITR when it changed (ixgbe_poll,
 * ixgbe_set_itr, ixgbe_write_eitr). The EITR is modelled by the
 * `itr-ratecap` device's rx-usecs and tx-usecs (a 2 us-step minimum
 * interval, INTRL left at 0); the vector starts at IXGBE_20K_ITR (50 us).
 * The link speed for the bulk formula is the scenario's linkGbps.
 */
export function createLinuxIxgbe(env: DriverEnv): IxgbeDriver {
  const rx = newRingContainer();
  const tx = newRingContainer();
  const itrLog: IxgbeItrStep[] = [];
  let vectorItr = IXGBE_20K_ITR;
  const linkGbps = env.nic.nsPerByte > 0 ? 8 / env.nic.nsPerByte : 10;
  const writeEitr = () => {
    env.nic.setDeviceParam('itrRxUsecs', vectorItr >> 2);
    env.nic.setDeviceParam('itrTxUsecs', vectorItr >> 2);
  };
  writeEitr();
  const driver = createNapiDriver(env, {
    ...MODERN_LINUX_NAPI,
    countRx: (b) => {
      rx.totalPackets++;
      rx.totalBytes += b;
    },
    countTx: (b) => {
      tx.totalPackets++;
      tx.totalBytes += b;
    },
    itrAfterPoll: () => {
      const jiffies = Math.floor(env.ctx.now / JIFFY_NS);
      const next = ixgbeSetItr(rx, tx, vectorItr, jiffies, linkGbps);
      if (next !== vectorItr) {
        vectorItr = next;
        writeEitr();
      }
      if (itrLog.length >= MAX_LOGGED_STEPS) itrLog.shift();
      itrLog.push({ timeNs: env.ctx.now, rxItr: rx.itr, txItr: tx.itr, vectorUs: vectorItr >> 2 });
      return null;
    },
  });
  return { ...driver, rx, tx, itrLog };
}

export const LINUX_IXGBE = {
  id: 'linux-ixgbe',
  label: 'Linux ixgbe adaptive ITR',
  note: "A Linux NAPI driver with ixgbe's adaptive ITR (ixgbe_update_itr): latency or bulk mode per ring from the packets and bytes since the last poll, 10-126 µs.",
  hasCosts: true,
  params: [],
  fixedRegs: {},
  create: createLinuxIxgbe,
} as const satisfies GuestDriverDescriptor;
