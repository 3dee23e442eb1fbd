/**
 * A slider moves a register: the scenario must say the same thing, so a
 * shared link or a re-run reproduces it. With a real driver the driver
 * programs the registers from its module parameters at start, so the
 * parameter that programs that register is updated too.
 */
import type { DelayRegs, Scenario } from '../core/scenario';
import { DELAY_UNIT_NS, ITR_UNIT_NS } from '../core/registers';

export const SLIDER_REGS = ['TIDV', 'TADV', 'RDTR', 'RADV', 'ITR'] as const;
export type SliderReg = (typeof SLIDER_REGS)[number];

const LINUX_PARAM: Record<SliderReg, string> = {
  TIDV: 'TxIntDelay',
  TADV: 'TxAbsIntDelay',
  RDTR: 'RxIntDelay',
  RADV: 'RxAbsIntDelay',
  ITR: 'InterruptThrottleRate',
};

const FREEBSD_PARAM: Record<SliderReg, string> = {
  TIDV: 'hw.em.tx_int_delay',
  TADV: 'hw.em.tx_abs_int_delay',
  RDTR: 'hw.em.rx_int_delay',
  RADV: 'hw.em.rx_abs_int_delay',
  ITR: 'hw.em.max_interrupt_rate',
};

/**
 * FreeBSD lem writes these tunables to the registers unconverted at attach;
 * it never writes RDTR (the register keeps the scenario's starting value)
 * and writes ITR = 488 whatever the tunables say.
 */
const LEM_PARAM: Partial<Record<SliderReg, string>> = {
  TIDV: 'hw.em.tx_int_delay',
  TADV: 'hw.em.tx_abs_int_delay',
  RADV: 'hw.em.rx_abs_int_delay',
};

/** Interrupts per second an ITR value allows (0 = unlimited). */
export function itrRate(raw: number): number {
  return raw > 0 ? 1e9 / (raw * ITR_UNIT_NS) : 0;
}

export function withRegister(s: Scenario, name: SliderReg, raw: number): Scenario {
  const regs: DelayRegs = { ...s.device.regs, [name]: raw };
  const params = { ...s.guest.params };
  if (s.guest.driver === 'linux-e1000') {
    if (name === 'ITR') {
      params[LINUX_PARAM.ITR] = raw === 0 ? 0 : Math.min(100_000, Math.max(100, Math.round(itrRate(raw))));
    } else {
      params[LINUX_PARAM[name]] = raw;
    }
  } else if (s.guest.driver === 'freebsd-lem') {
    const param = LEM_PARAM[name];
    if (param) params[param] = raw;
  } else if (s.guest.driver === 'freebsd-em') {
    if (name === 'ITR') {
      params[FREEBSD_PARAM.ITR] = raw === 0 ? 0 : Math.min(100_000, Math.round(itrRate(raw)));
    } else {
      params[FREEBSD_PARAM[name]] = Math.min(67_108, Math.round((raw * DELAY_UNIT_NS) / 1000));
    }
  }
  return { ...s, device: { ...s.device, regs }, guest: { ...s.guest, params } };
}

/** The module parameter that programs this register with the scenario's driver, if any. */
export function driverParamFor(s: Scenario, name: SliderReg): string | undefined {
  if (s.guest.driver === 'linux-e1000') return LINUX_PARAM[name];
  if (s.guest.driver === 'freebsd-lem') return LEM_PARAM[name];
  if (s.guest.driver === 'freebsd-em') return FREEBSD_PARAM[name];
  return undefined;
}
