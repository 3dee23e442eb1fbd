import { describe, expect, it } from 'vitest';
import { vocabularyFor } from './vocabulary';
import { REGISTERS } from '../core/registers';

describe('register vocabulary (Linux, ethtool, FreeBSD)', () => {
  it('names come from the REGISTERS table, values in each knob\'s unit', () => {
    expect(vocabularyFor('RDTR', 8)).toEqual([
      expect.objectContaining({ system: 'Linux e1000', name: 'RxIntDelay', value: '8', unit: '× 1.024 µs' }),
      expect.objectContaining({ system: 'FreeBSD em', name: 'hw.em.rx_int_delay', value: '8', unit: 'µs' }),
    ]);
    expect(vocabularyFor('RADV', 64).map((e) => `${e.name}=${e.value} ${e.unit}`)).toEqual(['RxAbsIntDelay=64 × 1.024 µs', 'hw.em.rx_abs_int_delay=66 µs']);
    // ITR 488 = 8000 interrupts/s = 125 µs apart.
    expect(vocabularyFor('ITR', 488).map((e) => `${e.system}: ${e.name}=${e.value} ${e.unit}`)).toEqual([
      'Linux e1000: InterruptThrottleRate=8,005 interrupts/s',
      'ethtool -C: rx-usecs=125 µs',
      'FreeBSD em: hw.em.max_interrupt_rate=8,005 interrupts/s',
    ]);
    expect(vocabularyFor('ITR', 0).map((e) => `${e.value} ${e.unit}`)).toEqual(['0 (off)', '0 (off)', '0 (off)']);
  });

  it('every mitigation register has a Linux parameter and a FreeBSD tunable; only ITR has an ethtool field', () => {
    for (const name of ['TIDV', 'TADV', 'RDTR', 'RADV', 'ITR'] as const) {
      const v = vocabularyFor(name, 1);
      expect(v.some((e) => e.system === 'Linux e1000')).toBe(true);
      expect(v.some((e) => e.system === 'FreeBSD em')).toBe(true);
    }
    expect(REGISTERS.filter((r) => r.ethtool).map((r) => r.name)).toEqual(['ITR']);
  });
});
