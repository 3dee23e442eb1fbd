/**
 * fast-check generators for the fuzzer: complete scenarios that include the
 * degenerate corners (smallest and largest rings, zero and maximum delays,
 * no link-rate limit, replayed captures with bursts and gaps) and hostile
 * host sequences: MMIO writes of any value to any register (heads and tails
 * beyond the ring, zero and odd ring lengths, every cause bit, FPD), reads
 * (a read of ICR clears it), advances of any length and single steps.
 */
import fc from 'fast-check';
import { CAUSES } from '../core/causes';
import { REGISTERS, type RegName } from '../core/registers';
import {
  COST_PROFILES,
  DEVICE_MODELS,
  RDMTS_VALUES,
  type GuestDriverName,
  type ConsoleOp,
  type Scenario,
  type TrafficSpec,
} from '../core/scenario';
import { DEFAULT_DEVICE_PARAMS } from '../core/scenario';
import { FRAMES_TIME_PARAMS } from '../core/device/models/framesTime';
import { ITR_RATE_CAP_PARAMS } from '../core/device/models/itrRateCap';
import { deviceParamArbitraries } from '../scenario/arbitraryScenario';

/** The frames+time and ITR + rate cap models' settings (issue 23), from their descriptors, capped to short times. */
const newerModelParams = deviceParamArbitraries([...FRAMES_TIME_PARAMS, ...ITR_RATE_CAP_PARAMS], 300);

export type HostOp =
  | { op: 'write'; reg: RegName; value: number }
  | { op: 'read'; reg: RegName }
  | { op: 'advance'; dtNs: number }
  | { op: 'step'; n: number };

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const pointer = fc.oneof(
  fc.integer({ min: 0, max: 16 }),
  fc.integer({ min: 0, max: 0x1_0000 }),
  fc.constantFrom(7, 8, 255, 256, 511, 512, 4095, 4096, 0xffff, 0x1_0000, 0xffff_ffff),
);
const ringBytes = fc.oneof(
  fc.constantFrom(0, 1, 15, 16, 127, 128, 129, 1000, 4096, 8192, 65536, 0xfff80, 0xffff_ffff),
  fc.integer({ min: 1, max: 64 }).map((k) => k * 128),
  fc.integer({ min: 0, max: 0x10_0000 }),
);
const delay16 = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom(0, 1, 0xffff), fc.integer({ min: 0, max: 0xffff }));
const causeBits = fc.oneof(fc.constant(0xffff_ffff), u32, fc.constantFrom(...CAUSES.map((c) => c.mask)));

const write = (reg: RegName, value: fc.Arbitrary<number>): fc.Arbitrary<HostOp> => value.map((v) => ({ op: 'write' as const, reg, value: v }));

export const hostOp: fc.Arbitrary<HostOp> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(write('RDT', pointer), write('TDT', pointer), write('RDH', pointer), write('TDH', pointer)) },
  { weight: 2, arbitrary: fc.oneof(write('RDLEN', ringBytes), write('TDLEN', ringBytes)) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      write('RDTR', fc.oneof(delay16, delay16.map((v) => (v | 0x8000_0000) >>> 0), fc.constantFrom(0x8000_0000, 0xffff_ffff))),
      write('RADV', delay16),
      write('TIDV', delay16),
      write('TADV', delay16),
      write('ITR', fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.constant(0xffff), u32)),
    ),
  },
  { weight: 3, arbitrary: fc.oneof(write('ICS', causeBits), write('IMS', causeBits), write('IMC', causeBits), write('ICR', causeBits)) },
  { weight: 1, arbitrary: fc.oneof(write('RCTL', u32), write('CTRL', u32), write('STATUS', u32), write('TCTL', u32), write('MPC', u32)) },
  { weight: 2, arbitrary: fc.constantFrom(...REGISTERS.map((r) => ({ op: 'read' as const, reg: r.name }))) },
  {
    weight: 5,
    arbitrary: fc
      .oneof(fc.constantFrom(0, 1, 1024, 256), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 3_000_000 }))
      .map((dtNs) => ({ op: 'advance' as const, dtNs })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 50 }).map((n) => ({ op: 'step' as const, n })) },
);

export const hostOps = (maxLength = 40) => fc.array(hostOp, { minLength: 1, maxLength });

// ---- scenarios --------------------------------------------------------------

const frameBytes = fc.oneof(fc.constantFrom(64, 1518), fc.integer({ min: 64, max: 1518 }));
const pps = fc.oneof(fc.integer({ min: 1_000, max: 300_000 }), fc.constantFrom(1_488_095));
const startUs = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500 }));

/** A replayed capture's frames: bursts (many at one instant), gaps and every size. */
const replayFrames = fc
  .array(fc.record({ gapNs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 200_000 })), bytes: frameBytes }), {
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

export function trafficArb(tx: boolean): fc.Arbitrary<TrafficSpec> {
  const shared: fc.Arbitrary<TrafficSpec>[] = [
    fc.constant<TrafficSpec>({ pattern: 'none' }),
    fc.record({
      pattern: fc.constant('list' as const),
      atUs: fc.array(fc.double({ min: 0, max: 2000, noNaN: true }), { maxLength: 60 }).map((a) => a.sort((x, y) => x - y)),
      bytes: frameBytes,
    }),
    fc.record({ pattern: fc.constant('constant' as const), pps, bytes: frameBytes, startUs }),
    fc.record({ pattern: fc.constant('poisson' as const), pps, bytes: frameBytes, startUs }),
    fc.record({ pattern: fc.constant('onoff' as const), pps, onUs: fc.integer({ min: 1, max: 400 }), offUs: fc.integer({ min: 0, max: 400 }), bytes: frameBytes, startUs }),
    fc.record({ pattern: fc.constant('train' as const), frames: fc.integer({ min: 1, max: 10 }), spacingUs: fc.integer({ min: 0, max: 30 }), pauseUs: fc.integer({ min: 1, max: 300 }), bytes: frameBytes, startUs }),
    fc.record({ pattern: fc.constant('pcap' as const), file: fc.constant('fuzz.pcap'), startUs, frames: replayFrames }),
  ];
  if (tx) shared.push(fc.record({ pattern: fc.constant('saturate' as const), bytes: frameBytes }));
  return fc.oneof(...shared);
}

const delayParam = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant(0xffff));

const guestArb = fc.oneof(
  fc.record({ driver: fc.constant<GuestDriverName>('ideal'), params: fc.constant({} as Record<string, number>) }),
  fc.record({
    driver: fc.constant<GuestDriverName>('linux-e1000'),
    params: fc.record(
      {
        InterruptThrottleRate: fc.oneof(fc.constantFrom(0, 1, 3, 4), fc.integer({ min: 100, max: 100_000 })),
        TxIntDelay: delayParam,
        TxAbsIntDelay: delayParam,
        RxIntDelay: delayParam,
        RxAbsIntDelay: delayParam,
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, number>>,
  }),
  fc.record({
    driver: fc.constant<GuestDriverName>('freebsd-lem'),
    params: fc.record(
      {
        'hw.em.tx_int_delay': delayParam,
        'hw.em.tx_abs_int_delay': delayParam,
        'hw.em.rx_abs_int_delay': delayParam,
        'hw.em.rx_process_limit': fc.integer({ min: 1, max: 4096 }),
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, number>>,
  }),
  fc.record({
    driver: fc.constant<GuestDriverName>('freebsd-em'),
    params: fc.record(
      {
        'hw.em.tx_int_delay': fc.integer({ min: 0, max: 67_108 }),
        'hw.em.tx_abs_int_delay': fc.integer({ min: 0, max: 67_108 }),
        'hw.em.rx_int_delay': fc.integer({ min: 0, max: 67_108 }),
        'hw.em.rx_abs_int_delay': fc.integer({ min: 0, max: 67_108 }),
        'hw.em.rx_process_limit': fc.integer({ min: 1, max: 4096 }),
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, number>>,
  }),
  fc.record({
    driver: fc.constant<GuestDriverName>('linux-dim'),
    params: fc.record({ adaptiveRx: fc.integer({ min: 0, max: 1 }), rxDimProfile: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: [] }) as fc.Arbitrary<Record<string, number>>,
  }),
  fc.record({ driver: fc.constant<GuestDriverName>('linux-ixgbe'), params: fc.constant({} as Record<string, number>) }),
);

const ringSize = fc.oneof(fc.constantFrom(8, 16, 4096), fc.integer({ min: 1, max: 64 }).map((k) => k * 8));

/** A complete scenario (as parseScenario returns them), degenerate corners included. */
export function scenarioArb(o: { maxDurationUs?: number } = {}): fc.Arbitrary<Scenario> {
  return fc
    .record({
      seed: u32,
      durationUs: fc.integer({ min: 1, max: o.maxDurationUs ?? 2000 }),
      model: fc.constantFrom(...DEVICE_MODELS),
      regs: fc.record({ TIDV: delay16, TADV: delay16, RDTR: delay16, RADV: delay16, ITR: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.constant(0xffff)) }),
      rxRing: ringSize,
      txRing: ringSize,
      rdmts: fc.constantFrom(...RDMTS_VALUES),
      linkGbps: fc.constantFrom(0, 1, 1, 10, 100),
      params: fc.record({
        rizzoTxBatch: fc.integer({ min: 0, max: 8 }),
        rizzoRingSlack: fc.integer({ min: 0, max: 8 }),
        rizzoBottomHalfUs: fc.oneof(fc.constant(DEFAULT_DEVICE_PARAMS.rizzoBottomHalfUs), fc.integer({ min: 0, max: 2000 })),
        hostTimerUs: fc.integer({ min: 1, max: 300 }),
        ...newerModelParams,
      }),
      guest: guestArb,
      costs: fc.constantFrom(...COST_PROFILES),
      rx: trafficArb(false),
      tx: trafficArb(true),
      host: fc.option(fc.constantFrom('shared' as const, 'separate' as const), { nil: undefined }),
      // Linux only: the 6.13 kernel's NAPI knobs and the server application (guest/kernel, guest/apps).
      kernelMitigation: fc.option(
        fc.record({
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
        }),
        { nil: undefined },
      ),
    })
    .map(
      (g): Scenario => ({
        v: 1,
        name: 'fuzz',
        seed: g.seed,
        durationUs: g.durationUs,
        device: {
          model: g.model,
          regs: g.regs,
          rxRing: g.rxRing,
          txRing: g.txRing,
          rdmts: g.rdmts,
          linkGbps: g.tx.pattern === 'saturate' && g.guest.driver === 'ideal' && g.linkGbps === 0 ? 1 : g.linkGbps,
          params: g.params,
        },
        guest: {
          driver: g.guest.driver,
          costs: g.costs,
          params: g.guest.params,
          ...(g.guest.driver === 'linux-e1000' && g.kernelMitigation !== undefined
            ? { kernel: '6.13' as const, napi: g.kernelMitigation.napi, ...(g.kernelMitigation.server ? { server: g.kernelMitigation.server } : {}) }
            : {}),
        },
        // The contract rejects tx "saturate" + driver "ideal" with no wire (it never stops): only the 8254x has one.
        // A server's replies are the TX traffic (the contract rejects another TX pattern beside it).
        traffic: {
          rx: g.rx,
          tx:
            (g.tx.pattern === 'saturate' && g.guest.driver === 'ideal' && g.model !== '8254x') || (g.guest.driver === 'linux-e1000' && g.kernelMitigation?.server !== undefined)
              ? { pattern: 'none' }
              : g.tx,
        },
        ...(g.host !== undefined ? { host: { placement: g.host } } : {}),
      }),
    );
}

/** Register-console accesses (hostile writes and reads, as hostOp makes them) at instants within `durationUs`, in time order. */
export function consoleOpsArb(durationUs: number, maxLength = 8): fc.Arbitrary<ConsoleOp[]> {
  const access = hostOp.filter((o): o is Extract<HostOp, { op: 'write' | 'read' }> => o.op === 'write' || o.op === 'read');
  return fc
    .array(fc.tuple(fc.integer({ min: 0, max: Math.max(0, Math.floor(durationUs)) }), access), { maxLength })
    .map((list) => list.sort((x, y) => x[0] - y[0]).map(([tUs, o]): ConsoleOp => (o.op === 'write' ? { tUs, op: 'write', reg: o.reg, value: o.value } : { tUs, op: 'read', reg: o.reg })));
}

/** A scenario of scenarioArb with register-console accesses during its run. */
export function scenarioWithConsoleArb(o: { maxDurationUs?: number } = {}): fc.Arbitrary<Scenario> {
  return scenarioArb(o).chain((s) => consoleOpsArb(s.durationUs).map((console) => (console.length > 0 ? { ...s, console } : s)));
}
