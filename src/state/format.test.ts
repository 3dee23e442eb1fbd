import { describe, expect, it } from 'vitest';
import { fmtNs, fmtNsExact, fmtPosition, fmtRate, fmtSpeed, fmtWindow } from './format';

describe('format', () => {
  it('times in the unit that reads best', () => {
    expect(fmtNs(672)).toBe('672 ns');
    expect(fmtNs(20_480)).toBe('20.48 µs');
    expect(fmtNs(1_500_000)).toBe('1.5 ms');
    expect(fmtNs(2e9)).toBe('2 s');
  });
  it('windows keep their width visible far from zero', () => {
    expect(fmtWindow(0, 200_000)).toBe('0 to 200 µs (200 µs wide)');
    expect(fmtWindow(2_164_840_000, 2_165_040_000)).toBe('2.16484 to 2.16504 s (200 µs wide)');
  });
  it('rates and speeds', () => {
    expect(fmtRate(8004.5)).toBe('8,005 /s');
    expect(fmtRate(1_488_095)).toBe('1.49 M/s');
    expect(fmtSpeed(1e9)).toBe('real time');
    expect(fmtSpeed(1e4)).toBe('10 µs per second');
    expect(fmtSpeed(1e10)).toBe('10× real time');
  });
});

describe('the clock readout names the position', () => {
  it('shows the instant to the nanosecond, in the unit fmtNs picks', () => {
    expect(fmtNsExact(0)).toBe('0 ns');
    expect(fmtNsExact(200_000)).toBe('200 µs');
    expect(fmtNsExact(181_123)).toBe('181.123 µs');
    expect(fmtNsExact(181_124)).not.toBe(fmtNsExact(181_123));
    expect(fmtNsExact(1_234_567)).toBe('1.234567 ms');
    expect(fmtNsExact(2_000_000_001)).toBe('2.000000001 s');
  });

  it('adds which step at that ns, so two steps of one nanosecond read differently', () => {
    expect(fmtPosition({ tNs: 181_100, steps: 0 })).toBe('181.1 µs');
    expect(fmtPosition({ tNs: 181_100, steps: 1 })).toBe('181.1 µs · step 1 at this ns');
    expect(fmtPosition({ tNs: 181_100, steps: 2 })).toBe('181.1 µs · step 2 at this ns');
  });
});

