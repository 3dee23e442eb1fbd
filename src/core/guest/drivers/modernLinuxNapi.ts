import { TXD_CMD_EOP, TXD_CMD_IFCS, TXD_CMD_RS } from '../../causes';
import type { NapiConfig } from './napiDriver';

const TX_CMD = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS;

/**
 * The NAPI set-up linux-dim and linux-ixgbe share (a modern Linux NIC driver on
 * this register file): budget 64 (NAPI_POLL_WEIGHT), refill in batches of 16,
 * the RX tail at next_to_use (ixgbe_alloc_rx_buffers, mlx5's WQ doorbell), no
 * STATUS flush reads, one descriptor per packet with RS (no IDE: these NICs
 * have no 8254x TX delay), the queue stopped below 24 free and woken at 32;
 * the 8254x delay registers left at 0. Each driver adds its own accounting hooks.
 */
export const MODERN_LINUX_NAPI: Omit<NapiConfig, 'countRx' | 'countTx' | 'onSchedule' | 'itrAfterPoll' | 'watchdog'> = {
  budget: 64,
  refillBatch: 16,
  rxTail: (rings) => rings.rxNextToUse,
  rxBeforeTx: false,
  // Modern Linux (4.10+ MISSED): ixgbe_poll and mlx5e_napi_poll unmask only when napi_complete_done() returns true.
  kernel: { missed: true, unmaskOnlyIfCompleteDone: true },
  flushAfterMaskWrites: false,
  sender: { stopBelow: 24, stopBeforeSendBelow: 0, wakeAtLeast: 32, reclaimBelow: 0, contextDescriptor: 'none', txCmd: () => TX_CMD },
  startRegs: { TIDV: 0, TADV: 0, RDTR: 0, RADV: 0, ITR: 0 },
};
