/**
 * The timeline as an SVG document: the same lanes as the Timeline panel
 * (RX and TX frames, the model's timers, causes set, interrupts with the
 * line-high band, the guest's mask with the unmask wait, the guest vCPU)
 * over the visible window, with a time axis in explicit units. Pure
 * (string out), drawn per pixel column like the canvas, so a dense trace
 * stays a small file.
 */
import { scaleLinear } from 'd3';
import { causeNames } from '../../core/causes';
import type { DeviceModelName } from '../../core/scenario';
import { TraceKind } from '../../core/types';
import type { SpanList, TraceWindow } from '../../state/traceWindow';
import { SpanEnd } from '../../state/traceWindow';
import { fmtNs, fmtWindow } from '../../state/format';
import type { Palette } from '../colors';
import { laneColor, timelineKey, timelineLanes, type TimelineLaneSpec } from '../timelineLanes';
import { n2, runs, svgDocument, xmlEscape } from '../../export/svg';

export interface TimelineSvgInput {
  trace: TraceWindow;
  t0: number;
  t1: number;
  nowNs: number;
  model: DeviceModelName;
  /** First line of the heading (the scenario). */
  title: string;
  palette: Palette;
  width?: number;
}

interface Lane extends TimelineLaneSpec {
  y: number;
  h: number;
}

function axisUnit(widthNs: number): { div: number; name: string } {
  if (widthNs < 5_000) return { div: 1, name: 'ns' };
  if (widthNs < 5_000_000) return { div: 1_000, name: 'µs' };
  if (widthNs < 5_000_000_000) return { div: 1_000_000, name: 'ms' };
  return { div: 1_000_000_000, name: 's' };
}

export function timelineSvg(input: TimelineSvgInput): string {
  const { trace: tw, t0, nowNs: now, palette: p } = input;
  const t1 = input.t1 > t0 ? input.t1 : t0 + 1;
  const W = Math.round(input.width ?? 1200);
  const specs = timelineLanes(input.model);
  // Wide enough for the longest lane label at 11 px (about 6.5 px a character).
  const gutter = Math.max(112, Math.ceil(6.5 * Math.max(...specs.map((l) => l.label.length))) + 16);
  const x1 = W - 16;
  const plotW = Math.max(1, Math.floor(x1 - gutter));
  const k = plotW / (t1 - t0);
  const X = (t: number) => gutter + (t - t0) * k;
  const clampX = (x: number) => Math.min(x1, Math.max(gutter, x));
  const px = (t: number) => Math.floor((t - t0) * k);

  // Lanes.
  const lanes: Lane[] = [];
  let y = 52;
  for (const spec of specs) {
    const h = spec.kind === 'irq' ? 30 : spec.tall ? 26 : 16;
    lanes.push({ ...spec, y, h });
    y += h + 4;
  }
  const axisY = y + 2;
  // The key under the axis, in rows that fit the width.
  const key: { x: number; row: number; color: string; text: string }[] = [];
  let kx = gutter;
  let row = 0;
  for (const [color, text] of timelineKey(p)) {
    const w = 30 + text.length * 6.3;
    if (kx > gutter && kx + w > x1) {
      kx = gutter;
      row++;
    }
    key.push({ x: kx, row, color, text });
    kx += w;
  }
  const H = axisY + 52 + 20 * (row + 1);
  const lane = (kind: Lane['kind']) => lanes.find((l) => l.kind === kind)!;

  const out: string[] = [];
  const rect = (x: number, yy: number, w: number, h: number, fill: string) =>
    out.push(`<rect x="${n2(x)}" y="${n2(yy)}" width="${n2(Math.max(w, 0.5))}" height="${n2(h)}" fill="${fill}"/>`);
  const binsRects = (bins: Uint8Array, yy: number, h: number, fill: string, minW = 1.5) => {
    for (const [s, len] of runs(bins)) rect(gutter + s - (minW - 1) / 2, yy, len + minW - 1, h, fill);
  };

  // Heading.
  out.push(`<text x="${gutter}" y="20" font-size="15" font-weight="700" fill="${p.ink}">${xmlEscape(input.title)}</text>`);
  out.push(
    `<text x="${gutter}" y="38" font-size="12" fill="${p.muted}">${xmlEscape(`Timeline, ${fmtWindow(t0, t1)}; now = ${fmtNs(now)}. e1000 IRQ Lab.`)}</text>`,
  );

  // Lane backgrounds and labels.
  for (const l of lanes) {
    rect(gutter, l.y, plotW, l.h, '#f6f7f8');
    out.push(`<text x="${gutter - 8}" y="${n2(l.y + l.h / 2 + 4)}" font-size="11" text-anchor="end" fill="${laneColor(l.kind, p)}">${xmlEscape(l.label)}</text>`);
  }

  // Records in view, binned per pixel column.
  const bins = () => new Uint8Array(plotW + 1);
  const rxArrive = bins();
  const rxTaken = bins();
  const txQueue = bins();
  const txDone = bins();
  const cause = bins();
  const cpu = bins();
  const drops: number[] = [];
  const asserts: number[] = [];
  for (let i = tw.lowerBound(t0 - tw.maxBusyNs), n = tw.upperBound(t1); i < n; i++) {
    const t = tw.tNs[i];
    const kind = tw.kind[i];
    if (kind === TraceKind.VCPU_BUSY) {
      const e = t + tw.b[i];
      if (e < t0) continue;
      const a = Math.max(0, px(t));
      const b = Math.min(plotW, Math.max(a, Math.ceil((e - t0) * k) - 1));
      cpu.fill(1, a, b + 1);
      continue;
    }
    if (t < t0) continue;
    const c = px(t);
    if (c < 0 || c > plotW) continue;
    switch (kind) {
      case TraceKind.RX_ARRIVE:
        rxArrive[c] = 1;
        break;
      case TraceKind.RX_TAKEN:
        rxTaken[c] = 1;
        break;
      case TraceKind.RX_DROP:
        if (drops.length < 2000) drops.push(t);
        break;
      case TraceKind.TX_QUEUE:
        txQueue[c] = 1;
        break;
      case TraceKind.TX_DONE:
        txDone[c] = 1;
        break;
      case TraceKind.CAUSE_SET:
        cause[c] = 1;
        break;
      case TraceKind.LINE_ASSERT:
        asserts.push(i);
        break;
    }
  }
  const rx = lane('rx');
  binsRects(rxArrive, rx.y + 2, rx.h - 4, p.rx, 2);
  binsRects(rxTaken, rx.y + rx.h * 0.6, rx.h * 0.4 - 2, p.rxLight, 2);
  for (const t of drops) {
    const x = X(t);
    const cy = rx.y + rx.h / 2;
    out.push(`<path d="M${n2(x - 5)} ${n2(cy - 5)}L${n2(x + 5)} ${n2(cy + 5)}M${n2(x + 5)} ${n2(cy - 5)}L${n2(x - 5)} ${n2(cy + 5)}" stroke="${p.drop}" stroke-width="2"/>`);
  }
  const tx = lane('tx');
  binsRects(txQueue, tx.y + tx.h * 0.55, tx.h * 0.45 - 2, p.txLight, 2);
  binsRects(txDone, tx.y + 2, tx.h - 4, p.tx, 2);
  const cs = lane('cause');
  binsRects(cause, cs.y + 4, cs.h - 8, p.irq, 2);
  const cp = lane('cpu');
  binsRects(cpu, cp.y + 2, cp.h - 4, p.cpu, 1);

  // Timers: a bar while running, a dot where it fired.
  for (const l of lanes) {
    if (l.kind !== 'timer' || l.timerId === undefined) continue;
    const spans = tw.timerSpans[l.timerId];
    const running = bins();
    const fired: number[] = [];
    for (let i = spans.firstOverlapping(t0), n = spans.lowerBound(t1 + 1); i < n; i++) {
      const open = !Number.isFinite(spans.end[i]);
      const e = open ? now : spans.end[i];
      if (e < t0) continue;
      const a = Math.max(0, px(spans.start[i]));
      const b = Math.min(plotW, Math.max(a, Math.ceil((e - t0) * k) - 1));
      running.fill(1, a, b + 1);
      if (!open && spans.how[i] === SpanEnd.FIRED && e <= t1 && fired.length < 400) fired.push(e);
    }
    binsRects(running, l.y + 2, l.h - 4, p.timerLight, 1);
    for (const e of fired) out.push(`<circle cx="${n2(X(e))}" cy="${n2(l.y + l.h / 2)}" r="3.5" fill="${p.timer}"/>`);
  }

  // Guest mask: a bar per IMC-to-IMS span, the unmask wait over it.
  const mask = lane('mask');
  const spanBins = (list: SpanList) => {
    const covered = bins();
    for (let i = list.firstOverlapping(t0), n = list.lowerBound(t1 + 1); i < n; i++) {
      const e = Number.isFinite(list.end[i]) ? list.end[i] : now;
      if (e < t0) continue;
      const a = Math.max(0, px(list.start[i]));
      const b = Math.min(plotW, Math.max(a, Math.ceil((e - t0) * k) - 1));
      covered.fill(1, a, b + 1);
    }
    return covered;
  };
  binsRects(spanBins(tw.maskSpans), mask.y + 3, mask.h - 6, p.masked, 1);
  binsRects(spanBins(tw.unmaskWaitSpans), mask.y + 1, mask.h - 2, p.unmaskWait, 1);

  // Interrupts: the line-high band and a marker per assertion, labelled with its causes when there is room.
  const irq = lane('irq');
  const high = bins();
  const ls = tw.lineSpans;
  for (let i = ls.firstOverlapping(t0), n = ls.lowerBound(t1 + 1); i < n; i++) {
    const e = Number.isFinite(ls.end[i]) ? ls.end[i] : now;
    if (e < t0) continue;
    const a = Math.max(0, px(ls.start[i]));
    const b = Math.min(plotW, Math.max(a + 1, Math.ceil((e - t0) * k) - 1));
    high.fill(1, a, b + 1);
  }
  binsRects(high, irq.y + irq.h * 0.45, irq.h * 0.55 - 2, p.irqLight, 1);
  let lastLabelEnd = -Infinity;
  for (const i of asserts) {
    const x = X(tw.tNs[i]);
    out.push(`<path d="M${n2(x - 6)} ${irq.y + 1}L${n2(x + 6)} ${irq.y + 1}L${n2(x)} ${n2(irq.y + 10.6)}Z" fill="${p.irq}"/>`);
    const label = causeNames(tw.a[i]).join('+');
    if (label && asserts.length < 200 && x + 8 > lastLabelEnd) {
      out.push(`<text x="${n2(x + 8)}" y="${irq.y + 11}" font-size="10" font-weight="600" fill="${p.ink}">${xmlEscape(label)}</text>`);
      lastLabelEnd = x + 8 + label.length * 6.2 + 6;
    }
  }

  // The now cursor.
  if (now >= t0 && now <= t1) rect(clampX(X(now)) - 1, lanes[0].y - 4, 2, axisY - lanes[0].y + 4, p.ink);

  // Axis, in one explicit unit.
  const u = axisUnit(t1 - t0);
  const base = t0 > 0 && t0 >= 20 * (t1 - t0) ? Math.floor(t0 / Math.pow(10, Math.ceil(Math.log10(t1 - t0)))) * Math.pow(10, Math.ceil(Math.log10(t1 - t0))) : 0;
  const scale = scaleLinear()
    .domain([(t0 - base) / u.div, (t1 - base) / u.div])
    .range([gutter, gutter + plotW]);
  out.push(`<line x1="${gutter}" y1="${axisY}" x2="${gutter + plotW}" y2="${axisY}" stroke="${p.muted}"/>`);
  for (const v of scale.ticks(Math.max(2, Math.floor(plotW / 90)))) {
    const x = scale(v);
    out.push(`<line x1="${n2(x)}" y1="${lanes[0].y}" x2="${n2(x)}" y2="${axisY}" stroke="${p.grid}" stroke-width="0.6"/>`);
    out.push(`<line x1="${n2(x)}" y1="${axisY}" x2="${n2(x)}" y2="${axisY + 5}" stroke="${p.muted}"/>`);
    out.push(`<text x="${n2(x)}" y="${axisY + 17}" font-size="11" text-anchor="middle" fill="${p.ink}">${xmlEscape(String(+v.toPrecision(12)))}</text>`);
  }
  const unitText = base > 0 ? `${u.name} after ${fmtNs(base)}` : `time (${u.name})`;
  out.push(`<text x="${gutter - 8}" y="${axisY + 17}" font-size="11" text-anchor="end" fill="${p.muted}">${xmlEscape(unitText)}</text>`);

  for (const { x, row: r, color, text } of key) {
    const ky = axisY + 34 + 20 * r;
    rect(x, ky, 12, 12, color);
    out.push(`<text x="${x + 17}" y="${ky + 10}" font-size="11" fill="${p.ink}">${xmlEscape(text)}</text>`);
  }

  return svgDocument(W, H, `${input.title}: timeline`, out.join('\n') + '\n');
}
