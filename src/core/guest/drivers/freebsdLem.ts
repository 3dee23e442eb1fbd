import { TXD_CMD_EOP, TXD_CMD_IDE, TXD_CMD_IFCS, TXD_CMD_RS } from '../../causes';
import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import { createNapiDriver } from './napiDriver';
import type { DriverParamSpec, GuestDriverDescriptor } from './descriptor';

/**
 * FreeBSD lem(4) defaults, FreeBSD 9.3 `sys/dev/e1000/if_lem.c` (r262153)
 * and `if_lem.h`. The delay tunables are microseconds
 * (`EM_TICKS_TO_USECS(EM_TIDV 64)` = 66), but `lem_initialize_transmit_unit`
 * and `lem_initialize_receive_unit` write them to TIDV, TADV and RADV
 * unconverted, so the registers hold 66 (67.6 us). RDTR is never written at
 * attach (it keeps its reset value; only the sysctl handler writes it).
 */
export const FREEBSD_LEM_DEFAULTS = {
  'hw.em.tx_int_delay': 66,
  'hw.em.tx_abs_int_delay': 66,
  'hw.em.rx_abs_int_delay': 66,
  'hw.em.rx_process_limit': 100,
} as const;

/** DEFAULT_ITR = 1000000000 / (MAX_INTS_PER_SEC 8000 * 256), integer division: written to ITR at attach. */
export const LEM_DEFAULT_ITR = 488;

/**
 * `freebsd-lem`: FreeBSD 8-10's lem(4), the driver that attaches to the
 * 82540EM (0x100E) QEMU emulates. Each rule is from if_lem.c, FreeBSD 9.3:
 * - Transmit (`lem_start_locked`, `lem_xmit`): one data descriptor per
 *   packet with EOP|IFCS|RS, IDE iff tx_int_delay > 0; the checksum context
 *   descriptor is written only when the offload type changes
 *   (`last_hw_offload`), so a UDP flow takes one once. TDT is written once
 *   per packet. Before sending, when free descriptors
 *   (`num_tx_desc_avail`, which starts at num_tx_desc) are <=
 *   EM_TX_CLEANUP_THRESHOLD (num_tx_desc / 8) it reclaims in the transmit
 *   path (`lem_txeof`); it stops (IFF_DRV_OACTIVE) when they are <=
 *   EM_TX_OP_THRESHOLD (num_tx_desc / 32). `lem_txeof` clears OACTIVE when
 *   more than num_tx_desc / 8 are free.
 * - Interrupt (`lem_irq_fast`, the default: hw.em.use_legacy_irq = 0):
 *   read ICR (0: not ours), IMC = 0xffffffff, enqueue the task. No flush
 *   reads. The task (`lem_handle_rxtx`): `lem_rxeof` (up to
 *   rx_process_limit frames, buffers refilled inline, RDT written once at
 *   the end: `next_rx_desc_to_check - 1`, if_lem.c 9.3 line 3616-3619; at
 *   init `num_rx_desc - 1`, line 3366: the hardware owns N-1 buffers, not
 *   Linux's N-2), `lem_txeof`, restart
 *   transmit, then run again if the limit ran out, else IMS.
 * - Start: TIDV, TADV, RADV from the tunables unconverted (where a tunable
 *   is absent, the scenario's device.regs, as for the other drivers), RDTR
 *   untouched (the scenario's starting value), ITR = 488.
 *
 * Our free-descriptor count is Linux's E1000_DESC_UNUSED = avail - 1, so
 * "avail <= N/8" is "unused < N/8" and "avail > N/8" is "unused >= N/8".
 * Left out: the task restarts transmit itself before it unmasks; here the
 * woken application sends right after the task (see docs/seed-experiment.md).
 */
export function createFreebsdLem(env: DriverEnv): GuestDriver {
  const p = env.params;
  const n = env.nic.tx.size;
  const txIntDelay = p['hw.em.tx_int_delay'] ?? env.regs.TIDV;
  const txCmd = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS | (txIntDelay > 0 ? TXD_CMD_IDE : 0);
  return createNapiDriver(env, {
    budget: p['hw.em.rx_process_limit'] ?? FREEBSD_LEM_DEFAULTS['hw.em.rx_process_limit'],
    refillBatch: Infinity,
    rxTail: (rings) => rings.rxOneBehindNextToClean(), // lem_rxeof: RDT = next_rx_desc_to_check - 1 (N-1 owned)
    rxBeforeTx: true,
    flushAfterMaskWrites: false,
    // The task (taskqueue, not NAPI) always unmasks at its end; no MISSED bit.
    kernel: { missed: false, unmaskOnlyIfCompleteDone: false },
    sender: {
      reclaimBelow: Math.floor(n / 8),
      stopBelow: Math.floor(n / 32),
      stopBeforeSendBelow: 0,
      wakeAtLeast: Math.floor(n / 8),
      contextDescriptor: 'first-packet',
      txCmd: () => txCmd,
    },
    startRegs: {
      TIDV: txIntDelay,
      TADV: p['hw.em.tx_abs_int_delay'] ?? env.regs.TADV,
      RDTR: env.regs.RDTR, // lem never writes it: the register keeps its starting value
      RADV: p['hw.em.rx_abs_int_delay'] ?? env.regs.RADV,
      ITR: LEM_DEFAULT_ITR,
    },
  });
}

/** lem writes these unconverted: the tunable is the raw register value (1.024 us units). */
const lemDelay = (key: string, programs: 'TIDV' | 'TADV' | 'RADV'): DriverParamSpec => ({
  key,
  label: `FreeBSD lem ${key}`,
  unit: '1.024 us',
  min: 0,
  max: 0xffff,
  programs,
  fromRegister: (raw) => raw,
});

export const FREEBSD_LEM = {
  id: 'freebsd-lem',
  label: 'FreeBSD lem (82540EM, FreeBSD 8-10)',
  note: "FreeBSD 9.3's lem(4), the driver for the 82540EM QEMU emulates: one descriptor per packet, reclaim in the transmit path, ISR + task.",
  hasCosts: true,
  params: [
    lemDelay('hw.em.tx_int_delay', 'TIDV'),
    lemDelay('hw.em.tx_abs_int_delay', 'TADV'),
    lemDelay('hw.em.rx_abs_int_delay', 'RADV'),
    { key: 'hw.em.rx_process_limit', label: 'FreeBSD lem hw.em.rx_process_limit', unit: 'frames per poll', min: 1, max: 4096 },
  ],
  fixedRegs: { ITR: `FreeBSD lem writes ${LEM_DEFAULT_ITR} (8,000/s) at attach` },
  create: createFreebsdLem,
} as const satisfies GuestDriverDescriptor;
