/**
 * Cost profile "QEMU 7.2 TCG on a 2-core host". QEMU 7.2 under TCG on this project's 2-core host (table A of docs/qemu-measurements.md); timerWakeNs measured on that host.
 * Where each figure comes from: docs/cost-profiles.md.
 */
import type { CostProfile } from '../costs';

export const TCG_QEMU72 = {
  name: 'tcg-qemu72',
  title: 'QEMU 7.2 TCG on a 2-core host',
  virtualized: true,
  exitNs: 500, injectNs: 1000, txFrameNs: 8650, txBackendNs: 2000, txCleanNs: 30, rxFrameNs: 8650, pollNs: 1000, byteNs: 1.3, timerWakeNs: 42700,
  // Host model only (section C): the main loop's host CPU per received frame. The guest's RX figures stay table A's prediction (see tcg-qemu72-rx).
  hostRxFrameNs: 12000, vcpuWakeNs: 0, rxPollNs: 0,
} as const satisfies CostProfile;
