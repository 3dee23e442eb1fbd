import type { DeviceModelFactory } from '../deviceModel';
import type { DeviceModelDescriptor, DeviceParamSpec } from './descriptor';
import { DEVICE_MODEL_REGISTRY } from './registry';

export { DEVICE_MODEL_REGISTRY };

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
