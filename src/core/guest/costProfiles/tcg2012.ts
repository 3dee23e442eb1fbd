/**
 * Cost profile "QEMU TCG, 2012 (software emulation)". QEMU's software emulation in 2012 (the seed's TCG rows): cheap exits, slow guest code; injectNs calibrated on the unpatched lem row.
 * Where each figure comes from: docs/cost-profiles.md.
 */
import type { CostProfile } from '../costs';

export const TCG_2012 = {
  name: 'tcg-2012',
  title: 'QEMU TCG, 2012 (software emulation)',
  virtualized: true,
  exitNs: 2000, injectNs: 49300, txFrameNs: 12000, txBackendNs: 1000, txCleanNs: 800, rxFrameNs: 10000, pollNs: 40000, byteNs: 0.8, timerWakeNs: 0, hostRxFrameNs: 0, vcpuWakeNs: 0, rxPollNs: 0,
} as const satisfies CostProfile;
