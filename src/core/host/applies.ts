import { deviceModelDescriptor } from '../device/models';
import { COSTS } from '../guest/costs';
import type { Scenario } from '../scenario';

/**
 * The scenario runs the host model: it has `host`, its device model is one
 * QEMU runs (no wire: the 8254x keeps frames arriving on the wire) and its
 * cost profile is virtualized (bare-metal has no QEMU).
 */
export function hostModelApplies(s: Pick<Scenario, 'host' | 'device' | 'guest'>): boolean {
  return s.host !== undefined && !deviceModelDescriptor(s.device.model).hasWire && COSTS[s.guest.costs].virtualized;
}
