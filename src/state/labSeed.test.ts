import { describe, expect, it } from 'vitest';
import { runSweepPoint } from '../sweep/sweep';
import { gains, ratio, ratioText, SEED_CURVE, SEED_CURVE_BH_US, SEED_ROWS, seedCurveScenario, seedScenario } from './labSeed';

describe('Seed 2012 view data', () => {
  it('runs the eight seed presets (two guests), the same with qemu-2013 and 8254x, and QEMU 7.2 table A', () => {
    // 8 seed-table rows (4 per guest) and 4 "follow the hardware" rows built on the lem baselines.
    expect(SEED_ROWS.map((r) => r.presetId).filter((id) => id.startsWith('rizzo2012'))).toHaveLength(12);
    const kvm = seedScenario(SEED_ROWS.find((r) => r.id === 'kvm-baseline')!);
    for (const id of ['kvm-qemu2013', 'kvm-8254x']) {
      const s = seedScenario(SEED_ROWS.find((r) => r.id === id)!);
      // Follow the hardware: only the device model differs.
      expect({ ...s, name: '', device: { ...s.device, model: kvm.device.model } }).toEqual({ ...kvm, name: '' });
    }
    expect(SEED_ROWS.find((r) => r.id === 'qemu72-on')).toMatchObject({ publishedTxPps: 86_370, publishedIrqPerSec: 5_945 });
    expect(SEED_ROWS.find((r) => r.id === 'qemu72-off')).toMatchObject({ publishedTxPps: 63_288, publishedIrqPerSec: 63_288 });
  });

  it('computes simulated / published and the gain of mitigation', () => {
    expect(ratio(21_240, 20_000)).toBeCloseTo(1.062);
    expect(ratio(5, undefined)).toBeNull();
    expect(ratioText(1.062)).toBe('1.06×');
    const results = new Map(['kvm-baseline', 'kvm-mitigated', 'tcg-baseline', 'tcg-mitigated'].map((id) => [id, runSweepPoint(seedScenario(SEED_ROWS.find((r) => r.id === id)!))]));
    const g = gains(results).filter((x) => x.guest === 'lem');
    expect(g.map((x) => x.published)).toEqual([7, 56 / 9]);
    // Mitigation helps in the model too, by the mechanism alone.
    for (const x of g) expect(x.simulated).toBeGreaterThan(3);
  });

  it('the curve is the mitigated experiment with only the bottom-half delay changed, over QEMU\'s range', () => {
    expect(SEED_CURVE).toHaveLength(2 * 2 * SEED_CURVE_BH_US.length);
    expect(Math.min(...SEED_CURVE_BH_US)).toBe(100);
    expect(Math.max(...SEED_CURVE_BH_US)).toBe(10_000);
    for (const p of SEED_CURVE) {
      const s = seedCurveScenario(p);
      const preset = seedScenario(SEED_ROWS.find((r) => r.id === `${p.host}-mitigated${p.guest === 'linux' ? '-linux' : ''}`)!);
      expect(s.device.params.rizzoBottomHalfUs).toBe(p.bhUs);
      expect({ ...s, name: '', device: { ...s.device, params: preset.device.params } }).toEqual({ ...preset, name: '' });
    }
  });
});
