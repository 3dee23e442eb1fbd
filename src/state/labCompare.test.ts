import { describe, expect, it } from 'vitest';
import { loadPreset } from '../scenario/presets';
import { buildComparison, MAX_COMPARE_CONFIGS } from '../sweep/compare';
import { addConfig, binCounts, describeTraffic, busyUpTo, COMPARE_EXAMPLES, countAtOrBefore, defaultComparison, exampleComparison, editConfig, firstAtOrAfter, nearest, removeConfig, uniqueLabel } from './labCompare';

function preset(id: string) {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('Compare view logic', () => {
  it('every example and the default comparison are valid comparisons', () => {
    for (const example of COMPARE_EXAMPLES) {
      const spec = exampleComparison(example);
      expect(buildComparison(spec.base, spec.configs), example.id).toMatchObject({ ok: true });
    }
    const spec = defaultComparison(preset('default'));
    expect(spec.configs.map((c) => c.label)).toEqual(['8254x (as loaded)', 'qemu-2013']);
    expect(buildComparison(spec.base, spec.configs)).toMatchObject({ ok: true });
    expect(defaultComparison(preset('qemu-2013')).configs[1].device?.model).toBe('8254x');
  });

  it('edits one configuration at a time, dropping emptied overrides', () => {
    let c = editConfig({ label: 'a' }, { field: 'reg', reg: 'ITR', value: 195 });
    expect(c).toEqual({ label: 'a', device: { regs: { ITR: 195 } } });
    c = editConfig(c, { field: 'model', value: 'qemu-2013' });
    expect(c).toEqual({ label: 'a', device: { regs: { ITR: 195 }, model: 'qemu-2013' } });
    c = editConfig(editConfig(c, { field: 'reg', reg: 'ITR', value: undefined }), { field: 'model', value: undefined });
    expect(c).toEqual({ label: 'a' });
    // A new driver drops the old driver's parameters (they would not be valid).
    const linux = { label: 'l', guest: { driver: 'linux-e1000' as const, params: { InterruptThrottleRate: 8000 } } };
    expect(editConfig(linux, { field: 'driver', value: 'ideal' })).toEqual({ label: 'l', guest: { driver: 'ideal' } });
    expect(editConfig(linux, { field: 'costs', value: 'kvm-2012' }).guest).toEqual({ driver: 'linux-e1000', params: { InterruptThrottleRate: 8000 }, costs: 'kvm-2012' });
  });

  it('adds configurations with fresh labels up to the maximum, and removes them', () => {
    let spec = defaultComparison(preset('default'));
    spec = addConfig(spec);
    expect(spec.configs[2]).toEqual({ label: 'qemu-2013 2', device: { model: 'qemu-2013' } });
    while (spec.configs.length < MAX_COMPARE_CONFIGS) spec = addConfig(spec);
    expect(addConfig(spec).configs).toHaveLength(MAX_COMPARE_CONFIGS);
    expect(new Set(spec.configs.map((c) => c.label)).size).toBe(MAX_COMPARE_CONFIGS);
    expect(removeConfig(spec, 0).configs[0].label).toBe('qemu-2013');
    expect(uniqueLabel([{ label: 'x' }, { label: 'x 2' }], 'x')).toBe('x 3');
  });

  it('reads sorted instants around the cursor', () => {
    const t = new Float64Array([10, 20, 20, 30]);
    expect(countAtOrBefore(t, 5)).toBe(0);
    expect(countAtOrBefore(t, 20)).toBe(3);
    expect(countAtOrBefore(t, 99)).toBe(4);
    expect(firstAtOrAfter(t, 20)).toBe(1);
    expect(firstAtOrAfter(t, 31)).toBe(4);
    expect(nearest(t, 24, 5)).toBe(2);
    expect(nearest(t, 26, 5)).toBe(3);
    expect(nearest(t, 50, 5)).toBe(-1);
    expect(busyUpTo(new Float64Array([0, 10, 20, 40]), 30)).toBe(20);
    expect(Array.from(binCounts(t, 0, 40, 4))).toEqual([0, 1, 2, 1]);
    expect(Array.from(binCounts(t, 15, 25, 2))).toEqual([0, 2]);
  });
});

describe('describeTraffic', () => {
  it('says what every configuration receives and sends', () => {
    expect(describeTraffic(preset('default'))).toBe('RX 32 listed frames of 64 B · TX none · seed 1 · 200 µs');
    expect(describeTraffic(preset('linux-defaults'))).toContain('RX poisson 100,000 frames/s');
    expect(describeTraffic(preset('rizzo2012-kvm-baseline'))).toContain('TX as fast as the guest can, 64 B');
  });
});
