/**
 * Content: the Compare view's worked examples (each a preset and the
 * configurations to run on it) and the device models a first comparison
 * sets against the scenario's own. The code that builds them is
 * src/state/labCompare.ts.
 */
import type { ConfigOverride } from '../sweep/compare';
import { type DeviceModelName, LINUX_E1000_DEFAULTS, NAPI_DEFAULTS, SERVER_DEFAULTS } from '../core';
import { MITIGATION_CASE_IDS, MITIGATION_CASES, SERVER_LOADS, SERVER_SERVICE_US } from './softwareMitigation';

/** A first comparison sets the scenario against the first of these that it does not already run. */
export const FIRST_COMPARISON_MODELS: readonly DeviceModelName[] = ['qemu-2013', '8254x'];

export interface CompareExample {
  id: string;
  title: string;
  /** The preset every configuration runs on. */
  presetId: string;
  configs: ConfigOverride[];
}

/** Worked examples offered in the view (each one a valid comparison; compare tests check it). */
export const COMPARE_EXAMPLES: readonly CompareExample[] = [
  {
    id: 'seed-kvm-models',
    title: 'Seed 2012 under KVM: four device models',
    presetId: 'rizzo2012-kvm-baseline',
    configs: [
      { label: 'qemu-2012 (no mitigation)', device: { model: 'qemu-2012' } },
      { label: 'rizzo-2012 (the patch)', device: { model: 'rizzo-2012' } },
      { label: 'qemu-2013 (merged)', device: { model: 'qemu-2013' } },
      { label: '8254x (the hardware)', device: { model: '8254x' } },
    ],
  },
  {
    id: 'linux-itr',
    title: 'Linux InterruptThrottleRate: off, dynamic, 8000/s',
    presetId: 'linux-defaults',
    configs: [
      { label: 'ITR off (0)', guest: { params: { ...LINUX_E1000_DEFAULTS, InterruptThrottleRate: 0 } } },
      { label: 'dynamic (3, default)', guest: { params: { ...LINUX_E1000_DEFAULTS, InterruptThrottleRate: 3 } } },
      { label: 'fixed 8000/s', guest: { params: { ...LINUX_E1000_DEFAULTS, InterruptThrottleRate: 8000 } } },
    ],
  },
  {
    id: 'rdtr-radv',
    title: 'RDTR alone against RDTR + RADV',
    presetId: 'default',
    configs: [
      { label: 'RDTR 8, no RADV', device: { regs: { RDTR: 8, RADV: 0 } } },
      { label: 'RDTR 8, RADV 32', device: { regs: { RDTR: 8, RADV: 32 } } },
      { label: 'no delay (RDTR 0)', device: { regs: { RDTR: 0, RADV: 0 } } },
    ],
  },
  {
    id: 'moderation-rules',
    title: 'The same bursts under six moderation rules',
    presetId: 'frames-time-eqe',
    configs: [
      {
        label: 'e1000 timers (RDTR 8, RADV 32)',
        device: { model: '8254x' },
        guest: { driver: 'linux-e1000', params: { ...LINUX_E1000_DEFAULTS, RxIntDelay: 8, RxAbsIntDelay: 32, InterruptThrottleRate: 0 } },
      },
      { label: 'e1000e ITR (QEMU, 20,000/s asked)', device: { model: 'qemu-e1000e', linkGbps: 0 }, guest: { driver: 'linux-e1000', params: { ...LINUX_E1000_DEFAULTS } } },
      { label: 'frames+time EQE 16 µs / 32', device: { params: { cqRxCqeMode: 0 } } },
      { label: 'frames+time CQE 16 µs / 32', device: { params: { cqRxCqeMode: 1 } } },
      { label: 'DIM (net_dim EQE table)', guest: { params: { adaptiveRx: 1, rxDimProfile: 0 } } },
      { label: 'ixgbe adaptive ITR', device: { model: 'itr-ratecap', linkGbps: 10 }, guest: { driver: 'linux-ixgbe' } },
    ],
  },
  {
    id: 'exit-costs',
    title: 'One interrupt per frame: 2012 KVM against APICv',
    presetId: 'qemu-2012-per-frame',
    configs: [
      { label: 'KVM 2012', guest: { costs: 'kvm-2012' } },
      { label: 'KVM with APICv', guest: { costs: 'kvm-apicv' } },
      { label: 'QEMU TCG 2012', guest: { costs: 'tcg-2012' } },
    ],
  },
  ...(['high', 'low'] as const).map(
    (load): CompareExample => ({
      id: `server-mitigation-${load}`,
      title: `Who re-arms the interrupt: the IRQ-suspension cases at ${SERVER_LOADS[load] / 1000} K requests/s`,
      presetId: `server-base-${load}`,
      configs: MITIGATION_CASE_IDS.map((c) => ({
        label: c === 'napibusy' ? 'prefer-busy-poll' : c,
        guest: {
          napi: { ...NAPI_DEFAULTS, ...MITIGATION_CASES[c].napi },
          server: { ...SERVER_DEFAULTS, wait: 'epoll', serviceUs: SERVER_SERVICE_US, ...MITIGATION_CASES[c].busy },
        },
      })),
    }),
  ),
];
