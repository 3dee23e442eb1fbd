/**
 * Content: the named scenarios. They are written in the JSON shape (only
 * what differs from the defaults); the code that reads them
 * (src/scenario/presets.ts) sends each through `parseScenario` like any
 * other input, so a preset can never bypass validation.
 */
import type { ScenarioInput } from '../scenario/schema';
import { LINUX_E1000_DEFAULTS, FREEBSD_EM_DEFAULTS, FREEBSD_LEM_DEFAULTS } from '../core';
import { MITIGATION_CASE_IDS, MITIGATION_CASES, SERVER_LOADS, serverScenario } from './softwareMitigation';

export interface Preset {
  id: string;
  title: string;
  /** One line: what the preset shows. */
  description: string;
  /** The scenario as JSON input; `loadPreset` validates it and fills defaults. */
  scenario: ScenarioInput;
}

function preset(id: string, title: string, description: string, scenario: Omit<ScenarioInput, 'v' | 'name'>): Preset {
  return { id, title, description, scenario: { v: 1, name: title, ...scenario } };
}

/** 64-byte frames back to back at 1 Gb/s: 84 bytes on the wire at 8 ns each. */
const MIN_FRAME_SLOT_US = 0.672;

/**
 * The teaching default: a burst of 4 frames at 10 us, then one frame every
 * 5 us from 17 to 147 us (each restarts RDTR = 8 x 1.024 us before it can
 * expire, so RADV = 32 x 1.024 us cuts every train short), then a lone frame
 * at 170 us whose RDTR expires on its own.
 */
const defaultRxInstants = [
  ...Array.from({ length: 4 }, (_, i) => 10 + i * MIN_FRAME_SLOT_US),
  ...Array.from({ length: 27 }, (_, i) => 17 + i * 5),
  170,
];

/** A guest that sends as fast as it can through QEMU, which has no link rate: the seed's TX benchmark. */
const saturatingTxUnderKvm2012 = {
  durationUs: 10_000,
  guest: { driver: 'linux-e1000', costs: 'kvm-2012', params: { ...LINUX_E1000_DEFAULTS } },
  traffic: { tx: { pattern: 'saturate' } },
} as const;

/**
 * Bursty RX for the moderation presets and their Compare example (issue 23):
 * 1 ms bursts of 512-byte frames at 200,000 frames/s, 2 ms apart, on a
 * modern KVM guest, 100 ms.
 */
export const BURSTY_RX = { pattern: 'onoff', pps: 200_000, onUs: 1000, offUs: 2000, bytes: 512 } as const;
const bursty = (device: ScenarioInput['device'], guest: ScenarioInput['guest']): Omit<ScenarioInput, 'v' | 'name'> => ({
  durationUs: 100_000,
  device: { rxRing: 1024, txRing: 1024, ...device },
  guest: { costs: 'kvm-apicv', ...guest },
  traffic: { rx: BURSTY_RX },
});

/** The presets of the device models and drivers of issue 23 (docs/moderation.md). */
const MODERATION_PRESETS: Preset[] = [
  preset(
    'e1000e-itr-floor',
    'QEMU e1000e: the 128 µs ITR floor',
    'Linux e1000 defaults on QEMU\'s 82574: the driver asks for 20,000 interrupts/s (ITR 195), QEMU floors ITR at 500 × 256 ns, so at most 7,813/s.',
    bursty({ model: 'qemu-e1000e', linkGbps: 0 }, { driver: 'linux-e1000', params: { ...LINUX_E1000_DEFAULTS } }),
  ),
  preset(
    'frames-time-eqe',
    'Frames + time, EQE mode (mlx5 defaults)',
    'rx-usecs 16, rx-frames 32, the timer from the first completion: an interrupt 16 µs after a burst starts, or at its 32nd frame.',
    bursty({ model: 'frames-time', params: { cqRxUsecs: 16, cqRxFrames: 32, cqRxCqeMode: 0 } }, { driver: 'linux-dim', params: { adaptiveRx: 0 } }),
  ),
  preset(
    'frames-time-cqe',
    'Frames + time, CQE mode',
    'rx-usecs 16, rx-frames 32, cqe-mode-rx on: each completion restarts the timer, so inside a burst only the frame count fires.',
    bursty({ model: 'frames-time', params: { cqRxUsecs: 16, cqRxFrames: 32, cqRxCqeMode: 1 } }, { driver: 'linux-dim', params: { adaptiveRx: 0 } }),
  ),
  preset(
    'dim-eqe',
    'DIM on a frames + time NIC (net_dim EQE table)',
    'adaptive-rx on: lib/dim moves through (1, 8, 64, 128, 256 µs) × 256 frames, a decision every 64 interrupts.',
    bursty({ model: 'frames-time', params: { cqRxCqeMode: 0 } }, { driver: 'linux-dim', params: { adaptiveRx: 1, rxDimProfile: 0 } }),
  ),
  preset(
    'ice-itr-intrl',
    'ice: ITR 50 µs, no rate limit',
    'Intel ice defaults: rx-usecs 50 (a minimum interval, in 2 µs steps), rx-usecs-high 0; no packet count.',
    bursty({ model: 'itr-ratecap', params: { itrRxUsecs: 50, itrTxUsecs: 50, intrlUsecs: 0 } }, { driver: 'linux-dim', params: { adaptiveRx: 0 } }),
  ),
  preset(
    'ixgbe-adaptive',
    'ixgbe adaptive ITR (10-126 µs)',
    "ixgbe_update_itr at every completed poll: latency or bulk mode from the packets and bytes since the last one.",
    bursty({ model: 'itr-ratecap', linkGbps: 10 }, { driver: 'linux-ixgbe', params: {} }),
  ),
];

/** The two 2012 hosts of the seed's table. */
export type SeedHost = 'kvm' | 'tcg';
/** The two guests whose transmit paths decide whether the patch's `len - 5` rule fires. */
export type SeedGuest = 'lem' | 'linux';

/**
 * When the patch's idle bottom half runs on each host, chosen from QEMU 1.2's
 * main loop before looking at any result (docs/seed-experiment.md):
 * - KVM: the in-kernel irqchip and PIT (the 1.2 default) keep guest timer
 *   ticks out of the main loop, and a TX-only guest's TDT writes are handled
 *   in the vCPU thread, so nothing known wakes it before the 10 ms cap that
 *   `qemu_bh_update_timeout` puts on select() while an idle BH is pending.
 * - TCG: guest timers are QEMU timers, so the main loop wakes at least once
 *   per guest tick: 1 ms at FreeBSD's default kern.hz of 1000.
 */
export const SEED_BOTTOM_HALF_US: Record<SeedHost, number> = { kvm: 10_000, tcg: 1_000 };

/** The guests: FreeBSD 9's lem(4) (the driver for the 82540EM QEMU emulates) and Linux 3.5's e1000. */
const SEED_GUESTS = {
  lem: { driver: 'freebsd-lem', params: { ...FREEBSD_LEM_DEFAULTS } },
  linux: { driver: 'linux-e1000', kernel: '3.5', params: { ...LINUX_E1000_DEFAULTS } },
} as const;

/**
 * The seed's experiment (2012): a guest sends 64-byte UDP frames as fast as
 * it can through QEMU (no wire), before (qemu-2012) and with (rizzo-2012)
 * the patch. The bottom-half delay is the host's (SEED_BOTTOM_HALF_US), the
 * same for both guests and both rows of a host, never fitted to a row.
 */
/** The device model of the patch as posted (the seed's mitigated rows and curve). */
export const SEED_PATCH_MODEL = 'rizzo-2012' as const;

export function seedExperiment(host: SeedHost, guest: SeedGuest, model: 'qemu-2012' | typeof SEED_PATCH_MODEL | 'qemu-2013' | '8254x') {
  return {
    durationUs: 400_000,
    device: { model, params: { rizzoBottomHalfUs: SEED_BOTTOM_HALF_US[host] } },
    guest: { ...SEED_GUESTS[guest], costs: host === 'kvm' ? 'kvm-2012' : 'tcg-2012' },
    traffic: { tx: { pattern: 'saturate', bytes: 64 } },
  } as const;
}

/** Table A of qemu-measurements.md: one e1000, TX saturate, 64-byte frames, QEMU 7.2 TCG, Linux 6.1 defaults. */
function qemu72TableA(model: 'qemu-2013' | 'qemu-2012') {
  return {
    durationUs: 200_000,
    device: { model, linkGbps: 0 },
    guest: { driver: 'linux-e1000', costs: 'tcg-qemu72', params: { ...LINUX_E1000_DEFAULTS } },
    traffic: { tx: { pattern: 'saturate', bytes: 64 } },
  } as const;
}

/**
 * Section C of qemu-measurements.md: one e1000 receiving 64-byte frames (RX
 * only), QEMU 7.2 TCG, Linux 6.1, the receive path of tcg-qemu72-rx, with
 * the host model: QEMU's main loop and the vCPU thread on one shared core
 * or a core each.
 */
export function qemu72Rx(model: 'qemu-2013' | 'qemu-2012', placement: 'shared' | 'separate', itr: number, pps: number, durationUs = 100_000) {
  return {
    durationUs,
    device: { model, linkGbps: 0 },
    guest: { driver: 'linux-e1000', costs: 'tcg-qemu72-rx', params: { ...LINUX_E1000_DEFAULTS, InterruptThrottleRate: itr } },
    traffic: { rx: { pattern: 'constant', pps, bytes: 64 } },
    host: { placement },
  } as const;
}

/** Mixed traffic for the driver-default presets. */
const mixedPoissonTraffic = {
  rx: { pattern: 'poisson', pps: 100_000 },
  tx: { pattern: 'poisson', pps: 50_000 },
} as const;

export const DEFAULT_PRESET_ID = 'default';

export const PRESETS: readonly Preset[] = [
  preset(
    DEFAULT_PRESET_ID,
    'RDTR restarts, RADV cuts it short',
    'SDM 8254x, zero-cost guest, RDTR 8 and RADV 32: a burst, then steady RX that keeps restarting RDTR until RADV fires, then a lone frame.',
    {
      durationUs: 200,
      device: { model: '8254x', regs: { RDTR: 8, RADV: 32 } },
      guest: { driver: 'ideal' },
      traffic: { rx: { pattern: 'list', atUs: defaultRxInstants } },
    },
  ),
  preset(
    '8254x-rdtr-radv',
    '8254x: RX and TX timers under random traffic',
    'The SDM timer rules (RDTR 16, RADV 64, TIDV 8, TADV 32) with Poisson RX and TX and a zero-cost guest.',
    {
      durationUs: 1000,
      device: { model: '8254x', regs: { TIDV: 8, TADV: 32, RDTR: 16, RADV: 64 } },
      guest: { driver: 'ideal' },
      traffic: { rx: { pattern: 'poisson', pps: 200_000 }, tx: { pattern: 'poisson', pps: 50_000 } },
    },
  ),
  preset(
    'qemu-2012-per-frame',
    'QEMU 2012: an interrupt per frame',
    'QEMU before mitigation raises every cause at once: a Linux guest saturating TX under 2012 KVM, about 17 Kpps (the seed measured about 20 with its guest, see the Seed 2012 view).',
    { ...saturatingTxUnderKvm2012, device: { model: 'qemu-2012', linkGbps: 0 } },
  ),
  preset(
    'rizzo-2012',
    'Rizzo 2012: batching in the ring',
    'The seed patch with a Linux guest: after the first few frames TX waits in the ring until a QEMU bottom half, run here 100 µs later (a busy main loop; QEMU bounds it at 10 ms), sends it and raises the interrupt.',
    { ...saturatingTxUnderKvm2012, device: { model: 'rizzo-2012', linkGbps: 0, params: { rizzoBottomHalfUs: 100 } } },
  ),
  preset(
    'qemu-2013',
    'QEMU 2013: one mitigation window',
    'What QEMU merged: the first cause interrupts at once, later ones wait for a window of at least 128 µs set from TADV, RADV and ITR.',
    { ...saturatingTxUnderKvm2012, device: { model: 'qemu-2013', linkGbps: 0 } },
  ),
  preset(
    'host-timer',
    'Host timer: hold-off after each interrupt',
    'Causes after an interrupt are held 150 µs of host time, then raised together; the guest registers are ignored.',
    { ...saturatingTxUnderKvm2012, device: { model: 'host-timer', linkGbps: 0, params: { hostTimerUs: 150 } } },
  ),
  preset(
    'linux-defaults',
    'Linux e1000 defaults on modern KVM',
    'The Linux driver with its default parameters (InterruptThrottleRate 3, TxIntDelay 8, TxAbsIntDelay 32, RxAbsIntDelay 8) under KVM with APICv.',
    {
      durationUs: 5000,
      device: { model: '8254x' },
      guest: { driver: 'linux-e1000', costs: 'kvm-apicv', params: { ...LINUX_E1000_DEFAULTS } },
      traffic: mixedPoissonTraffic,
    },
  ),
  preset(
    'freebsd-defaults',
    'FreeBSD em defaults on modern KVM',
    'The FreeBSD em driver with its defaults (TIDV/TADV/RADV 64, 8000 interrupts/s) and 1024-descriptor rings under KVM with APICv.',
    {
      durationUs: 5000,
      device: { model: '8254x', rxRing: 1024, txRing: 1024 },
      guest: { driver: 'freebsd-em', costs: 'kvm-apicv', params: { ...FREEBSD_EM_DEFAULTS } },
      traffic: mixedPoissonTraffic,
    },
  ),
  preset(
    'rx-line-rate',
    'RX flood at line rate',
    '64-byte frames at 1,488,095 pps (1 Gb/s line rate) into a Linux guest on real hardware with 4096-descriptor rings.',
    {
      durationUs: 2000,
      device: { model: '8254x', rxRing: 4096, txRing: 4096 },
      guest: { driver: 'linux-e1000', costs: 'bare-metal', params: { ...LINUX_E1000_DEFAULTS } },
      traffic: { rx: { pattern: 'constant', pps: 1_488_095, bytes: 64 } },
    },
  ),
  ...MODERATION_PRESETS,
  preset('rizzo2012-kvm-baseline', 'Seed 2012, KVM, no mitigation', 'QEMU before the patch under 2012 KVM, FreeBSD lem guest: one interrupt per frame (published: about 20 Kpps).', seedExperiment('kvm', 'lem', 'qemu-2012')),
  preset('rizzo2012-kvm-mitigated', 'Seed 2012, KVM, with the patch', 'The seed patch under 2012 KVM, FreeBSD lem guest: the ring reaches len - 5 and the patch raises at once (published: about 140 Kpps).', seedExperiment('kvm', 'lem', 'rizzo-2012')),
  preset('rizzo2012-tcg-baseline', 'Seed 2012, TCG, no mitigation', 'QEMU before the patch under TCG, FreeBSD lem guest: one interrupt per frame (published: 9 Kpps).', seedExperiment('tcg', 'lem', 'qemu-2012')),
  preset('rizzo2012-tcg-mitigated', 'Seed 2012, TCG, with the patch', 'The seed patch under TCG, FreeBSD lem guest (published: 56 Kpps).', seedExperiment('tcg', 'lem', 'rizzo-2012')),
  preset('rizzo2012-linux-kvm-baseline', 'Seed 2012, KVM, no mitigation, Linux guest', 'QEMU before the patch under 2012 KVM with a Linux 3.5 guest: one interrupt per frame.', seedExperiment('kvm', 'linux', 'qemu-2012')),
  preset('rizzo2012-linux-kvm-mitigated', 'Seed 2012, KVM, with the patch, Linux guest', 'The seed patch under 2012 KVM with a Linux 3.5 guest: its queue stops before len - 5, so every cycle waits for the 10 ms bottom half.', seedExperiment('kvm', 'linux', 'rizzo-2012')),
  preset('rizzo2012-linux-tcg-baseline', 'Seed 2012, TCG, no mitigation, Linux guest', 'QEMU before the patch under TCG with a Linux 3.5 guest: one interrupt per frame.', seedExperiment('tcg', 'linux', 'qemu-2012')),
  preset('rizzo2012-linux-tcg-mitigated', 'Seed 2012, TCG, with the patch, Linux guest', 'The seed patch under TCG with a Linux 3.5 guest: the 1 ms bottom half comes before its ring fills.', seedExperiment('tcg', 'linux', 'rizzo-2012')),
  preset('qemu72-tcg-tx-on', 'QEMU 7.2 TCG, mitigation on', 'Table A, mitigation=on (qemu-2013): measured 86,370 TX frames/s and 5,945 interrupts/s.', qemu72TableA('qemu-2013')),
  preset('qemu72-tcg-tx-off', 'QEMU 7.2 TCG, mitigation off', 'Table A, mitigation=off (qemu-2012): measured 63,288 TX frames/s, one interrupt per frame.', qemu72TableA('qemu-2012')),
  preset('qemu72-rx-off-shared', 'QEMU 7.2 RX, mitigation off, one core', 'Section C: 45,000 RX frames/s, QEMU mitigation off, QEMU\'s main loop and the vCPU thread pinned to one core: frames wait in the host socket while the guest runs.', qemu72Rx('qemu-2012', 'shared', 3, 45_000)),
  preset('qemu72-rx-off-separate', 'QEMU 7.2 RX, mitigation off, a core each', 'The same with the main loop on a core of its own: frames reach the NIC 12 µs after they arrive, often while the guest polls.', qemu72Rx('qemu-2012', 'separate', 3, 45_000)),
  preset('qemu72-rx-on-shared', 'QEMU 7.2 RX, mitigation on, one core', 'Section C\'s receiver with QEMU mitigation on (guest InterruptThrottleRate 3), both host threads on one core.', qemu72Rx('qemu-2013', 'shared', 3, 45_000)),
  preset('qemu72-rx-train', 'QEMU 7.2 RX from a mitigated sender', 'A sender VM with mitigation on emits trains (6 frames 14.5 µs apart, then 100 µs of silence); receiver mitigation off, both host threads on one core.', {
    ...qemu72Rx('qemu-2012', 'shared', 3, 45_000),
    traffic: { rx: { pattern: 'train', frames: 6, spacingUs: 14.5, pauseUs: 100, bytes: 64 } },
  }),
  // The IRQ-suspension series' cases on a Linux 6.13 guest running a UDP request/response server (docs/software-mitigation.md).
  ...MITIGATION_CASE_IDS.flatMap((c) =>
    (['low', 'high'] as const).map((load) =>
      preset(
        `server-${c}-${load}`,
        `Server ${c}, ${SERVER_LOADS[load] / 1000} K requests/s`,
        `Linux 6.13 e1000 guest, UDP server (epoll, 1 µs per request), ${load} load: ${MITIGATION_CASES[c].title}.`,
        serverScenario(c, load),
      ),
    ),
  ),
];
