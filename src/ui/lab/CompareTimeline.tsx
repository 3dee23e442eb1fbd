/**
 * The comparison's timelines: one lane per configuration (interrupts, RX
 * frames arriving and dropped, TX frames sent, guest vCPU busy), all on one
 * time axis (a d3 scale) with one shared cursor. Moving the pointer over any
 * lane, dragging, the cursor slider or the arrow keys move the cursor in
 * all of them; the wheel or W/S zoom, A/D or Shift+wheel pan, F fits.
 */
import { useEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { axisBottom, scaleLinear, select } from 'd3';
import { causeNames } from '../../core/causes';
import { binCounts, busyUpTo, countAtOrBefore, firstAtOrAfter, nearest } from '../../state/labCompare';
import { labViewStore, useLabView, type CompareResult } from '../../state/labView';
import type { LaneData } from '../../sweep/lanes';
import { fmtInt, fmtNs } from '../../state/format';
import type { Palette } from '../colors';
import { fitCanvas, useWidth } from '../hooks';
import { usePalette } from '../RingPanel';
import { hideTip, showTip } from '../tooltip';

const GUTTER = 44;
const RIGHT = 10;
const ROWS = [
  { key: 'irq', label: 'IRQ', h: 18 },
  { key: 'rx', label: 'RX', h: 14 },
  { key: 'tx', label: 'TX', h: 14 },
  { key: 'cpu', label: 'CPU', h: 9 },
] as const;
const LANE_H = ROWS.reduce((h, r) => h + r.h + 3, 3);

function axisUnit(widthNs: number): { div: number; name: string } {
  if (widthNs < 5_000) return { div: 1, name: 'ns' };
  if (widthNs < 5_000_000) return { div: 1_000, name: 'µs' };
  if (widthNs < 5_000_000_000) return { div: 1_000_000, name: 'ms' };
  return { div: 1_000_000_000, name: 's' };
}

function drawLane(ctx: CanvasRenderingContext2D, lane: LaneData, width: number, t0: number, t1: number, p: Palette): void {
  ctx.clearRect(0, 0, width, LANE_H);
  const plotW = Math.max(1, width - GUTTER - RIGHT);
  const cols = Math.floor(plotW);
  const x = (t: number) => GUTTER + ((t - t0) / (t1 - t0)) * plotW;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  let y = 3;
  for (const row of ROWS) {
    ctx.fillStyle = '#f6f7f8';
    ctx.fillRect(GUTTER, y, plotW, row.h);
    ctx.fillStyle = p.muted;
    ctx.fillText(row.label, 4, y + row.h / 2);
    const ticks = (instants: Float64Array, color: string, top: number, h: number) => {
      const bins = binCounts(instants, t0, t1, cols);
      ctx.fillStyle = color;
      for (let c = 0; c < cols; c++) if (bins[c] > 0) ctx.fillRect(GUTTER + c, top, 1, h);
    };
    if (row.key === 'irq') ticks(lane.irqNs, p.irq, y, row.h);
    if (row.key === 'rx') {
      ticks(lane.rxArriveNs, p.rx, y, row.h / 2);
      ctx.globalAlpha = 0.5;
      ticks(lane.rxTakenNs, p.rx, y + row.h / 2, row.h / 2);
      ctx.globalAlpha = 1;
      const drops = binCounts(lane.rxDropNs, t0, t1, cols);
      ctx.fillStyle = p.drop;
      for (let c = 0; c < cols; c++) if (drops[c] > 0) ctx.fillRect(GUTTER + c - 1, y, 3, row.h);
    }
    if (row.key === 'tx') ticks(lane.txDoneNs, p.tx, y, row.h);
    if (row.key === 'cpu') {
      const s = lane.cpuBusyNs;
      ctx.fillStyle = p.cpu;
      // First span ending after t0 (spans are sorted and disjoint).
      let lo = 0;
      let hi = s.length / 2;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (s[2 * mid + 1] < t0) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < s.length / 2 && s[2 * k] < t1; k++) {
        const a = Math.max(GUTTER, x(s[2 * k]));
        const b = Math.min(GUTTER + plotW, x(s[2 * k + 1]));
        ctx.fillRect(a, y, Math.max(1, b - a), row.h);
      }
    }
    y += row.h + 3;
  }
  // Past the end of the run: hatch.
  const endX = x(lane.durationNs);
  if (endX < GUTTER + plotW) {
    ctx.fillStyle = 'rgba(255,255,255,0.7)';
    ctx.fillRect(Math.max(GUTTER, endX), 0, GUTTER + plotW - Math.max(GUTTER, endX), LANE_H);
  }
}

/** What the cursor reads in one lane. */
export function laneReadout(lane: LaneData, t: number): string {
  const irq = countAtOrBefore(lane.irqNs, t);
  const parts = [
    `${fmtInt(irq)} ${irq === 1 ? 'interrupt' : 'interrupts'}`,
    `${fmtInt(countAtOrBefore(lane.rxArriveNs, t))} RX arrived`,
    `${fmtInt(countAtOrBefore(lane.rxTakenNs, t))} taken`,
  ];
  const drops = countAtOrBefore(lane.rxDropNs, t);
  if (drops > 0) parts.push(`${fmtInt(drops)} dropped`);
  parts.push(`${fmtInt(countAtOrBefore(lane.txDoneNs, t))} TX sent`);
  if (t > 0) parts.push(`vCPU busy ${((busyUpTo(lane.cpuBusyNs, t) / t) * 100).toFixed(1)} %`);
  if (irq > 0) {
    const last = lane.irqNs[irq - 1];
    const causes = causeNames(lane.irqIcr[irq - 1]).join('|') || 'not ours';
    parts.push(`last interrupt ${fmtNs(t - last)} earlier (${causes})`);
  }
  return parts.join(' · ');
}

function Lane({ index, result, width }: { index: number; result: CompareResult; width: number }) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const view = useLabView((s) => s.compare.view);
  const cursor = useLabView((s) => s.compare.cursorNs);
  const palette = usePalette();
  const lane = result.lanes[index];

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0 || !view) return;
    const ctx = fitCanvas(canvas, width, LANE_H);
    if (ctx) drawLane(ctx, lane, width, view.t0, view.t1, palette);
  }, [lane, width, view, palette]);

  const m = lane.metrics;
  return (
    <div className="cmp-lane" data-testid="cmp-lane">
      <div className="cmp-lane-head">
        <b>{result.labels[index]}</b>
        <span className="sub">
          {' '}
          · {fmtInt(m.interrupts)} {m.interrupts === 1 ? 'interrupt' : 'interrupts'} · {fmtInt(m.rxFrames + m.txFrames)} frames{lane.truncated ? ' · lane shows the first events only' : ''}
        </span>
      </div>
      <canvas ref={canvasRef} aria-hidden="true" />
      <div className="cmp-readout" data-testid="cmp-readout">
        {cursor === null ? 'Move the pointer over a lane to read every configuration at the same instant.' : laneReadout(lane, cursor)}
      </div>
    </div>
  );
}

export function CompareTimeline({ result }: { result: CompareResult }) {
  const [wrapRef, width] = useWidth<HTMLDivElement>();
  const axisRef = useRef<SVGGElement | null>(null);
  const lanesRef = useRef<HTMLDivElement | null>(null);
  const view = useLabView((s) => s.compare.view);
  const cursor = useLabView((s) => s.compare.cursorNs);
  const endNs = Math.max(...result.lanes.map((l) => l.durationNs));
  const plotW = Math.max(1, width - GUTTER - RIGHT);

  const st = () => labViewStore.getState();
  const setView = (t0: number, t1: number) => {
    const w = Math.min(Math.max(t1 - t0, 50), endNs * 1.5 + 1000);
    let a = t0;
    a = Math.max(-w * 0.05, Math.min(a, endNs - w * 0.05));
    st().setCompareView({ t0: a, t1: a + w });
  };
  const zoom = (factor: number, center?: number) => {
    const v = st().compare.view;
    if (!v) return;
    const c = center ?? st().compare.cursorNs ?? (v.t0 + v.t1) / 2;
    const w = (v.t1 - v.t0) * factor;
    const frac = (c - v.t0) / (v.t1 - v.t0);
    setView(c - w * Math.min(Math.max(frac, 0), 1), c - w * Math.min(Math.max(frac, 0), 1) + w);
  };
  const pan = (fraction: number) => {
    const v = st().compare.view;
    if (v) setView(v.t0 + (v.t1 - v.t0) * fraction, v.t1 + (v.t1 - v.t0) * fraction);
  };
  const fit = () => st().setCompareView({ t0: 0, t1: endNs });

  // The shared axis.
  useEffect(() => {
    if (!axisRef.current || !view || width === 0) return;
    const u = axisUnit(view.t1 - view.t0);
    const x = scaleLinear()
      .domain([view.t0 / u.div, view.t1 / u.div])
      .range([GUTTER, width - RIGHT]);
    select(axisRef.current)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(plotW / 90))).tickFormat((d) => `${+d}`))
      .call((g) => g.select('.domain').attr('stroke', '#9aa1a9'));
    select(axisRef.current.parentNode as SVGSVGElement)
      .select('text.unit')
      .text(`time (${u.name})`);
  }, [view, width, plotW]);

  // Wheel zoom (non-passive, so the page does not scroll).
  useEffect(() => {
    const el = lanesRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const v = st().compare.view;
      if (!v) return;
      const r = el.getBoundingClientRect();
      const px = e.clientX - r.left - GUTTER;
      if (px < 0) return;
      e.preventDefault();
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) pan((e.deltaX || e.deltaY) / 1000);
      else zoom(Math.exp(e.deltaY * 0.0015), v.t0 + (px / plotW) * (v.t1 - v.t0));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  const timeAt = (clientX: number): number | null => {
    const v = st().compare.view;
    const el = lanesRef.current;
    if (!v || !el) return null;
    const px = clientX - el.getBoundingClientRect().left - GUTTER;
    if (px < 0 || px > plotW) return null;
    return v.t0 + (px / plotW) * (v.t1 - v.t0);
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const t = timeAt(e.clientX);
    if (t === null) return hideTip();
    const clamped = Math.max(0, Math.min(endNs, t));
    st().setCursor(clamped);
    // The interrupt under the pointer, in the lane under the pointer.
    const laneEl = (e.target as Element).closest('.cmp-lane');
    const i = laneEl ? [...(lanesRef.current?.querySelectorAll('.cmp-lane') ?? [])].indexOf(laneEl) : -1;
    const v = st().compare.view!;
    if (i >= 0) {
      const lane = result.lanes[i];
      const k = nearest(lane.irqNs, t, (4 * (v.t1 - v.t0)) / plotW);
      if (k >= 0) {
        showTip(`${result.labels[i]}: interrupt at ${fmtNs(lane.irqNs[k])}, the ISR read ${causeNames(lane.irqIcr[k]).join('|') || 'nothing (not ours)'}`, e.clientX, e.clientY);
        return;
      }
    }
    hideTip();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const v = st().compare.view;
    if (!v) return;
    const c = st().compare.cursorNs ?? v.t0;
    const step = (v.t1 - v.t0) / 100;
    const lane0 = result.lanes[0];
    switch (e.key) {
      case 'ArrowRight':
        if (e.shiftKey) {
          const k = firstAtOrAfter(lane0.irqNs, c + 1);
          st().setCursor(k < lane0.irqNs.length ? lane0.irqNs[k] : c);
        } else st().setCursor(Math.min(endNs, c + step));
        break;
      case 'ArrowLeft':
        if (e.shiftKey) {
          const k = countAtOrBefore(lane0.irqNs, c - 1) - 1;
          st().setCursor(k >= 0 ? lane0.irqNs[k] : c);
        } else st().setCursor(Math.max(0, c - step));
        break;
      case 'w':
      case 'W':
        zoom(0.7);
        break;
      case 's':
      case 'S':
        zoom(1 / 0.7);
        break;
      case 'a':
      case 'A':
        pan(-0.2);
        break;
      case 'd':
      case 'D':
        pan(0.2);
        break;
      case 'f':
      case 'F':
        fit();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const cursorX = cursor !== null && view ? GUTTER + ((cursor - view.t0) / (view.t1 - view.t0)) * plotW : null;
  const windowText = view ? `${fmtNs(Math.max(0, view.t0))} to ${fmtNs(view.t1)}` : '';

  return (
    <section className="panel cmp-timeline" aria-labelledby="h-cmp-timeline">
      <div className="panel-head">
        <h2 id="h-cmp-timeline" className="irq">
          Timelines on one axis
        </h2>
        <div className="timeline-tools" role="group" aria-label="Zoom and pan the comparison">
          <button type="button" onClick={() => zoom(0.5)} aria-label="Zoom in (W)" data-tip="Zoom in (W)">
            +
          </button>
          <button type="button" onClick={() => zoom(2)} aria-label="Zoom out (S)" data-tip="Zoom out (S)">
            −
          </button>
          <button type="button" onClick={() => pan(-0.3)} aria-label="Pan left (A)" data-tip="Pan left (A)">
            ◀
          </button>
          <button type="button" onClick={() => pan(0.3)} aria-label="Pan right (D)" data-tip="Pan right (D)">
            ▶
          </button>
          <button type="button" onClick={fit} data-tip="Show the whole run (F)">
            Fit
          </button>
          <span className="caption">{windowText}</span>
        </div>
      </div>
      <p className="caption">
        Same traffic (seed, arrivals) in every lane. <b className="c-irq">IRQ</b> interrupts; <b className="c-rx">RX</b> frames arriving (upper half), taken by
        the guest (lower half), drops in black; <b className="c-tx">TX</b> frames sent; <b>CPU</b> guest vCPU busy.
      </p>
      <div
        ref={(el) => {
          wrapRef.current = el;
          lanesRef.current = el;
        }}
        className="cmp-lanes"
        tabIndex={0}
        role="group"
        aria-label="Comparison lanes: the pointer or ←/→ move the shared cursor (Shift: to the next interrupt); W/S zoom, A/D pan, F fit"
        onPointerMove={onPointerMove}
        onPointerLeave={() => hideTip()}
        onKeyDown={onKeyDown}
      >
        {result.lanes.map((_, i) => (
          <Lane key={i} index={i} result={result} width={width} />
        ))}
        {cursorX !== null && cursorX >= GUTTER && cursorX <= width - RIGHT && <div className="cmp-cursor" style={{ left: cursorX }} aria-hidden="true" />}
      </div>
      <svg className="cmp-axis" width={width} height={36} aria-hidden="true">
        <g ref={axisRef} transform="translate(0,2)" />
        <text className="unit" x={width - RIGHT} y={33} textAnchor="end" />
      </svg>
      <label className="cmp-scrub">
        <span>Shared cursor</span>
        <input
          type="range"
          min={0}
          max={endNs}
          step={Math.max(1, Math.round(endNs / 2000))}
          value={cursor ?? 0}
          aria-valuetext={cursor === null ? 'not set' : fmtNs(cursor)}
          onChange={(e) => {
            const t = Number(e.target.value);
            st().setCursor(t);
            const v = st().compare.view;
            if (v && (t < v.t0 || t > v.t1)) {
              const w = v.t1 - v.t0;
              setView(t - w / 2, t + w / 2);
            }
          }}
        />
        <output data-testid="cmp-cursor">{cursor === null ? '–' : `t = ${fmtNs(cursor)}`}</output>
      </label>
    </section>
  );
}
