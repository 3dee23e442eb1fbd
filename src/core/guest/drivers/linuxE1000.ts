import { TXD_CMD_EOP, TXD_CMD_IDE, TXD_CMD_IFCS, TXD_CMD_RS } from '../../causes';
import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import { LinuxItr } from './linuxItr';
import { createNapiDriver } from './napiDriver';

/** Linux e1000 module parameter defaults (e1000_param.c). */
export const LINUX_E1000_DEFAULTS = {
  TxIntDelay: 8,
  TxAbsIntDelay: 32,
  RxIntDelay: 0,
  RxAbsIntDelay: 8,
  InterruptThrottleRate: 3,
} as const;

/** MAX_SKB_FRAGS + 2: the queue stops when fewer descriptors than this are free. */
const STOP_THRESHOLD = 17 + 2;
/** TX_WAKE_THRESHOLD: the queue wakes when at least this many are free. */
const WAKE_THRESHOLD = 32;

/**
 * `linux-e1000`: ISR + NAPI with budget 64, RX refilled in batches of 16,
 * TDT written once per packet, IDE iff TxIntDelay != 0, and the
 * InterruptThrottleRate modes. Registers come from the module parameters;
 * where a parameter is absent, from the scenario's device.regs (with no
 * InterruptThrottleRate the ITR is fixed at device.regs.ITR).
 */
export function createLinuxE1000(env: DriverEnv): GuestDriver {
  const p = env.params;
  const txIntDelay = p.TxIntDelay ?? env.regs.TIDV;
  const itr = p.InterruptThrottleRate !== undefined ? new LinuxItr(p.InterruptThrottleRate) : null;
  const txCmd = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS | (txIntDelay !== 0 ? TXD_CMD_IDE : 0);
  return createNapiDriver(env, {
    budget: 64,
    refillBatch: 16,
    flushAfterMaskWrites: true,
    sender: { stopThreshold: STOP_THRESHOLD, wakeThreshold: WAKE_THRESHOLD, txCmd: () => txCmd },
    startRegs: {
      TIDV: txIntDelay,
      TADV: p.TxAbsIntDelay ?? env.regs.TADV,
      RDTR: p.RxIntDelay ?? env.regs.RDTR,
      RADV: p.RxAbsIntDelay ?? env.regs.RADV,
      ITR: itr ? itr.initialReg() : env.regs.ITR,
    },
    countTx: itr ? (b) => itr.countTx(b) : undefined,
    countRx: itr ? (b) => itr.countRx(b) : undefined,
    onSchedule: itr ? () => itr.resetTotals() : undefined,
    itrAfterPoll: itr ? () => itr.onPollComplete() : undefined,
    watchdog: itr && itr.setting === 4 ? () => itr.onWatchdog() : undefined,
  });
}
