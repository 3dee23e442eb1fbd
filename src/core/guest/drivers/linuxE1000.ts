import { TXD_CMD_EOP, TXD_CMD_IDE, TXD_CMD_IFCS, TXD_CMD_RS } from '../../causes';
import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import { LinuxItr } from './linuxItr';
import type { DriverParamSpec, GuestDriverDescriptor } from './descriptor';
import { itrRate } from '../../registers';
import { createNapiDriver } from './napiDriver';
import { ETH_FCS_LEN, NetdevTxQueue } from '../kernel/netdevQueue';

/** Linux e1000 module parameter defaults (e1000_param.c). */
export const LINUX_E1000_DEFAULTS = {
  TxIntDelay: 8,
  TxAbsIntDelay: 32,
  RxIntDelay: 0,
  RxAbsIntDelay: 8,
  InterruptThrottleRate: 3,
} as const;

/** MAX_SKB_FRAGS with 4 KiB pages, 3.5 and 6.1 alike (include/linux/skbuff.h: 65536/PAGE_SIZE + 1). */
const MAX_SKB_FRAGS = 17;

/**
 * Where the two kernel generations' e1000 differ in this model: the stop
 * threshold after queueing a packet (`e1000_xmit_frame`). 3.5 (2012):
 * `e1000_maybe_stop_tx(netdev, tx_ring, MAX_SKB_FRAGS + 2)` = 19; 6.1:
 * `desc_needed = MAX_SKB_FRAGS + 7` = 24. Byte queue limits
 * (`netdev_sent_queue`, e1000 since 3.7) and `xmit_more` (3.18) are 6.1's
 * only: `netdevQueue` (kernel/netdevQueue.ts, kernel/dql.ts).
 */
export const LINUX_KERNELS = {
  '3.5': { stopBelow: MAX_SKB_FRAGS + 2, netdevQueue: false, napiCompleteDone: false, missed: false },
  '6.1': { stopBelow: MAX_SKB_FRAGS + 7, netdevQueue: true, napiCompleteDone: true, missed: true },
  // 6.13: the e1000 of 6.1 (its transmit path, BQL and xmit_more unchanged) under 6.13's net/core/dev.c (IRQ suspension).
  '6.13': { stopBelow: MAX_SKB_FRAGS + 7, netdevQueue: true, napiCompleteDone: true, missed: true },
} as const;

/** What a scenario that names no kernel runs: 6.1 (6.13 is an addition, chosen by name). */
export const DEFAULT_LINUX_KERNEL = '6.1';

export type LinuxKernel = keyof typeof LINUX_KERNELS;
export const LINUX_KERNEL_VERSIONS = Object.keys(LINUX_KERNELS) as LinuxKernel[];

/*
 * The byte totals e1000_update_itr classifies leave out the FCS
 * (ETH_FCS_LEN, kernel/netdevQueue.ts): TX counts `skb->len` (e1000_tx_map
 * sets `bytecount = (segs - 1) * headlen + skb->len`, which
 * e1000_clean_tx_irq adds to total_tx_bytes); RX counts the descriptor's
 * length after `length -= 4` (e1000_clean_rx_irq: "adjust length to remove
 * Ethernet CRC"), v3.5 and v6.1 alike. A 64-byte frame is 60 bytes there.
 */

/** TX_WAKE_THRESHOLD (e1000_clean_tx_irq only): the queue wakes when at least this many are free. */
const TX_WAKE_THRESHOLD = 32;

/**
 * `linux-e1000` (drivers/net/ethernet/intel/e1000/e1000_main.c, 3.5 and
 * 6.1): ISR + NAPI with budget 64 (TX cleaned first, then RX), RX refilled
 * in batches of 16 (E1000_RX_BUFFER_WRITE) with RDT written one behind
 * next_to_use (e1000_alloc_rx_buffers), and the InterruptThrottleRate
 * modes. Transmit: a UDP socket's packet is checksum-offloaded, so
 * e1000_tx_csum writes a context descriptor (DEXT, no RS) before every
 * data descriptor (EOP|IFCS|RS, IDE iff TxIntDelay != 0): two descriptors
 * per packet, TDT written once per packet (6.1: once per qdisc bulk, the
 * `xmit_more` rule, with byte queue limits in front: kernel/netdevQueue.ts);
 * the queue stops below the kernel's threshold and wakes at 32 free, in the
 * clean path only. RCTL.RDMTS is forced to 1/2 (e1000_setup_rctl). Registers come from the module parameters;
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
    rxTail: (rings) => rings.rxOneBehind(), // e1000_alloc_rx_buffers: RDT = next_to_use - 1 (N-2 owned)
    rxBeforeTx: false,
    flushAfterMaskWrites: true,
    // e1000_clean: 3.5 calls napi_complete() and unmasks regardless; 6.1 unmasks only if napi_complete_done() returns true
    // (0bcd952feec7, v4.17: "don't re-enable interrupts if stack might poll us due to busy-polling"). MISSED: 4.10.
    kernel: { missed: LINUX_KERNELS[env.kernel].missed, unmaskOnlyIfCompleteDone: LINUX_KERNELS[env.kernel].napiCompleteDone },
    sender: {
      stopBelow: LINUX_KERNELS[env.kernel].stopBelow,
      stopBeforeSendBelow: 0,
      wakeAtLeast: TX_WAKE_THRESHOLD,
      reclaimBelow: 0,
      contextDescriptor: 'every-packet',
      txCmd: () => txCmd,
      netdevQueue: LINUX_KERNELS[env.kernel].netdevQueue ? new NetdevTxQueue(() => env.ctx.now) : undefined,
    },
    startRegs: {
      TIDV: txIntDelay,
      TADV: p.TxAbsIntDelay ?? env.regs.TADV,
      RDTR: p.RxIntDelay ?? env.regs.RDTR,
      RADV: p.RxAbsIntDelay ?? env.regs.RADV,
      ITR: itr ? itr.initialReg() : env.regs.ITR,
    },
    countTx: itr ? (b) => itr.countTx(b - ETH_FCS_LEN) : undefined,
    countRx: itr ? (b) => itr.countRx(b - ETH_FCS_LEN) : undefined,
    onSchedule: itr ? () => itr.resetTotals() : undefined,
    itrAfterPoll: itr ? () => itr.onPollComplete() : undefined,
    watchdog: itr && itr.setting === 4 ? () => itr.onWatchdog() : undefined,
  });
}

const delayParam = (key: string, programs: 'TIDV' | 'TADV' | 'RDTR' | 'RADV'): DriverParamSpec => ({
  key,
  label: `Linux ${key}`,
  unit: '1.024 us',
  min: 0,
  max: 0xffff,
  programs,
  fromRegister: (raw) => raw,
});

export const LINUX_E1000 = {
  id: 'linux-e1000',
  label: 'Linux e1000',
  note: 'Linux e1000 (3.5 of 2012 or 6.1): ISR + NAPI poll, context + data descriptor per packet, InterruptThrottleRate modes.',
  hasCosts: true,
  params: [
    {
      key: 'InterruptThrottleRate',
      label: 'Linux InterruptThrottleRate',
      unit: 'interrupts/s or mode',
      min: 100,
      max: 100_000,
      modes: [0, 1, 3, 4],
      allowed: '0, 1, 3, 4 or 100..100000',
      programs: 'ITR',
      fromRegister: (raw) => (raw === 0 ? 0 : Math.min(100_000, Math.max(100, Math.round(itrRate(raw))))),
    },
    delayParam('TxIntDelay', 'TIDV'),
    delayParam('TxAbsIntDelay', 'TADV'),
    delayParam('RxIntDelay', 'RDTR'),
    delayParam('RxAbsIntDelay', 'RADV'),
  ],
  fixedRegs: {},
  kernels: LINUX_KERNEL_VERSIONS,
  defaultKernel: DEFAULT_LINUX_KERNEL,
  create: createLinuxE1000,
} as const satisfies GuestDriverDescriptor;

