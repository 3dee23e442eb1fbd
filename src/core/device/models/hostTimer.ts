import { TimerId } from '../../types';
import type { DeviceModel, DevicePort } from '../deviceModel';
import { ignoresAll, immediateCauses, QEMU_NET_QUEUE } from './qemu2012';
import type { DeviceModelDescriptor } from './descriptor';

/**
 * `host-timer`: the seed thread's last proposal (like virtio-net tx=timer,
 * x-txtimer=N ns). Causes enter ICR at once; after each interrupt, later
 * ones are held for N ns of host time and then raised together. The guest's
 * delay registers are ignored.
 */
export function createHostTimer(port: DevicePort, holdNs: number): DeviceModel {
  return { ...immediateCauses(port), windowTimer: TimerId.HOST, windowIsQemuTimer: true, windowNs: () => holdNs };
}

export const HOST_TIMER = {
  id: 'host-timer',
  label: 'Host timer hold-off',
  note: 'The seed thread\'s last proposal (like virtio-net tx=timer): after an interrupt, causes are held for a host-side time, then raised together.',
  hasWire: false,
  rxHold: QEMU_NET_QUEUE,
  timersNote: "A host-side timer; the guest-visible delay registers are ignored. It is over when QEMU's main loop has woken to run its callback.",
  ignores: ignoresAll('ignored: the host timer decides'),
  timers: [TimerId.HOST, TimerId.WAKE],
  params: [{ key: 'hostTimerUs', label: 'host timer hold-off', unit: 'us', integer: false, min: 1, max: 1_000_000, default: 150 }],
  bound: (_regs, params) => ({ windowNs: Math.round(params.hostTimerUs * 1000), basis: 'hold-off of {window} after each interrupt' }),
  create: (port, params) => createHostTimer(port, Math.round(params.hostTimerUs * 1000)),
} as const satisfies DeviceModelDescriptor;
