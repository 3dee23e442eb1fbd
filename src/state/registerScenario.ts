/**
 * A slider moves a register: the scenario must say the same thing, so a
 * shared link or a re-run reproduces it. With a real driver the driver
 * programs the registers from its module parameters at start, so the
 * parameter that programs that register is updated too.
 */
import { type DelayRegs, type Scenario, guestDriverDescriptor, type DriverParamSpec } from '../core';

export const SLIDER_REGS = ['TIDV', 'TADV', 'RDTR', 'RADV', 'ITR'] as const;
export type SliderReg = (typeof SLIDER_REGS)[number];


export function withRegister(s: Scenario, name: SliderReg, raw: number): Scenario {
  const regs: DelayRegs = { ...s.device.regs, [name]: raw };
  const params = { ...s.guest.params };
  const spec = paramProgramming(s, name);
  if (spec?.fromRegister) params[spec.key] = spec.fromRegister(raw);
  return { ...s, device: { ...s.device, regs }, guest: { ...s.guest, params } };
}

/** The driver parameter that programs this register at start (its descriptor says so), if any. */
function paramProgramming(s: Scenario, name: SliderReg): DriverParamSpec | undefined {
  return guestDriverDescriptor(s.guest.driver).params.find((p) => p.programs === name);
}

/** The module parameter that programs this register with the scenario's driver, if any. */
export function driverParamFor(s: Scenario, name: SliderReg): string | undefined {
  return paramProgramming(s, name)?.key;
}
