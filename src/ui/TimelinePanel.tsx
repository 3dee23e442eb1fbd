/**
 * "Timeline": lanes for RX frames, TX, each delay timer (with QEMU's
 * main-loop wake-up after its window), cause sets, interrupt assertions, the
 * guest's interrupt mask (IMC to IMS, with the time the line waited for the
 * unmask) and the guest vCPU, on a canvas with a d3 time axis. Zoom and pan
 * with the wheel and drag, or W/S/A/D/F as in Perfetto; hover for details;
 * click an interrupt for why it fired.
 */
import { useEffect, useMemo, useRef } from 'react';
import { axisBottom, scaleLinear, select } from 'd3';
import { causeNames } from '../core/causes';
import type { DeviceModelName } from '../core/scenario';
import { ACTIVITY_NAMES, TIMER_NAMES, TimerId, TraceKind } from '../core/types';
import { labStore, traceWindow, useLab } from '../state/store';
import { SpanEnd, type SpanList } from '../state/traceWindow';
import { WINDOW_TIMERS } from '../core/cycles';
import { fmtHex, fmtInt, fmtNs, fmtWindow } from '../state/format';
import type { Palette } from './colors';
import { explainInterrupt } from './explain';
import { fitCanvas, frameScheduler, useWidth } from './hooks';
import { usePalette } from './RingPanel';
import { hideTip, showTip } from './tooltip';
import {
  UNMASK_WAIT_TEXT,
  laneColor,
  timelineKey,
  timelineLanes,
  wakeTimerHelp,
  type TimelineLaneSpec,
} from './timelineLanes';

interface Lane extends TimelineLaneSpec {
  y: number;
  h: number;
}

function buildLanes(model: DeviceModelName, projector: boolean): { lanes: Lane[]; height: number } {
  const k = projector ? 1.35 : 1;
  const big = Math.round(24 * k);
  const small = Math.round(14 * k);
  const lanes: Lane[] = [];
  let y = 4;
  for (const spec of timelineLanes(model)) {
    const h = spec.tall ? big : small;
    lanes.push({ ...spec, y, h });
    y += h + 3;
  }
  return { lanes, height: y + 2 };
}

const labelFont = (projector: boolean) => `${projector ? 14 : 11}px system-ui, sans-serif`;

/** The label column: wide enough for the longest lane label in the canvas font. */
function gutterFor(lanes: readonly Lane[], projector: boolean): number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return MIN_GUTTER;
  ctx.font = labelFont(projector);
  const widest = Math.max(...lanes.map((l) => ctx.measureText(l.label).width));
  return Math.max(MIN_GUTTER, Math.ceil(widest) + 16);
}

/** Pick the axis unit from the visible width. */
function axisUnit(widthNs: number): { div: number; name: string } {
  if (widthNs < 5_000) return { div: 1, name: 'ns' };
  if (widthNs < 5_000_000) return { div: 1_000, name: 'µs' };
  if (widthNs < 5_000_000_000) return { div: 1_000_000, name: 'ms' };
  return { div: 1_000_000_000, name: 's' };
}

/**
 * Far from t = 0 a narrow window would need labels like 6666840 µs: label
 * the ticks relative to a round instant instead ("µs after 6.666 s").
 */
function axisBase(t0: number, t1: number): number {
  const w = t1 - t0;
  if (t0 <= 0 || t0 < 20 * w) return 0;
  const step = Math.pow(10, Math.ceil(Math.log10(w)));
  return Math.floor(t0 / step) * step;
}

const MIN_GUTTER = 104;

export function TimelinePanel() {
  const model = useLab((s) => s.scenario.device.model);
  const projector = useLab((s) => s.projector);
  const selected = useLab((s) => s.selectedInterruptNs);
  useLab((s) => s.traceVersion);
  const palette = usePalette();
  const [wrapRef, width] = useWidth<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const axisRef = useRef<SVGGElement | null>(null);
  const { lanes, height } = useMemo(() => buildLanes(model, projector), [model, projector]);
  const gutter = useMemo(() => gutterFor(lanes, projector), [lanes, projector]);
  const drag = useRef<{ x: number; t0: number; t1: number; moved: boolean } | null>(null);

  // Redraw on anything that changes the picture, at most once per frame.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    let axisKey = '';
    const draw = () => {
      const st = labStore.getState();
      const ctx = fitCanvas(canvas, width, height);
      if (!ctx) return;
      drawTimeline(ctx, width, height, gutter, lanes, palette, st.view.t0, st.view.t1, st.frame?.nowNs ?? 0, st.selectedInterruptNs, projector);
      const key = `${st.view.t0},${st.view.t1},${width},${projector}`;
      if (axisRef.current && key !== axisKey) {
        axisKey = key;
        const { t0, t1 } = st.view;
        const u = axisUnit(t1 - t0);
        const base = axisBase(t0, t1);
        const x = scaleLinear()
          .domain([(t0 - base) / u.div, (t1 - base) / u.div])
          .range([gutter, width - 8]);
        const axis = axisBottom(x)
          .ticks(Math.max(2, Math.floor((width - gutter) / (projector ? 110 : 80))))
          .tickFormat((d) => `${+d}`);
        select(axisRef.current).call(axis);
        select(axisRef.current.parentNode as SVGSVGElement)
          .select('text.unit')
          .text(base > 0 ? `${u.name} after ${fmtNs(base)}` : `time (${u.name})`);
      }
    };
    const sched = frameScheduler(draw);
    draw();
    const unsub = labStore.subscribe((st, prev) => {
      if (st.traceVersion !== prev.traceVersion || st.view !== prev.view || st.frame !== prev.frame || st.selectedInterruptNs !== prev.selectedInterruptNs) {
        sched.request();
      }
    });
    return () => {
      unsub();
      sched.cancel();
    };
  }, [width, height, lanes, palette, gutter, projector]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      const { t0, t1 } = labStore.getState().view;
      const r = canvas.getBoundingClientRect();
      const x = e.clientX - r.left;
      if (x < gutter) return;
      e.preventDefault();
      const t = t0 + ((x - gutter) / (r.width - gutter - 8)) * (t1 - t0);
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        labStore.getState().pan((e.deltaX || e.deltaY) / 1000);
      } else {
        labStore.getState().zoom(Math.exp(e.deltaY * 0.0015), t);
      }
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [gutter]);

  const timeAt = (clientX: number, r: DOMRect) => {
    const { t0, t1 } = labStore.getState().view;
    return t0 + ((clientX - r.left - gutter) / (r.width - gutter - 8)) * (t1 - t0);
  };

  const onMouseDown = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const { t0, t1 } = labStore.getState().view;
    drag.current = { x: e.clientX, t0, t1, moved: false };
  };

  const onMouseMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const d = drag.current;
    if (d && e.buttons & 1) {
      const dx = e.clientX - d.x;
      if (Math.abs(dx) > 3) d.moved = true;
      if (d.moved) {
        const dt = (-dx / (r.width - gutter - 8)) * (d.t1 - d.t0);
        labStore.getState().setView({ t0: d.t0 + dt, t1: d.t1 + dt, follow: false });
        hideTip();
        return;
      }
    }
    const y = e.clientY - r.top;
    const lane = lanes.find((l) => y >= l.y - 1 && y <= l.y + l.h + 2);
    const x = e.clientX - r.left;
    if (!lane || x < gutter) {
      if (lane && x < gutter) showTip(laneHelp(lane), e.clientX, e.clientY);
      else hideTip();
      return;
    }
    const text = describeAt(lane, timeAt(e.clientX, r), pxToNs(r));
    if (text) showTip(text, e.clientX, e.clientY);
    else hideTip();
  };

  const pxToNs = (r: DOMRect) => {
    const { t0, t1 } = labStore.getState().view;
    return (t1 - t0) / (r.width - gutter - 8);
  };

  const onMouseUp = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved) return;
    // A click: the nearest interrupt within a few pixels.
    const r = e.currentTarget.getBoundingClientRect();
    const t = timeAt(e.clientX, r);
    const tol = 6 * pxToNs(r);
    const hits = traceWindow.interruptsIn(t - tol, t + tol);
    if (hits.length) {
      let best = hits[0];
      for (const i of hits) if (Math.abs(traceWindow.tNs[i] - t) < Math.abs(traceWindow.tNs[best] - t)) best = i;
      labStore.getState().selectInterrupt(traceWindow.tNs[best]);
    }
  };

  // The explanation of the selected interrupt.
  let explanation: string | null = null;
  if (selected !== null) {
    const i = traceWindow.lowerBound(selected - 0.5);
    for (let k = i; k < traceWindow.length && traceWindow.tNs[k] <= selected + 0.5; k++) {
      if (traceWindow.kind[k] === TraceKind.LINE_ASSERT) {
        explanation = explainInterrupt(traceWindow, k);
        break;
      }
    }
  }

  const viewText = useLab((s) => fmtWindow(s.view.t0, s.view.t1));
  const follow = useLab((s) => s.view.follow);

  return (
    <section className="panel timeline-panel" aria-labelledby="h-timeline" data-testid="timeline">
      <div className="panel-head">
        <h2 id="h-timeline">Timeline</h2>
        <div className="timeline-tools" role="group" aria-label="Timeline zoom and pan">
          <button type="button" onClick={() => labStore.getState().zoom(0.5)} data-tip="Zoom in (W)" aria-label="Zoom in (W)">
            +
          </button>
          <button type="button" onClick={() => labStore.getState().zoom(2)} data-tip="Zoom out (S)" aria-label="Zoom out (S)">
            −
          </button>
          <button type="button" onClick={() => labStore.getState().pan(-0.25)} data-tip="Pan left (A)" aria-label="Pan left (A)">
            ◀
          </button>
          <button type="button" onClick={() => labStore.getState().pan(0.25)} data-tip="Pan right (D)" aria-label="Pan right (D)">
            ▶
          </button>
          <button type="button" onClick={() => labStore.getState().fit()} data-tip="Fit everything recorded so far (F)" aria-label="Fit (F)">
            Fit
          </button>
          <label className="follow" data-tip="Keep the current time in view while playing">
            <input type="checkbox" checked={follow} onChange={(e) => labStore.getState().setView({ follow: e.target.checked })} /> follow
          </label>
        </div>
      </div>
      <p className="caption">
        Showing {viewText}. Wheel or W/S to zoom, drag or A/D to pan, F to fit. Hover for details; click an interrupt (▼) to see why it fired.
      </p>
      <div ref={wrapRef} className="canvas-wrap timeline-wrap">
        <canvas
          ref={canvasRef}
          tabIndex={0}
          role="img"
          aria-label={`Timeline from ${viewText}: lanes ${lanes.map((l) => l.label).join(', ')}`}
          data-testid="timeline-canvas"
          onMouseDown={onMouseDown}
          onMouseMove={onMouseMove}
          onMouseUp={onMouseUp}
          onMouseLeave={() => {
            drag.current = null;
            hideTip();
          }}
        />
        <svg className="axis" width={width} height={projector ? 46 : 38} aria-hidden="true">
          <g ref={axisRef} transform="translate(0,1)" />
          <text className="unit" x={8} y={16} />
        </svg>
      </div>
      <ul className="legend" aria-label="Timeline colour key" data-testid="timeline-key">
        {timelineKey(palette).map(([color, meaning]) => (
          <li key={meaning}>
            <i className="sw" style={{ background: color }} /> {meaning}
          </li>
        ))}
      </ul>
      <div className="explain" aria-live="polite" data-testid="explain">
        {explanation ? (
          <>
            <b>Why this interrupt: </b>
            {explanation}
          </>
        ) : (
          <span className="hint">Click an interrupt marker (▼) on the Interrupts lane, or press Shift+→ to step to the next one, to see why it fired.</span>
        )}
      </div>
    </section>
  );
}

function laneHelp(lane: Lane): string {
  switch (lane.kind) {
    case 'rx':
      return 'RX frames: a tick when a frame fully arrived from the wire; a cross when it was dropped (ring full, RXO); a short tick when the guest took it.';
    case 'tx':
      return 'TX frames: a short tick when the application queued a frame, a tall tick when the NIC sent it (descriptor written back).';
    case 'timer':
      return `${lane.timerId === TimerId.WAKE ? wakeTimerHelp(labStore.getState().scenario.guest.costs) : TIMER_NAMES[lane.timerId ?? 0] + '.'} A bar while the timer runs; a dot where it fired, a notch where it was restarted, nothing where it was stopped.`;
    case 'mask':
      return `Guest mask (IMC→IMS): a grey bar while the guest driver has masked interrupts (its ISR writes IMC; it writes IMS when its poll is done). In reddish purple, ${UNMASK_WAIT_TEXT}: a cause was pending and the window (and QEMU's main-loop wake-up) over, so the line would have asserted, but it waited for the IMS write.`;
    case 'cause':
      return 'ICR causes set: a tick when a cause bit is set in ICR (by a timer or at once).';
    case 'irq':
      return 'Interrupts: ▼ marks each assertion of the line, with its causes; the band shows how long the line stayed asserted (until the ISR read ICR).';
    case 'cpu':
      return 'Guest vCPU: when the guest is busy (interrupt injection, ISR, NAPI poll, VM exits for register accesses).';
  }
}

/** What is under the pointer in a lane. */
function describeAt(lane: Lane, t: number, nsPerPx: number): string | null {
  const tw = traceWindow;
  const tol = 5 * nsPerPx;
  for (let i = 0; i < tw.gaps.length; i++) {
    if (t >= tw.gaps.start[i] - tol && t <= tw.gaps.end[i] + tol) {
      return `Not recorded: ${tw.gaps.value[i].toLocaleString('en-US')} trace records from ${fmtNs(tw.gaps.start[i])} to ${fmtNs(tw.gaps.end[i])} were skipped because time ran faster than they could be shown. Pause and step back (←) or seek here to see them.`;
    }
  }
  if (lane.kind === 'timer') {
    const id = lane.timerId ?? 0;
    const spans = tw.timerSpans[id];
    const now = labStore.getState().frame?.nowNs ?? 0;
    if (!spans) return null;
    for (let i = spans.firstOverlapping(t - tol), n = spans.lowerBound(t + tol + 1); i < n; i++) {
      const end = Number.isFinite(spans.end[i]) ? spans.end[i] : now;
      if (t >= spans.start[i] - tol && t <= end + tol) {
        const how = ['still running', 'fired', 'restarted', 'stopped', ''][spans.how[i]];
        const expiry = spans.value[i];
        return `${TIMER_NAMES[id]}: started at ${fmtNs(spans.start[i])}, due at ${fmtNs(expiry)}; ${how}${
          Number.isFinite(spans.end[i]) ? ` at ${fmtNs(spans.end[i])} after ${fmtNs(spans.end[i] - spans.start[i])}` : ''
        }.`;
      }
    }
    return null;
  }
  if (lane.kind === 'mask') return describeMask(t, tol);
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
  const kinds: Record<Exclude<Lane['kind'], 'timer' | 'mask' | 'cpu'>, number[]> = {
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
function waitStartReason(t: number): string {
  const endedAt = (id: number) => {
    const spans = traceWindow.timerSpans[id];
    const i = spans.firstOverlapping(t);
    return i < spans.length && spans.end[i] === t;
  };
  if (endedAt(TimerId.WAKE)) return "QEMU's main loop ran the window's callback";
  for (const id of WINDOW_TIMERS) if (endedAt(id)) return `the ${id === TimerId.ITR ? 'ITR window' : TIMER_NAMES[id]} ended`;
  return 'a cause was set';
}

function describeMask(t: number, tol: number): string | null {
  const tw = traceWindow;
  const now = labStore.getState().frame?.nowNs ?? 0;
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
  return `${UNMASK_WAIT_TEXT[0].toUpperCase()}${UNMASK_WAIT_TEXT.slice(1)}: ${fmtNs(to - from)}, from ${fmtNs(from)} (${waitStartReason(from)}, with a cause pending) until the IMS write at ${fmtNs(to)}, when the line asserted. ${masked}`;
}

function drawTimeline(
  ctx: CanvasRenderingContext2D,
  W: number,
  H: number,
  gutter: number,
  lanes: Lane[],
  p: Palette,
  t0: number,
  t1: number,
  now: number,
  selectedNs: number | null,
  projector: boolean,
): void {
  const tw = traceWindow;
  const x1 = W - 8;
  const plotW = Math.max(1, x1 - gutter);
  const k = plotW / Math.max(1e-9, t1 - t0);
  const X = (t: number) => gutter + (t - t0) * k;
  ctx.clearRect(0, 0, W, H);
  const font = projector ? 14 : 11;

  // Lane backgrounds and labels.
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  ctx.font = labelFont(projector);
  for (const l of lanes) {
    ctx.fillStyle = '#f6f7f8';
    ctx.fillRect(gutter, l.y, plotW, l.h);
    ctx.fillStyle = laneColor(l.kind, p);
    ctx.fillText(l.label, gutter - 8, l.y + l.h / 2);
  }
  const lane = (kind: Lane['kind']) => lanes.find((l) => l.kind === kind);

  // Vertical grid is drawn by the axis; mark t = 0 and the now cursor later.
  ctx.save();
  ctx.beginPath();
  ctx.rect(gutter, 0, plotW, H);
  ctx.clip();

  // Tick lanes via per-pixel bins: dense traces cost one rect per pixel.
  const binRx = new Uint8Array(plotW + 1);
  const binRxTaken = new Uint8Array(plotW + 1);
  const binTxQ = new Uint8Array(plotW + 1);
  const binTxDone = new Uint8Array(plotW + 1);
  const binCause = new Uint8Array(plotW + 1);
  const drops: number[] = [];
  const asserts: number[] = [];
  const lookback = tw.maxBusyNs;
  const iStart = tw.lowerBound(t0 - lookback);
  const iEnd = tw.upperBound(t1);
  const rCpu = lane('cpu');
  // vCPU busy spans.
  if (rCpu) {
    ctx.fillStyle = p.cpu;
    let lastPx = -1;
    for (let i = iStart; i < iEnd; i++) {
      if (tw.kind[i] !== TraceKind.VCPU_BUSY) continue;
      const s = tw.tNs[i];
      const e = s + tw.b[i];
      if (e < t0) continue;
      const xs = Math.max(gutter, X(s));
      const xe = Math.min(x1, X(e));
      const w = Math.max(1, xe - xs);
      if (Math.floor(xs) === lastPx && w <= 1) continue;
      lastPx = Math.floor(xs);
      ctx.fillRect(xs, rCpu.y + 2, w, rCpu.h - 4);
    }
  }
  const iVis = tw.lowerBound(t0);
  for (let i = iVis; i < iEnd; i++) {
    const px = Math.floor((tw.tNs[i] - t0) * k);
    if (px < 0 || px > plotW) continue;
    switch (tw.kind[i]) {
      case TraceKind.RX_ARRIVE:
        binRx[px] = 1;
        break;
      case TraceKind.RX_TAKEN:
        binRxTaken[px] = 1;
        break;
      case TraceKind.RX_DROP:
        if (drops.length < 2000) drops.push(tw.tNs[i]);
        break;
      case TraceKind.TX_QUEUE:
        binTxQ[px] = 1;
        break;
      case TraceKind.TX_DONE:
        binTxDone[px] = 1;
        break;
      case TraceKind.CAUSE_SET:
        binCause[px] = 1;
        break;
      case TraceKind.LINE_ASSERT:
        asserts.push(i);
        break;
      default:
        break;
    }
  }
  const drawBins = (bins: Uint8Array, color: string, y: number, h: number, w = 1.5) => {
    ctx.fillStyle = color;
    // One rect per run of marked pixels.
    for (let px = 0; px <= plotW; px++) {
      if (!bins[px]) continue;
      let end = px;
      while (end + 1 <= plotW && bins[end + 1]) end++;
      ctx.fillRect(gutter + px - w / 2 + 0.5, y, end - px + w, h);
      px = end;
    }
  };
  const rRx = lane('rx');
  if (rRx) {
    drawBins(binRx, p.rx, rRx.y + 2, rRx.h - 4, projector ? 2.5 : 2);
    drawBins(binRxTaken, p.rxLight, rRx.y + rRx.h * 0.6, rRx.h * 0.4 - 2, projector ? 3 : 2);
    ctx.strokeStyle = p.drop;
    ctx.lineWidth = 2;
    const s = Math.min(5, rRx.h / 3);
    for (const t of drops) {
      const x = X(t);
      const cy = rRx.y + rRx.h / 2;
      ctx.beginPath();
      ctx.moveTo(x - s, cy - s);
      ctx.lineTo(x + s, cy + s);
      ctx.moveTo(x + s, cy - s);
      ctx.lineTo(x - s, cy + s);
      ctx.stroke();
    }
  }
  const rTx = lane('tx');
  if (rTx) {
    drawBins(binTxQ, p.txLight, rTx.y + rTx.h * 0.55, rTx.h * 0.45 - 2, projector ? 3 : 2);
    drawBins(binTxDone, p.tx, rTx.y + 2, rTx.h - 4, projector ? 2.5 : 2);
  }
  const rCause = lane('cause');
  if (rCause) drawBins(binCause, p.irq, rCause.y + 4, rCause.h - 8, projector ? 2.5 : 2);

  // Timer spans: one list per timer, never overlapping, so one step back
  // from the window's start is enough.
  for (const l of lanes) {
    if (l.kind !== 'timer' || l.timerId === undefined) continue;
    const spans = tw.timerSpans[l.timerId];
    if (!spans) continue;
    const upto = spans.lowerBound(t1 + 1);
    let lastPx = -Infinity;
    for (let i = spans.firstOverlapping(t0); i < upto; i++) {
      const s = spans.start[i];
      const open = !Number.isFinite(spans.end[i]);
      const e = open ? now : spans.end[i];
      if (e < t0 && !open) continue;
      const xs = X(s);
      const xe = X(e);
      // Many short runs in one pixel (dense traffic): draw the pixel once.
      if (!open && xe - xs < 1 && Math.floor(xs) === lastPx) continue;
      lastPx = Math.floor(xs);
      ctx.fillStyle = p.timerLight;
      ctx.fillRect(xs, l.y + 2, Math.max(1, xe - xs), l.h - 4);
      ctx.fillStyle = p.timer;
      ctx.fillRect(xs, l.y + 2, Math.max(1, Math.min(2, xe - xs)), l.h - 4);
      if (open) {
        // Still running: dashed outline up to when it would expire.
        const xx = X(spans.value[i]);
        ctx.setLineDash([3, 3]);
        ctx.strokeStyle = p.timer;
        ctx.lineWidth = 1;
        ctx.strokeRect(xs + 0.5, l.y + 2.5, Math.max(1, xx - xs), l.h - 5);
        ctx.setLineDash([]);
      } else if (spans.how[i] === SpanEnd.FIRED) {
        ctx.fillStyle = p.timer;
        ctx.beginPath();
        ctx.arc(xe, l.y + l.h / 2, Math.min(4.5, l.h / 2 - 1), 0, Math.PI * 2);
        ctx.fill();
      } else if (spans.how[i] === SpanEnd.RESTARTED) {
        ctx.fillStyle = p.timer;
        ctx.fillRect(xe - 1, l.y, 2, l.h);
      }
    }
  }

  // Guest mask: a bar per IMC-to-IMS span, the unmask wait over it.
  const rMask = lane('mask');
  if (rMask) {
    const bars = (list: SpanList, color: string, y: number, h: number) => {
      ctx.fillStyle = color;
      let lastPx = -Infinity;
      for (let i = list.firstOverlapping(t0), n = list.lowerBound(t1 + 1); i < n; i++) {
        const e = Number.isFinite(list.end[i]) ? list.end[i] : now;
        if (e < t0) continue;
        const xs = X(list.start[i]);
        const xe = X(e);
        if (xe - xs < 1 && Math.floor(xs) === lastPx) continue;
        lastPx = Math.floor(xs);
        ctx.fillRect(xs, y, Math.max(1, xe - xs), h);
      }
    };
    bars(tw.maskSpans, p.masked, rMask.y + 3, rMask.h - 6);
    bars(tw.unmaskWaitSpans, p.unmaskWait, rMask.y + 1, rMask.h - 2);
  }

  // Line-high spans and assertion markers.
  const rIrq = lane('irq');
  if (rIrq) {
    const ls = tw.lineSpans;
    for (let i = ls.firstOverlapping(t0); i < ls.lowerBound(t1 + 1); i++) {
      const s = ls.start[i];
      const e = Number.isFinite(ls.end[i]) ? ls.end[i] : now;
      if (e < t0) continue;
      ctx.fillStyle = p.irqLight;
      ctx.fillRect(X(s), rIrq.y + rIrq.h * 0.45, Math.max(2, X(e) - X(s)), rIrq.h * 0.55 - 2);
    }
    ctx.font = `600 ${font - 1}px system-ui, sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    let lastLabelEnd = -Infinity;
    const tri = projector ? 8 : 6;
    for (const i of asserts) {
      const x = X(tw.tNs[i]);
      const sel = selectedNs !== null && Math.abs(tw.tNs[i] - selectedNs) < 0.5;
      ctx.fillStyle = p.irq;
      ctx.beginPath();
      ctx.moveTo(x - tri, rIrq.y + 1);
      ctx.lineTo(x + tri, rIrq.y + 1);
      ctx.lineTo(x, rIrq.y + tri * 1.6);
      ctx.closePath();
      ctx.fill();
      if (sel) {
        ctx.strokeStyle = p.ink;
        ctx.lineWidth = 2;
        ctx.strokeRect(x - tri - 3, rIrq.y - 1, tri * 2 + 6, rIrq.h + 2);
      }
      const label = causeNames(tw.a[i]).join('+');
      const lw = ctx.measureText(label).width;
      if (label && x + tri + 2 > lastLabelEnd && asserts.length < 200) {
        ctx.fillStyle = p.ink;
        ctx.fillText(label, x + tri + 2, rIrq.y + 2);
        lastLabelEnd = x + tri + 2 + lw + 6;
      }
    }
  }

  // Gaps: records the worker skipped because time ran faster than they could be shown.
  const gaps = tw.gaps;
  if (gaps.length) {
    ctx.fillStyle = 'rgba(110,119,129,0.18)';
    for (let i = 0; i < gaps.length; i++) {
      const s = gaps.start[i];
      const e = gaps.end[i];
      if (e < t0 || s > t1) continue;
      const xs = X(s);
      const w = Math.max(2, X(e) - xs);
      ctx.fillRect(xs, 0, w, H);
      ctx.strokeStyle = 'rgba(110,119,129,0.45)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let hx = xs - H; hx < xs + w; hx += 8) {
        ctx.moveTo(Math.max(xs, hx), hx < xs ? H - (xs - hx) : H);
        ctx.lineTo(Math.min(xs + w, hx + H), hx + H > xs + w ? H - (xs + w - hx) : 0);
      }
      ctx.stroke();
    }
  }

  // Now cursor.
  const xn = X(now);
  ctx.fillStyle = p.ink;
  ctx.fillRect(xn - 1, 0, 2, H);
  ctx.restore();

  // Label the cursor in the gutter-free space at the top.
  if (xn >= gutter && xn <= x1) {
    ctx.font = `600 ${font - 1}px system-ui, sans-serif`;
    const text = `now ${fmtNs(now)}`;
    const tw2 = ctx.measureText(text).width + 8;
    const lx = Math.min(x1 - tw2, xn + 3);
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(lx, H - font - 6, tw2, font + 4);
    ctx.fillStyle = p.ink;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(text, lx + 4, H - 3);
  }
}
