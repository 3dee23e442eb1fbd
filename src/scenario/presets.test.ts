import { describe, expect, it } from 'vitest';
import { DEVICE_MODELS } from '../core/scenario';
import { findPreset, loadPreset } from './presets';
import { DEFAULT_PRESET_ID, PRESETS } from '../content/presets';

function scenarioOf(id: string) {
  const result = loadPreset(id);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('presets', () => {
  it.each(PRESETS.map((preset) => [preset.id]))('preset %s validates', (id) => {
    expect(loadPreset(id)).toMatchObject({ ok: true });
  });

  it('preset ids are unique and every preset has a title and a one-line description', () => {
    expect(new Set(PRESETS.map((preset) => preset.id)).size).toBe(PRESETS.length);
    for (const { title, description } of PRESETS) {
      expect(title.length).toBeGreaterThan(0);
      expect(description).toMatch(/^[^\n]+$/);
    }
  });

  it('the required presets exist', () => {
    for (const id of ['default', '8254x-rdtr-radv', 'qemu-2012-per-frame', 'rizzo-2012', 'qemu-2013', 'host-timer', 'linux-defaults', 'freebsd-defaults', 'rx-line-rate']) {
      expect(findPreset(id), id).toBeDefined();
    }
  });

  it('every device model has a preset', () => {
    const models = new Set(PRESETS.map(({ id }) => scenarioOf(id).device.model));
    expect([...models].sort()).toEqual([...DEVICE_MODELS].sort());
  });

  it('the default preset is the RDTR/RADV lesson on the SDM 8254x with the ideal driver', () => {
    const scenario = scenarioOf(DEFAULT_PRESET_ID);
    expect(scenario.device.model).toBe('8254x');
    expect(scenario.device.regs).toMatchObject({ RDTR: 8, RADV: 32 });
    expect(scenario.guest.driver).toBe('ideal');
    expect(scenario.durationUs).toBe(200);
    const rx = scenario.traffic.rx;
    if (rx.pattern !== 'list') throw new Error('the default RX is a list');
    // After the burst, frames come closer together than RDTR (8 x 1.024 us), so RDTR keeps restarting ...
    const gaps = rx.atUs.slice(1).map((t, i) => t - rx.atUs[i]);
    const steadyGaps = gaps.slice(4, -1);
    expect(Math.max(...steadyGaps)).toBeLessThan(8 * 1.024);
    // ... for longer than RADV (32 x 1.024 us), so RADV ends each train.
    expect(rx.atUs[rx.atUs.length - 2] - rx.atUs[0]).toBeGreaterThan(32 * 1.024);
    // The last frame is alone: its RDTR expires before anything else arrives.
    expect(gaps[gaps.length - 1]).toBeGreaterThan(8 * 1.024);
  });

  it('linux-defaults runs linux-e1000 with its own defaults under kvm-apicv', () => {
    expect(scenarioOf('linux-defaults').guest).toEqual({
      driver: 'linux-e1000',
      costs: 'kvm-apicv',
      params: { TxIntDelay: 8, TxAbsIntDelay: 32, RxIntDelay: 0, RxAbsIntDelay: 8, InterruptThrottleRate: 3 },
      kernel: '6.1',
    });
  });

  it('freebsd-defaults runs freebsd-em with 1024-descriptor rings', () => {
    const scenario = scenarioOf('freebsd-defaults');
    expect(scenario.guest.driver).toBe('freebsd-em');
    expect([scenario.device.rxRing, scenario.device.txRing]).toEqual([1024, 1024]);
  });

  it('rx-line-rate floods 64-byte frames at 1,488,095 pps into 4096 RX descriptors for 2 ms', () => {
    const scenario = scenarioOf('rx-line-rate');
    expect(scenario.traffic.rx).toEqual({ pattern: 'constant', pps: 1_488_095, bytes: 64, startUs: 0 });
    expect(scenario.guest.driver).toBe('linux-e1000');
    expect(scenario.device).toMatchObject({ model: '8254x', rxRing: 4096 });
    expect(scenario.durationUs).toBe(2000);
  });

  it('an unknown preset is an error naming the known ones', () => {
    expect(loadPreset('nope')).toEqual({
      ok: false,
      error: `preset: "nope" is not a preset (one of ${PRESETS.map(({ id }) => id).join(', ')})`,
    });
  });
});
