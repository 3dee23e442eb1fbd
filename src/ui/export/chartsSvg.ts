/**
 * The metric charts as one SVG document: a small multiple per metric over
 * virtual time (the samples behind the Metrics panel's live charts), each
 * with its axis range written out, so the picture can go into a report.
 */
import { line, scaleLinear } from 'd3';
import { type Metrics } from '../../core';
import { fmt1, fmtNs, fmtRate } from '../../state/format';
import type { Palette } from '../colors';
import { n2, svgDocument, xmlEscape } from '../../export/svg';

export interface ChartMetric {
  label: string;
  value: (m: Metrics, tNs: number) => number;
  show: (v: number) => string;
  color: 'irq' | 'rx' | 'cpu' | 'ink';
}

export const CHART_METRICS: readonly ChartMetric[] = [
  { label: 'Interrupts / s', value: (m) => m.interruptsPerSec, show: fmtRate, color: 'irq' },
  { label: 'Frames per interrupt', value: (m) => m.framesPerInterrupt, show: fmt1, color: 'irq' },
  { label: 'Latency p50', value: (m) => m.latencyUs.p50, show: (v) => fmtNs(v * 1000), color: 'rx' },
  { label: 'Latency p99', value: (m) => m.latencyUs.p99, show: (v) => fmtNs(v * 1000), color: 'rx' },
  { label: 'Drops (RXO)', value: (m) => m.rxDropped, show: fmt1, color: 'ink' },
  { label: 'VM exits / s', value: (m, t) => (t > 0 ? m.exits / (t / 1e9) : 0), show: fmtRate, color: 'cpu' },
  { label: 'Guest CPU', value: (m) => m.guestCpuUtil * 100, show: (v) => `${fmt1(v)} %`, color: 'cpu' },
];

/**
 * A chart draws its samples as a line only from this many on: two samples
 * (the start and an instant after a seek) joined by a line would show a
 * straight trend the run never had, so fewer are drawn as points, with the
 * words "too few samples".
 */
export const MIN_LINE_SAMPLES = 3;
export const TOO_FEW_SAMPLES = 'too few samples';

export interface ChartsSvgInput {
  samples: readonly { tNs: number; metrics: Metrics }[];
  title: string;
  palette: Palette;
}

export function chartsSvg(input: ChartsSvgInput): string {
  const { samples, palette: p } = input;
  const cols = 4;
  const cw = 290;
  const ch = 150;
  const pad = { l: 58, r: 14, t: 26, b: 30 };
  const W = cols * cw + 20;
  const rowsN = Math.ceil(CHART_METRICS.length / cols);
  const H = 56 + rowsN * ch + 10;
  const out: string[] = [];
  const t0 = samples.length ? samples[0].tNs : 0;
  const t1 = samples.length ? samples[samples.length - 1].tNs : 1;
  out.push(`<text x="10" y="20" font-size="15" font-weight="700" fill="${p.ink}">${xmlEscape(input.title)}</text>`);
  out.push(
    `<text x="10" y="38" font-size="12" fill="${p.muted}">${xmlEscape(
      `Metrics over the run so far (each point covers 0 to its instant), ${fmtNs(t0)} to ${fmtNs(t1)} of virtual time; ${samples.length} samples. e1000 IRQ Lab.`,
    )}</text>`,
  );
  CHART_METRICS.forEach((metric, i) => {
    const ox = 10 + (i % cols) * cw;
    const oy = 50 + Math.floor(i / cols) * ch;
    const x0 = ox + pad.l;
    const x1 = ox + cw - pad.r;
    const y0 = oy + ch - pad.b;
    const y1 = oy + pad.t;
    const color = metric.color === 'ink' ? p.ink : p[metric.color];
    out.push(`<text x="${ox + 4}" y="${oy + 16}" font-size="12" font-weight="700" fill="${color}">${xmlEscape(metric.label)}</text>`);
    out.push(`<rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" fill="#f6f7f8"/>`);
    const ys = samples.map((s) => metric.value(s.metrics, s.tNs)).map((v) => (Number.isFinite(v) ? v : 0));
    const maxY = ys.length ? Math.max(...ys) : 0;
    const x = scaleLinear()
      .domain([t0, t1 > t0 ? t1 : t0 + 1])
      .range([x0, x1]);
    const yScale = scaleLinear()
      .domain([0, maxY > 0 ? maxY : 1])
      .range([y0, y1]);
    out.push(`<text x="${x0 - 4}" y="${y1 + 9}" font-size="10" text-anchor="end" fill="${p.muted}">${xmlEscape(metric.show(maxY))}</text>`);
    out.push(`<text x="${x0 - 4}" y="${y0}" font-size="10" text-anchor="end" fill="${p.muted}">0</text>`);
    out.push(`<text x="${x0}" y="${y0 + 14}" font-size="10" fill="${p.muted}">${xmlEscape(fmtNs(t0))}</text>`);
    out.push(`<text x="${x1}" y="${y0 + 14}" font-size="10" text-anchor="end" fill="${p.muted}">${xmlEscape(fmtNs(t1))}</text>`);
    if (samples.length >= MIN_LINE_SAMPLES) {
      const d = line<number>()
        .x((_, k) => x(samples[k].tNs))
        .y((v) => yScale(v))(ys);
      if (d) out.push(`<path d="${d.replace(/(\d+\.\d{3})\d+/g, '$1')}" fill="none" stroke="${color}" stroke-width="1.6"/>`);
    } else if (samples.length > 0) {
      samples.forEach((sm, k) => out.push(`<circle cx="${n2(x(sm.tNs))}" cy="${n2(yScale(ys[k]))}" r="2.5" fill="${color}"/>`));
      out.push(`<text x="${n2((x0 + x1) / 2)}" y="${n2((y0 + y1) / 2)}" font-size="11" text-anchor="middle" fill="${p.muted}">${TOO_FEW_SAMPLES}</text>`);
    }
    const last = ys[ys.length - 1];
    if (last !== undefined) {
      out.push(`<text x="${x1}" y="${oy + 16}" font-size="12" text-anchor="end" fill="${p.ink}">${xmlEscape(metric.show(last))}</text>`);
    }
  });
  return svgDocument(W, H, `${input.title}: metrics`, out.join('\n') + '\n');
}
