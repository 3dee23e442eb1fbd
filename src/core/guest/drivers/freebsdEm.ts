import { TXD_CMD_EOP, TXD_CMD_IDE, TXD_CMD_IFCS, TXD_CMD_RS } from '../../causes';
import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import { itrRegForRate } from './linuxItr';
import { createNapiDriver } from './napiDriver';

/** FreeBSD em(4) tunable defaults (microseconds; interrupts/s for the rate). */
export const FREEBSD_EM_DEFAULTS = {
  'hw.em.tx_int_delay': 66,
  'hw.em.tx_abs_int_delay': 66,
  'hw.em.rx_int_delay': 0,
  'hw.em.rx_abs_int_delay': 66,
  'hw.em.max_interrupt_rate': 8000,
  'hw.em.rx_process_limit': 100,
} as const;

/** EM_USECS_TO_TICKS: microseconds to 1.024 us register units, rounded. */
const usecsToTicks = (us: number) => Math.floor((1000 * us + 512) / 1024);

/**
 * `freebsd-em`: the same mask-and-poll shape as Linux (legacy interrupt:
 * read ICR, IMC = ~0, taskqueue; the task cleans RX up to
 * rx_process_limit and TX, refills every 8, then IMS), with em's defaults:
 * TIDV 64, TADV 64, RDTR 0, RADV 64, ITR 488 (8000/s). No STATUS flushes.
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
    flushAfterMaskWrites: false,
    sender: { stopThreshold: 8, wakeThreshold: 16, txCmd: () => txCmd },
    startRegs: {
      TIDV: tidv,
      TADV: tunable('hw.em.tx_abs_int_delay', 'TADV'),
      RDTR: tunable('hw.em.rx_int_delay', 'RDTR'),
      RADV: tunable('hw.em.rx_abs_int_delay', 'RADV'),
      ITR: rate === undefined ? env.regs.ITR : rate > 0 ? itrRegForRate(rate) : 0,
    },
  });
}
