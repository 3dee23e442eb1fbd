import { RXT0, TXDW, TXD_CMD_RS } from '../../causes';
import { TimerId } from '../../types';
import type { DeviceModel, DevicePort } from '../deviceModel';
import type { DeviceModelDescriptor, DeviceParamSpec } from './descriptor';
import { ignoresAll } from './qemu2012';
import { RX_PACKET_BUFFER } from './sdm8254x';

/**
 * The frames + time settings of a completion-queue NIC, under their `ethtool -C`
 * names (Documentation/networking/ethtool-netlink.rst, COALESCE_GET/SET:
 * `rx-usecs`, `rx-frames`, `tx-usecs`, `tx-frames`, `cqe-mode-rx`,
 * `cqe-mode-tx`). Defaults: mlx5's (drivers/net/ethernet/mellanox/mlx5/core/en.h
 * MLX5E_PARAMS_DEFAULT_{RX,TX}_CQ_MODERATION_{USEC,PKTS} = 0x10 / 0x20, EQE mode).
 * Ranges: mlx5's MLX5E_MAX_COAL_TIME (4095 us, the CQ period field) and
 * MLX5E_MAX_COAL_FRAMES (65535).
 */
export const FRAMES_TIME_PARAMS = [
  { key: 'cqRxUsecs', label: 'rx-usecs (completion queue)', ethtool: 'rx-usecs', unit: 'us', integer: true, min: 0, max: 4095, default: 16 },
  { key: 'cqRxFrames', label: 'rx-frames (completion queue)', ethtool: 'rx-frames', unit: 'frames', integer: true, min: 0, max: 65535, default: 32 },
  { key: 'cqTxUsecs', label: 'tx-usecs (completion queue)', ethtool: 'tx-usecs', unit: 'us', integer: true, min: 0, max: 4095, default: 16 },
  { key: 'cqTxFrames', label: 'tx-frames (completion queue)', ethtool: 'tx-frames', unit: 'frames', integer: true, min: 0, max: 65535, default: 32 },
  { key: 'cqRxCqeMode', label: 'cqe-mode-rx (0 EQE, 1 CQE)', ethtool: 'cqe-mode-rx', onOff: true, unit: 'mode', integer: true, min: 0, max: 1, default: 0 },
  { key: 'cqTxCqeMode', label: 'cqe-mode-tx (0 EQE, 1 CQE)', ethtool: 'cqe-mode-tx', onOff: true, unit: 'mode', integer: true, min: 0, max: 1, default: 0 },
] as const satisfies readonly DeviceParamSpec[];

const DEFAULTS: Record<string, number> = Object.fromEntries(FRAMES_TIME_PARAMS.map((p) => [p.key, p.default]));

/** One direction's moderation state (an RX or a TX completion queue). */
interface Moderation {
  timer: TimerId;
  cause: number;
  usecsKey: string;
  framesKey: string;
  modeKey: string;
  usecs: number;
  frames: number;
  /** 1: CQE mode (each completion restarts the timer); 0: EQE (the timer runs from the first). */
  cqe: number;
  /** Completions since the last interrupt. */
  count: number;
  /** When the timer started counting (the first completion, or the last in CQE mode), ns. */
  startNs: number;
}

/**
 * `frames-time`: a completion-queue NIC's moderation, as mlx5 and the virtio
 * spec define it (oasis-tcs/virtio-spec device-types/net/description.tex,
 * "Notifications Coalescing / Operation"; ethtool-netlink.rst, cqe-mode):
 *
 * - Per direction, the interrupt fires at the `frames`-th completion since
 *   the last interrupt or `usecs` after the timer started, whichever comes
 *   first; then it waits for the next completion and counts anew.
 * - EQE mode (default): the timer starts at the first completion after the
 *   last interrupt, so every completion's delay is bounded by `usecs`.
 *   CQE mode: every completion restarts it (an idle timer).
 * - `usecs` = 0 or `frames` = 0: an interrupt after every completion (the
 *   virtio spec's rule).
 * - A parameter change is re-evaluated at once (virtio, "Notifications When
 *   Coalescing Parameters Change": 10 packets counted, max_packets set to 8,
 *   the condition is met now).
 * - The interrupt is the cause RXT0 (RX) or TXDW (TX) entering ICR; the
 *   guest's mask (IMS) holds it, as a CQ that is not armed does. This NIC
 *   raises no RXDMT0 or TXQE and reads none of the 8254x's delay registers.
 */
export function createFramesTime(port: DevicePort, params: Readonly<Record<string, number>>): DeviceModel {
  const { timers } = port;
  const get = (key: string) => params[key] ?? DEFAULTS[key];
  const make = (timer: TimerId, cause: number, usecsKey: string, framesKey: string, modeKey: string): Moderation => ({
    timer,
    cause,
    usecsKey,
    framesKey,
    modeKey,
    usecs: get(usecsKey),
    frames: get(framesKey),
    cqe: get(modeKey),
    count: 0,
    startNs: -1,
  });
  const rx = make(TimerId.RX_USECS, RXT0, 'cqRxUsecs', 'cqRxFrames', 'cqRxCqeMode');
  const tx = make(TimerId.TX_USECS, TXDW, 'cqTxUsecs', 'cqTxFrames', 'cqTxCqeMode');

  function fire(m: Moderation): void {
    m.count = 0;
    m.startNs = -1;
    timers.stop(m.timer);
    port.setCause(m.cause);
  }

  function completion(m: Moderation): void {
    m.count++;
    if (m.usecs === 0 || m.frames === 0 || m.count >= m.frames) {
      fire(m);
      return;
    }
    if (m.cqe === 1 || !timers.running(m.timer)) {
      m.startNs = port.now();
      timers.arm(m.timer, m.usecs * 1000);
    }
  }

  /** The conditions checked again after a parameter changed. */
  function reevaluate(m: Moderation): void {
    if (m.count === 0) return;
    if (m.usecs === 0 || m.frames === 0 || m.count >= m.frames) {
      fire(m);
      return;
    }
    const elapsed = port.now() - m.startNs;
    if (elapsed >= m.usecs * 1000) {
      fire(m);
      return;
    }
    timers.arm(m.timer, m.usecs * 1000 - elapsed); // same start, new length (m.startNs kept)
  }

  return {
    windowTimer: -1,
    windowIsQemuTimer: false,
    windowNs: () => 0,
    rxStored: () => completion(rx),
    txWrittenBack(cmd) {
      if (cmd & TXD_CMD_RS) completion(tx);
    },
    txQueueEmpty() {},
    tdtWritten: () => port.transmit(),
    rxFlush() {},
    timerFired(id) {
      if (id === rx.timer) fire(rx);
      else if (id === tx.timer) fire(tx);
    },
    setParam(key, value) {
      for (const m of [rx, tx]) {
        if (key === m.usecsKey) m.usecs = value;
        else if (key === m.framesKey) m.frames = value;
        else if (key === m.modeKey) m.cqe = value;
        else continue;
        reevaluate(m);
      }
    },
  };
}

export const FRAMES_TIME = {
  id: 'frames-time',
  label: 'Frames + time (mlx5 / virtio)',
  note: 'A completion-queue NIC: an interrupt after rx-frames completions or rx-usecs, whichever comes first; the timer runs from the first completion (EQE mode) or restarts at each (CQE mode).',
  hasWire: true,
  rxHold: RX_PACKET_BUFFER,
  timersNote:
    'One timer per queue: rx-usecs and tx-usecs, from the first completion since the last interrupt (EQE mode) or restarted by each (CQE mode); the completion count against rx-frames / tx-frames is the other half.',
  ignores: ignoresAll('not a register of a completion-queue NIC: it uses rx-usecs / rx-frames'),
  causeView: 'completion-queue',
  timers: [TimerId.RX_USECS, TimerId.TX_USECS],
  params: FRAMES_TIME_PARAMS,
  bound: () => null,
  create: (port, params) => createFramesTime(port, params),
} as const satisfies DeviceModelDescriptor;
