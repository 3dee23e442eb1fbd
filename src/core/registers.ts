/**
 * The register file of the 8254x as this project models it: one table that
 * the core, the UI labels, the tooltips and the docs all read.
 * Offsets and units from the Intel 8254x SDM (section numbers in `sdm`).
 */
export type RegName =
  | 'CTRL' | 'STATUS' | 'ICR' | 'ITR' | 'ICS' | 'IMS' | 'IMC' | 'RCTL' | 'TCTL'
  | 'RDLEN' | 'RDH' | 'RDT' | 'RDTR' | 'RADV'
  | 'TDLEN' | 'TDH' | 'TDT' | 'TIDV' | 'TADV' | 'MPC';

export type RegUnit = 'bits' | '1.024 us' | '256 ns' | 'bytes' | 'descriptor' | 'count';

export interface RegInfo {
  name: RegName;
  offset: number;
  unit: RegUnit;
  /** Bits the register keeps (writes are masked to this). */
  mask: number;
  /** One line of explanation for tooltips. */
  help: string;
  /** Where the SDM describes it. */
  sdm: string;
  /** The Linux e1000 module parameter that programs it, if any. */
  linuxParam?: string;
  /**
   * ethtool -C coalescing field, if one maps onto it. Linux e1000 supports
   * only rx-usecs, and it sets the interrupt throttle rate (ITR), not a
   * delay timer: e1000_set_coalesce takes 1,000,000 / rx-usecs interrupts/s,
   * and 0..4 select the InterruptThrottleRate modes.
   */
  ethtool?: string;
  /** FreeBSD em(4) tunable, if any. */
  freebsd?: string;
  /** Register name used by some texts. */
  alias?: string;
}

export const REGISTERS: readonly RegInfo[] = [
  { name: 'CTRL', offset: 0x0000, unit: 'bits', mask: 0xffffffff, help: 'Device control', sdm: '13.4.1' },
  { name: 'STATUS', offset: 0x0008, unit: 'bits', mask: 0xffffffff, help: 'Device status (drivers read it to flush posted writes)', sdm: '13.4.2' },
  { name: 'ICR', offset: 0x00c0, unit: 'bits', mask: 0xffffffff, help: 'Interrupt cause read: a read returns the pending causes and clears them all', sdm: '13.4.17' },
  { name: 'ITR', offset: 0x00c4, unit: '256 ns', mask: 0xffff, help: 'Interrupt throttling: minimum interval between interrupt assertions; 0 = off', sdm: '13.4.18', linuxParam: 'InterruptThrottleRate', ethtool: 'rx-usecs', freebsd: 'hw.em.max_interrupt_rate' }, // a tunable of the iflib em(4), FreeBSD 12+ (em_max_interrupt_rate); 9.3's em has none
  { name: 'ICS', offset: 0x00c8, unit: 'bits', mask: 0xffffffff, help: 'Interrupt cause set: writing 1s sets cause bits (software interrupt)', sdm: '13.4.19' },
  { name: 'IMS', offset: 0x00d0, unit: 'bits', mask: 0xffffffff, help: 'Interrupt mask set: writing 1s enables causes; a read returns the mask', sdm: '13.4.20' },
  { name: 'IMC', offset: 0x00d8, unit: 'bits', mask: 0xffffffff, help: 'Interrupt mask clear: writing 1s disables causes', sdm: '13.4.21' },
  { name: 'RCTL', offset: 0x0100, unit: 'bits', mask: 0xffffffff, help: 'Receive control; RDMTS bits 9:8 set the RX descriptor minimum threshold (1/2, 1/4, 1/8 of the ring)', sdm: '13.4.22' },
  { name: 'TCTL', offset: 0x0400, unit: 'bits', mask: 0xffffffff, help: 'Transmit control', sdm: '13.4.33' },
  { name: 'RDLEN', offset: 0x2808, unit: 'bytes', mask: 0xfff80, help: 'Receive descriptor ring length in bytes (16 bytes per descriptor, multiple of 128)', sdm: '13.4.28' },
  { name: 'RDH', offset: 0x2810, unit: 'descriptor', mask: 0xffff, help: 'Receive descriptor head: the next slot hardware fills', sdm: '13.4.29' },
  { name: 'RDT', offset: 0x2818, unit: 'descriptor', mask: 0xffff, help: 'Receive descriptor tail: one past the last buffer software gave to hardware', sdm: '13.4.30' },
  { name: 'RDTR', offset: 0x2820, unit: '1.024 us', mask: 0x8000ffff, alias: 'RIDV', help: 'Receive delay timer (packet timer): restarted by every stored frame; bit 31 (FPD) flushes it now', sdm: '13.4.31', linuxParam: 'RxIntDelay', freebsd: 'hw.em.rx_int_delay' },
  { name: 'RADV', offset: 0x282c, unit: '1.024 us', mask: 0xffff, help: 'Receive absolute delay: started by the first frame after an interrupt, never restarted', sdm: '13.4.32', linuxParam: 'RxAbsIntDelay', freebsd: 'hw.em.rx_abs_int_delay' },
  { name: 'TDLEN', offset: 0x3808, unit: 'bytes', mask: 0xfff80, help: 'Transmit descriptor ring length in bytes (16 bytes per descriptor, multiple of 128)', sdm: '13.4.38' },
  { name: 'TDH', offset: 0x3810, unit: 'descriptor', mask: 0xffff, help: 'Transmit descriptor head: the next descriptor hardware sends', sdm: '13.4.39' },
  { name: 'TDT', offset: 0x3818, unit: 'descriptor', mask: 0xffff, help: 'Transmit descriptor tail: one past the last descriptor software queued', sdm: '13.4.40' },
  { name: 'TIDV', offset: 0x3820, unit: '1.024 us', mask: 0xffff, help: 'Transmit interrupt delay (packet timer) for descriptors with RS and IDE', sdm: '13.4.41', linuxParam: 'TxIntDelay', freebsd: 'hw.em.tx_int_delay' },
  { name: 'TADV', offset: 0x382c, unit: '1.024 us', mask: 0xffff, help: 'Transmit absolute delay: started by the first delayed completion, never restarted', sdm: '13.4.44', linuxParam: 'TxAbsIntDelay', freebsd: 'hw.em.tx_abs_int_delay' },
  { name: 'MPC', offset: 0x4010, unit: 'count', mask: 0xffffffff, help: 'Missed packets count: frames dropped because the RX ring had no free descriptor', sdm: '13.7.4' },
];

export const REG_BY_NAME: Readonly<Record<RegName, RegInfo>> = Object.fromEntries(
  REGISTERS.map((r) => [r.name, r]),
) as Record<RegName, RegInfo>;

export const REG_BY_OFFSET: ReadonlyMap<number, RegInfo> = new Map(REGISTERS.map((r) => [r.offset, r]));

/** Register index used by the core's typed register file. */
export const REG_INDEX: Readonly<Record<RegName, number>> = Object.fromEntries(
  REGISTERS.map((r, i) => [r.name, i]),
) as Record<RegName, number>;

/** Delay-timer granularity: 1.024 us per unit (RDTR, RADV, TIDV, TADV). */
export const DELAY_UNIT_NS = 1024;
/** ITR granularity: 256 ns per unit. */
export const ITR_UNIT_NS = 256;
/** RDTR bit 31: Flush Partial Descriptor block, fires the RX timer now. */
export const RDTR_FPD = 0x8000_0000;
/** Bytes per legacy descriptor (RDLEN/TDLEN = ring x 16). */
export const DESCRIPTOR_BYTES = 16;

/** ns represented by a raw register value. */
export function regValueNs(name: RegName, raw: number): number {
  const unit = REG_BY_NAME[name].unit;
  if (unit === '1.024 us') return (raw & 0xffff) * DELAY_UNIT_NS;
  if (unit === '256 ns') return (raw & 0xffff) * ITR_UNIT_NS;
  return 0;
}

/** Interrupts per second an ITR value allows (0 = unlimited). */
export function itrRate(raw: number): number {
  return raw > 0 ? 1e9 / (raw * ITR_UNIT_NS) : 0;
}

/** RCTL.RDMTS encoding (bits 9:8). */
export const RDMTS_SHIFT = 8;
