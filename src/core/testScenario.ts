import { DEFAULT_DEVICE_PARAMS, type Scenario, type DeviceSpec, type GuestSpec, type TrafficSpec } from './scenario';

/** Overrides for a test scenario; nested parts are merged onto the defaults. */
export interface ScenarioOverrides {
  name?: string;
  seed?: number;
  durationUs?: number;
  device?: Partial<Omit<DeviceSpec, 'regs' | 'params'>> & { regs?: Partial<DeviceSpec['regs']>; params?: Partial<DeviceSpec['params']> };
  guest?: Partial<GuestSpec>;
  rx?: TrafficSpec;
  tx?: TrafficSpec;
}

/**
 * A complete scenario for tests and benchmarks (no validation layer needed):
 * 8254x, ideal driver, all delays 0, 256-descriptor rings, 1 Gb/s, no traffic.
 */
export function testScenario(o: ScenarioOverrides = {}): Scenario {
  return {
    v: 1,
    name: o.name ?? 'test',
    seed: o.seed ?? 1,
    durationUs: o.durationUs ?? 1000,
    device: {
      model: o.device?.model ?? '8254x',
      regs: { TIDV: 0, TADV: 0, RDTR: 0, RADV: 0, ITR: 0, ...o.device?.regs },
      rxRing: o.device?.rxRing ?? 256,
      txRing: o.device?.txRing ?? 256,
      rdmts: o.device?.rdmts ?? '1/2',
      linkGbps: o.device?.linkGbps ?? 1,
      params: { ...DEFAULT_DEVICE_PARAMS, ...o.device?.params },
    },
    guest: { driver: 'ideal', costs: 'kvm-2012', params: {}, ...o.guest },
    traffic: { rx: o.rx ?? { pattern: 'none' }, tx: o.tx ?? { pattern: 'none' } },
  };
}
