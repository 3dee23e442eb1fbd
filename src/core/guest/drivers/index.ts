import type { GuestDriverName } from '../../scenario';
import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import { createIdealDriver } from './ideal';
import { createLinuxE1000 } from './linuxE1000';
import { createFreebsdEm } from './freebsdEm';
import { createFreebsdLem } from './freebsdLem';

export function createDriver(name: GuestDriverName, env: DriverEnv): GuestDriver {
  switch (name) {
    case 'ideal':
      return createIdealDriver(env);
    case 'linux-e1000':
      return createLinuxE1000(env);
    case 'freebsd-lem':
      return createFreebsdLem(env);
    case 'freebsd-em':
      return createFreebsdEm(env);
  }
}
