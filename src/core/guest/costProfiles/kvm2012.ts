/**
 * Cost profile "KVM, 2012 (exits 5-8 µs)". KVM in 2012 (the seed's KVM rows): exits of 5-8 µs; injectNs is the one fitted figure, calibrated on the unpatched FreeBSD lem row.
 * Where each figure comes from: docs/cost-profiles.md.
 */
import type { CostProfile } from '../costs';

export const KVM_2012 = {
  name: 'kvm-2012',
  title: 'KVM, 2012 (exits 5-8 µs)',
  virtualized: true,
  exitNs: 5000, injectNs: 25900, txFrameNs: 1500, txBackendNs: 500, txCleanNs: 100, rxFrameNs: 1500, pollNs: 2000, byteNs: 0.1, timerWakeNs: 0, hostRxFrameNs: 0, vcpuWakeNs: 0, rxPollNs: 0,
} as const satisfies CostProfile;
