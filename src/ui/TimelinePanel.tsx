/**
 * "Timeline": lanes for RX frames, TX, each delay timer (with QEMU's
 * main-loop wake-up after its window), cause sets, interrupt assertions, the
 * guest's interrupt mask (IMC to IMS, with the time the line waited for the
 * unmask) and the guest vCPU, painted on a canvas by the timeline engine
 * (./timeline). Zoom and pan with the wheel and drag, or W/S/A/D/F as in
 * Perfetto; hover for details; click an interrupt for why it fired.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { LabStore } from '../state/store';
import { TraceKind, napiTraced, hostModelApplies } from '../core';

import { fmtWindow } from '../state/format';
import { describeWindow, explainInterrupt } from './explain';
import { fitCanvas, frameScheduler, useMediaQuery, useWidth } from './hooks';
import { usePalette } from './RingPanel';
import { hideTip, showTip } from './tooltip';
import { TimelineToolButtons } from './TimelineTools';
import { timelineKeyHelp } from './timeline/commands';
import { hostKey, laneAt, layoutLanes, timelineKey, timelineLanes, timelineStyle } from './timeline/lanes';
import { CanvasPainter } from './timeline/painter';
import { axisHeight, consoleMarks, gutterWidth, paintTrace } from './timeline/paintTrace';
import { TimelineController, bindWheel } from './timeline/panZoom';
import { TimeScale } from './timeline/timeScale';
import { describeAt, describeMark, interruptNear, laneHelp } from './timeline/traceHover';
import { useLab, useLabView, useSimStore, useTrace, useViewStore } from './labContext';
import { currentLesson, pendingQuestion } from '../state/labView';
import { lessonPredictionMarks, predictionWords } from './lab/lessonMarks';

/** Space right of the plot (px). */
const RIGHT = 8;


/**
 * A simulator's timeline controller (stateless, so any number may exist):
 * its window is the store's view; it zooms about the present while
 * following it, fits everything recorded so far, and may zoom out to twice
 * the run.
 */
export function simulatorTimeline(store: StoreApi<LabStore>): TimelineController {
  const trace = store.getState().trace;
  return new TimelineController({
    getView: () => store.getState().view,
    setView: (win, follow) => store.getState().setView({ t0: win.t0, t1: win.t1, follow }),
    limits: () => {
      const st = store.getState();
      const end = Math.max(st.scenario.durationUs * 1000, st.frame?.nowNs ?? 0);
      return { minWidthNs: 50, maxWidthNs: end * 2 + 1000, minT0: (w) => -w * 0.05, maxT0: (w) => end - w * 0.05 };
    },
    fitWindow: () => {
      const end = Math.max(store.getState().frame?.nowNs ?? 0, 1000);
      const start = Number.isFinite(trace.startNs) ? Math.min(trace.startNs, end) : 0;
      const pad = (end - start) * 0.03;
      return { t0: Math.max(0, start - pad), t1: end + pad };
    },
    focusNs: () => {
      const st = store.getState();
      return st.frame && st.view.follow ? st.frame.nowNs : (st.view.t0 + st.view.t1) / 2;
    },
  });
}

export function TimelinePanel() {
  const store = useSimStore();
  const viewStore = useViewStore();
  const trace = useTrace();
  const timeline = useMemo(() => simulatorTimeline(store), [store]);
  const model = useLab((s) => s.scenario.device.model);
  const costs = useLab((s) => s.scenario.guest.costs);
  const consoleOps = useLab((s) => s.scenario.console);
  const host = useLab((s) => hostModelApplies(s.scenario));
  const kernel = useLab((s) => napiTraced(s.scenario.guest));
  const marks = useMemo(() => consoleMarks(consoleOps), [consoleOps]);
  // A lesson's guess and revealed answer, while the lesson is the run on screen.
  const scenarioName = useLab((s) => s.scenario.name);
  const lessonOn = useLabView((s) => s.tab === 'lessons' && s.lessonLoaded?.name === scenarioName);
  const lessonCustom = useLabView((s) => s.lessonCustom);
  const lessonIndex = useLabView((s) => s.lessonIndex);
  const lessonAnswers = useLabView((s) => s.lessonAnswers);
  const lessonStep = useLabView((s) => s.lessonStep);
  const predictions = useMemo(
    () => (lessonOn ? lessonPredictionMarks(currentLesson({ lessonCustom, lessonIndex }), lessonAnswers, lessonStep) : []),
    [lessonOn, lessonCustom, lessonIndex, lessonAnswers, lessonStep],
  );
  const projector = useLab((s) => s.projector);
  const selected = useLab((s) => s.selectedInterruptNs);
  useLab((s) => s.traceVersion);
  const palette = usePalette();
  const [wrapRef, width] = useWidth<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const laneSpecs = useMemo(() => timelineLanes(model, host, kernel), [model, host, kernel]);
  const style = useMemo(() => timelineStyle(projector, laneSpecs.length), [projector, laneSpecs.length]);
  const { lanes, bottom } = useMemo(() => layoutLanes(laneSpecs, style), [laneSpecs, style]);
  const height = bottom + 2 + axisHeight(style);
  const gutter = useMemo(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    return ctx ? gutterWidth(new CanvasPainter(ctx), lanes, style) : 104;
  }, [lanes, style]);
  const drag = useRef<{ x: number; t0: number; t1: number; moved: boolean } | null>(null);
  const scaleOf = (w: number) => {
    const { view } = store.getState();
    return new TimeScale(view, gutter, w - RIGHT);
  };

  // Redraw on anything that changes the picture, at most once per frame.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const draw = () => {
      const st = store.getState();
      const ctx = fitCanvas(canvas, width, height);
      if (!ctx) return;
      ctx.clearRect(0, 0, width, height);
      paintTrace(new CanvasPainter(ctx), {
        trace: trace,
        lanes,
        scale: scaleOf(width),
        nowNs: st.frame?.nowNs ?? 0,
        selectedNs: st.selectedInterruptNs,
        palette,
        style,
        axisY: bottom + 2,
        marks,
        predictions,
      });
    };
    const sched = frameScheduler(draw);
    draw();
    const unsub = store.subscribe((st, prev) => {
      if (st.traceVersion !== prev.traceVersion || st.view !== prev.view || st.frame !== prev.frame || st.selectedInterruptNs !== prev.selectedInterruptNs) {
        sched.request();
      }
    });
    return () => {
      unsub();
      sched.cancel();
    };
  }, [store, trace, width, height, lanes, palette, gutter, style, bottom, marks, predictions]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    return bindWheel(canvas, {
      timeAt: (clientX) => {
        const r = canvas.getBoundingClientRect();
        const x = clientX - r.left;
        return x < gutter ? null : scaleOf(r.width).t(x);
      },
      zoom: (factor, center) => timeline.zoom(factor, center),
      pan: (fraction) => timeline.pan(fraction),
    });
  }, [gutter, timeline]);

  // Touch: one finger drags sideways to pan (the page still scrolls up and down: touch-action pan-y), two pinch to
  // zoom about the point between them, a tap is a click. A mouse drags with its button and shows details on hover.
  const touches = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distPx: number } | null>(null);
  const afterPinch = useRef(false);
  const spread = () => {
    const [a, b] = [...touches.current.values()];
    return { distPx: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)), midX: (a.x + b.x) / 2 };
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.pointerType === 'touch') {
      touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (touches.current.size === 2) {
        pinch.current = { distPx: spread().distPx };
        drag.current = null;
        hideTip();
        return;
      }
      if (touches.current.size > 2 || afterPinch.current) return;
    } else if (e.button !== 0) return;
    const { t0, t1 } = store.getState().view;
    drag.current = { x: e.clientX, t0, t1, moved: false };
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const touch = e.pointerType === 'touch';
    if (touch && touches.current.has(e.pointerId)) touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (touch && pinch.current && touches.current.size === 2) {
      const { distPx, midX } = spread();
      const x = Math.max(gutter, midX - r.left);
      timeline.zoom(pinch.current.distPx / distPx, scaleOf(r.width).t(x));
      pinch.current.distPx = distPx;
      return;
    }
    const d = drag.current;
    if (d && (touch || e.buttons & 1)) {
      const dx = e.clientX - d.x;
      if (Math.abs(dx) > (touch ? 8 : 3)) d.moved = true;
      if (d.moved) {
        timeline.drag(d, dx, r.width - gutter - RIGHT);
        hideTip();
        return;
      }
    }
    if (touch) return; // no hover under a finger: a tap shows what it hit
    const lane = laneAt(lanes, e.clientY - r.top);
    const x = e.clientX - r.left;
    if (!lane || x < gutter) {
      if (lane) showTip(laneHelp(lane, costs), e.clientX, e.clientY);
      else hideTip();
      return;
    }
    const s = scaleOf(r.width);
    const text = describeMark(marks, s.t(x), 4 * s.nsPerPx) ?? describeAt(trace, lane, s.t(x), s.nsPerPx, store.getState().frame?.nowNs ?? 0);
    if (text) showTip(text, e.clientX, e.clientY);
    else hideTip();
  };

  /** A finger leaves (lifted, or taken by the browser for a scroll); true when it ended or followed a pinch, so its lift is no tap. */
  const releaseTouch = (e: React.PointerEvent<HTMLCanvasElement>): boolean => {
    if (e.pointerType !== 'touch') return false;
    touches.current.delete(e.pointerId);
    const pinched = pinch.current !== null || afterPinch.current;
    pinch.current = null;
    afterPinch.current = pinched && touches.current.size > 0;
    if (pinched) drag.current = null;
    return pinched;
  };

  const onPointerUp = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (releaseTouch(e)) return;
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved) return;
    const r = e.currentTarget.getBoundingClientRect();
    const s = scaleOf(r.width);
    // A lesson asks "when?": the click is the class's guess.
    const v = viewStore.getState();
    const q = v.lessonPicking && v.tab === 'lessons' ? pendingQuestion(v) : undefined;
    if (q && e.clientX - r.left >= gutter) {
      // An impossible instant (before the pause, after the end) is refused with its reason in the lesson panel.
      v.setLessonGuess(q.step, Math.round(s.t(e.clientX - r.left)) / 1000);
      return;
    }
    // A click: the nearest interrupt within a few pixels.
    const t = interruptNear(trace, s.t(e.clientX - r.left), 6 * s.nsPerPx);
    if (t !== null) store.getState().selectInterrupt(t);
  };

  // The explanation of the selected interrupt.
  let explanation: string | null = null;
  if (selected !== null) {
    const i = trace.lowerBound(selected - 0.5);
    for (let k = i; k < trace.length && trace.tNs[k] <= selected + 0.5; k++) {
      if (trace.kind[k] === TraceKind.LINE_ASSERT) {
        explanation = explainInterrupt(trace, k);
        break;
      }
    }
  }

  const viewText = useLab((s) => fmtWindow(s.view.t0, s.view.t1));
  const t0 = useLab((s) => s.view.t0);
  const t1 = useLab((s) => s.view.t1);
  // The window in words (interrupts, causes, gaps): what a screen reader reads for the canvas.
  const words = describeWindow(trace, t0, t1);
  const follow = useLab((s) => s.view.follow);
  // A touch screen as the main pointer: the help speaks of fingers, not of a wheel and keys.
  const touchScreen = useMediaQuery('(pointer: coarse)');

  return (
    <section className="panel timeline-panel" aria-labelledby="h-timeline" data-testid="timeline">
      <div className="panel-head">
        <h2 id="h-timeline">Timeline</h2>
        <div className="timeline-tools" role="group" aria-label="Timeline zoom and pan">
          <TimelineToolButtons controller={timeline} />
          <label className="follow" data-tip="Keep the current time in view while playing">
            <input type="checkbox" checked={follow} onChange={(e) => store.getState().setView({ follow: e.target.checked })} /> follow
          </label>
        </div>
      </div>
      <p className="caption">
        Showing {viewText}.{' '}
        {touchScreen
          ? 'Drag sideways to pan, pinch to zoom, or use the buttons; tap an interrupt (▼) to see why it fired.'
          : `Wheel or ${timelineKeyHelp()}; drag to pan. Hover for details; click an interrupt (▼) to see why it fired.`}
      </p>
      <div ref={wrapRef} className="canvas-wrap timeline-wrap">
        <canvas
          ref={canvasRef}
          tabIndex={0}
          role="img"
          aria-label={`Timeline from ${viewText}: lanes ${lanes.map((l) => l.label).join(', ')}${predictionWords(predictions)}`}
          data-testid="timeline-canvas"
          aria-describedby="timeline-words"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={(e) => {
            releaseTouch(e);
            drag.current = null;
          }}
          onPointerLeave={(e) => {
            if (e.pointerType === 'touch') return;
            drag.current = null;
            hideTip();
          }}
        />
      </div>
      <ul className="legend" aria-label="Timeline colour key" data-testid="timeline-key">
        {[...timelineKey(palette), ...(host ? hostKey(palette) : [])].map(([color, meaning]) => (
          <li key={meaning}>
            <i className="sw" style={{ background: color }} /> {meaning}
          </li>
        ))}
      </ul>
      <details className="timeline-words">
        <summary>The window in words</summary>
        <p id="timeline-words" data-testid="timeline-words">
          {words}
        </p>
      </details>
      <div className="explain" aria-live="polite" data-testid="explain">
        {explanation ? (
          <>
            <b>Why this interrupt: </b>
            {explanation}
          </>
        ) : (
          <span className="hint">
            {touchScreen
              ? 'Tap an interrupt marker (▼) on the Interrupts lane, or Next interrupt ▶| to step to the next one, to see why it fired.'
              : 'Click an interrupt marker (▼) on the Interrupts lane, or press Shift+→ to step to the next one, to see why it fired.'}
          </span>
        )}
      </div>
    </section>
  );
}
