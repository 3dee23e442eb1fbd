/**
 * The Simulator's timeline drawn from the trace window, once, for any
 * painter: lane backgrounds and labels, frame ticks binned per pixel
 * column (a dense trace costs one rectangle per run of pixels), timer
 * spans, the guest's mask with the unmask wait, the line-high band and
 * interrupt markers, unrecorded gaps, the now cursor and the time axis.
 * The canvas in the Timeline panel and the SVG export both call this.
 */
import { causeNames, TraceKind, type ConsoleOp, hostThreadStates } from '../../core';
import { SpanEnd, type SpanList, type TraceWindow } from '../../state/traceWindow';
import { fmtNs } from '../../state/format';
import type { Palette } from '../colors';
import { laneColor, type TimelineLane, type TimelineStyle } from './lanes';
import type { Painter } from './painter';
import { rearmMarks, type RearmMark, type RearmWho } from './rearmMarks';
import { axisTicks, type AxisTicks, type TimeScale } from './timeScale';

export interface TracePicture {
  trace: TraceWindow;
  lanes: readonly TimelineLane[];
  /** Maps the visible window onto the plot; its x0 is the label column's width. */
  scale: TimeScale;
  nowNs: number;
  selectedNs: number | null;
  palette: Palette;
  style: TimelineStyle;
  /** Where the axis line goes (below the lanes). */
  axisY: number;
  /** The scenario's timed register accesses (console list), drawn as markers. */
  marks?: readonly ConsoleMark[];
  /** A lesson question's guess and, once revealed, its answer. */
  predictions?: readonly PredictionMark[];
}

/**
 * A lesson's prediction on the timeline: the class's guess (a dashed line,
 * its tag on the second row) or the revealed answer (a solid, thicker line,
 * its tag on the third row), so the two differ without colour and their
 * tags never cover each other.
 */
export interface PredictionMark {
  tNs: number;
  kind: 'guess' | 'answer';
  /** "your guess 150 µs", "answer 152.1 µs". */
  label: string;
}

/** A timed register access on the timeline. */
export interface ConsoleMark {
  tNs: number;
  /** "RADV=0", "ICR read". */
  label: string;
}

/** The markers of a scenario's console list. */
export function consoleMarks(console: readonly ConsoleOp[] | undefined): ConsoleMark[] {
  return (console ?? []).map((op) => ({
    tNs: Math.round(op.tUs * 1000),
    label: op.op === 'write' ? `${op.reg}=${op.value}` : `${op.reg} read`,
  }));
}

const LANE_BG = '#f6f7f8';
const MIN_GUTTER = 104;

/** The label column: wide enough for the longest lane label. */
export function gutterWidth(p: Painter, lanes: readonly { label: string }[], style: TimelineStyle): number {
  const widest = Math.max(...lanes.map((l) => p.measure(l.label, style.labelSize)));
  return Math.max(MIN_GUTTER, Math.ceil(widest) + 16);
}

/** Height the axis needs under the lanes. */
export function axisHeight(style: TimelineStyle): number {
  return style.labelSize + 22;
}

/** Marked (non-zero) pixel columns, drawn as one rectangle per run. */
export function paintBins(p: Painter, bins: ArrayLike<number>, x0: number, y: number, h: number, color: string, w: number): void {
  for (let px = 0; px < bins.length; px++) {
    if (!bins[px]) continue;
    let end = px;
    while (end + 1 < bins.length && bins[end + 1]) end++;
    p.rect(x0 + px - w / 2 + 0.5, y, end - px + w, h, color);
    px = end;
  }
}

/** Bars for spans of a list (never overlapping), one per pixel at most when they are short. */
function paintSpans(p: Painter, list: SpanList, s: TimeScale, now: number, y: number, h: number, color: string): void {
  let lastPx = -Infinity;
  for (let i = list.firstOverlapping(s.t0), n = list.lowerBound(s.t1 + 1); i < n; i++) {
    const e = Number.isFinite(list.end[i]) ? list.end[i] : now;
    if (e < s.t0) continue;
    const xs = s.x(list.start[i]);
    const xe = s.x(e);
    if (xe - xs < 1 && Math.floor(xs) === lastPx) continue;
    lastPx = Math.floor(xs);
    p.rect(xs, y, Math.max(1, xe - xs), h, color);
  }
}

export function paintTrace(p: Painter, pic: TracePicture): void {
  const { trace: tw, scale: s, nowNs: now, palette: c, style } = pic;
  const lanes = pic.lanes;
  const top = lanes[0]?.y ?? 0;
  const lanesBottom = pic.axisY;
  const axis = axisTicks(s, style.tickSpacing);

  // Lane backgrounds and labels, and the axis's grid behind the marks.
  for (const l of lanes) {
    p.rect(s.x0, l.y, s.width, l.h, LANE_BG);
    p.text(s.x0 - 8, l.y + l.h / 2, l.label, { size: style.labelSize, fill: laneColor(l.kind, c), anchor: 'end' });
  }
  p.lines(
    axis.ticks.map((t) => [t.x, top, t.x, lanesBottom] as const),
    c.grid,
    0.6,
  );
  const lane = (kind: TimelineLane['kind']) => lanes.find((l) => l.kind === kind);

  p.clip(s.x0, 0, s.width, lanesBottom);
  const cols = s.columns;
  const bins = () => new Uint8Array(cols + 1);
  const binRx = bins();
  const binRxTaken = bins();
  const binTxQ = bins();
  const binTxDone = bins();
  const binCause = bins();
  const drops: number[] = [];
  const asserts: number[] = [];
  const iEnd = tw.upperBound(s.t1);

  // vCPU busy spans (a span may start before the window: look back by the longest).
  const rCpu = lane('cpu');
  if (rCpu) {
    let lastPx = -1;
    for (let i = tw.lowerBound(s.t0 - tw.maxBusyNs); i < iEnd; i++) {
      if (tw.kind[i] !== TraceKind.VCPU_BUSY) continue;
      const t = tw.tNs[i];
      const e = t + tw.b[i];
      if (e < s.t0) continue;
      const xs = Math.max(s.x0, s.x(t));
      const w = Math.max(1, Math.min(s.x1, s.x(e)) - xs);
      if (Math.floor(xs) === lastPx && w <= 1) continue;
      lastPx = Math.floor(xs);
      p.rect(xs, rCpu.y + 2, w, rCpu.h - 4, c.cpu);
    }
  }
  const rHost = lane('host');
  if (rHost) paintHostLane(p, tw, s, now, rHost, c);
  const rKernel = lane('kernel');
  if (rKernel) paintKernelLane(p, tw, s, rKernel, style, c);
  for (let i = tw.lowerBound(s.t0); i < iEnd; i++) {
    const px = s.column(tw.tNs[i]);
    if (px < 0 || px > cols) continue;
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
  const rRx = lane('rx');
  if (rRx) {
    paintBins(p, binRx, s.x0, rRx.y + 2, rRx.h - 4, c.rx, style.tick);
    paintBins(p, binRxTaken, s.x0, rRx.y + rRx.h * 0.6, rRx.h * 0.4 - 2, c.rxLight, style.tick + 0.5);
    const r = Math.min(5, rRx.h / 3);
    const cy = rRx.y + rRx.h / 2;
    p.lines(
      drops.flatMap((t) => {
        const x = s.x(t);
        return [[x - r, cy - r, x + r, cy + r] as const, [x + r, cy - r, x - r, cy + r] as const];
      }),
      c.drop,
      2,
    );
  }
  const rTx = lane('tx');
  if (rTx) {
    paintBins(p, binTxQ, s.x0, rTx.y + rTx.h * 0.55, rTx.h * 0.45 - 2, c.txLight, style.tick + 0.5);
    paintBins(p, binTxDone, s.x0, rTx.y + 2, rTx.h - 4, c.tx, style.tick);
  }
  const rCause = lane('cause');
  if (rCause) paintBins(p, binCause, s.x0, rCause.y + 4, rCause.h - 8, c.irq, style.tick);

  // Timer spans: a bar while running, a dot where it fired, a notch where
  // it was restarted, a dashed outline up to the expiry while still running.
  for (const l of lanes) {
    if (l.kind !== 'timer' || l.timerId === undefined) continue;
    const spans = tw.timerSpans[l.timerId];
    if (!spans) continue;
    let lastPx = -Infinity;
    for (let i = spans.firstOverlapping(s.t0), n = spans.lowerBound(s.t1 + 1); i < n; i++) {
      const open = !Number.isFinite(spans.end[i]);
      const e = open ? now : spans.end[i];
      if (e < s.t0 && !open) continue;
      const xs = s.x(spans.start[i]);
      const xe = s.x(e);
      // Many short runs in one pixel (dense traffic): draw the pixel once.
      if (!open && xe - xs < 1 && Math.floor(xs) === lastPx) continue;
      lastPx = Math.floor(xs);
      p.rect(xs, l.y + 2, Math.max(1, xe - xs), l.h - 4, c.timerLight);
      p.rect(xs, l.y + 2, Math.max(1, Math.min(2, xe - xs)), l.h - 4, c.timer);
      if (open) p.strokeRect(xs + 0.5, l.y + 2.5, Math.max(1, s.x(spans.value[i]) - xs), l.h - 5, c.timer, 1, 3);
      else if (spans.how[i] === SpanEnd.FIRED) p.circle(xe, l.y + l.h / 2, Math.min(4.5, l.h / 2 - 1), c.timer);
      else if (spans.how[i] === SpanEnd.RESTARTED) p.rect(xe - 1, l.y, 2, l.h, c.timer);
    }
  }

  // Guest mask: a bar per IMC-to-IMS span, the unmask wait over it.
  const rMask = lane('mask');
  if (rMask) {
    paintSpans(p, tw.maskSpans, s, now, rMask.y + 3, rMask.h - 6, c.masked);
    paintSpans(p, tw.unmaskWaitSpans, s, now, rMask.y + 1, rMask.h - 2, c.unmaskWait);
  }

  // Line-high band and a marker per assertion, labelled with its causes when there is room.
  const rIrq = lane('irq');
  if (rIrq) {
    const ls = tw.lineSpans;
    for (let i = ls.firstOverlapping(s.t0), n = ls.lowerBound(s.t1 + 1); i < n; i++) {
      const e = Number.isFinite(ls.end[i]) ? ls.end[i] : now;
      if (e < s.t0) continue;
      const xs = s.x(ls.start[i]);
      p.rect(xs, rIrq.y + rIrq.h * 0.45, Math.max(2, s.x(e) - xs), rIrq.h * 0.55 - 2, c.irqLight);
    }
    const m = style.marker;
    const xs = asserts.map((i) => s.x(tw.tNs[i]));
    for (const [k, i] of asserts.entries()) {
      const x = xs[k];
      p.polygon([x - m, rIrq.y + 1, x + m, rIrq.y + 1, x, rIrq.y + m * 1.6], c.irq);
      if (pic.selectedNs !== null && Math.abs(tw.tNs[i] - pic.selectedNs) < 0.5) p.strokeRect(x - m - 3, rIrq.y - 1, m * 2 + 6, rIrq.h + 2, c.ink, 2);
    }
    for (const { x, text } of interruptLabels(
      p,
      xs,
      asserts.map((i) => causeNames(tw.a[i]).join('+')),
      m,
      style.markerLabelSize,
      s.x1,
    )) {
      p.text(x, rIrq.y + 2, text, { size: style.markerLabelSize, weight: 600, fill: c.ink, baseline: 'top' });
    }
  }

  // Gaps: records the worker skipped because time ran faster than they could be shown.
  const gaps = tw.gaps;
  for (let i = 0; i < gaps.length; i++) {
    const g0 = gaps.start[i];
    const g1 = gaps.end[i];
    if (g1 < s.t0 || g0 > s.t1) continue;
    const xs = s.x(g0);
    const w = Math.max(2, s.x(g1) - xs);
    const H = lanesBottom;
    p.rect(xs, 0, w, H, 'rgba(110,119,129,0.18)');
    const hatch: [number, number, number, number][] = [];
    for (let hx = xs - H; hx < xs + w; hx += 8) {
      hatch.push([Math.max(xs, hx), hx < xs ? H - (xs - hx) : H, Math.min(xs + w, hx + H), hx + H > xs + w ? H - (xs + w - hx) : 0]);
    }
    p.lines(hatch, 'rgba(110,119,129,0.45)', 1);
  }

  // Timed register accesses: a dashed line and a tag with the write; a tag
  // that would overlap the one before it (by measured width) is left to the hover.
  let lastTagEnd = -Infinity;
  for (const m of pic.marks ?? []) {
    if (m.tNs < s.t0 || m.tNs > s.t1) continue;
    const x = s.x(m.tNs);
    const dash: [number, number, number, number][] = [];
    for (let y = top; y < lanesBottom; y += 6) dash.push([x, y, x, Math.min(lanesBottom, y + 3)]);
    p.lines(dash, c.ink, 1.5);
    if (x + 2 < lastTagEnd) continue;
    const size = style.markerLabelSize;
    const w = p.measure(m.label, size, 600) + 8;
    lastTagEnd = x + 2 + w + 2;
    p.rect(x + 2, top, w, size + 4, 'rgba(255,255,255,0.9)');
    p.strokeRect(x + 2, top, w, size + 4, c.ink, 1);
    p.text(x + 6, top + 2, m.label, { size, weight: 600, fill: c.ink, baseline: 'top' });
  }

  // Predictions: the guess dashed, the answer solid; each tag on its own row under the console tags.
  for (const m of pic.predictions ?? []) {
    if (m.tNs < s.t0 || m.tNs > s.t1) continue;
    const x = s.x(m.tNs);
    const size = style.markerLabelSize;
    const guess = m.kind === 'guess';
    const color = guess ? c.ink : c.irq;
    if (guess) {
      const dash: [number, number, number, number][] = [];
      for (let y = top; y < lanesBottom; y += 8) dash.push([x, y, x, Math.min(lanesBottom, y + 5)]);
      p.lines(dash, color, 2);
    } else p.lines([[x, top, x, lanesBottom]], color, 3);
    const w = p.measure(m.label, size, 700) + 8;
    const y = top + (size + 6) * (guess ? 1 : 2);
    // The tag goes right of its line, or left of it near the plot's right end or when another prediction's line would cross it.
    const crosses = (pic.predictions ?? []).some((o) => o !== m && s.x(o.tNs) > x && s.x(o.tNs) < x + 3 + w);
    const lx = x + 3 + w > s.x1 || (crosses && x - 3 - w >= s.x0) ? x - 3 - w : x + 3;
    p.rect(lx, y, w, size + 4, 'rgba(255,255,255,0.92)');
    p.strokeRect(lx, y, w, size + 4, color, guess ? 1 : 2, guess ? 3 : 0);
    p.text(lx + 4, y + 2, m.label, { size, weight: 700, fill: c.ink, baseline: 'top' });
  }

  // The now cursor.
  const xn = s.x(now);
  p.rect(xn - 1, 0, 2, lanesBottom, c.ink);
  p.unclip();

  // Label the cursor at the bottom of the lanes (within half a pixel: at the run's end, followed, now is the right edge).
  if (xn >= s.x0 - 0.5 && xn <= s.x1 + 0.5) {
    const size = style.nowLabelSize;
    const text = `now ${fmtNs(now)}`;
    const w = p.measure(text, size, 600) + 8;
    const lx = Math.min(s.x1 - w, xn + 3);
    p.rect(lx, lanesBottom - size - 6, w, size + 4, 'rgba(255,255,255,0.85)');
    p.text(lx + 4, lanesBottom - 3, text, { size, weight: 600, fill: c.ink, baseline: 'bottom' });
  }

  paintAxis(p, s, pic.axisY, style, c, axis);
}

/**
 * Which interrupt markers get their causes written beside them: a label
 * goes right of its marker only where it fits, by its measured width, before
 * the next marker (and the plot's right end), so no marker is drawn over a
 * label and no two labels touch; the others are left to the hover. Markers
 * closer than that (a whole run in one window) are thinned out this way.
 */
export function interruptLabels(
  p: Pick<Painter, 'measure'>,
  xs: readonly number[],
  labels: readonly string[],
  marker: number,
  size: number,
  right: number,
): { x: number; text: string }[] {
  const out: { x: number; text: string }[] = [];
  for (let k = 0; k < xs.length; k++) {
    const text = labels[k];
    if (!text) continue;
    const lx = xs[k] + marker + 2;
    const next = Math.min(right, k + 1 < xs.length ? xs[k + 1] - marker - 2 : right);
    // No label is narrower than a letter and a half: dense markers are skipped without measuring.
    if (next - lx < size * 1.5) continue;
    if (lx + p.measure(text, size, 600) <= next) out.push({ x: lx, text });
  }
  return out;
}

/**
 * The host lane, from HOST_STATE records (each holds from its instant to the
 * next): top band QEMU's main loop (running, or runnable and waiting for
 * the core, or waking), middle band the vCPU thread, bottom band the frames
 * waiting in the host socket (height grows with the count, full at 8).
 */
function paintHostLane(p: Painter, tw: TracePicture['trace'], s: TimeScale, now: number, l: TimelineLane, c: Palette): void {
  const band = (l.h - 4) / 3;
  const yMain = l.y + 2;
  const yVcpu = yMain + band;
  const yWait = yVcpu + band;
  // The state at the window's start: the last record before it (look back a bounded way).
  let i = tw.lowerBound(s.t0);
  for (let k = i - 1, guard = 0; k >= 0 && guard < 4096; k--, guard++) {
    if (tw.kind[k] === TraceKind.HOST_STATE) {
      i = k;
      break;
    }
  }
  const iEnd = tw.upperBound(s.t1);
  let t = -Infinity;
  let bits = 0;
  let waiting = 0;
  const draw = (from: number, to: number) => {
    if (to <= s.t0 || from >= s.t1 || to <= from) return;
    const xs = Math.max(s.x0, s.x(from));
    const w = Math.max(1, Math.min(s.x1, s.x(to)) - xs);
    const { main, vcpu } = hostThreadStates(bits);
    if (main === 'running') p.rect(xs, yMain, w, band - 1, c.timer);
    else if (main === 'waiting') p.rect(xs, yMain + band / 3, w, band / 3, c.unmaskWait);
    else if (main === 'waking') p.rect(xs, yMain + band / 3, w, band / 3, c.timer);
    if (vcpu === 'running') p.rect(xs, yVcpu, w, band - 1, c.cpu);
    else if (vcpu === 'waiting') p.rect(xs, yVcpu + band / 3, w, band / 3, c.unmaskWait);
    if (waiting > 0) {
      const h = Math.max(2, (band * Math.min(8, waiting)) / 8);
      p.rect(xs, yWait + band - h, w, h, c.rx);
    }
  };
  for (; i < iEnd; i++) {
    if (tw.kind[i] !== TraceKind.HOST_STATE) continue;
    draw(t, tw.tNs[i]);
    t = tw.tNs[i];
    bits = tw.a[i];
    waiting = tw.b[i];
  }
  draw(t, Math.min(now, s.t1));
}

/** The time axis: a line, ticks with round labels, and the unit under the label column. */
export function paintAxis(p: Painter, s: TimeScale, y: number, style: TimelineStyle, c: Palette, axis: AxisTicks = axisTicks(s, style.tickSpacing)): void {
  p.lines([[s.x0, y, s.x1, y]], c.muted, 1);
  p.lines(
    axis.ticks.map((t) => [t.x, y, t.x, y + 5] as const),
    c.muted,
    1,
  );
  // A label centred on its tick, except the one that would pass the plot's right end: it ends there instead of being cut by the canvas.
  for (const t of axis.ticks) {
    const half = p.measure(t.label, style.labelSize) / 2;
    p.text(Math.min(t.x, s.x1 - half), y + 7, t.label, { size: style.labelSize, fill: c.ink, anchor: 'middle', baseline: 'top' });
  }
  // The unit under the label column, or under the right end of the axis when the column is too narrow for it.
  if (p.measure(axis.unitText, style.labelSize) + 12 <= s.x0) p.text(4, y + 7, axis.unitText, { size: style.labelSize, fill: c.muted, baseline: 'top' });
  else p.text(s.x1, y + 9 + style.labelSize, axis.unitText, { size: style.labelSize, fill: c.muted, anchor: 'end', baseline: 'top' });
}

/** Colour of a kernel-lane mark: re-arms in the interrupt colour, timer polls in the timer colour, busy polls in the CPU colour. */
function kernelMarkColor(who: RearmWho, c: Palette): string {
  switch (who) {
    case 'timer':
      return c.timer;
    case 'busy-poll':
    case 'resume':
    case 'suspend-on':
    case 'suspend-off':
      return c.cpu;
    case 'kept-masked':
      return c.timer;
    default:
      return c.irq;
  }
}

/**
 * The kernel lane: a ▲ and a letter per re-arm (one per pixel column), the
 * suspension marks, and a dot where the unmask was refused. A letter goes
 * right of its ▲, or left of it when the next re-arm is closer than a
 * letter; with neighbours close on both sides it is left to the hover.
 */
function paintKernelLane(p: Painter, tw: TraceWindow, s: TimeScale, lane: { y: number; h: number }, style: TimelineStyle, c: Palette): void {
  const cy = lane.y + lane.h / 2;
  const size = style.markerLabelSize + 2;
  const half = style.marker / 1.5;
  const room = size * 1.2 + half;
  const taken = new Set<number>();
  const rearms: { x: number; m: RearmMark }[] = [];
  const letters: { x: number; text: string; color: string; anchor: 'start' | 'middle' | 'end' }[] = [];
  for (const m of rearmMarks(tw, s.t0, s.t1)) {
    const x = s.x(m.tNs);
    const kind = m.who === 'kept-masked' ? 0 : m.rearm ? 2 : 1;
    const col = Math.floor(x) * 3 + kind;
    if (taken.has(col)) continue;
    taken.add(col);
    const color = kernelMarkColor(m.who, c);
    if (kind === 0) p.circle(x, cy, Math.max(2, style.marker / 2.5), color);
    else if (kind === 1) letters.push({ x, text: m.letter, color, anchor: 'middle' });
    else rearms.push({ x, m });
  }
  rearms.forEach(({ x, m }, i) => {
    const color = kernelMarkColor(m.who, c);
    p.polygon([x, lane.y + 2, x - half, lane.y + lane.h - 3, x + half, lane.y + lane.h - 3], color);
    const prevGap = i > 0 ? x - rearms[i - 1].x : Infinity;
    const nextGap = i + 1 < rearms.length ? rearms[i + 1].x - x : Infinity;
    if (nextGap >= room) letters.push({ x: x + half + 1, text: m.letter, color, anchor: 'start' });
    else if (prevGap >= 2 * room) letters.push({ x: x - half - 1, text: m.letter, color, anchor: 'end' });
  });
  for (const l of letters) p.text(l.x, cy, l.text, { size, weight: 700, fill: l.color, anchor: l.anchor });
}
