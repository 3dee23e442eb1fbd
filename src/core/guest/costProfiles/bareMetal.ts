/**
 * Cost profile "Bare metal (no VM exits)". A machine with no hypervisor: register accesses do not trap; the interrupt and per-frame costs of a small host.
 * Where each figure comes from: docs/cost-profiles.md.
 */
import type { CostProfile } from '../costs';

export const BARE_METAL = {
  name: 'bare-metal',
  title: 'Bare metal (no VM exits)',
  virtualized: false,
  exitNs: 300, injectNs: 500, txFrameNs: 1000, txBackendNs: 0, txCleanNs: 100, rxFrameNs: 800, pollNs: 300, byteNs: 0.1, timerWakeNs: 0, hostRxFrameNs: 0, vcpuWakeNs: 0, rxPollNs: 0,
} as const satisfies CostProfile;
