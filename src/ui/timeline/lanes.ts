/**
 * The timeline's lane model, shared by the Timeline panel (canvas), its SVG
 * export and the Delay timers panel: which timers each device model runs,
 * their short lane labels, the lane order and layout, the style at normal
 * and projector size, the colours of the guest-mask lane, and the key that
 * names every colour.
 */
import { type CostProfileName, type DeviceModelName, TIMER_REGISTRY, TimerId, type TimerTextContext, deviceModelDescriptor } from '../../core';
import { fmtNs, fmtUs } from '../../state/format';
import type { Palette } from '../colors';

/** Short labels for timer lanes by id (the long names are TIMER_NAMES), from the timer registry. */
export const TIMER_LANE_LABELS: readonly string[] = TIMER_REGISTRY.map((t) => t.lane);

/** What the timers' text functions need from the views: the scenario's cost profile and the views' duration formats. */
export function timerTextContext(costs: CostProfileName): TimerTextContext {
  return { costs, fmtNs, fmtUs };
}

export type TimelineLaneKind = 'rx' | 'tx' | 'timer' | 'cause' | 'irq' | 'mask' | 'kernel' | 'cpu' | 'host';

export interface TimelineLaneSpec {
  kind: TimelineLaneKind;
  label: string;
  timerId?: TimerId;
  /** Tall lanes hold ticks and markers; the others hold bars. */
  tall: boolean;
}

/** The host lane's label (QEMU's main loop, the vCPU thread, frames waiting in the host). */
export const HOST_LANE_LABEL = 'Host: main loop / vCPU thread';

/** The kernel lane's label: who turned the interrupt back on. */
export const KERNEL_LANE_LABEL = 'Kernel: who re-armed';

/**
 * The lanes of a model's timeline, top to bottom; `host`: the scenario runs
 * the host model (a "host" lane last); `kernel`: the guest kernel's NAPI
 * knobs or server are on (the NAPI hrtimer's lane and the "who re-armed"
 * lane below the guest mask).
 */
export function timelineLanes(model: DeviceModelName, host = false, kernel = false): TimelineLaneSpec[] {
  return [
    { kind: 'rx', label: 'RX frames', tall: true },
    { kind: 'tx', label: 'TX frames', tall: true },
    ...deviceModelDescriptor(model).timers.map((id): TimelineLaneSpec => ({ kind: 'timer', label: TIMER_LANE_LABELS[id], timerId: id, tall: false })),
    ...(kernel ? [{ kind: 'timer', label: TIMER_LANE_LABELS[TimerId.NAPI], timerId: TimerId.NAPI, tall: false } as const] : []),
    { kind: 'cause', label: 'ICR causes set', tall: true },
    { kind: 'irq', label: 'Interrupts', tall: true },
    { kind: 'mask', label: 'Guest mask (IMC→IMS)', tall: false },
    ...(kernel ? [{ kind: 'kernel', label: KERNEL_LANE_LABEL, tall: true } as const] : []),
    { kind: 'cpu', label: 'Guest vCPU', tall: false },
    ...(host ? [{ kind: 'host', label: HOST_LANE_LABEL, tall: true } as const] : []),
  ];
}

/** Sizes of everything drawn, at normal size or for a projector. */
export interface TimelineStyle {
  /** Lane label and axis text (px). */
  labelSize: number;
  /** Cause names beside interrupt markers (px). */
  markerLabelSize: number;
  /** The "now" label on the cursor (px). */
  nowLabelSize: number;
  /** Half-width of an interrupt marker (px). */
  marker: number;
  /** Height of tall and short lanes (px). */
  tallLane: number;
  shortLane: number;
  /** Width of a frame tick (px). */
  tick: number;
  /** Space between axis ticks (px). */
  tickSpacing: number;
}

/** Lanes a timeline holds at full height; with more, the tall lanes give up height, down to 75 % (short lanes keep theirs: their labels need it). */
const COMFORTABLE_LANES = 10;

export function timelineStyle(projector: boolean, laneCount = 0): TimelineStyle {
  const k = projector ? 1.35 : 1;
  const squeeze = laneCount > COMFORTABLE_LANES ? Math.max(0.75, COMFORTABLE_LANES / laneCount) : 1;
  return {
    labelSize: projector ? 16 : 11,
    markerLabelSize: projector ? 16 : 10,
    nowLabelSize: projector ? 16 : 10,
    marker: projector ? 8 : 6,
    tallLane: Math.round(24 * k * squeeze),
    shortLane: Math.round(14 * k),
    tick: projector ? 2.5 : 2,
    tickSpacing: projector ? 110 : 80,
  };
}

export interface TimelineLane extends TimelineLaneSpec {
  y: number;
  h: number;
}

/** Lanes stacked from `top`, 3 px apart; returns where the last one ends. */
export function layoutLanes(specs: readonly TimelineLaneSpec[], style: TimelineStyle, top = 4): { lanes: TimelineLane[]; bottom: number } {
  const lanes: TimelineLane[] = [];
  let y = top;
  for (const spec of specs) {
    const h = spec.tall ? style.tallLane : style.shortLane;
    lanes.push({ ...spec, y, h });
    y += h + 3;
  }
  return { lanes, bottom: y };
}

/** The lane at height y, or undefined. */
export function laneAt<L extends { y: number; h: number }>(lanes: readonly L[], y: number): L | undefined {
  return lanes.find((l) => y >= l.y - 1 && y <= l.y + l.h + 2);
}

/** Colour of a lane's label. */
export function laneColor(kind: TimelineLaneKind, p: Palette): string {
  switch (kind) {
    case 'rx':
      return p.rx;
    case 'tx':
      return p.tx;
    case 'timer':
      return p.timer;
    case 'cause':
    case 'irq':
      return p.irq;
    case 'mask':
    case 'cpu':
      return p.cpu;
    case 'kernel':
      return p.irq;
    case 'host':
      return p.timer;
  }
}

export const UNMASK_WAIT_TEXT = 'waiting for the guest to unmask';

/** Every colour of the timeline and what it means. */
export function timelineKey(p: Palette): [color: string, meaning: string][] {
  return [
    [p.rx, 'frame arrived (RX)'],
    [p.tx, 'frame sent (TX)'],
    [p.timer, 'timer running / fired'],
    [p.irq, 'cause set, interrupt ▼, line high'],
    [p.masked, 'guest masked (IMC→IMS)'],
    [p.unmaskWait, UNMASK_WAIT_TEXT],
    [p.cpu, 'guest vCPU busy'],
  ];
}

/** The host lane's colours and what they mean (shown in the key when the scenario has a host model). */
export function hostKey(p: Palette): [color: string, meaning: string][] {
  return [
    [p.timer, 'host: QEMU main loop running'],
    [p.cpu, 'host: vCPU thread running'],
    [p.unmaskWait, 'host: thread runnable, waiting for the core'],
    [p.rx, 'host: frames waiting in the host socket'],
  ];
}
