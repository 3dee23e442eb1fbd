import { TimerId } from '../../types';
import type { DeviceModel } from '../deviceModel';
import type { Nic } from '../nic';
import { immediateCauses } from './qemu2012';

/**
 * `host-timer`: the seed thread's last proposal (like virtio-net tx=timer,
 * x-txtimer=N ns). Causes enter ICR at once; after each interrupt, later
 * ones are held for N ns of host time and then raised together. The guest's
 * delay registers are ignored.
 */
export function createHostTimer(nic: Nic, holdNs: number): DeviceModel {
  return { ...immediateCauses(nic), windowTimer: TimerId.HOST, windowIsQemuTimer: true, windowNs: () => holdNs };
}
