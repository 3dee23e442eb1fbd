/**
 * The numeric parameters of a scenario a sweep can vary, addressed by a
 * dotted path (`device.regs.ITR`, `traffic.rx.pps`,
 * `guest.params.InterruptThrottleRate`, `guest.params.hw.em.rx_int_delay`).
 *
 * Setting a value builds a new scenario and validates it again with
 * `parseScenario`, so a value out of range fails with the schema's own
 * one-line message naming the path and the value. Pure: no Node, no browser.
 */
import { err, ok, type Result } from '../base/result';
import { DEVICE_MODEL_REGISTRY, deviceModelDescriptor } from '../core/device/models';
import { GUEST_DRIVER_REGISTRY, guestDriverDescriptor } from '../core/guest/drivers';
import { TimerId } from '../core/types';
import type { DriverParamSpec } from '../core/guest/drivers/descriptor';
import { ignoredRegisterText, ignoresAllRegisters } from '../core/device/models/descriptor';
import { REG_BY_NAME } from '../core/registers';
import type { DeviceModelName, GuestDriverName, Scenario, TrafficPattern } from '../core/scenario';
import { numberFields, patternsFor, trafficPatternDescriptor, type TrafficDirection } from '../core/traffic/patterns';
import { parseScenario, MAX_DURATION_US } from '../scenario/schema';

/** One sweepable numeric field, as the schema allows it. */
interface FieldSpec {
  path: string;
  /** Object keys from the scenario root to the object holding the value. */
  container: readonly string[];
  /** The value's key in that object (may contain dots: `hw.em.rx_int_delay`). */
  key: string;
  label: string;
  unit: string;
  integer: boolean;
  /** Values are multiples of this (ring sizes: 8). */
  step?: number;
  min: number;
  max: number;
  /** Extra rule beyond min..max, for the listing (the schema enforces it). */
  allowed?: string;
  /** Present only for this guest driver. */
  driver?: GuestDriverName;
  /** Present only when this traffic direction has one of these patterns. */
  patterns?: readonly TrafficPattern[];
  /** Has an effect only with these device models. */
  models?: readonly DeviceModelName[];
  /** The device register a driver parameter programs at start (shadows device.regs.<reg>). */
  programs?: 'TIDV' | 'TADV' | 'RDTR' | 'RADV' | 'ITR';
  /**
   * Present only when the scenario can take it: `server`, a guest.server (a
   * sweep does not add the application); `napi`, a kernel with the NAPI
   * knobs (not 3.5); `suspend`, Linux 6.13 (irq_suspend_timeout).
   */
  requires?: 'server' | 'napi' | 'suspend';
}

/** Why a field's `requires` rules it out for this scenario, or undefined. */
function missingRequirement(scenario: Scenario, spec: FieldSpec): string | undefined {
  const kernel = scenario.guest.kernel;
  switch (spec.requires) {
    case 'server':
      return scenario.guest.server === undefined ? 'the scenario has no guest.server (add the server application to sweep it)' : undefined;
    case 'napi':
      return kernel === '3.5' ? 'Linux 3.5 has no NAPI deferral knobs (pick guest.kernel "6.1" or later)' : undefined;
    case 'suspend':
      return kernel !== '6.13' ? `Linux ${kernel ?? '6.1'} has no irq_suspend_timeout (pick guest.kernel "6.13")` : undefined;
    default:
      return undefined;
  }
}

/** What a sweep UI needs to offer a parameter. */
export interface SweepableField {
  path: string;
  label: string;
  unit: string;
  integer: boolean;
  step?: number;
  min: number;
  max: number;
  allowed?: string;
  /** The value in this scenario; undefined when the field is absent (an optional driver parameter). */
  value: number | undefined;
  /** False when changing it cannot change this scenario's run (see `note`). */
  effective: boolean;
  /** Why it is not effective, or how absence is read. */
  note?: string;
}

const REG_NAMES = ['TIDV', 'TADV', 'RDTR', 'RADV', 'ITR'] as const;
type DelayRegName = (typeof REG_NAMES)[number];

/** Short labels of the mitigation registers (their help text lives in src/core/registers.ts). */
const REG_LABELS: Readonly<Record<DelayRegName, string>> = {
  TIDV: 'TIDV, TX packet delay',
  TADV: 'TADV, TX absolute delay',
  RDTR: 'RDTR, RX packet timer',
  RADV: 'RADV, RX absolute delay',
  ITR: 'ITR, interrupt throttling interval',
};

function regField(name: DelayRegName): FieldSpec {
  return {
    path: `device.regs.${name}`,
    container: ['device', 'regs'],
    key: name,
    label: REG_LABELS[name],
    unit: REG_BY_NAME[name].unit,
    integer: true,
    min: 0,
    max: 0xffff,
  };
}

function ringField(key: 'rxRing' | 'txRing'): FieldSpec {
  return {
    path: `device.${key}`,
    container: ['device'],
    key,
    label: `${key === 'rxRing' ? 'RX' : 'TX'} ring size`,
    unit: 'descriptors',
    integer: true,
    step: 8,
    min: 8,
    max: 4096,
  };
}

/**
 * The numbers of the traffic patterns a sweep may vary, from the registry
 * (traffic/patterns/): one field per direction and key, present for every
 * pattern of that direction that has it.
 */
function trafficFields(direction: TrafficDirection): FieldSpec[] {
  const up = direction.toUpperCase();
  const byKey = new Map<string, FieldSpec & { patterns: TrafficPattern[] }>();
  for (const pattern of patternsFor(direction)) {
    for (const f of numberFields(pattern)) {
      if (!f.sweep) continue;
      let spec = byKey.get(f.key);
      if (!spec) {
        spec = {
          path: `traffic.${direction}.${f.key}`,
          container: ['traffic', direction],
          key: f.key,
          label: `${up} ${f.label}`,
          unit: f.unit,
          integer: f.integer,
          min: f.min,
          max: f.max,
          ...(f.aboveMin ? { allowed: `above ${f.min}` } : {}),
          patterns: [],
        };
        byKey.set(f.key, spec);
      }
      spec.patterns.push(pattern.id as TrafficPattern);
    }
  }
  return [...byKey.values()];
}

/** The fields of the device and the guest a sweep may vary. */
const DEVICE_AND_GUEST_SPECS: readonly FieldSpec[] = [
  ...REG_NAMES.map(regField),
  ringField('rxRing'),
  ringField('txRing'),
  // Only a model with a wire (the 8254x) uses it: QEMU transmits inside the TDT write.
  { path: 'device.linkGbps', container: ['device'], key: 'linkGbps', label: 'link speed', unit: 'Gb/s', integer: false, min: 0, max: 100, allowed: '0 = no link-rate limit', models: DEVICE_MODEL_REGISTRY.filter((d) => d.hasWire).map((d) => d.id) },
  // Each device model's parameters, from its descriptor.
  ...DEVICE_MODEL_REGISTRY.flatMap((d) =>
    d.params.map(
      (p): FieldSpec => ({ path: `device.params.${p.key}`, container: ['device', 'params'], key: p.key, label: p.label, unit: p.unit, integer: p.integer, min: p.min, max: p.max, models: [d.id] }),
    ),
  ),
  // Each guest driver's module parameters and tunables, from its descriptor.
  ...GUEST_DRIVER_REGISTRY.flatMap((d) =>
    (d.params as readonly DriverParamSpec[]).map(
      (p): FieldSpec => ({
        path: `guest.params.${p.key}`,
        container: ['guest', 'params'],
        key: p.key,
        label: p.label,
        unit: p.unit,
        integer: true,
        min: Math.min(p.min, ...(p.modes ?? [])),
        max: p.max,
        allowed: p.allowed,
        driver: d.id,
        programs: p.programs,
      }),
    ),
  ),
  // The guest kernel's NAPI knobs (linux-e1000; guest.napi is created with its defaults if absent).
  ...(
    [
      ['napi_defer_hard_irqs', 'Linux napi_defer_hard_irqs', 'polls', 0x7fff_ffff],
      ['gro_flush_timeout', 'Linux gro_flush_timeout', 'ns', MAX_DURATION_US * 1000],
      ['irq_suspend_timeout', 'Linux irq_suspend_timeout (6.13)', 'ns', MAX_DURATION_US * 1000],
    ] as const
  ).map(
    ([key, label, unit, max]): FieldSpec => ({ path: `guest.napi.${key}`, container: ['guest', 'napi'], key, label, unit, integer: true, min: 0, max, driver: 'linux-e1000', requires: key === 'irq_suspend_timeout' ? 'suspend' : 'napi' }),
  ),
  // The server application's numbers (only with guest.server).
  ...(
    [
      ['serviceUs', 'server service time', 'us', false, 0, 10_000],
      ['busy_poll_usecs', 'server busy_poll_usecs', 'us (1,024 ns)', true, 0, MAX_DURATION_US],
      ['busy_poll_budget', 'server busy_poll_budget', 'frames', true, 1, 0xffff],
    ] as const
  ).map(([key, label, unit, integer, min, max]): FieldSpec => ({ path: `guest.server.${key}`, container: ['guest', 'server'], key, label, unit, integer, min, max, driver: 'linux-e1000', requires: 'server' })),
];

const TRAFFIC_SPECS: Readonly<Record<TrafficDirection, readonly FieldSpec[]>> = { rx: trafficFields('rx'), tx: trafficFields('tx') };

/** The run's own numbers. */
const RUN_SPECS: readonly FieldSpec[] = [
  { path: 'durationUs', container: [], key: 'durationUs', label: 'virtual time covered', unit: 'us', integer: false, min: 0, max: MAX_DURATION_US, allowed: 'above 0' },
  { path: 'seed', container: [], key: 'seed', label: 'random seed', unit: '', integer: true, min: 0, max: 0xffff_ffff },
];

/** Every numeric field of the format a sweep may vary (which apply depends on the scenario). */
const FIELD_SPECS: readonly FieldSpec[] = [...DEVICE_AND_GUEST_SPECS, ...TRAFFIC_SPECS.rx, ...TRAFFIC_SPECS.tx, ...RUN_SPECS];

/** This scenario's traffic fields: its pattern's sweepable numbers, in the pattern's own order. */
function scenarioTrafficSpecs(scenario: Scenario, direction: TrafficDirection): FieldSpec[] {
  const pattern = trafficPatternDescriptor(scenario.traffic[direction].pattern);
  if (!pattern) return [];
  return numberFields(pattern).flatMap((f) => TRAFFIC_SPECS[direction].filter((spec) => spec.key === f.key));
}

/** Which spec a path names for this scenario, or why it names none. */
function resolveSpec(scenario: Scenario, path: string): Result<FieldSpec> {
  // Two drivers may share a parameter name (FreeBSD lem and em both read hw.em.*): prefer the scenario's driver's.
  const named = FIELD_SPECS.filter((candidate) => candidate.path === path);
  const spec = named.find((candidate) => !candidate.driver || candidate.driver === scenario.guest.driver) ?? named[0];
  if (!spec) {
    return err(`${path}: not a sweepable parameter (one of ${listSweepablePaths(scenario).map((f) => f.path).join(', ')})`);
  }
  if (spec.driver && scenario.guest.driver !== spec.driver) {
    return err(`${path}: not a parameter of guest.driver ${JSON.stringify(scenario.guest.driver)} (it belongs to ${JSON.stringify(spec.driver)})`);
  }
  const missing = missingRequirement(scenario, spec);
  if (missing !== undefined) return err(`${path}: ${missing}`);
  if (spec.patterns) {
    const direction = spec.container[1] as 'rx' | 'tx';
    const pattern = scenario.traffic[direction].pattern;
    if (!spec.patterns.includes(pattern)) {
      return err(`${path}: not a parameter of traffic.${direction}.pattern ${JSON.stringify(pattern)} (only of ${spec.patterns.map((p) => JSON.stringify(p)).join(', ')})`);
    }
  }
  return ok(spec);
}

/** The object holding a field; an absent optional object (guest.napi) reads as empty, or is created when `create`. */
function containerOf(root: unknown, container: readonly string[], create = false): Record<string, unknown> {
  let node = root as Record<string, unknown>;
  for (const key of container) {
    if (node[key] === undefined) {
      if (!create) return {};
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  return node;
}

/** Device models that store the mitigation registers but never read them. */
const REGISTER_BLIND_MODELS: readonly DeviceModelName[] = DEVICE_MODEL_REGISTRY.filter(ignoresAllRegisters).map((d) => d.id);

const modelLabel = (id: DeviceModelName) => deviceModelDescriptor(id).label;
const driverLabel = (id: GuestDriverName) => guestDriverDescriptor(id).label;

/** The register a field sets: a device register itself, or the register a driver parameter programs at start. */
function registerOf(spec: FieldSpec): DelayRegName | undefined {
  if (spec.container.join('.') === 'device.regs') return spec.key as DelayRegName;
  return spec.programs;
}

/** The driver parameter that programs `reg` at start in this scenario (it is set), if any. */
function programmingParam(scenario: Scenario, reg: DelayRegName): FieldSpec | undefined {
  return FIELD_SPECS.find((other) => other.driver === scenario.guest.driver && other.programs === reg && scenario.guest.params[other.key] !== undefined);
}

/**
 * Whether `reg` starts at 0 in this scenario: the driver's parameter that
 * programs it when that is set (0 programs 0 for every driver), else device.regs.
 */
function startsAtZero(scenario: Scenario, reg: DelayRegName): { zero: boolean; by?: FieldSpec } {
  const by = programmingParam(scenario, reg);
  if (by) return { zero: scenario.guest.params[by.key] === 0, by };
  return { zero: scenario.device.regs[reg] === 0 };
}

/**
 * The absolute timers run only alongside their packet timers (SDM 8254x,
 * as docs/e1000-model.md states it): RDTR = 0 raises RXT0 at once for every
 * frame and RADV is off; TIDV = 0 raises TXDW at once and TADV is never
 * armed. QEMU 2013 reads RADV only while RDTR is not 0 as well; it has no
 * TIDV timer and gates TADV on the descriptors' IDE bit instead.
 */
const ABSOLUTE_TIMERS: readonly { absolute: DelayRegName; packet: DelayRegName; what: string; runsPacketTimer: (m: DeviceModelName) => boolean }[] = [
  {
    absolute: 'RADV',
    packet: 'RDTR',
    what: 'the RX absolute timer (RADV) only runs alongside the RX packet timer (RDTR); with RDTR at 0 every received frame interrupts at once',
    // Every model that reads RADV gates it on RDTR (the 8254x by its timers, QEMU 2013 by its window rule).
    runsPacketTimer: () => true,
  },
  {
    absolute: 'TADV',
    packet: 'TIDV',
    what: 'the TX absolute timer (TADV) only runs alongside the TX packet timer (TIDV); with TIDV at 0 every sent frame interrupts at once',
    runsPacketTimer: (m) => deviceModelDescriptor(m).timers.includes(TimerId.TIDV),
  },
];

/**
 * The NAPI knobs act only together (net/core/dev.c napi_complete_done,
 * busy_poll_stop; docs/software-mitigation.md): gro_flush_timeout defers
 * only while napi_defer_hard_irqs counts (GRO holds none of this traffic),
 * the count holds the interrupt back only with a timeout, and
 * irq_suspend_timeout only with an epoll server that prefers busy polling.
 */
function napiKnobIneffective(scenario: Scenario, path: string): string | undefined {
  const n = scenario.guest.napi;
  const defer = n?.napi_defer_hard_irqs ?? 0;
  const gfto = n?.gro_flush_timeout ?? 0;
  const server = scenario.guest.server;
  switch (path) {
    case 'guest.napi.gro_flush_timeout':
      return defer === 0 && !(server?.prefer_busy_poll && (n?.irq_suspend_timeout ?? 0) > 0)
        ? 'no effect while napi_defer_hard_irqs is 0: napi_complete_done arms the flush timer only while the deferral count runs (GRO holds none of this traffic)'
        : undefined;
    case 'guest.napi.napi_defer_hard_irqs':
      return gfto === 0 ? 'no effect while gro_flush_timeout is 0: napi_complete_done counts down but still allows the unmask, with no timer to poll' : undefined;
    case 'guest.napi.irq_suspend_timeout':
      if (scenario.guest.kernel !== '6.13') return undefined; // the schema rejects it
      return server?.prefer_busy_poll ? undefined : 'no effect without a server that prefers busy polling (guest.server.prefer_busy_poll): only then does the kernel suspend interrupts';
    default:
      return undefined;
  }
}

/** Why a field cannot change this scenario's run, if it cannot; in user words (labels, not ids). */
function ineffectiveBecause(scenario: Scenario, spec: FieldSpec): string | undefined {
  const kernel = napiKnobIneffective(scenario, spec.path);
  if (kernel !== undefined) return kernel;
  const model = scenario.device.model;
  if (spec.models && !spec.models.includes(model)) {
    return `no effect with the ${modelLabel(model)} device model (only ${spec.models.map(modelLabel).join(', ')} uses it)`;
  }
  const reg = registerOf(spec);
  if (!reg) return undefined;
  const isRegister = spec.container.join('.') === 'device.regs';
  if (REGISTER_BLIND_MODELS.includes(model)) {
    return isRegister
      ? `no effect with the ${modelLabel(model)} device model: it ignores the mitigation registers`
      : `no effect with the ${modelLabel(model)} device model: it ignores ${reg}, which this parameter programs`;
  }
  // A register the model does not read (QEMU 2013: TIDV). Not RDTR, which switches RADV on in every model that reads
  // RADV; and not a driver parameter, which may do more than program the register (Linux TxIntDelay also sets IDE).
  const ignored = deviceModelDescriptor(model).ignores[reg];
  if (ignored !== undefined && isRegister && reg !== 'RDTR') {
    return `no effect with the ${modelLabel(model)} device model: ${ignoredRegisterText(reg, ignored)}`;
  }
  if (isRegister) {
    const shadow = programmingParam(scenario, reg);
    if (shadow) return `no effect: the ${driverLabel(scenario.guest.driver)} driver programs ${reg} from its ${shadow.key} parameter at start`;
  }
  const rule = ABSOLUTE_TIMERS.find((t) => t.absolute === reg);
  if (rule && rule.runsPacketTimer(model)) {
    const packet = startsAtZero(scenario, rule.packet);
    if (packet.zero) {
      const which = packet.by ? `${packet.by.key} (which programs ${rule.packet})` : rule.packet;
      return `no effect while ${which} is 0: ${rule.what}`;
    }
  }
  return undefined;
}

function describe(scenario: Scenario, spec: FieldSpec): SweepableField {
  const value = containerOf(scenario, spec.container)[spec.key];
  const because = ineffectiveBecause(scenario, spec);
  const field: SweepableField = {
    path: spec.path,
    label: spec.label,
    unit: spec.unit,
    integer: spec.integer,
    min: spec.min,
    max: spec.max,
    value: typeof value === 'number' ? value : undefined,
    effective: because === undefined,
  };
  if (spec.step !== undefined) field.step = spec.step;
  if (spec.allowed !== undefined) field.allowed = spec.allowed;
  if (because !== undefined) field.note = because;
  else if (field.value === undefined && spec.programs) field.note = `not set: the driver leaves the ${spec.programs} register as the scenario sets it`;
  return field;
}

/**
 * The numeric parameters this scenario has (for a sweep's parameter list):
 * device registers, rings, link and model parameters, the driver's own
 * parameters, the traffic pattern's numbers, duration and seed. Fields that
 * cannot change this run are listed with `effective: false` and a `note`.
 */
export function listSweepablePaths(scenario: Scenario): SweepableField[] {
  return [
    ...DEVICE_AND_GUEST_SPECS.filter((spec) => (!spec.driver || spec.driver === scenario.guest.driver) && missingRequirement(scenario, spec) === undefined),
    ...scenarioTrafficSpecs(scenario, 'rx'),
    ...scenarioTrafficSpecs(scenario, 'tx'),
    ...RUN_SPECS,
  ].map((spec) => describe(scenario, spec));
}

/** The field a path names in this scenario, with its current value, or an error naming the path. */
export function describeParam(scenario: Scenario, path: string): Result<SweepableField> {
  const resolved = resolveSpec(scenario, path);
  return resolved.ok ? ok(describe(scenario, resolved.value)) : resolved;
}

/** The value at a sweepable path; undefined when the field is absent (an optional driver parameter). Throws on an unknown path. */
export function getParam(scenario: Scenario, path: string): number | undefined {
  const described = describeParam(scenario, path);
  if (!described.ok) throw new Error(described.error);
  return described.value.value;
}

/**
 * A new scenario with `value` at `path`, validated again by `parseScenario`.
 * Errors are one line naming the path and the value, e.g.
 * `device.regs.ITR: 70000 is out of range (integer 0..65535)`.
 * The input scenario is not modified.
 */
export function setParam(scenario: Scenario, path: string, value: number): Result<Scenario> {
  const resolved = resolveSpec(scenario, path);
  if (!resolved.ok) return resolved;
  const copy = structuredClone(scenario);
  containerOf(copy, resolved.value.container, true)[resolved.value.key] = value;
  return parseScenario(copy);
}

/** Rounds a value to what the field can hold: integers, ring sizes to multiples of 8; other numbers to 6 significant digits. */
export function quantizeParam(field: Pick<SweepableField, 'integer' | 'step'>, value: number): number {
  if (!Number.isFinite(value)) return value;
  if (field.step !== undefined) return Math.round(value / field.step) * field.step;
  if (field.integer) return Math.round(value);
  return Number(value.toPrecision(6));
}
