import type { DeviceModelName, DeviceParams } from '../../scenario';
import type { DeviceModelFactory } from '../deviceModel';
import { createSdm8254x } from './sdm8254x';
import { createQemu2012 } from './qemu2012';
import { createRizzo2012 } from './rizzo2012';
import { createQemu2013 } from './qemu2013';
import { createHostTimer } from './hostTimer';

/** The device models users compare; adding one is adding a file and a line here. */
export function deviceModelFactory(name: DeviceModelName, params: DeviceParams): DeviceModelFactory {
  switch (name) {
    case '8254x':
      return createSdm8254x;
    case 'qemu-2012':
      return createQemu2012;
    case 'rizzo-2012':
      return (nic) =>
        createRizzo2012(nic, {
          txBatch: params.rizzoTxBatch,
          ringSlack: params.rizzoRingSlack,
          bottomHalfNs: Math.round(params.rizzoBottomHalfUs * 1000),
        });
    case 'qemu-2013':
      return createQemu2013;
    case 'host-timer':
      return (nic) => createHostTimer(nic, Math.round(params.hostTimerUs * 1000));
  }
}
