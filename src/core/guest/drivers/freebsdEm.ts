import { TXD_CMD_EOP, TXD_CMD_IDE, TXD_CMD_IFCS, TXD_CMD_RS } from '../../causes';
import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import { itrRegForRate } from './linuxItr';
import { createNapiDriver } from './napiDriver';
import type { DriverParamSpec, GuestDriverDescriptor } from './descriptor';
import { DELAY_UNIT_NS, itrRate } from '../../registers';

/** FreeBSD em(4) tunable defaults (microseconds; interrupts/s for the rate). */
export const FREEBSD_EM_DEFAULTS = {
  'hw.em.tx_int_delay': 66,
  'hw.em.tx_abs_int_delay': 66,
  'hw.em.rx_int_delay': 0,
  'hw.em.rx_abs_int_delay': 66,
  'hw.em.max_interrupt_rate': 8000,
  'hw.em.rx_process_limit': 100,
} as const;

/**
 * EM_MAX_SCATTER (if_em.h, 9.3): em_start_locked stops (OACTIVE) when
 * `tx_avail < EM_MAX_SCATTER` and em_txeof clears it at `>= EM_MAX_SCATTER`.
 * With our unused = tx_avail - 1 both read "unused < 31" / "unused >= 31".
 */
const EM_MAX_SCATTER = 32;

/** EM_USECS_TO_TICKS: microseconds to 1.024 us register units, rounded. */
const usecsToTicks = (us: number) => Math.floor((1000 * us + 512) / 1024);

/**
 * `freebsd-em`: FreeBSD 9.3's em(4) 7.3.8 (sys/dev/e1000/if_em.c r262153),
 * which drives the PCIe parts (82571-82574, ICH/PCH), on its legacy/MSI
 * path: `em_irq_fast` reads ICR, masks (IMC), enqueues `em_handle_que`,
 * which cleans RX up to rx_process_limit (refreshing buffers and writing
 * RDT every 8), then TX, restarts transmit and unmasks (IMS). No STATUS
 * flushes. Transmit: TDT once per packet; stop below EM_MAX_SCATTER free,
 * wake at EM_MAX_SCATTER. The hw.em.* delays are applied in 1.024 us ticks
 * as its sysctl handler converts them (EM_USECS_TO_TICKS); at attach the
 * driver writes the microsecond values unconverted (66 where 64 ticks are
 * meant), a 3 % difference this model does not copy.
 */
export function createFreebsdEm(env: DriverEnv): GuestDriver {
  const p = env.params;
  const tunable = (name: keyof typeof FREEBSD_EM_DEFAULTS, reg: 'TIDV' | 'TADV' | 'RDTR' | 'RADV') =>
    p[name] !== undefined ? usecsToTicks(p[name]) : env.regs[reg];
  const tidv = tunable('hw.em.tx_int_delay', 'TIDV');
  const rate = p['hw.em.max_interrupt_rate'];
  const txCmd = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS | (tidv !== 0 ? TXD_CMD_IDE : 0);
  return createNapiDriver(env, {
    budget: p['hw.em.rx_process_limit'] ?? FREEBSD_EM_DEFAULTS['hw.em.rx_process_limit'],
    refillBatch: 8,
    rdtOneBehind: false,
    rxBeforeTx: true,
    flushAfterMaskWrites: false,
    sender: {
      stopBelow: EM_MAX_SCATTER - 1,
      wakeAtLeast: EM_MAX_SCATTER - 1,
      reclaimBelow: 0,
      contextDescriptor: 'none',
      txCmd: () => txCmd,
    },
    startRegs: {
      TIDV: tidv,
      TADV: tunable('hw.em.tx_abs_int_delay', 'TADV'),
      RDTR: tunable('hw.em.rx_int_delay', 'RDTR'),
      RADV: tunable('hw.em.rx_abs_int_delay', 'RADV'),
      ITR: rate === undefined ? env.regs.ITR : rate > 0 ? itrRegForRate(rate) : 0,
    },
  });
}

/**
 * The lowest non-zero rate whose interval fits ITR's 16 bits (SDM 13.4.18,
 * bits 15:0 in 256 ns units): 1e9 / (rate x 256) <= 65535 from 60/s up; a
 * rate of 7 would ask for 558035, which the register cannot hold.
 */
export const EM_MIN_INTERRUPT_RATE = Math.ceil(1_000_000_000 / (256 * 0x1_0000));

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
    {
      key: 'hw.em.max_interrupt_rate',
      label: 'FreeBSD hw.em.max_interrupt_rate',
      unit: 'interrupts/s',
      min: EM_MIN_INTERRUPT_RATE,
      max: 100_000,
      modes: [0],
      allowed: `0 (no throttling) or ${EM_MIN_INTERRUPT_RATE}..100000 interrupts/s`,
      programs: 'ITR',
      fromRegister: (raw) => (raw === 0 ? 0 : Math.min(100_000, Math.max(EM_MIN_INTERRUPT_RATE, Math.round(itrRate(raw))))),
    },
    { key: 'hw.em.rx_process_limit', label: 'FreeBSD hw.em.rx_process_limit', unit: 'frames per poll', min: 1, max: 4096 },
  ],
  fixedRegs: {},
  create: createFreebsdEm,
} as const satisfies GuestDriverDescriptor;
