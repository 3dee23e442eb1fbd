/**
 * What the guest's work costs, per operation, in ns. Saturation, queueing
 * and drops emerge from these; nothing sets a rate directly. How each
 * figure was chosen is in docs/cost-profiles.md.
 */
import { BARE_METAL } from './costProfiles/bareMetal';
import { KVM_2012 } from './costProfiles/kvm2012';
import { TCG_2012 } from './costProfiles/tcg2012';
import { KVM_APICV } from './costProfiles/kvmApicv';
import { TCG_QEMU72 } from './costProfiles/tcgQemu72';
import { TCG_QEMU72_RX } from './costProfiles/tcgQemu72Rx';

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
  /**
   * Host, not guest, used only by a scenario's host model: CPU time QEMU's
   * main-loop thread spends on each received frame (read it from the
   * backend socket, run the e1000's receive code under the BQL). 0 where
   * nothing was measured.
   */
  hostRxFrameNs: number;
  /**
   * The vCPU thread waking from a halted guest to take an interrupt (the
   * thread's wake-up, TCG re-entry, the guest's idle exit), charged before
   * the injection when the vCPU had nothing to do. 0 where not measured.
   */
  vcpuWakeNs: number;
  /**
   * Guest work once per NAPI poll / taskqueue run that received frames (GRO
   * flush, the receiving socket's wake-up). 0 where not measured.
   */
  rxPollNs: number;
}

/** Every cost profile, each in its own file (costProfiles/), in menu order. */
export const COST_PROFILE_REGISTRY = [BARE_METAL, KVM_2012, TCG_2012, KVM_APICV, TCG_QEMU72, TCG_QEMU72_RX] as const satisfies readonly CostProfile[];

/** What a scenario that names no profile runs with. */
export const DEFAULT_COST_PROFILE = KVM_2012.name;

export type CostProfileName = (typeof COST_PROFILE_REGISTRY)[number]['name'];

/** Cost profile names, in menu order. */
export const COST_PROFILES = COST_PROFILE_REGISTRY.map((c) => c.name) as readonly CostProfileName[] as readonly [CostProfileName, ...CostProfileName[]];

/** Every profile by name. */
export const COSTS = Object.fromEntries(COST_PROFILE_REGISTRY.map((c) => [c.name, c])) as Readonly<Record<CostProfileName, CostProfile>>;

/** The ideal driver's profile: everything free. */
export const ZERO_COST: CostProfile = {
  name: BARE_METAL.name, title: 'Ideal (zero cost)', virtualized: false,
  exitNs: 0, injectNs: 0, txFrameNs: 0, txBackendNs: 0, txCleanNs: 0, rxFrameNs: 0, pollNs: 0, byteNs: 0, timerWakeNs: 0,
  hostRxFrameNs: 0, vcpuWakeNs: 0, rxPollNs: 0,
};
