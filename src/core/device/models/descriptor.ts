import type { TimerId } from '../../types';
import type { DeviceModel, DevicePort, RxHoldRule } from '../deviceModel';

/** The five mitigation registers a device model may honour or ignore. */
export type MitigationReg = 'TIDV' | 'TADV' | 'RDTR' | 'RADV' | 'ITR';
export const MITIGATION_REGS: readonly MitigationReg[] = ['TIDV', 'TADV', 'RDTR', 'RADV', 'ITR'];

/** A parameter of a device model (not a register): its key in `device.params`, range, unit and default. */
export interface DeviceParamSpec {
  key: string;
  label: string;
  /** Unit as the scenario writes it (`us`, `frames`, `descriptors`). */
  unit: string;
  integer: boolean;
  min: number;
  max: number;
  default: number;
  /**
   * Optional (issue 23): the name `ethtool -C` / `ethtool -c` give this setting
   * (`rx-usecs`, `cqe-mode-rx`); 0/1 settings print as off/on.
   */
  ethtool?: string;
  /** Optional (issue 23): the setting is off/on (0/1), as ethtool prints it. */
  onOff?: boolean;
}

/** The interrupt-rate bound a model promises for the scenario's registers and parameters. */
export interface InterruptBound {
  /** Shortest time between two assertions, ns. */
  windowNs: number;
  /** Where it comes from, with `{window}` where the caller writes the window in its own units. */
  basis: string;
}

/**
 * Everything the app needs to know about one device model, in the model's
 * own file: the scenario schema, the menus, the Timers panel, the timeline
 * lanes, the Metrics theory line, Compare and the sweep all read it from
 * the registry (models/index.ts) instead of keeping their own lists.
 */
export interface DeviceModelDescriptor {
  /** The scenario's `device.model`. */
  id: string;
  /** For menus and cards. */
  label: string;
  /** One line: what it is. */
  note: string;
  /**
   * The device has a link of its own (the 8254x): frames take wire time at
   * the scenario's link rate. QEMU has none: it transmits inside the TDT
   * write and receives whatever its network backend hands over.
   */
  hasWire: boolean;
  /** Where a received frame waits while no RX descriptor is free. */
  rxHold: RxHoldRule;
  /** What its timer lanes show (or why it has none). */
  timersNote: string;
  /**
   * For each mitigation register it ignores, why. The grammar (IGNORES_GRAMMAR,
   * checked by registry.test.ts): a lower-case phrase that completes
   * "<REG> is ..." (`ignoredRegisterText`, as the sweep's notes say it) and
   * reads alone beside the register's slider: "not emulated by QEMU 2013",
   * "stored but ignored by QEMU 2012", "ignored: the host timer decides".
   */
  ignores: Partial<Record<MitigationReg, string>>;
  /**
   * Optional (issue 23): the cause panel it is drawn with: the 8254x's ICR (default) or a
   * completion queue's count and timer (`completion-queue`: frames+time NICs).
   */
  causeView?: 'icr' | 'completion-queue';
  /** The timers it runs, in lane order. */
  timers: readonly TimerId[];
  /** Its parameters in `device.params`. */
  params: readonly DeviceParamSpec[];
  /** The bound on the interrupt rate it promises, where one exists. */
  bound(regs: Readonly<Record<MitigationReg, number>>, params: Readonly<Record<string, number>>): InterruptBound | null;
  /** Build the model for a NIC. */
  create(nic: DevicePort, params: Readonly<Record<string, number>>): DeviceModel;
}

/** How an `ignores` text begins: "ignored ...", "not ...", "stored ..." or "only ..." (see `ignores`). */
export const IGNORES_GRAMMAR = /^(ignored|not|stored|only)\b[^.]*[^.\s]$/;

/** "TIDV is not emulated by QEMU 2013": a register and the model's reason for ignoring it, as one clause. */
export function ignoredRegisterText(reg: MitigationReg, why: string): string {
  return `${reg} is ${why}`;
}

/** True when the model reads none of the mitigation registers. */
export function ignoresAllRegisters(d: DeviceModelDescriptor): boolean {
  return MITIGATION_REGS.every((r) => d.ignores[r] !== undefined);
}
