/**
 * The scenario: the whole input of one simulation (contract v1, see
 * docs/scenario-contract.md). Plain data; validation lives in
 * src/scenario/, which produces values of these types.
 */
import type { RegName } from './registers';
import { DEVICE_MODEL_REGISTRY, DEVICE_PARAM_SPECS, type DeviceModelName, type DeviceParamKey } from './device/models';
import { GUEST_DRIVER_REGISTRY, type GuestDriverName } from './guest/drivers';
import { LINUX_KERNEL_VERSIONS, type LinuxKernel } from './guest/drivers/linuxE1000';
import { COST_PROFILES, type CostProfileName } from './guest/costs';
import type { NapiSettings } from './guest/kernel/napi';
import type { ServerSpec } from './guest/apps/udpServer';

export type { DeviceModelName };
/** Device model ids, in menu order (from the registry, device/models/index.ts). */
export const DEVICE_MODELS = DEVICE_MODEL_REGISTRY.map((d) => d.id) as readonly DeviceModelName[] as readonly [DeviceModelName, ...DeviceModelName[]];

export type { GuestDriverName };
/** Guest driver ids, in menu order (from the registry, guest/drivers/index.ts). */
export const GUEST_DRIVERS = GUEST_DRIVER_REGISTRY.map((d) => d.id) as readonly GuestDriverName[] as readonly [GuestDriverName, ...GuestDriverName[]];

/** Cost profile names, from the profiles (guest/costs.ts). */
export { COST_PROFILES, type CostProfileName };

/** Linux kernel generations whose e1000 or NAPI differs in this model: 3.5 (2012, the seed's time), 6.1 and 6.13 (IRQ suspension). */
export { LINUX_KERNEL_VERSIONS, type LinuxKernel };

export const RDMTS_VALUES = ['1/2', '1/4', '1/8'] as const;
export type Rdmts = (typeof RDMTS_VALUES)[number];

/** Raw register values for the five mitigation registers (16-bit fields). */
export interface DelayRegs {
  TIDV: number;
  TADV: number;
  RDTR: number;
  RADV: number;
  ITR: number;
}

/** Parameters of the device models (all optional in JSON, defaults filled): each model's descriptor lists its own. */
export type DeviceParams = Record<DeviceParamKey, number>;

export interface DeviceSpec {
  model: DeviceModelName;
  regs: DelayRegs;
  rxRing: number;
  txRing: number;
  rdmts: Rdmts;
  /** The wire speed in Gb/s of a model with a wire of its own (its descriptor's `hasWire`: the 8254x); 0 = no link-rate limit. Models without one (QEMU's) ignore it. */
  linkGbps: number;
  params: DeviceParams;
}

export interface GuestSpec {
  driver: GuestDriverName;
  costs: CostProfileName;
  /** Driver module parameters by their real names (e.g. InterruptThrottleRate). */
  params: Record<string, number>;
  /** linux-e1000: the kernel generation (default 6.1). Absent for the other drivers. */
  kernel?: LinuxKernel;
  /** linux-e1000 (addition): the kernel's NAPI knobs (napi_defer_hard_irqs, gro_flush_timeout, irq_suspend_timeout); absent = all 0. */
  napi?: NapiSettings;
  /** linux-e1000 (addition): a UDP request/response server as the guest's application instead of the TX sender; absent = none. */
  server?: ServerSpec;
}

/** One direction's traffic: the union of the traffic-pattern registry's specs (traffic/patterns/registry.ts). */
export type { TrafficSpec, TrafficPattern } from './traffic/patterns';
import type { TrafficSpec } from './traffic/patterns';

/** Frames of a replayed capture: instant (ns from the first frame, non-decreasing) and size (bytes, FCS included, 64..1518) of each. */
export interface ReplayFrames {
  atNs: ArrayLike<number>;
  bytes: ArrayLike<number>;
}

export interface Scenario {
  v: 1;
  name: string;
  seed: number;
  durationUs: number;
  device: DeviceSpec;
  guest: GuestSpec;
  traffic: { rx: TrafficSpec; tx: TrafficSpec };
  /**
   * Register accesses made by hand in the app's register console, in time
   * order: replayed at their instants, like a guest's MMIO (a read of ICR
   * clears it). Optional; absent means none.
   */
  console?: ConsoleOp[];
  /**
   * The host under a QEMU device model: where QEMU's main-loop thread and
   * the vCPU thread run. Optional; absent means no host model (frames reach
   * the NIC at the traffic's instants, QEMU timers end timerWakeNs late).
   * Ignored by models with a wire of their own (`hasWire`) and by profiles that are not
   * virtualized (bare-metal).
   */
  host?: HostSpec;
}

/** `shared`: both threads on one core (a VM pinned with taskset); `separate`: a core each. */
export interface HostSpec {
  placement: 'shared' | 'separate';
}

export const HOST_PLACEMENTS = ['shared', 'separate'] as const;

/** One register access from the register console. `reg` is a name from REGISTERS. */
export type ConsoleOp = { tUs: number; op: 'write'; reg: RegName; value: number } | { tUs: number; op: 'read'; reg: RegName };

export const DEFAULT_DEVICE_PARAMS = Object.fromEntries(DEVICE_PARAM_SPECS.map((p) => [p.key, p.default])) as DeviceParams;
