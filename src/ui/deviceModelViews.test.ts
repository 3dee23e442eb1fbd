/** Every view that shows a device model reads it from the registry: lanes, the timers note, the theory line. */
import { describe, expect, it } from 'vitest';
import { DEVICE_MODEL_REGISTRY } from '../core/device/models';
import { TIMER_COUNT } from '../core/types';
import { parseScenario } from '../scenario/schema';
import { timelineLanes, TIMER_LANE_LABELS } from './timeline/lanes';
import { interruptBound } from '../state/theoryBound';

describe('device models in the views', () => {
  it('the timeline has one lane per timer of each model, labelled', () => {
    for (const d of DEVICE_MODEL_REGISTRY) {
      const lanes = timelineLanes(d.id).filter((l) => l.kind === 'timer');
      expect(lanes.map((l) => l.timerId)).toEqual([...d.timers]);
      for (const l of lanes) expect(l.label).toBe(TIMER_LANE_LABELS[l.timerId!]);
    }
    expect(Object.keys(TIMER_LANE_LABELS)).toHaveLength(TIMER_COUNT);
  });

  it('the Metrics theory line: the 8254x from ITR, qemu-2013 from its floored window, host-timer from its hold-off, none where no bound exists', () => {
    const bound = (model: string, regs: Record<string, number> = {}) => {
      const r = parseScenario({ v: 1, device: { model, regs } });
      if (!r.ok) throw new Error(r.error);
      return interruptBound(r.value, null);
    };
    // ITR 195 x 256 ns = 49.92 us: 20,032 interrupts/s.
    expect(bound('8254x', { ITR: 195 })?.rate).toBeCloseTo(1e9 / (195 * 256), 6);
    expect(bound('8254x')).toBeNull();
    // All registers 0: the 500 x 256 ns floor, 7,812.5/s.
    expect(bound('qemu-2013')?.rate).toBeCloseTo(7812.5, 6);
    expect(bound('qemu-2013')?.why).toContain('128 µs');
    // host-timer default 150 us.
    expect(bound('host-timer')?.rate).toBeCloseTo(1e6 / 150, 6);
    expect(bound('qemu-2012')).toBeNull();
    expect(bound('rizzo-2012')).toBeNull();
    for (const d of DEVICE_MODEL_REGISTRY) expect(() => bound(d.id, { ITR: 100, TADV: 10, RADV: 10 })).not.toThrow();
  });
});
