/**
 * What the guest's work costs, per operation, in ns. Saturation, queueing
 * and drops emerge from these; nothing sets a rate directly. How each
 * figure was chosen is in docs/cost-profiles.md.
 */
export interface CostProfile {
  name: string;
  title: string;
  /** MMIO accesses trap to the hypervisor (count as VM exits). */
  virtualized: boolean;
  /** One MMIO register access: exit, emulation in the device model, re-entry. */
  exitNs: number;
  /** Delivering one interrupt: injection plus the guest's IRQ entry and exit. */
  injectNs: number;
  /** Guest work per TX frame before the driver writes TDT (syscall, UDP/IP, qdisc, xmit). */
  txFrameNs: number;
  /** Host work per TX frame done inside the TDT exit (descriptor processing, backend send). */
  txBackendNs: number;
  /** Guest work per reclaimed TX descriptor (unmap, free the buffer). */
  txCleanNs: number;
  /** Guest work per received frame (clean the descriptor, hand the frame to the stack). */
  rxFrameNs: number;
  /** Fixed guest work per NAPI poll / taskqueue run. */
  pollNs: number;
  /** Copy cost per frame byte, TX and RX. */
  byteNs: number;
  /**
   * Host, not guest: how late a QEMU timer's callback runs after its
   * deadline (QEMU's main-loop thread wakes from ppoll on an idle core and
   * takes the BQL). Applies to QEMU timer windows (qemu-2013, host-timer).
   * 0 where nothing was measured.
   */
  timerWakeNs: number;
}

export const COST_PROFILE_REGISTRY = [
  {
    name: 'bare-metal', title: 'Bare metal (no VM exits)', virtualized: false,
    exitNs: 300, injectNs: 500, txFrameNs: 1000, txBackendNs: 0, txCleanNs: 100, rxFrameNs: 800, pollNs: 300, byteNs: 0.1, timerWakeNs: 0,
  },
  {
    name: 'kvm-2012', title: 'KVM, 2012 (exits 5-8 us)', virtualized: true,
    exitNs: 5000, injectNs: 25900, txFrameNs: 1500, txBackendNs: 500, txCleanNs: 100, rxFrameNs: 1500, pollNs: 2000, byteNs: 0.1, timerWakeNs: 0,
  },
  {
    name: 'tcg-2012', title: 'QEMU TCG, 2012 (software emulation)', virtualized: true,
    exitNs: 2000, injectNs: 49300, txFrameNs: 12000, txBackendNs: 1000, txCleanNs: 800, rxFrameNs: 10000, pollNs: 40000, byteNs: 0.8, timerWakeNs: 0,
  },
  {
    name: 'kvm-apicv', title: 'Modern KVM with APICv (exits 1-3 us)', virtualized: true,
    exitNs: 1500, injectNs: 800, txFrameNs: 1500, txBackendNs: 500, txCleanNs: 100, rxFrameNs: 1200, pollNs: 500, byteNs: 0.1, timerWakeNs: 0,
  },
  {
    name: 'tcg-qemu72', title: 'QEMU 7.2 TCG on a 2-core host', virtualized: true,
    exitNs: 500, injectNs: 1000, txFrameNs: 8650, txBackendNs: 2000, txCleanNs: 30, rxFrameNs: 8650, pollNs: 1000, byteNs: 1.3, timerWakeNs: 42700,
  },
] as const satisfies readonly CostProfile[];

export type CostProfileName = (typeof COST_PROFILE_REGISTRY)[number]['name'];

/** Cost profile names, in menu order. */
export const COST_PROFILES = COST_PROFILE_REGISTRY.map((c) => c.name) as readonly CostProfileName[] as readonly [CostProfileName, ...CostProfileName[]];

/** Every profile by name. */
export const COSTS = Object.fromEntries(COST_PROFILE_REGISTRY.map((c) => [c.name, c])) as Readonly<Record<CostProfileName, CostProfile>>;

/** The ideal driver's profile: everything free. */
export const ZERO_COST: CostProfile = {
  name: 'bare-metal', title: 'Ideal (zero cost)', virtualized: false,
  exitNs: 0, injectNs: 0, txFrameNs: 0, txBackendNs: 0, txCleanNs: 0, rxFrameNs: 0, pollNs: 0, byteNs: 0, timerWakeNs: 0,
};
