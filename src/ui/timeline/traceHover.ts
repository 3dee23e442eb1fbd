/**
 * What the Simulator's timeline says under the pointer: each lane's help
 * (over its label) and the record, timer span or mask span at an instant,
 * read from the trace window. Framework-free, like the painter.
 */
import { causeNames, type CostProfileName, ACTIVITY_NAMES, TIMER_NAMES, TIMER_SPAN_END_WORDS, type TimerSpanEnd, TraceKind, timerDescriptor, timerPanelLabel, WAKE_TIMERS, WINDOW_TIMERS, hostThreadStates } from '../../core';
import type { SpanList, TraceWindow } from '../../state/traceWindow';
import { fmtHex, fmtInt, fmtNs } from '../../state/format';
import { KERNEL_LANE_LABEL, timerTextContext, UNMASK_WAIT_TEXT, type TimelineLaneSpec } from './lanes';
import { rearmMarks, type RearmMark } from './rearmMarks';
import type { ConsoleMark } from './paintTrace';

/** A timer lane label's help: its descriptor's, or its name. */
function timerLaneHelp(id: number, costs: CostProfileName): string {
  const t = timerDescriptor(id);
  if (!t) return `timer ${id}.`;
  return t.laneHelp ? t.laneHelp(timerTextContext(costs)) : `${t.name}.`;
}

export function laneHelp(lane: TimelineLaneSpec, costs: CostProfileName): string {
  switch (lane.kind) {
    case 'rx':
      return 'RX frames: a tick when a frame fully arrived from the wire; a cross when it was dropped (ring full, RXO); a short tick when the guest took it.';
    case 'tx':
      return 'TX frames: a short tick when the application queued a frame, a tall tick when the NIC sent it (descriptor written back).';
    case 'timer':
      return `${timerLaneHelp(lane.timerId ?? 0, costs)} A bar while the timer runs; a dot where it fired, a notch where it was restarted, nothing where it was stopped.`;
    case 'mask':
      return `Guest mask (IMC→IMS): a grey bar while the guest driver has masked interrupts (its ISR writes IMC; it writes IMS when its poll is done). In reddish purple, ${UNMASK_WAIT_TEXT}: a cause was pending and the window (and QEMU's main-loop wake-up) over, so the line would have asserted, but it waited for the IMS write.`;
    case 'cause':
      return 'ICR causes set: a tick when a cause bit is set in ICR (by a timer or at once).';
    case 'irq':
      return 'Interrupts: ▼ marks each assertion of the line, with its causes; the band shows how long the line stayed asserted (until the ISR read ICR).';
    case 'cpu':
      return 'Guest vCPU: when the guest is busy (interrupt injection, ISR, NAPI poll, VM exits for register accesses).';
    case 'kernel':
      return `${KERNEL_LANE_LABEL}: every time the interrupt was turned back on (IMS written), lettered by who did it: H the hard interrupt's softirq poll, T the flush timer's poll (napi_watchdog), B the application's busy poll, R napi_resume_irqs, S a rescheduled softirq poll, I the ISR (NAPI already scheduled); ‖ / ▶ IRQ suspension on / off; a small dot where napi_complete_done refused the unmask (deferral, suspension). Hover a mark for its rule.`;
    case 'host':
      return "Host (the scenario's host model): top, QEMU's main-loop thread (solid: delivering a frame or running a timer callback; thin reddish purple: runnable, waiting for the shared core; thin: waking from idle for a timer); middle, the vCPU thread (solid: running the guest; thin reddish purple: waiting for the core); bottom, frames waiting in the host socket (taller with more, full at 8).";
  }
}

/** What is under the pointer in a lane. */
export function describeAt(tw: TraceWindow, lane: TimelineLaneSpec, t: number, nsPerPx: number, now: number): string | null {
  const tol = 5 * nsPerPx;
  for (let i = 0; i < tw.gaps.length; i++) {
    if (t >= tw.gaps.start[i] - tol && t <= tw.gaps.end[i] + tol) {
      return `Not recorded: ${tw.gaps.value[i].toLocaleString('en-US')} trace records from ${fmtNs(tw.gaps.start[i])} to ${fmtNs(tw.gaps.end[i])} were skipped because time ran faster than they could be shown. Pause and step back (←) or seek here to see them.`;
    }
  }
  if (lane.kind === 'timer') {
    const id = lane.timerId ?? 0;
    const spans = tw.timerSpans[id];
    if (!spans) return null;
    const i = spanAt(spans, t, tol, now);
    if (i < 0) return null;
    // A timer span's `how` is the core's TimerSpanEnd (core/timers/spans.ts), `value` its due instant.
    const how = TIMER_SPAN_END_WORDS[spans.how[i] as TimerSpanEnd];
    return `${TIMER_NAMES[id]}: started at ${fmtNs(spans.start[i])}, due at ${fmtNs(spans.value[i])}; ${how}${
      Number.isFinite(spans.end[i]) ? ` at ${fmtNs(spans.end[i])} after ${fmtNs(spans.end[i] - spans.start[i])}` : ''
    }.`;
  }
  if (lane.kind === 'mask') return describeMask(tw, t, tol, now);
  if (lane.kind === 'host') return describeHost(tw, t);
  if (lane.kind === 'kernel') {
    // The nearest mark within the tolerance; a re-arm wins over a suspension or refusal at the same spot.
    let best: RearmMark | null = null;
    for (const m of rearmMarks(tw, t - tol, t + tol)) {
      if (!best || Math.abs(m.tNs - t) < Math.abs(best.tNs - t) || (m.rearm && !best.rearm && m.tNs === best.tNs)) best = m;
    }
    return best?.text ?? null;
  }
  if (lane.kind === 'cpu') {
    const from = tw.lowerBound(t - tw.maxBusyNs - tol);
    for (let i = tw.upperBound(t + tol) - 1; i >= from; i--) {
      if (tw.kind[i] !== TraceKind.VCPU_BUSY) continue;
      if (t >= tw.tNs[i] - tol && t <= tw.tNs[i] + tw.b[i] + tol) {
        return `Guest vCPU busy: ${ACTIVITY_NAMES[tw.a[i]] ?? 'work'} from ${fmtNs(tw.tNs[i])} for ${fmtNs(tw.b[i])}.`;
      }
    }
    return null;
  }
  const kinds: Record<Exclude<TimelineLaneSpec['kind'], 'timer' | 'mask' | 'cpu' | 'host' | 'kernel'>, number[]> = {
    rx: [TraceKind.RX_ARRIVE, TraceKind.RX_HOLD, TraceKind.RX_DROP, TraceKind.RX_TAKEN],
    tx: [TraceKind.TX_QUEUE, TraceKind.TX_DONE, TraceKind.TX_RECLAIM, TraceKind.TX_APP_DROP],
    cause: [TraceKind.CAUSE_SET],
    irq: [TraceKind.LINE_ASSERT, TraceKind.LINE_DEASSERT, TraceKind.ICR_READ],
  };
  const want = kinds[lane.kind];
  let best = -1;
  let bestD = Infinity;
  let count = 0;
  for (let i = tw.lowerBound(t - tol), n = tw.upperBound(t + tol); i < n; i++) {
    if (!want.includes(tw.kind[i])) continue;
    count++;
    const d = Math.abs(tw.tNs[i] - t);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  if (best < 0) return null;
  const a = tw.a[best];
  const b = tw.b[best];
  const at = fmtNs(tw.tNs[best]);
  const more = count > 1 ? ` (${count} records here; zoom in to separate them)` : '';
  switch (tw.kind[best]) {
    case TraceKind.RX_ARRIVE:
      return `Frame #${a} (${b} bytes) fully arrived from the wire at ${at}.${more}`;
    case TraceKind.RX_HOLD:
      return `Frame #${a} found no free RX descriptor (RDH = RDT) at ${at} and waits (${fmtInt(b)} waiting): on the 8254x in its RX packet buffer, in QEMU in its network layer's queue. It is stored when the guest writes RDT.${more}`;
    case TraceKind.RX_DROP:
      return b
        ? `Frame #${a} dropped at ${at}: no free RX descriptor and the RX packet buffer is full; RXO set, MPC counts it.${more}`
        : `Frame #${a} dropped at ${at} by the host: QEMU's network-layer queue is full (the guest sees no RXO).${more}`;
    case TraceKind.RX_TAKEN:
      return `The guest took the frame in RX slot ${a} at ${at}, ${fmtNs(b)} after it arrived.${more}`;
    case TraceKind.TX_QUEUE:
      return `The application handed frame #${a} (${b} bytes) to the driver at ${at}.${more}`;
    case TraceKind.TX_DONE:
      return `The NIC sent the frame in TX slot ${a} at ${at} and wrote the descriptor back (DD).${more}`;
    case TraceKind.TX_RECLAIM:
      return a === b ? `The guest reclaimed TX slot ${a} at ${at}.${more}` : `The guest reclaimed TX slots ${a} to ${b} (one packet: context and data descriptors) at ${at}.${more}`;
    case TraceKind.TX_APP_DROP:
      return `Frame #${a} from the application was dropped at ${at}: the driver's queue was full.${more}`;
    case TraceKind.CAUSE_SET:
      return `ICR bits set at ${at}: ${causeNames(a).join(', ')}; ICR is now ${fmtHex(b)}.${more}`;
    case TraceKind.LINE_ASSERT:
      return `Interrupt asserted at ${at} for ${causeNames(a).join(', ') || 'no enabled cause'}. Click for why it fired.${more}`;
    case TraceKind.LINE_DEASSERT:
      return `Line deasserted at ${at}.${more}`;
    case TraceKind.ICR_READ:
      return `The ISR read ICR = ${fmtHex(a)} (${causeNames(a).join(' ') || 'none'}) at ${at}, clearing it.${more}`;
    default:
      return null;
  }
}

/** The span of `list` (spans never overlap) under time t, or -1. */
function spanAt(list: SpanList, t: number, tol: number, now: number): number {
  for (let i = list.firstOverlapping(t - tol), n = list.lowerBound(t + tol + 1); i < n; i++) {
    const end = Number.isFinite(list.end[i]) ? list.end[i] : now;
    if (t >= list.start[i] - tol && t <= end + tol) return i;
  }
  return -1;
}

/** What ended at t, letting the line assert but for the guest's mask. */
function waitStartReason(tw: TraceWindow, t: number): string {
  const endedAt = (id: number) => tw.timerSpans[id].endedAt(t) >= 0;
  for (const id of WAKE_TIMERS) if (endedAt(id)) return "QEMU's main loop ran the window's callback";
  for (const id of WINDOW_TIMERS) if (endedAt(id)) return `the ${timerPanelLabel(timerDescriptor(id)!)} ended`;
  return 'a cause was set';
}

function describeMask(tw: TraceWindow, t: number, tol: number, now: number): string | null {
  const masks = tw.maskSpans;
  const m = spanAt(masks, t, tol, now);
  const masked =
    m < 0
      ? ''
      : Number.isFinite(masks.end[m])
        ? `The guest masked interrupts (IMC) at ${fmtNs(masks.start[m])} and unmasked them (IMS) at ${fmtNs(masks.end[m])}, ${fmtNs(masks.end[m] - masks.start[m])} later.`
        : `The guest masked interrupts (IMC) at ${fmtNs(masks.start[m])}; still masked.`;
  const waits = tw.unmaskWaitSpans;
  const w = spanAt(waits, t, tol, now);
  if (w < 0) return masked || null;
  const from = waits.start[w];
  const to = waits.end[w];
  return `${UNMASK_WAIT_TEXT[0].toUpperCase()}${UNMASK_WAIT_TEXT.slice(1)}: ${fmtNs(to - from)}, from ${fmtNs(from)} (${waitStartReason(tw, from)}, with a cause pending) until the IMS write at ${fmtNs(to)}, when the line asserted. ${masked}`;
}

/** What a console marker near t says, or null. */
export function describeMark(marks: readonly ConsoleMark[], t: number, tol: number): string | null {
  const m = marks.find((k) => Math.abs(k.tNs - t) <= tol);
  if (!m) return null;
  return `Timed register access at ${fmtNs(m.tNs)}: ${m.label}. It is in the scenario's console list (from a slider, a number box or the register console), so a link, the command line and a re-run apply it at this instant too.`;
}

/** The interrupt assertion nearest t within tol (ns), or null. */
export function interruptNear(tw: TraceWindow, t: number, tol: number): number | null {
  const hits = tw.interruptsIn(t - tol, t + tol);
  if (!hits.length) return null;
  let best = hits[0];
  for (const i of hits) if (Math.abs(tw.tNs[i] - t) < Math.abs(tw.tNs[best] - t)) best = i;
  return tw.tNs[best];
}

/** The host's state at t: the last HOST_STATE record at or before it. */
function describeHost(tw: TraceWindow, t: number): string | null {
  for (let i = tw.upperBound(t) - 1, guard = 0; i >= 0 && guard < 4096; i--, guard++) {
    if (tw.kind[i] !== TraceKind.HOST_STATE) continue;
    const states = hostThreadStates(tw.a[i]);
    const main = { running: 'running', waiting: 'runnable, waiting for the core', waking: 'waking from idle for a timer', asleep: 'asleep' }[states.main];
    const vcpu = { running: 'running the guest', waiting: 'runnable, waiting for the core', blocked: 'blocked (guest idle)' }[states.vcpu];
    return `Since ${fmtNs(tw.tNs[i])}: QEMU main loop ${main}; vCPU thread ${vcpu}; ${fmtInt(tw.b[i])} frame${tw.b[i] === 1 ? '' : 's'} waiting in the host.`;
  }
  return null;
}
