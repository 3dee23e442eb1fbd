/**
 * What the register console understands: a register by name (ICS, RIDV
 * for RDTR) or by offset (0xC8, 200), and a value as a number (decimal,
 * 0x hex, 0b binary; _ allowed between digits) or names joined with | or
 * + : cause bits for ICR/ICS/IMS/IMC (RXT0|TXDW) and FPD for RDTR. Pure,
 * so it is tested in Node; every rejection says what would be right.
 */
import { err, ok, type Result } from '../base/result';
import { CAUSES, causeNames, REGISTERS, REG_BY_OFFSET, RDTR_FPD, regValueNs, type RegInfo } from '../core';
import { shownUnit } from '../scenario/plainWords';

export const CAUSE_REGISTERS: readonly string[] = ['ICR', 'ICS', 'IMS', 'IMC'];

const hex = (n: number, w = 4) => `0x${(n >>> 0).toString(16).toUpperCase().padStart(w, '0')}`;

/** A number as typed: decimal, 0x hex or 0b binary (underscores between digits allowed). */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/_/g, '');
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^0b[01]+$/i.test(t)) return parseInt(t.slice(2), 2);
  if (/^\d+$/.test(t)) return Number(t);
  return null;
}

export function parseRegister(text: string): Result<RegInfo> {
  const t = text.trim();
  if (t === '') return err('give a register: a name such as ICS or an offset such as 0xC8');
  const upper = t.toUpperCase();
  const byName = REGISTERS.find((r) => r.name === upper || r.alias === upper);
  if (byName) return ok(byName);
  const n = parseNumber(t);
  if (n !== null) {
    const r = REG_BY_OFFSET.get(n);
    if (r) return ok(r);
    return err(`no register at offset ${hex(n)} in this model (it has ${REGISTERS.map((x) => `${x.name} ${hex(x.offset)}`).join(', ')})`);
  }
  return err(`unknown register "${t.slice(0, 40)}" (one of ${REGISTERS.map((x) => x.name).join(', ')}, or an offset such as 0xC8)`);
}

export function parseValue(text: string, reg: RegInfo): Result<number> {
  const t = text.trim();
  if (t === '') return err('give a value: a number (12, 0x80, 0b1000_0000) or names such as RXT0|TXDW');
  let value = 0;
  for (const raw of t.split(/[|+]/)) {
    const token = raw.trim();
    if (token === '') return err(`"${t.slice(0, 40)}" has an empty part between | or +`);
    const n = parseNumber(token);
    if (n !== null) {
      if (n > 0xffff_ffff) return err(`${token} does not fit in 32 bits (at most 0xFFFFFFFF)`);
      value = (value | n) >>> 0;
      continue;
    }
    const name = token.toUpperCase();
    const cause = CAUSES.find((c) => c.name === name);
    if (cause && CAUSE_REGISTERS.includes(reg.name)) {
      value = (value | cause.mask) >>> 0;
      continue;
    }
    if (name === 'FPD' && reg.name === 'RDTR') {
      value = (value | RDTR_FPD) >>> 0;
      continue;
    }
    const known = CAUSE_REGISTERS.includes(reg.name)
      ? `cause names (${CAUSES.map((c) => c.name).join(', ')})`
      : reg.name === 'RDTR'
        ? 'FPD (bit 31: flush the RX timer now)'
        : null;
    return err(`"${token.slice(0, 40)}" is not a number${known ? ` or one of ${reg.name}'s names: ${known}` : ''}`);
  }
  return ok(value);
}

/** A value as the console shows it: hex, then what it means for that register. */
export function describeValue(reg: RegInfo, value: number): string {
  const v = value >>> 0;
  const parts = [hex(v, 8)];
  if (CAUSE_REGISTERS.includes(reg.name)) {
    const names = causeNames(v);
    parts.push(names.length ? names.join('|') : 'no cause bits');
  } else if (reg.unit === '1.024 us' || reg.unit === '256 ns') {
    const ns = regValueNs(reg.name, v);
    parts.push(`${v & 0xffff} × ${shownUnit(reg.unit)} = ${Math.round(ns) / 1000} µs`);
    if (reg.name === 'RDTR' && v & RDTR_FPD) parts.push('FPD');
  } else if (reg.unit === 'bytes') {
    parts.push(`${v} bytes = ${Math.floor(v / 16)} descriptors`);
  } else if (reg.unit === 'descriptor' || reg.unit === 'count') {
    parts.push(String(v));
  }
  return parts.join(' · ');
}

/** One line about a register for the console: offset, unit, SDM section and help. */
export function registerLine(reg: RegInfo): string {
  return `${reg.name}${reg.alias ? ` (${reg.alias})` : ''} at ${hex(reg.offset)}, ${shownUnit(reg.unit)}, SDM ${reg.sdm}: ${reg.help}.`;
}
