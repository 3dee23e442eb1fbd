import { testScenario } from './testScenario';
import { LINUX_E1000_DEFAULTS } from './guest/drivers/linuxE1000';
import type { Scenario } from './scenario';

/** GbE line rate of 64-byte frames: 84 bytes on the wire (preamble, SFD and gap included) at 8 ns each. */
export const LINE_RATE_64B = 1_488_095;

/**
 * The benchmarks' scenario: RX at GbE line rate with 64-byte frames into a
 * linux-e1000 guest with its default parameters on bare-metal costs (which
 * cannot keep up: the RX packet buffer fills and frames drop), 8254x,
 * 4096-descriptor rings.
 */
export function rxLineRateScenario(durationUs: number): Scenario {
  return testScenario({
    name: 'rx-line-rate-4096',
    durationUs,
    device: { model: '8254x', rxRing: 4096, txRing: 4096 },
    guest: { driver: 'linux-e1000', costs: 'bare-metal', params: { ...LINUX_E1000_DEFAULTS } },
    rx: { pattern: 'constant', pps: LINE_RATE_64B, bytes: 64, startUs: 0 },
  });
}
