/**
 * The one fast-check generator of complete, valid scenarios (every field
 * filled, as `parseScenario` returns them), read from the registries: the
 * device models and their parameters, the guest drivers and theirs, the
 * cost profiles and the traffic patterns with their fields. A new model,
 * driver, profile or pattern is generated with no edit here.
 *
 * Two value spaces, one generator:
 * - `arbitraryScenario` (`format`): any value the format allows, over whole
 *   ranges, for the format's own properties (parse, links, sweep paths);
 *   runs would be long, so it is not for running.
 * - `scenarioArb()` (`run`): short runs that still reach the degenerate
 *   corners (smallest and largest rings, zero and maximum delays, no
 *   link-rate limit, replayed captures with bursts and gaps), for the
 *   fuzzer and the fast-path checks, which run them.
 */
import fc from 'fast-check';
import { DEVICE_MODEL_REGISTRY, deviceModelDescriptor } from '../core/device/models';
import type { DeviceParamSpec } from '../core/device/models/descriptor';
import { GUEST_DRIVER_REGISTRY, guestDriverDescriptor } from '../core/guest/drivers';
import type { DriverParamSpec } from '../core/guest/drivers/descriptor';
import {
  COST_PROFILES,
  DEVICE_MODELS,
  HOST_PLACEMENTS,
  RDMTS_VALUES,
  type DelayRegs,
  type DeviceParams,
  type GuestSpec,
  type Scenario,
  type TrafficSpec,
} from '../core/scenario';
import { patternsFor, type TrafficDirection, type TrafficNumberField, type TrafficPatternDescriptor } from '../core/traffic/patterns';
import { MAX_DURATION_US } from './schema';

export type ValueSpace = 'format' | 'run';

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const between = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
/** A 16-bit register: anything, or (run) mostly small with the corners. */
const delay16 = (space: ValueSpace) =>
  space === 'format' ? fc.integer({ min: 0, max: 0xffff }) : fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom(0, 1, 0xffff), fc.integer({ min: 0, max: 0xffff }));
const ringSize = (space: ValueSpace) =>
  space === 'format' ? fc.integer({ min: 1, max: 512 }).map((eighths) => eighths * 8) : fc.oneof(fc.constantFrom(8, 16, 4096), fc.integer({ min: 1, max: 64 }).map((k) => k * 8));

/** A traffic pattern's number: its whole range, or (run) values that keep a short run busy, with the corners. */
function trafficNumber(f: TrafficNumberField, space: ValueSpace): fc.Arbitrary<number> {
  const low = f.aboveMin ? (f.integer ? f.min + 1 : Number.MIN_VALUE) : f.min;
  if (space === 'format') return f.integer ? fc.integer({ min: low, max: f.max }) : between(low, f.max);
  switch (f.unit) {
    case 'frames/s':
      return fc.oneof(fc.integer({ min: 1_000, max: 300_000 }), fc.constantFrom(1_488_095));
    case 'bytes':
      return fc.oneof(fc.constantFrom(f.min, f.max), fc.integer({ min: f.min, max: f.max }));
    case 'us': {
      // Whole µs, from 1 when the field must be above 0: a burst or a pause of a few ns would put a run's frames at one instant.
      const first = f.aboveMin ? 1 : Math.ceil(f.min);
      return fc.oneof(fc.constant(first), fc.integer({ min: first, max: Math.min(f.max, 400) }), fc.integer({ min: first, max: Math.min(f.max, 30) }));
    }
    default:
      return fc.integer({ min: Math.ceil(low), max: Math.min(f.max, Math.ceil(low) + 10) });
  }
}

/** A replayed capture's frames: bursts (many at one instant), gaps and every size. */
const replayFrames = fc
  .array(fc.record({ gapNs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 200_000 })), bytes: fc.oneof(fc.constantFrom(64, 1518), fc.integer({ min: 64, max: 1518 })) }), {
    minLength: 1,
    maxLength: 200,
  })
  .map((list) => {
    let t = 0;
    const atNs: number[] = [];
    const bytes: number[] = [];
    for (const f of list) {
      t += f.gapNs;
      atNs.push(t);
      bytes.push(f.bytes);
    }
    return { atNs, bytes };
  });

/**
 * One pattern's specs, field by field from its descriptor, or null when this
 * space cannot make one: a capture needs a file or inline data, which only
 * the run space supplies (a named file with its frames already loaded).
 */
function patternArb(p: TrafficPatternDescriptor, space: ValueSpace): fc.Arbitrary<TrafficSpec> | null {
  const fields: Record<string, fc.Arbitrary<unknown>> = { pattern: fc.constant(p.id) };
  for (const f of p.fields) {
    if (f.kind === 'number') fields[f.key] = trafficNumber(f, space);
    else if (f.kind === 'instants') {
      const max = space === 'format' ? MAX_DURATION_US : 2000;
      fields[f.key] = fc.array(between(0, max), { maxLength: space === 'format' ? 50 : 60 }).map((a) => a.sort((x, y) => x - y));
    } else if (space === 'format') return null;
  }
  if (p.fields.some((f) => f.kind === 'captureFile')) {
    delete fields.data;
    fields.file = fc.constant('fuzz.pcap');
    fields.frames = replayFrames;
  }
  return fc.record(fields) as unknown as fc.Arbitrary<TrafficSpec>;
}

export function trafficArb(direction: TrafficDirection, space: ValueSpace = 'run'): fc.Arbitrary<TrafficSpec> {
  return fc.oneof(...patternsFor(direction).flatMap((p) => patternArb(p, space) ?? []));
}

/** A device model parameter: its whole range, or (run) its default and small values. */
function deviceParam(p: DeviceParamSpec, space: ValueSpace): fc.Arbitrary<number> {
  const whole = p.integer ? fc.integer({ min: p.min, max: p.max }) : between(p.min, p.max);
  if (space === 'format') return whole;
  const small = fc.integer({ min: Math.ceil(p.min), max: Math.min(p.max, Math.ceil(p.min) + (p.unit === 'us' ? 2000 : 8)) });
  return fc.oneof(fc.constant(p.default), small);
}

/** A driver parameter: one of its modes or its range, or (run) mostly small values and its maximum. */
function driverParam(p: DriverParamSpec, space: ValueSpace): fc.Arbitrary<number> {
  const range = fc.integer({ min: p.min, max: p.max });
  const ranged = space === 'format' ? range : fc.oneof(fc.integer({ min: p.min, max: Math.min(p.max, p.min + 200) }), fc.constant(p.max), range);
  return p.modes ? fc.oneof(fc.constantFrom(...p.modes), ranged) : ranged;
}

function guestArb(space: ValueSpace): fc.Arbitrary<GuestSpec> {
  return fc.oneof(
    ...GUEST_DRIVER_REGISTRY.map((d) =>
      fc.record({
        driver: fc.constant(d.id),
        costs: fc.constantFrom(...COST_PROFILES),
        params: fc.record(Object.fromEntries(d.params.map((p) => [p.key, driverParam(p, space)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, number>>,
        ...('kernels' in d && d.kernels ? { kernel: fc.constantFrom(...d.kernels) } : {}),
      }),
    ),
  ) as fc.Arbitrary<GuestSpec>;
}

function deviceParamsArb(space: ValueSpace): fc.Arbitrary<DeviceParams> {
  return fc.record(Object.fromEntries(DEVICE_MODEL_REGISTRY.flatMap((d) => d.params.map((p) => [p.key, deviceParam(p, space)])))) as unknown as fc.Arbitrary<DeviceParams>;
}

/**
 * The one combination the validator refuses, made runnable: a zero-cost
 * sender saturating TX with no wire to pace it never stops. A model with a
 * wire (`hasWire`) gets a link; one without sends nothing.
 */
function paceSaturation(s: Scenario): Scenario {
  if (s.traffic.tx.pattern !== 'saturate' || guestDriverDescriptor(s.guest.driver).hasCosts) return s;
  if (!deviceModelDescriptor(s.device.model).hasWire) return { ...s, traffic: { ...s.traffic, tx: { pattern: 'none' } } };
  return s.device.linkGbps > 0 ? s : { ...s, device: { ...s.device, linkGbps: 1 } };
}

/** Linux only (run space): the 6.13 kernel's NAPI knobs and the server application (guest/kernel, guest/apps). */
const kernelMitigationArb = fc.record({
  napi: fc.record({
    napi_defer_hard_irqs: fc.integer({ min: 0, max: 8 }),
    gro_flush_timeout: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000 })),
    irq_suspend_timeout: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200_000 })),
  }),
  server: fc.option(
    fc.record({
      wait: fc.constantFrom('epoll' as const, 'recvmsg' as const),
      serviceUs: fc.double({ min: 0, max: 5, noNaN: true }),
      syscallUs: fc.double({ min: 0, max: 1, noNaN: true }),
      replyBytes: fc.constantFrom(64, 512, 1518),
      busy_poll_usecs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })),
      busy_poll_budget: fc.integer({ min: 1, max: 64 }),
      prefer_busy_poll: fc.boolean(),
    }),
    { nil: undefined },
  ),
});

/** Complete scenarios of one value space (see the file's notes). */
export function generateScenario(space: ValueSpace, o: { maxDurationUs?: number } = {}): fc.Arbitrary<Scenario> {
  const itr = space === 'format' ? delay16(space) : fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.constant(0xffff));
  return fc
    .record({
      name: space === 'format' ? fc.string({ maxLength: 80 }) : fc.constant('fuzz'),
      seed: u32,
      durationUs: space === 'format' ? between(Number.MIN_VALUE, MAX_DURATION_US) : fc.integer({ min: 1, max: o.maxDurationUs ?? 2000 }),
      model: fc.constantFrom(...DEVICE_MODELS),
      regs: fc.record({ TIDV: delay16(space), TADV: delay16(space), RDTR: delay16(space), RADV: delay16(space), ITR: itr }) as fc.Arbitrary<DelayRegs>,
      rxRing: ringSize(space),
      txRing: ringSize(space),
      rdmts: fc.constantFrom(...RDMTS_VALUES),
      linkGbps: space === 'format' ? between(0, 100) : fc.constantFrom(0, 1, 1, 10, 100),
      params: deviceParamsArb(space),
      guest: guestArb(space),
      rx: trafficArb('rx', space),
      tx: trafficArb('tx', space),
      host: fc.option(fc.constantFrom(...HOST_PLACEMENTS), { nil: undefined }),
      kernelMitigation: space === 'run' ? fc.option(kernelMitigationArb, { nil: undefined }) : fc.constant(undefined),
    })
    .map(
      (g): Scenario =>
        paceSaturation({
          v: 1,
          name: g.name,
          seed: g.seed,
          durationUs: g.durationUs,
          device: { model: g.model, regs: g.regs, rxRing: g.rxRing, txRing: g.txRing, rdmts: g.rdmts, linkGbps: g.linkGbps, params: g.params },
          guest:
            g.guest.driver === 'linux-e1000' && g.kernelMitigation !== undefined
              ? { ...g.guest, kernel: '6.13', napi: g.kernelMitigation.napi, ...(g.kernelMitigation.server ? { server: g.kernelMitigation.server } : {}) }
              : g.guest,
          // A server's replies are the TX traffic (the contract rejects another TX pattern beside it).
          traffic: { rx: g.rx, tx: g.guest.driver === 'linux-e1000' && g.kernelMitigation?.server !== undefined ? { pattern: 'none' } : g.tx },
          ...(g.host !== undefined ? { host: { placement: g.host } } : {}),
        }),
    );
}

/** Any valid scenario over the format's whole ranges (not for running). */
export const arbitraryScenario: fc.Arbitrary<Scenario> = generateScenario('format');

/** A complete, runnable scenario, degenerate corners included. */
export function scenarioArb(o: { maxDurationUs?: number } = {}): fc.Arbitrary<Scenario> {
  return generateScenario('run', o);
}
