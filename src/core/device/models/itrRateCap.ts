import { RXT0, TXDW, TXD_CMD_RS } from '../../causes';
import { TimerId } from '../../types';
import type { DeviceModel, DevicePort } from '../deviceModel';
import type { DeviceModelDescriptor, DeviceParamSpec } from './descriptor';
import { ignoresAll } from './qemu2012';
import { RX_PACKET_BUFFER } from './sdm8254x';

/** ITR granularity of ice and ixgbe (2 us: ice_txrx.h ITR_REG_ALIGN / ICE_ITR_GRAN_S; ixgbe EITR bits 11:3). */
export const ITR_GRAN_US = 2;
/** ice's largest ITR, us (ice_txrx.h ICE_ITR_MAX). */
export const ITR_MAX_US = 8160;
/** ice's largest rate limit, us (ice_ethtool.c: rx-usecs-high 0 or gran..ICE_MAX_INTRL). */
export const INTRL_MAX_US = 236;
/** The rate limit's granularity, us (hw->intrl_gran: ICE_INTRL_GRAN_ABOVE_25 on an E810 above 25 Gb/s). */
export const INTRL_GRAN_US = 4;

export const ITR_RATE_CAP_PARAMS = [
  { key: 'itrRxUsecs', label: 'rx-usecs (ITR)', ethtool: 'rx-usecs', unit: 'us', integer: true, min: 0, max: ITR_MAX_US, default: 50 },
  { key: 'itrTxUsecs', label: 'tx-usecs (ITR)', ethtool: 'tx-usecs', unit: 'us', integer: true, min: 0, max: ITR_MAX_US, default: 50 },
  { key: 'intrlUsecs', label: 'rx-usecs-high (INTRL)', ethtool: 'rx-usecs-high', unit: 'us', integer: true, min: 0, max: INTRL_MAX_US, default: 0 },
] as const satisfies readonly DeviceParamSpec[];

const DEFAULTS: Record<string, number> = Object.fromEntries(ITR_RATE_CAP_PARAMS.map((p) => [p.key, p.default]));

/** ITR as the hardware holds it: rounded down to 2 us (ice_write_itr: ITR_REG_ALIGN(itr) >> ICE_ITR_GRAN_S). */
export const alignItrUs = (us: number) => us - (us % ITR_GRAN_US);
/** INTRL as the hardware holds it: intrl / gran, 0 = off (ice_lib.c ice_intrl_usec_to_reg). */
export const alignIntrlUs = (us: number) => Math.floor(us / INTRL_GRAN_US) * INTRL_GRAN_US;

/** The shortest time between two interrupts for these settings and pending causes, ns. */
export function itrRateCapWindowNs(rxItrUs: number, txItrUs: number, intrlUs: number, pending: number): number {
  const rx = pending & RXT0 ? alignItrUs(rxItrUs) : Infinity;
  const tx = pending & TXDW ? alignItrUs(txItrUs) : Infinity;
  const itr = Math.min(rx, tx);
  return Math.max(itr === Infinity ? 0 : itr, alignIntrlUs(intrlUs)) * 1000;
}

/**
 * `itr-ratecap`: Intel's ITR as ice (and ixgbe's EITR) program it: a
 * minimum interval between interrupts, no packet count, plus ice's INTRL
 * rate limit (drivers/net/ethernet/intel/ice: ice_txrx.h, ice_lib.c
 * ice_write_itr / ice_intrl_usec_to_reg, ice_ethtool.c ice_set_rc_coalesce).
 *
 * - Every completion sets its cause at once (RXT0 for RX, TXDW for TX with RS).
 * - An interrupt opens a window: the ITR of the causes it carried (RX or TX
 *   ITR index; the shorter if both), in 2 us steps, and at least the INTRL
 *   interval (4 us steps, 0 = off). Causes inside the window wait for its
 *   end, as the 8254x's ITR does (the one window mechanism of interruptLine.ts).
 * - A changed setting applies from the next interrupt on.
 * The model's simplification: the E810's INTRL is a credit-based limiter
 * whose exact credit rule is not in the driver; the model reads it as a
 * second minimum interval (1e6 / INTRL interrupts/s at most).
 */
export function createItrRateCap(port: DevicePort, params: Readonly<Record<string, number>>): DeviceModel {
  const s = { ...DEFAULTS, ...params };
  return {
    windowTimer: TimerId.ITR_INTRL,
    windowIsQemuTimer: false,
    windowNs: (pending) => itrRateCapWindowNs(s.itrRxUsecs, s.itrTxUsecs, s.intrlUsecs, pending),
    rxStored: () => port.setCause(RXT0),
    txWrittenBack(cmd) {
      if (cmd & TXD_CMD_RS) port.setCause(TXDW);
    },
    txQueueEmpty() {},
    tdtWritten: () => port.transmit(),
    rxFlush() {},
    timerFired() {},
    setParam(key, value) {
      if (key in DEFAULTS) s[key] = value;
    },
  };
}

export const ITR_RATE_CAP = {
  id: 'itr-ratecap',
  label: 'ITR + rate cap (ice)',
  note: "Intel's ITR as ice programs it: at least rx-usecs (2 µs steps) between interrupts, and at least the INTRL rate limit rx-usecs-high (0-236 µs); no packet count.",
  hasWire: true,
  rxHold: RX_PACKET_BUFFER,
  timersNote: 'One window after each interrupt: the ITR of the causes it carried, at least the INTRL interval.',
  ignores: ignoresAll('not a register of ice: it uses rx-usecs (ITR) and rx-usecs-high (INTRL)'),
  timers: [TimerId.ITR_INTRL],
  params: ITR_RATE_CAP_PARAMS,
  bound: (_regs, params) => {
    const ns = itrRateCapWindowNs(params.itrRxUsecs ?? 50, params.itrTxUsecs ?? 50, params.intrlUsecs ?? 0, RXT0 | TXDW);
    return ns > 0 ? { windowNs: ns, basis: 'min(rx-usecs, tx-usecs), at least rx-usecs-high: {window} between interrupts' } : null;
  },
  create: (port, params) => createItrRateCap(port, params),
} as const satisfies DeviceModelDescriptor;
