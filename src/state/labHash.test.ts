import { describe, expect, it } from 'vitest';
import LZString from 'lz-string';
import { loadPreset } from '../scenario/presets';
import { decodeCompareHash, decodeSweepHash, encodeCompareHash, encodeSweepHash, isLabHash, isSweepHash } from './labHash';
import { routeOf } from './router';
import { COMPARE_EXAMPLES, defaultComparison, exampleComparison } from './labCompare';

function preset(id: string) {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('comparison links (#c1.)', () => {
  it('round-trip a comparison: same base, same configurations, validated', () => {
    const spec = exampleComparison(COMPARE_EXAMPLES[1]);
    const hash = encodeCompareHash(spec);
    expect(hash).toMatch(/^#c1\.[A-Za-z0-9+\-$]+$/);
    const back = decodeCompareHash(`http://127.0.0.1:4173/${hash}`);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.spec.base).toEqual(spec.base);
    expect(back.value.spec.configs).toEqual(spec.configs);
    expect(back.value.configs.map((c) => c.label)).toEqual(spec.configs.map((c) => c.label));
    // Identical traffic: every configuration keeps the base's seed, duration and traffic.
    for (const c of back.value.configs) {
      expect(c.scenario.seed).toBe(spec.base.seed);
      expect(c.scenario.traffic).toEqual(spec.base.traffic);
    }
  });

  it('tell lab hashes from scenario links', () => {
    expect(isLabHash('#c1.abc')).toBe(true);
    expect(isLabHash('http://x/#c2.abc')).toBe(true);
    expect(isLabHash('#s1.abc&t=3')).toBe(false);
    expect(isLabHash('')).toBe(false);
  });

  it('name what is wrong with a bad link', () => {
    expect(decodeCompareHash('#c1.!!!')).toEqual({ ok: false, error: expect.stringContaining('corrupt') });
    expect(decodeCompareHash('#c9.abc')).toEqual({ ok: false, error: expect.stringContaining('version "c9"') });
    expect(decodeCompareHash('#s1.abc')).toEqual({ ok: false, error: expect.stringContaining('not a comparison link') });
    const notJson = '#c1.' + LZString.compressToEncodedURIComponent('{nope');
    expect(decodeCompareHash(notJson)).toEqual({ ok: false, error: expect.stringContaining('not valid JSON') });
    const spec = defaultComparison(preset('default'));
    const tampered = { base: spec.base, configs: [spec.configs[0], { label: 'ITR too big', device: { regs: { ITR: 70000 } } }] };
    const r = decodeCompareHash('#c1.' + LZString.compressToEncodedURIComponent(JSON.stringify(tampered)));
    expect(r).toEqual({ ok: false, error: 'configs[1] "ITR too big": device.regs.ITR: 70000 is out of range (integer 0..65535)' });
    const lonely = { base: spec.base, configs: [spec.configs[0]] };
    expect(decodeCompareHash('#c1.' + LZString.compressToEncodedURIComponent(JSON.stringify(lonely)))).toEqual({
      ok: false,
      error: expect.stringContaining('configs: 1 configurations'),
    });
  });
});

describe('sweep links (#w1.)', () => {
  const base = preset('linux-defaults');
  const link = { base, form: { param: 'guest.params.InterruptThrottleRate', from: 1000, to: 100_000, steps: 12, scale: 'log' as const, seeds: 3 }, boundUs: 40, allowDrops: true };

  it('round-trip the scenario, the form with its seeds, and the bound', () => {
    const hash = encodeSweepHash(link);
    expect(hash).toMatch(/^#w1\.[A-Za-z0-9+\-$]+$/);
    expect(isSweepHash(hash)).toBe(true);
    expect(isLabHash(hash)).toBe(true);
    expect(routeOf(hash)).toEqual({ view: 'sweep', hash });
    expect(routeOf(encodeCompareHash(exampleComparison(COMPARE_EXAMPLES[0]))).view).toBe('compare');
    expect(routeOf('#s1.abc').view).toBe('simulator');
    const back = decodeSweepHash(`http://127.0.0.1:4173/${hash}`);
    expect(back).toEqual({ ok: true, value: link });
  });

  it('a bad sweep link is one line naming what is wrong', () => {
    const bad = (value: unknown) => decodeSweepHash(`#w1.${LZString.compressToEncodedURIComponent(JSON.stringify(value))}`);
    expect(decodeSweepHash('#w1.not-a-sweep!!')).toEqual({ ok: false, error: expect.stringContaining('corrupt') });
    expect(decodeSweepHash('#w9.abc')).toEqual({ ok: false, error: 'link: sweep version "w9" is not supported (this build reads "w1")' });
    expect(bad({ ...link, form: { ...link.form, seeds: 50 } })).toEqual({ ok: false, error: 'form.seeds: 50 is out of range (integer 1..10)' });
    expect(bad({ ...link, form: { ...link.form, param: 'device.params.nope' } })).toMatchObject({ ok: false, error: expect.stringMatching(/^form\.param: device\.params\.nope: not a sweepable parameter/) });
    expect(bad({ ...link, extra: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/^extra: unknown field/) });
    expect(bad({ ...link, base: { v: 1, device: { rxRing: 3 } } })).toMatchObject({ ok: false, error: expect.stringMatching(/^base\.device\.rxRing/) });
  });
});
