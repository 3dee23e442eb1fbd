import type { DeviceModelFactory } from '../deviceModel';
import type { DeviceModelDescriptor, DeviceParamSpec } from './descriptor';
import { SDM_8254X } from './sdm8254x';
import { QEMU_2012 } from './qemu2012';
import { RIZZO_2012 } from './rizzo2012';
import { QEMU_2013 } from './qemu2013';
import { HOST_TIMER } from './hostTimer';

/**
 * The device models users compare, in menu order. Adding one is its file
 * (the model and its descriptor) and a line here: the scenario schema,
 * menus, timer lanes, the Metrics theory line, Compare and the sweep read
 * everything from its descriptor.
 */
export const DEVICE_MODEL_REGISTRY = [SDM_8254X, QEMU_2012, RIZZO_2012, QEMU_2013, HOST_TIMER] as const;

export type DeviceModelName = (typeof DEVICE_MODEL_REGISTRY)[number]['id'];

/** Every device parameter any model takes (their keys are unique across models). */
export const DEVICE_PARAM_SPECS: readonly DeviceParamSpec[] = DEVICE_MODEL_REGISTRY.flatMap((d): readonly DeviceParamSpec[] => d.params);

export type DeviceParamKey = (typeof DEVICE_MODEL_REGISTRY)[number]['params'][number]['key'];

export function deviceModelDescriptor(id: DeviceModelName): DeviceModelDescriptor {
  return DEVICE_MODEL_REGISTRY.find((d) => d.id === id)!;
}

/** The factory the NIC calls for the scenario's model and parameters. */
export function deviceModelFactory(name: DeviceModelName, params: Readonly<Record<string, number>>): DeviceModelFactory {
  const d = deviceModelDescriptor(name);
  return (nic) => d.create(nic, params);
}
