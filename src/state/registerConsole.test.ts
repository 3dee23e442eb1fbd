import { describe, expect, it } from 'vitest';
import { describeValue, parseRegister, parseValue } from './registerConsole';
import { REG_BY_NAME } from '../core/registers';

const reg = (text: string) => {
  const r = parseRegister(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('register console input', () => {
  it('finds registers by name, alias or offset', () => {
    expect(reg('ics').name).toBe('ICS');
    expect(reg(' RIDV ').name).toBe('RDTR');
    expect(reg('0xC8').name).toBe('ICS');
    expect(reg('0x2818').name).toBe('RDT');
    expect(reg('200').name).toBe('ICS');
    const bad = parseRegister('0x1234');
    expect(!bad.ok && bad.error).toMatch(/^no register at offset 0x1234 in this model \(it has CTRL 0x0000/);
    const unknown = parseRegister('<img src=x>');
    expect(!unknown.ok && unknown.error).toMatch(/^unknown register "<img src=x>"/);
    expect(parseRegister('').ok).toBe(false);
  });

  it('reads numbers, cause names and FPD', () => {
    const v = (text: string, r: string) => {
      const p = parseValue(text, REG_BY_NAME[r as 'ICS']);
      return p.ok ? p.value : p.error;
    };
    expect(v('0x80', 'ICS')).toBe(0x80);
    expect(v('RXT0|txdw', 'ICS')).toBe(0x81);
    expect(v('RXT0 + 0x10', 'IMS')).toBe(0x90);
    expect(v('0b1000_0000', 'IMC')).toBe(0x80);
    expect(v('FPD|100', 'RDTR')).toBe(0x8000_0064);
    expect(v('0xFFFFFFFF', 'ICS')).toBe(0xffff_ffff);
    expect(v('4294967296', 'ICS')).toMatch(/does not fit in 32 bits/);
    expect(v('RXT0', 'RDT')).toMatch(/^"RXT0" is not a number$/);
    expect(v('FPD', 'RADV')).toMatch(/is not a number/);
    expect(v('bogus', 'ICS')).toMatch(/or one of ICS's names: cause names \(TXDW/);
    expect(v('1||2', 'ICS')).toMatch(/empty part/);
    expect(v('-1', 'ICS')).toMatch(/not a number/);
    expect(v('1.5', 'ICS')).toMatch(/not a number/);
  });

  it('describes values in the register\'s terms', () => {
    expect(describeValue(REG_BY_NAME.ICR, 0x81)).toBe('0x00000081 · TXDW|RXT0');
    expect(describeValue(REG_BY_NAME.RDTR, 0x8000_0008)).toBe('0x80000008 · 8 × 1.024 µs = 8.192 µs · FPD');
    expect(describeValue(REG_BY_NAME.ITR, 488)).toBe('0x000001E8 · 488 × 256 ns = 124.928 µs');
    expect(describeValue(REG_BY_NAME.RDLEN, 4096)).toBe('0x00001000 · 4096 bytes = 256 descriptors');
  });
});
