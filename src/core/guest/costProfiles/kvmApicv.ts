/**
 * Cost profile "Modern KVM with APICv (exits 1-3 µs)". Modern KVM with APICv: posted interrupts make injection cheap and exits 1-3 µs.
 * Where each figure comes from: docs/cost-profiles.md.
 */
import type { CostProfile } from '../costs';

export const KVM_APICV = {
  name: 'kvm-apicv',
  title: 'Modern KVM with APICv (exits 1-3 µs)',
  virtualized: true,
  exitNs: 1500, injectNs: 800, txFrameNs: 1500, txBackendNs: 500, txCleanNs: 100, rxFrameNs: 1200, pollNs: 500, byteNs: 0.1, timerWakeNs: 0, hostRxFrameNs: 0, vcpuWakeNs: 0, rxPollNs: 0,
} as const satisfies CostProfile;
