/**
 * Cost profile "QEMU 7.2 TCG, receive path measured". The same host and
 * guest as tcg-qemu72, with the receive path calibrated from the unit costs
 * of section C of docs/qemu-measurements.md (guest kernel tracing, host
 * per-thread CPU): every transmit figure is tcg-qemu72's, so table A comes
 * out the same. Where each figure comes from: docs/cost-profiles.md, "Host".
 */
import type { CostProfile } from '../costs';
import { TCG_QEMU72 } from './tcgQemu72';

export const TCG_QEMU72_RX = {
  ...TCG_QEMU72,
  name: 'tcg-qemu72-rx',
  title: 'QEMU 7.2 TCG, receive path measured',
  // 4 us per frame inside a poll (section C) = rxFrameNs + 64 B x byteNs (83 ns).
  rxFrameNs: 3900,
  // IRQ entry to the end of the poll, median 17-22 us at about 1.3 frames: 4.0 us of exits and pollNs + 1.3 x 4 us + this.
  rxPollNs: 10000,
  // The vCPU thread's 39 us of host CPU per interrupt cycle, minus the injection (1 us) and the 19.25 us above.
  vcpuWakeNs: 18750,
  // The main-loop thread's 12 us of host CPU per received frame.
  hostRxFrameNs: 12000,
} as const satisfies CostProfile;
