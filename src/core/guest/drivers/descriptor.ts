import type { MitigationReg } from '../../device/models/descriptor';
import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';

/** A driver's module parameter or tunable, by its real name. */
export interface DriverParamSpec {
  key: string;
  /** For menus and sweep axes ("Linux TxIntDelay"). */
  label: string;
  unit: string;
  /** An integer in [min, max] ... */
  min: number;
  max: number;
  /** ... or one of these (Linux InterruptThrottleRate's modes 0, 1, 3, 4). */
  modes?: readonly number[];
  /** How the scenario validator words the range, when not `integer min..max`. */
  allowed?: string;
  /** The register the driver programs from it at start... */
  programs?: MitigationReg;
  /** ...and the parameter value that gives a raw register value (for a slider moving the register). */
  fromRegister?(raw: number): number;
}

/**
 * Everything the app needs to know about one guest driver, in the driver's
 * own file; the scenario schema, the menus, the sliders' notes and the
 * sweep read it from the registry (drivers/index.ts).
 */
export interface GuestDriverDescriptor {
  /** The scenario's `guest.driver`. */
  id: string;
  label: string;
  /** One line: what it models, from which source. */
  note: string;
  /** It pays the cost profile (false: the ideal driver works for free). */
  hasCosts: boolean;
  params: readonly DriverParamSpec[];
  /** Registers it writes at start whatever the scenario says, and why. */
  fixedRegs: Partial<Record<MitigationReg, string>>;
  /** Kernel generations the scenario may pick (`guest.kernel`), newest last; absent if none. */
  kernels?: readonly string[];
  /** The generation a scenario that names none gets (absent: the newest). */
  defaultKernel?: string;
  create(env: DriverEnv): GuestDriver;
}
