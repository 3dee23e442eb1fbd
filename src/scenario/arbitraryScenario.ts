/**
 * fast-check generator of complete, valid scenarios (every field filled, as
 * `parseScenario` returns them), for property tests.
 */
import type { DeviceParamSpec } from '../core/device/models/descriptor';
import { FRAMES_TIME_PARAMS } from '../core/device/models/framesTime';
import { ITR_RATE_CAP_PARAMS } from '../core/device/models/itrRateCap';
import fc from 'fast-check';
import {
  COST_PROFILES,
  DEVICE_MODELS,
  RDMTS_VALUES,
  type GuestSpec,
  type Scenario,
  type TrafficSpec,
} from '../core/scenario';
import { MAX_DURATION_US } from './schema';

const timeUs = (max = MAX_DURATION_US) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });
const positiveUs = (max = MAX_DURATION_US) => fc.double({ min: Number.MIN_VALUE, max, noNaN: true, noDefaultInfinity: true });
const frameBytes = fc.integer({ min: 64, max: 1518 });
const pps = fc.double({ min: Number.MIN_VALUE, max: 10_000_000, noNaN: true, noDefaultInfinity: true });
const delayRegister = fc.integer({ min: 0, max: 0xffff });
const ringSize = fc.integer({ min: 1, max: 512 }).map((eighths) => eighths * 8);

const sharedTraffic: fc.Arbitrary<TrafficSpec>[] = [
  fc.constant({ pattern: 'none' }),
  fc.record({
    pattern: fc.constant('list'),
    atUs: fc.array(timeUs(), { maxLength: 50 }).map((instants) => instants.sort((a, b) => a - b)),
    bytes: frameBytes,
  }),
  fc.record({ pattern: fc.constant('constant'), pps, bytes: frameBytes, startUs: timeUs() }),
  fc.record({ pattern: fc.constant('poisson'), pps, bytes: frameBytes, startUs: timeUs() }),
  fc.record({ pattern: fc.constant('onoff'), pps, onUs: positiveUs(), offUs: timeUs(), bytes: frameBytes, startUs: timeUs() }),
  fc.record({ pattern: fc.constant('train'), frames: fc.integer({ min: 1, max: 20 }), spacingUs: timeUs(), pauseUs: positiveUs(), bytes: frameBytes, startUs: timeUs() }),
];

const guest: fc.Arbitrary<GuestSpec> = fc.oneof(
  fc.record({ driver: fc.constant('ideal'), costs: fc.constantFrom(...COST_PROFILES), params: fc.constant({}) }),
  fc.record({
    driver: fc.constant('linux-e1000'),
    costs: fc.constantFrom(...COST_PROFILES),
    kernel: fc.constantFrom('3.5', '6.1'),
    params: fc.record(
      {
        InterruptThrottleRate: fc.oneof(fc.constantFrom(0, 1, 3, 4), fc.integer({ min: 100, max: 100_000 })),
        TxIntDelay: delayRegister,
        TxAbsIntDelay: delayRegister,
        RxIntDelay: delayRegister,
        RxAbsIntDelay: delayRegister,
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    driver: fc.constant('freebsd-lem'),
    costs: fc.constantFrom(...COST_PROFILES),
    params: fc.record(
      {
        'hw.em.tx_int_delay': delayRegister,
        'hw.em.rx_abs_int_delay': delayRegister,
        'hw.em.rx_process_limit': fc.integer({ min: 1, max: 4096 }),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    driver: fc.constant('freebsd-em'),
    costs: fc.constantFrom(...COST_PROFILES),
    params: fc.record(
      {
        'hw.em.tx_int_delay': fc.integer({ min: 0, max: 67_108 }),
        'hw.em.rx_abs_int_delay': fc.integer({ min: 0, max: 67_108 }),
        'hw.em.rx_process_limit': fc.integer({ min: 1, max: 4096 }),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    driver: fc.constant('linux-dim'),
    costs: fc.constantFrom(...COST_PROFILES),
    params: fc.record({ adaptiveRx: fc.integer({ min: 0, max: 1 }), rxDimProfile: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: [] }),
  }),
  fc.record({ driver: fc.constant('linux-ixgbe'), costs: fc.constantFrom(...COST_PROFILES), params: fc.constant({}) }),
);

/** Integer arbitraries over device parameters' ranges (issue 23's models), the top capped at `cap` if given. */
export function deviceParamArbitraries<const P extends readonly DeviceParamSpec[]>(specs: P, cap = Infinity): Record<P[number]['key'], fc.Arbitrary<number>> {
  return Object.fromEntries(specs.map((p) => [p.key, fc.integer({ min: p.min, max: Math.max(p.min, Math.min(p.max, cap)) })])) as Record<P[number]['key'], fc.Arbitrary<number>>;
}

export const arbitraryScenario: fc.Arbitrary<Scenario> = fc
  .record({
    v: fc.constant(1 as const),
    name: fc.string({ maxLength: 80 }),
    seed: fc.integer({ min: 0, max: 0xffff_ffff }),
    durationUs: positiveUs(),
    device: fc.record({
      model: fc.constantFrom(...DEVICE_MODELS),
      regs: fc.record({ TIDV: delayRegister, TADV: delayRegister, RDTR: delayRegister, RADV: delayRegister, ITR: delayRegister }),
      rxRing: ringSize,
      txRing: ringSize,
      rdmts: fc.constantFrom(...RDMTS_VALUES),
      linkGbps: fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }),
      params: fc.record({
        rizzoTxBatch: fc.integer({ min: 0, max: 4096 }),
        rizzoRingSlack: fc.integer({ min: 0, max: 4096 }),
        rizzoBottomHalfUs: timeUs(1_000_000),
        hostTimerUs: fc.double({ min: 1, max: 1_000_000, noNaN: true, noDefaultInfinity: true }),
        ...deviceParamArbitraries([...FRAMES_TIME_PARAMS, ...ITR_RATE_CAP_PARAMS]),
      }),
    }),
    guest,
    traffic: fc.record({
      rx: fc.oneof(...sharedTraffic),
      tx: fc.oneof(...sharedTraffic, fc.record({ pattern: fc.constant('saturate'), bytes: frameBytes })),
    }),
  })
  // The one combination the validator refuses: a zero-cost sender with no wire (QEMU models, or a link of 0) never stops.
  .filter((s) => !(s.traffic.tx.pattern === 'saturate' && s.guest.driver === 'ideal' && !(s.device.model === '8254x' && s.device.linkGbps > 0)));
