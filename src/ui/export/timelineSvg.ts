/**
 * The timeline as an SVG document: the Timeline panel's picture of the
 * visible window, painted by the same code (../timeline/paintTrace) with the
 * SVG painter, under a heading and over the colour key. Pure (string out).
 */
import { type ConsoleOp, type DeviceModelName } from '../../core';
import type { TraceWindow } from '../../state/traceWindow';
import { fmtNs, fmtWindow } from '../../state/format';
import { svgDocument } from '../../export/svg';
import type { Palette } from '../colors';
import { hostKey, layoutLanes, timelineKey, timelineLanes, timelineStyle } from '../timeline/lanes';
import { SvgPainter } from '../timeline/painter';
import { axisHeight, consoleMarks, gutterWidth, paintTrace } from '../timeline/paintTrace';
import { TimeScale } from '../timeline/timeScale';

export interface TimelineSvgInput {
  trace: TraceWindow;
  t0: number;
  t1: number;
  nowNs: number;
  model: DeviceModelName;
  /** The scenario runs the host model: draw the host lane and its key. */
  host?: boolean;
  /** First line of the heading (the scenario). */
  title: string;
  /** The scenario's timed register accesses. */
  console?: readonly ConsoleOp[];
  palette: Palette;
  width?: number;
  /** The guest kernel's software mitigation is on (napiTraced): its lanes are drawn. */
  kernel?: boolean;
}

const HEADING = 48;
const RIGHT = 16;

export function timelineSvg(input: TimelineSvgInput): string {
  const { palette: p } = input;
  const W = Math.round(input.width ?? 1200);
  const style = timelineStyle(false);
  const { lanes, bottom } = layoutLanes(timelineLanes(input.model, input.host ?? false, input.kernel ?? false), style, HEADING + 4);
  const painter = new SvgPainter();
  const scale = new TimeScale({ t0: input.t0, t1: input.t1 }, gutterWidth(painter, lanes, style), W - RIGHT);
  const axisY = bottom + 2;

  painter.text(scale.x0, 20, input.title, { size: 15, weight: 700, fill: p.ink, baseline: 'bottom' });
  painter.text(scale.x0, 38, `Timeline, ${fmtWindow(scale.t0, scale.t1)}; now = ${fmtNs(input.nowNs)}. e1000 IRQ Lab.`, { size: 12, fill: p.muted, baseline: 'bottom' });
  paintTrace(painter, { trace: input.trace, lanes, scale, nowNs: input.nowNs, selectedNs: null, palette: p, style, axisY, marks: consoleMarks(input.console) });

  // The key under the axis, in rows that fit the width.
  let kx = scale.x0;
  let ky = axisY + axisHeight(style) + 8;
  for (const [color, text] of [...timelineKey(p), ...(input.host ? hostKey(p) : [])]) {
    const w = 30 + painter.measure(text, 11);
    if (kx > scale.x0 && kx + w > scale.x1) {
      kx = scale.x0;
      ky += 20;
    }
    painter.rect(kx, ky, 12, 12, color);
    painter.text(kx + 17, ky + 6, text, { size: 11, fill: p.ink });
    kx += w;
  }
  return svgDocument(W, ky + 24, `${input.title}: timeline`, painter.markup());
}
