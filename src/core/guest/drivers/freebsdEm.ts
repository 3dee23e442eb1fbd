import { TXD_CMD_EOP, TXD_CMD_IDE, TXD_CMD_IFCS, TXD_CMD_RS } from '../../causes';
import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import { createNapiDriver } from './napiDriver';
import type { DriverParamSpec, GuestDriverDescriptor } from './descriptor';
import { DELAY_UNIT_NS } from '../../registers';

/** FreeBSD em(4) tunable defaults (microseconds; interrupts/s for the rate). */
export const FREEBSD_EM_DEFAULTS = {
  'hw.em.tx_int_delay': 66,
  'hw.em.tx_abs_int_delay': 66,
  'hw.em.rx_int_delay': 0,
  'hw.em.rx_abs_int_delay': 66,
  'hw.em.rx_process_limit': 100,
} as const;

/**
 * DEFAULT_ITR = 1000000000 / (MAX_INTS_PER_SEC 8000 * 256) = 488 (if_em.c
 * 9.3 lines 339-340): `em_initialize_receive_units` writes it to ITR
 * unconditionally (line 4307). em(4) of 9.3 has no interrupt-rate
 * tunable: `hw.em.max_interrupt_rate` first appears in the iflib em(4)
 * of FreeBSD 12 (sys/dev/e1000/if_em.c, `em_max_interrupt_rate`), a
 * different driver from the one modelled here.
 */
export const EM_DEFAULT_ITR = 488;

/**
 * EM_MAX_SCATTER (if_em.h, 9.3): em_start_locked stops (OACTIVE) when
 * `tx_avail < EM_MAX_SCATTER` at the top of its loop (if_em.c line 1020)
 * and em_txeof clears it at `>= EM_MAX_SCATTER` (line 3928).
 * With our unused = tx_avail - 1 both read "unused < 31" / "unused >= 31".
 */
const EM_MAX_SCATTER = 32;

/** EM_USECS_TO_TICKS: microseconds to 1.024 us register units, rounded. */
const usecsToTicks = (us: number) => Math.floor((1000 * us + 512) / 1024);

/**
 * `freebsd-em`: FreeBSD 9.3's em(4) 7.3.8 (sys/dev/e1000/if_em.c r262153,
 * read in the dcui/FreeBSD-9.3_kernel copy of the 9.3 tree), which drives
 * the PCIe parts (82571-82574, ICH/PCH), on its legacy/MSI path and
 * without EM_MULTIQUEUE (the 9.3 default: `em_start`/`em_start_locked`):
 * `em_irq_fast` reads ICR, masks (IMC), enqueues `em_handle_que`, which
 * cleans RX up to rx_process_limit (`em_refresh_mbufs` every 8 buffers,
 * RDT = next_to_refresh: one behind the slot being checked, N-1 owned),
 * then TX, restarts transmit and unmasks (IMS). No STATUS flushes.
 * Transmit (`em_start_locked`, lines 1016-1024): at the top of each pass,
 * reclaim (`em_txeof`) when `tx_avail <= EM_TX_CLEANUP_THRESHOLD`
 * (num_tx_desc / 8), then stop (OACTIVE) when `tx_avail < EM_MAX_SCATTER`;
 * one data descriptor per packet, the checksum context written only when
 * the offload changes (`em_transmit_checksum_setup`, `last_hw_offload`,
 * lines 3658-3709); TDT once per packet; OACTIVE cleared at
 * EM_MAX_SCATTER free. ITR = DEFAULT_ITR (488) always. RCTL.RDMTS = 1/2
 * (line 4379). The hw.em.* delays are applied in 1.024 us ticks
 * as its sysctl handler converts them (EM_USECS_TO_TICKS); at attach the
 * driver writes the microsecond values unconverted (66 where 64 ticks are
 * meant), a 3 % difference this model does not copy.
 */
export function createFreebsdEm(env: DriverEnv): GuestDriver {
  const p = env.params;
  const tunable = (name: keyof typeof FREEBSD_EM_DEFAULTS, reg: 'TIDV' | 'TADV' | 'RDTR' | 'RADV') =>
    p[name] !== undefined ? usecsToTicks(p[name]) : env.regs[reg];
  const tidv = tunable('hw.em.tx_int_delay', 'TIDV');
  const n = env.nic.tx.size;
  const txCmd = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS | (tidv !== 0 ? TXD_CMD_IDE : 0);
  return createNapiDriver(env, {
    budget: p['hw.em.rx_process_limit'] ?? FREEBSD_EM_DEFAULTS['hw.em.rx_process_limit'],
    refillBatch: 8,
    rxTail: (rings) => rings.rxNextToUse, // em_refresh_mbufs: RDT = next_to_refresh (N-1 owned)
    rxBeforeTx: true,
    flushAfterMaskWrites: false,
    // The task (taskqueue, not NAPI) always unmasks at its end; no MISSED bit.
    kernel: { missed: false, unmaskOnlyIfCompleteDone: false },
    sender: {
      stopBelow: 0, // em_start_locked tests OACTIVE only at the top of its loop
      stopBeforeSendBelow: EM_MAX_SCATTER - 1,
      wakeAtLeast: EM_MAX_SCATTER - 1,
      reclaimBelow: Math.floor(n / 8), // tx_avail <= EM_TX_CLEANUP_THRESHOLD: unused < N/8
      contextDescriptor: 'first-packet',
      txCmd: () => txCmd,
    },
    startRegs: {
      TIDV: tidv,
      TADV: tunable('hw.em.tx_abs_int_delay', 'TADV'),
      RDTR: tunable('hw.em.rx_int_delay', 'RDTR'),
      RADV: tunable('hw.em.rx_abs_int_delay', 'RADV'),
      ITR: EM_DEFAULT_ITR,
    },
  });
}

const emDelay = (key: string, programs: 'TIDV' | 'TADV' | 'RDTR' | 'RADV'): DriverParamSpec => ({
  key,
  label: `FreeBSD ${key}`,
  unit: 'us',
  min: 0,
  max: 67_108,
  allowed: 'integer 0..67108 us',
  programs,
  fromRegister: (raw) => Math.min(67_108, Math.round((raw * DELAY_UNIT_NS) / 1000)),
});

export const FREEBSD_EM = {
  id: 'freebsd-em',
  label: 'FreeBSD em (PCIe parts)',
  note: "FreeBSD 9.3's em(4) 7.3.8 on its legacy/MSI path: ISR masks, a task cleans RX then TX, then unmasks; hw.em.* delays in microseconds.",
  hasCosts: true,
  params: [
    emDelay('hw.em.tx_int_delay', 'TIDV'),
    emDelay('hw.em.tx_abs_int_delay', 'TADV'),
    emDelay('hw.em.rx_int_delay', 'RDTR'),
    emDelay('hw.em.rx_abs_int_delay', 'RADV'),
    { key: 'hw.em.rx_process_limit', label: 'FreeBSD hw.em.rx_process_limit', unit: 'frames per poll', min: 1, max: 4096 },
  ],
  fixedRegs: { ITR: `FreeBSD 9.3 em writes DEFAULT_ITR ${EM_DEFAULT_ITR} (8,000/s) at init; its em(4) has no rate tunable` },
  create: createFreebsdEm,
} as const satisfies GuestDriverDescriptor;
