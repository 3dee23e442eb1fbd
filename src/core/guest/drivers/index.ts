import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import type { GuestDriverDescriptor } from './descriptor';
import { IDEAL } from './ideal';
import { LINUX_E1000 } from './linuxE1000';
import { FREEBSD_LEM } from './freebsdLem';
import { FREEBSD_EM } from './freebsdEm';
import { LINUX_DIM } from './linuxDim';
import { LINUX_IXGBE } from './linuxIxgbe';

/**
 * The guest drivers, in menu order; the first is the scenario's default.
 * Adding one is its file (the driver and its descriptor) and a line here.
 */
export const GUEST_DRIVER_REGISTRY = [IDEAL, LINUX_E1000, FREEBSD_LEM, FREEBSD_EM, LINUX_DIM, LINUX_IXGBE] as const;

export type GuestDriverName = (typeof GUEST_DRIVER_REGISTRY)[number]['id'];

export function guestDriverDescriptor(id: GuestDriverName): GuestDriverDescriptor {
  return GUEST_DRIVER_REGISTRY.find((d) => d.id === id)!;
}

export function createDriver(name: GuestDriverName, env: DriverEnv): GuestDriver {
  return guestDriverDescriptor(name).create(env);
}
