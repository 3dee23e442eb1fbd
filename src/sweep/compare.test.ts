import { describe, expect, it } from 'vitest';
import { testScenario } from '../core/testScenario';
import type { SweepMetrics as Metrics } from './metrics';
import { loadPreset } from '../scenario/presets';
import {
  applyOverride,
  buildComparison,
  compareMetrics,
  judgeDelta,
  comparisonToMarkdown,
  formatDelta,
  parseComparisonSpec,
  runComparison,
} from './compare';
import { runSweepPoint } from './sweep';

const base = testScenario({ durationUs: 500, seed: 7, rx: { pattern: 'poisson', pps: 200_000, bytes: 64, startUs: 0 } });

function metrics(over: Partial<Metrics>): Metrics {
  return {
    rxFrames: 0, rxDropped: 0, txFrames: 0, interrupts: 0, interruptsPerSec: 0, framesPerInterrupt: 0,
    latencyUs: { p50: 0, p99: 0, max: 0 }, exits: 0, guestCpuUtil: 0, rxPps: 0, txPps: 0, guestBusyUs: 0, rxLeftInRing: 0, txLeftInRing: 0,
    ...over,
  };
}

describe('buildComparison', () => {
  it("keeps the base's timed register writes (its console list) in every configuration, so a comparison replays what the screen did", () => {
    const withWrite = { ...base, console: [{ tUs: 100, op: 'write' as const, reg: 'RADV' as const, value: 0 }] };
    const built = buildComparison(withWrite, [{ label: 'as is' }, { label: 'QEMU 2013', device: { model: 'qemu-2013' } }]);
    if (!built.ok) throw new Error(built.error);
    for (const c of built.value) expect(c.scenario.console).toEqual(withWrite.console);
  });

  it('keeps seed, duration and traffic from the base; merges device and guest overrides', () => {
    const built = buildComparison(base, [
      { label: 'no mitigation' },
      { label: 'ITR 500', device: { regs: { ITR: 500 } } },
      { label: 'QEMU 2013 + Linux', device: { model: 'qemu-2013' }, guest: { driver: 'linux-e1000', params: { InterruptThrottleRate: 3 } } },
    ]);
    if (!built.ok) throw new Error(built.error);
    const [a, b, c] = built.value.map((config) => config.scenario);
    for (const s of [a, b, c]) {
      expect(s.traffic).toEqual(base.traffic);
      expect(s.seed).toBe(7);
      expect(s.durationUs).toBe(500);
    }
    expect(a.device).toEqual(base.device);
    expect(b.device).toEqual({ ...base.device, regs: { ...base.device.regs, ITR: 500 } });
    expect(c.device.model).toBe('qemu-2013');
    expect(c.guest).toEqual({ driver: 'linux-e1000', costs: 'kvm-2012', params: { InterruptThrottleRate: 3 }, kernel: '6.1' });
    expect(b.name).toBe('test - ITR 500');
  });

  it('another driver starts from its own parameters; the same driver merges them', () => {
    const linux = loadPreset('linux-defaults');
    if (!linux.ok) throw new Error(linux.error);
    expect(applyOverride(linux.value, { label: 'x', guest: { driver: 'freebsd-em' } }).guest).toEqual({ driver: 'freebsd-em', costs: 'kvm-apicv', params: {} });
    expect(applyOverride(linux.value, { label: 'x', guest: { params: { InterruptThrottleRate: 0 } } }).guest).toMatchObject({
      driver: 'linux-e1000',
      params: { InterruptThrottleRate: 0, TxIntDelay: 8 },
    });
  });

  const bad: [rule: string, configs: unknown[], error: RegExp][] = [
    ['fewer than two', [{ label: 'a' }], /^configs: 1 configurations \(2\.\.8 allowed\)$/],
    ['traffic in an override', [{ label: 'a' }, { label: 'b', traffic: {} }], /^configs\[1\]\.traffic: unknown field \(a configuration may set only label, device, guest; seed, duration and traffic come from the base\)$/],
    ['a seed in an override', [{ label: 'a', seed: 3 }, { label: 'b' }], /^configs\[0\]\.seed: unknown field/],
    ['a missing label', [{ label: 'a' }, { device: {} }], /^configs\[1\]\.label: undefined is not allowed/],
    ['a repeated label', [{ label: 'a' }, { label: 'a' }], /^configs\[1\]\.label: "a" is used twice/],
    ['a bad register', [{ label: 'a' }, { label: 'big', device: { regs: { ITR: 70_000 } } }], /^configs\[1\] "big": device\.regs\.ITR: 70000 is out of range \(integer 0\.\.65535\)$/],
    ['an unknown device field', [{ label: 'a', device: { colour: 'red' } }, { label: 'b' }], /^configs\[0\] "a": device\.colour: unknown field/],
    ['regs that are not an object', [{ label: 'a', device: { regs: 5 } }, { label: 'b' }], /^configs\[0\]\.device\.regs: not an object$/],
  ];
  it.each(bad)('%s is a one-line error', (_rule, configs, error) => {
    const built = buildComparison(base, configs);
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(built.error).toMatch(error);
      expect(built.error).not.toMatch(/\n/);
    }
  });

  it('parseComparisonSpec validates the base and the configurations from JSON', () => {
    const parsed = parseComparisonSpec(JSON.parse(JSON.stringify({ base, configs: [{ label: 'a' }, { label: 'b', device: { regs: { RADV: 8 } } }] })));
    expect(parsed.ok && parsed.value.configs.map((c) => c.scenario.device.regs.RADV)).toEqual([0, 8]);
    const badBase = parseComparisonSpec({ base: { v: 1, device: { rxRing: 3 } }, configs: [] });
    expect(!badBase.ok && badBase.error).toMatch(/^base\.device\.rxRing: 3 is /);
    expect(!parseComparisonSpec({ base, configs: [{ label: 'a' }, { label: 'b' }], extra: 1 }).ok).toBe(true);
  });
});

describe('compareMetrics', () => {
  it('deltas against the first configuration, absolute and %, in display units', () => {
    const table = compareMetrics(
      ['A', 'B', 'C'],
      [metrics({ txPps: 20_000, guestCpuUtil: 0.5, rxDropped: 0 }), metrics({ txPps: 140_000, guestCpuUtil: 0.25, rxDropped: 3 }), metrics({ txPps: 10_000, guestCpuUtil: 0.5 })],
      ['txPps', 'guestCpuUtil', 'rxDropped', 'exits'],
    );
    expect(table.labels).toEqual(['A', 'B', 'C']);
    const [tx, cpu, dropped, exits] = table.rows;
    expect(tx).toEqual({ metric: 'txPps', values: [20_000, 140_000, 10_000], deltas: [null, { abs: 120_000, pct: 600 }, { abs: -10_000, pct: -50 }] });
    expect(cpu.values).toEqual([50, 25, 50]);
    expect(cpu.deltas[1]).toEqual({ abs: -25, pct: -50 });
    expect(dropped.deltas[1]).toEqual({ abs: 3, pct: null });
    expect(exits.deltas[1]).toEqual({ abs: 0, pct: 0 });
  });

  it('formats deltas with a sign, n/a when the baseline is 0, and no -0', () => {
    expect(formatDelta('txPps', { abs: 120_000, pct: 600 })).toBe('+120000 (+600.0 %)');
    expect(formatDelta('rxDropped', { abs: 3, pct: null })).toBe('+3 (n/a)');
    expect(formatDelta('latencyP99Us', { abs: -0.0001, pct: -0.00001 })).toBe('0.000 (0.0 %)');
    expect(formatDelta('guestCpuUtil', { abs: -12.345, pct: -24.69 })).toBe('-12.3 (-24.7 %)');
  });

  it('renders Markdown: a value column per configuration and a delta column per other one, marked better/worse only where judged', () => {
    const table = compareMetrics(['base | old', 'new'], [metrics({ rxFrames: 10, txPps: 100, latencyUs: { p50: 1, p99: 2, max: 3 } }), metrics({ rxFrames: 10, txPps: 150, latencyUs: { p50: 1, p99: 4, max: 3 } })], ['txPps', 'latencyP99Us', 'latencyMaxUs']);
    expect(comparisonToMarkdown(table)).toBe(
      [
        '| Metric | base \\| old | new | Δ vs base \\| old |',
        '| --- | ---: | ---: | ---: |',
        '| TX throughput (frames/s) | 100 | 150 | +50 (+50.0 %) |',
        '| p99 latency (us) | 2.000 | 4.000 | +2.000 (+100.0 %) worse |',
        '| max latency (us) | 3.000 | 3.000 | 0.000 (0.0 %) |',
      ].join('\n'),
    );
  });
});

describe('judging a comparison on work done', () => {
  it('judges only per-frame figures and p99: a run that did less is not "better" for fewer exits or less CPU', () => {
    // B handled half the frames with fewer exits in all, but more exits per frame and more CPU per frame.
    const a = metrics({ rxFrames: 1000, exits: 2000, guestBusyUs: 500, guestCpuUtil: 0.5, rxPps: 1_000_000, latencyUs: { p50: 5, p99: 10, max: 20 } });
    const b = metrics({ rxFrames: 500, exits: 1500, guestBusyUs: 400, guestCpuUtil: 0.4, rxPps: 500_000, latencyUs: { p50: 5, p99: 10, max: 20 } });
    const table = compareMetrics(['A', 'B'], [a, b], ['exits', 'exitsPerFrame', 'guestCpuUtil', 'cpuUsPerFrame', 'rxPps', 'latencyP99Us']);
    const judged = Object.fromEntries(table.rows.map((r) => [r.metric, judgeDelta(r.metric, r.deltas[1])]));
    expect(judged).toEqual({ exits: 'unjudged', exitsPerFrame: 'worse', guestCpuUtil: 'unjudged', cpuUsPerFrame: 'worse', rxPps: 'unjudged', latencyP99Us: 'same' });
    expect(table.rows.find((r) => r.metric === 'exitsPerFrame')!.values).toEqual([2, 3]);
    expect(table.rows.find((r) => r.metric === 'cpuUsPerFrame')!.values).toEqual([0.5, 0.8]);
    const md = comparisonToMarkdown(table);
    expect(md).toContain('| VM exits per frame | 2.00 | 3.00 | +1.00 (+50.0 %) worse |');
    expect(md).toContain('| VM exits | 2000 | 1500 | -500 (-25.0 %) |');
  });

  it('a configuration without frames has no per-frame figure and no latency, and is not judged on them', () => {
    const a = metrics({ rxFrames: 10, exits: 20, guestBusyUs: 10, latencyUs: { p50: 1, p99: 2, max: 3 } });
    const none = metrics({ rxLeftInRing: 3 });
    const table = compareMetrics(['A', 'idle'], [a, none], ['exitsPerFrame', 'latencyP99Us', 'rxLeftInRing']);
    expect(table.rows[0].values[1]).toBeNaN();
    expect(judgeDelta('exitsPerFrame', table.rows[0].deltas[1])).toBe('unjudged');
    const md = comparisonToMarkdown(table);
    expect(md).toContain('| VM exits per frame | 2.00 | no frames | – |');
    expect(md).toContain('| p99 latency (us) | 2.000 | no RX frame taken | – |');
    expect(md).toContain('| RX still waiting at the end (frames) | 0 | 3 | +3 (n/a) |');
  });
});

describe('runComparison', () => {
  it('runs each configuration on identical arrivals and tabulates the deltas', () => {
    const run = runComparison(base, [{ label: 'per frame' }, { label: 'ITR 500', device: { regs: { ITR: 500 } } }]);
    if (!run.ok) throw new Error(run.error);
    const [perFrame, itr] = run.value.metrics;
    expect(perFrame).toEqual(runSweepPoint(run.value.configs[0].scenario));
    expect(itr.interruptsPerSec).toBeLessThan(perFrame.interruptsPerSec);
    const row = run.value.table.rows.find((r) => r.metric === 'interruptsPerSec')!;
    expect(row.deltas[1]!.abs).toBe(itr.interruptsPerSec - perFrame.interruptsPerSec);
    expect(comparisonToMarkdown(run.value.table).split('\n')).toHaveLength(2 + run.value.table.rows.length);
  });
});
