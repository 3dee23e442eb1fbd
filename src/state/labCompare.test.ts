import { describe, expect, it } from 'vitest';
import { loadPreset } from '../scenario/presets';
import { buildComparison, MAX_COMPARE_CONFIGS } from '../sweep/compare';
import { addConfig, binCounts, describeDifferences, describeTraffic, busyUpTo, COMPARE_EXAMPLES, countAtOrBefore, defaultComparison, exampleComparison, editConfig, firstAtOrAfter, nearest, removeConfig, uniqueLabel } from './labCompare';

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
    expect(spec.configs.map((c) => c.label)).toEqual(['As loaded', 'QEMU 2013 (merged)']);
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
    expect(spec.configs[2]).toEqual({ label: 'QEMU 2013 (merged) 2', device: { model: 'qemu-2013' } });
    while (spec.configs.length < MAX_COMPARE_CONFIGS) spec = addConfig(spec);
    expect(addConfig(spec).configs).toHaveLength(MAX_COMPARE_CONFIGS);
    expect(new Set(spec.configs.map((c) => c.label)).size).toBe(MAX_COMPARE_CONFIGS);
    expect(removeConfig(spec, 0).configs[0].label).toBe('QEMU 2013 (merged)');
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

describe('what differs from the base, in words', () => {
  const base = preset('default');

  it('lists register changes with their times, and nothing for the base itself', () => {
    expect(describeDifferences(base, { label: 'as is' })).toEqual([]);
    const radv = describeDifferences({ ...base, device: { ...base.device, regs: { ...base.device.regs, RADV: 32 } } }, { label: 'r', device: { regs: { RADV: 8 } } });
    expect(radv).toEqual(['RADV 8 (8.192 µs) instead of 32 (32.768 µs)']);
    const itr = describeDifferences({ ...base, device: { ...base.device, regs: { ...base.device.regs, ITR: 0 } } }, { label: 'i', device: { regs: { ITR: 500 } } });
    expect(itr).toEqual(['ITR 500 (128 µs) instead of 0 (off)']);
  });

  it('names models, drivers and cost profiles by their labels and titles, never their ids', () => {
    const lines = describeDifferences(base, { label: 'x', device: { model: 'qemu-2013' }, guest: { driver: 'linux-e1000', costs: 'kvm-apicv', params: { InterruptThrottleRate: 8000 } } });
    expect(lines).toContain('device model: QEMU 2013 (merged) instead of 8254x (Intel SDM timers)');
    expect(lines).toContain(`guest driver: Linux e1000 instead of ${base.guest.driver === 'ideal' ? 'ideal (zero cost)' : ''}`);
    expect(lines).toContain(`cost profile: Modern KVM with APICv (exits 1-3 µs) instead of ${base.guest.costs === 'kvm-2012' ? 'KVM, 2012 (exits 5-8 µs)' : ''}`);
    expect(lines).toContain('Linux InterruptThrottleRate 8,000');
    for (const line of lines) expect(line).not.toMatch(/qemu-2013|linux-e1000|kvm-apicv|guest\.params|device\./);
  });

  it('a driver parameter of the same driver says what it was', () => {
    const linux = preset('linux-defaults');
    const lines = describeDifferences(linux, { label: 'rx', guest: { params: { RxIntDelay: 8 } } });
    expect(lines).toEqual([`Linux RxIntDelay 8 × 1.024 µs instead of ${linux.guest.params.RxIntDelay === undefined ? 'not set' : `${linux.guest.params.RxIntDelay} × 1.024 µs`}`]);
  });
});
