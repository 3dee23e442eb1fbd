/**
 * The comparison's timelines: one lane per configuration (interrupts, RX
 * frames arriving and dropped, TX frames sent, guest vCPU busy), all on one
 * time axis with one shared cursor, drawn by the timeline engine
 * (../timeline). Moving the pointer over any lane, dragging, the cursor
 * slider or the arrow keys move the cursor in all of them; the wheel or
 * W/S zoom, A/D or Shift+wheel pan, F fits (the command table's keys).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { CompareInspector } from './CompareInspector';
import { causeNames } from '../../core';
import { countAtOrBefore, firstAtOrAfter, nearest } from '../../state/labCompare';
import { type CompareResult } from '../../state/labView';
import { fmtInt, fmtNs } from '../../state/format';
import { fitCanvas, useWidth } from '../hooks';
import { usePalette } from '../RingPanel';
import { hideTip, showTip } from '../tooltip';
import { TimelineToolButtons } from '../TimelineTools';
import { commandForKey } from '../timeline/commands';
import { COMPARE_LANE_H, laneReadout, paintCompareLane } from '../timeline/compareLanes';
import { timelineStyle } from '../timeline/lanes';
import { CanvasPainter } from '../timeline/painter';
import { paintAxis } from '../timeline/paintTrace';
import { TimelineController, bindWheel, revealInstant, type PanZoomLimits } from '../timeline/panZoom';
import { TimeScale, type TimeWindow } from '../timeline/timeScale';
import { useViewStore, useLabView } from '../labContext';

const GUTTER = 44;
const RIGHT = 10;
const AXIS_H = 42;


const scaleFor = (view: TimeWindow, width: number) => new TimeScale(view, GUTTER, width - RIGHT);

function Lane({ index, result, width, onInspect }: { index: number; result: CompareResult; width: number; onInspect: (index: number) => void }) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const view = useLabView((s) => s.compare.view);
  const cursor = useLabView((s) => s.compare.cursorNs);
  const palette = usePalette();
  const lane = result.lanes[index];

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0 || !view) return;
    const ctx = fitCanvas(canvas, width, COMPARE_LANE_H);
    if (!ctx) return;
    ctx.clearRect(0, 0, width, COMPARE_LANE_H);
    paintCompareLane(new CanvasPainter(ctx), lane, scaleFor(view, width), palette);
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
        <button
          type="button"
          className="small"
          onClick={() => onInspect(index)}
          data-tip="Open this configuration in the Simulator's panels (rings, ICR, timers, timeline) at the shared cursor"
        >
          Panels at cursor
        </button>
      </div>
      <canvas ref={canvasRef} aria-hidden="true" />
      <div className="cmp-readout" data-testid="cmp-readout">
        {cursor === null ? 'Move the pointer over a lane to read every configuration at the same instant.' : laneReadout(lane, cursor)}
      </div>
    </div>
  );
}

export function CompareTimeline({ result }: { result: CompareResult }) {
  const viewStore = useViewStore();
  const [inspect, setInspect] = useState<{ index: number; atNs: number } | null>(null);
  const [wrapRef, width] = useWidth<HTMLDivElement>();
  const lanesRef = useRef<HTMLDivElement | null>(null);
  const view = useLabView((s) => s.compare.view);
  const cursor = useLabView((s) => s.compare.cursorNs);
  const endNs = Math.max(...result.lanes.map((l) => l.durationNs));
  const plotW = Math.max(1, width - GUTTER - RIGHT);

  const st = () => viewStore.getState();
  const palette = usePalette();
  const axisCanvasRef = useRef<HTMLCanvasElement | null>(null);
  // Zoom out to one and a half runs; pan until the run's end is at the left edge.
  const limits: PanZoomLimits = useMemo(() => ({ minWidthNs: 50, maxWidthNs: endNs * 1.5 + 1000, minT0: (w) => -w * 0.05, maxT0: (w) => endNs - w * 0.05 }), [endNs]);
  const controller = useMemo(
    () =>
      new TimelineController({
        getView: () => st().compare.view ?? { t0: 0, t1: endNs },
        setView: (win) => st().setCompareView(win),
        limits: () => limits,
        fitWindow: () => ({ t0: 0, t1: endNs }),
        focusNs: () => {
          const v = st().compare.view;
          return st().compare.cursorNs ?? (v ? (v.t0 + v.t1) / 2 : 0);
        },
      }),
    [endNs, limits],
  );

  // The shared axis.
  useEffect(() => {
    const canvas = axisCanvasRef.current;
    if (!canvas || !view || width === 0) return;
    const ctx = fitCanvas(canvas, width, AXIS_H);
    if (!ctx) return;
    ctx.clearRect(0, 0, width, AXIS_H);
    paintAxis(new CanvasPainter(ctx), scaleFor(view, width), 2, { ...timelineStyle(false), tickSpacing: 90 }, palette);
  }, [view, width, palette]);

  // Wheel zoom about the pointer, Shift+wheel pan.
  useEffect(() => {
    const el = lanesRef.current;
    if (!el) return;
    return bindWheel(el, { timeAt: (clientX) => timeAt(clientX, true), zoom: (f, c) => controller.zoom(f, c), pan: (f) => controller.pan(f) });
  });

  /** The instant under clientX; null left of the plot (and right of it unless `beyond`). */
  const timeAt = (clientX: number, beyond = false): number | null => {
    const v = st().compare.view;
    const el = lanesRef.current;
    if (!v || !el) return null;
    const x = clientX - el.getBoundingClientRect().left;
    if (x < GUTTER || (!beyond && x > GUTTER + plotW)) return null;
    return scaleFor(v, width).t(x);
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    // Over a lane's heading (its name and button) the cursor stays where it was.
    if ((e.target as Element).closest('.cmp-lane-head')) return hideTip();
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
    const cmd = commandForKey(e, ['cursor', 'timeline']);
    if (!v || !cmd) return;
    const c = st().compare.cursorNs ?? v.t0;
    const step = (v.t1 - v.t0) / 100;
    const irqs = result.lanes[0].irqNs;
    if (cmd.id === 'cursorRight') st().setCursor(Math.min(endNs, c + step));
    else if (cmd.id === 'cursorLeft') st().setCursor(Math.max(0, c - step));
    else if (cmd.id === 'cursorNextInterrupt') {
      const k = firstAtOrAfter(irqs, c + 1);
      st().setCursor(k < irqs.length ? irqs[k] : c);
    } else if (cmd.id === 'cursorPrevInterrupt') {
      const k = countAtOrBefore(irqs, c - 1) - 1;
      st().setCursor(k >= 0 ? irqs[k] : c);
    } else controller.run(cmd.id);
    e.preventDefault();
  };

  const cursorX = cursor !== null && view ? scaleFor(view, width).x(cursor) : null;
  const windowText = view ? `${fmtNs(Math.max(0, view.t0))} to ${fmtNs(view.t1)}` : '';

  return (
    <section className="panel cmp-timeline" aria-labelledby="h-cmp-timeline">
      <div className="panel-head">
        <h2 id="h-cmp-timeline" className="irq">
          Timelines on one axis
        </h2>
        <div className="timeline-tools" role="group" aria-label="Zoom and pan the comparison">
          <TimelineToolButtons controller={controller} />
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
          <Lane key={i} index={i} result={result} width={width} onInspect={(k) => setInspect({ index: k, atNs: Math.round(st().compare.cursorNs ?? 0) })} />
        ))}
        {cursorX !== null && cursorX >= GUTTER && cursorX <= width - RIGHT && <div className="cmp-cursor" style={{ left: cursorX }} aria-hidden="true" />}
      </div>
      <canvas ref={axisCanvasRef} className="cmp-axis" aria-hidden="true" />
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
            if (v) st().setCompareView(revealInstant(v, t, limits));
          }}
        />
        <output data-testid="cmp-cursor">{cursor === null ? '–' : `t = ${fmtNs(cursor)}`}</output>
      </label>
      {inspect && result.scenarios[inspect.index] && (
        <CompareInspector label={result.labels[inspect.index]} scenario={result.scenarios[inspect.index]} atNs={inspect.atNs} onClose={() => setInspect(null)} />
      )}
    </section>
  );
}
