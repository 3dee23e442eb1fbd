/**
 * The names people already know for each mitigation register: the Linux
 * e1000 module parameter, the `ethtool -C` field where one exists and the
 * FreeBSD em(4) tunable, each with the register's current value converted
 * to that knob's own unit. Names come from the REGISTERS table (one source
 * of truth); only the unit conversions live here.
 *
 * Units: Linux's delay parameters are raw register units (1.024 us);
 * InterruptThrottleRate and hw.em.max_interrupt_rate (FreeBSD 12+ iflib
 * em(4) only; 9.3's em writes ITR 488 unconditionally) are interrupts/s
 * (ITR = 10^9 / (rate x 256)); ethtool's rx-usecs on e1000 is the interval
 * in microseconds (e1000_set_coalesce: rate = 10^6 / rx-usecs); FreeBSD's
 * delay tunables are microseconds (EM_TICKS_TO_USECS: (1024 x ticks + 500) / 1000).
 */
import { REG_BY_NAME, type RegName } from '../core';

export interface VocabularyEntry {
  /** Where the knob lives. */
  system: 'Linux e1000' | 'ethtool -C' | 'FreeBSD em';
  name: string;
  /** The register's current value in the knob's unit, e.g. "8000", "125", "0 (off)". */
  value: string;
  unit: string;
  /** One line on how it maps, for the tooltip. */
  how: string;
}

const int = (x: number) => Math.round(x).toLocaleString('en-US');

/** Interrupts per second for an ITR value (0 = off). */
function rate(raw: number): string {
  return int(raw === 0 ? 0 : 1e9 / (raw * 256));
}

/** 0 means "off" for every throttle knob: say so instead of a unit. */
const unitOr = (raw: number, unit: string) => (raw === 0 ? '(off)' : unit);

export function vocabularyFor(name: RegName, raw: number): VocabularyEntry[] {
  const info = REG_BY_NAME[name];
  const v = raw & 0xffff;
  const out: VocabularyEntry[] = [];
  const throttle = info.unit === '256 ns';
  if (info.linuxParam) {
    out.push(
      throttle
        ? {
            system: 'Linux e1000',
            name: info.linuxParam,
            value: rate(v),
            unit: unitOr(v, 'interrupts/s'),
            how: `${info.linuxParam}=N sets ITR = 10^9 / (N x 256); 0 = off, 1 and 3 = dynamic (the driver rewrites ITR), 4 = simplified`,
          }
        : {
            system: 'Linux e1000',
            name: info.linuxParam,
            value: int(v),
            unit: '× 1.024 µs',
            how: `${info.linuxParam} is written to ${name} as it is, in the register's units of 1.024 µs`,
          },
    );
  }
  if (info.ethtool) {
    out.push({
      system: 'ethtool -C',
      name: info.ethtool,
      value: int((v * 256) / 1000),
      unit: unitOr(v, 'µs'),
      how: `on e1000, ethtool -C ethX ${info.ethtool} N sets the throttle rate to 10^6 / N interrupts/s (N = 0..4 select InterruptThrottleRate's modes); the delay timers have no ethtool field`,
    });
  }
  if (info.freebsd) {
    out.push(
      throttle
        ? {
            system: 'FreeBSD em',
            name: info.freebsd,
            value: rate(v),
            unit: unitOr(v, 'interrupts/s'),
            how: `${info.freebsd} (loader tunable of the iflib em(4), FreeBSD 12 and later; em(4) of FreeBSD 9.3 has none and writes ITR = 488) sets ITR = 10^9 / (rate x 256)`,
          }
        : {
            system: 'FreeBSD em',
            name: info.freebsd,
            value: int(Math.floor((1024 * v + 500) / 1000)),
            unit: 'µs',
            how: `${info.freebsd} (loader tunable; per device dev.em.N.${info.freebsd.replace('hw.em.', '')}) is in µs; the driver converts to ticks of 1.024 µs`,
          },
    );
  }
  return out;
}
