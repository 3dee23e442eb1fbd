/** The timer registry's own rules: ids fit the expiry event, keys and names are unique, every model's timers exist. */
import { describe, expect, it } from 'vitest';
import { DEVICE_MODEL_REGISTRY } from '../device/models';
import { TIMER_COUNT, TIMER_ID_SLOTS, TIMER_REGISTRY, TimerId, WAKE_TIMERS, WINDOW_TIMERS } from '.';

describe('TIMER_REGISTRY', () => {
  it('has at most TIMER_ID_SLOTS timers (the expiry event packs id + slots × generation)', () => {
    expect(TIMER_COUNT).toBeLessThanOrEqual(TIMER_ID_SLOTS);
  });

  it('keys, names and lane labels are unique; TimerId maps each key to its index', () => {
    for (const field of ['key', 'name', 'lane'] as const) expect(new Set(TIMER_REGISTRY.map((t) => t[field])).size).toBe(TIMER_COUNT);
    TIMER_REGISTRY.forEach((t, i) => expect(TimerId[t.key]).toBe(i));
  });

  it('keeps the ids the trace and the references were recorded with (new timers go at the end)', () => {
    expect(TIMER_REGISTRY.slice(0, 9).map((t) => t.key)).toEqual(['RDTR', 'RADV', 'TIDV', 'TADV', 'ITR', 'MIT', 'BH', 'HOST', 'WAKE']);
  });

  it('the window rule: ITR, QEMU\'s window, the host timer and ice\'s ITR / INTRL window hold the line; WAKE ends a QEMU window', () => {
    expect([...WINDOW_TIMERS]).toEqual([TimerId.ITR, TimerId.MIT, TimerId.HOST, TimerId.ITR_INTRL]);
    expect([...WAKE_TIMERS]).toEqual([TimerId.WAKE]);
  });

  it('every timer a device model lists is in the registry', () => {
    for (const d of DEVICE_MODEL_REGISTRY) for (const id of d.timers) expect(TIMER_REGISTRY[id], `${d.id} timer ${id}`).toBeDefined();
  });
});
