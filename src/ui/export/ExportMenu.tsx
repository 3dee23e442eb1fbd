/**
 * Header actions that take a run elsewhere: "Download trace" and "Open in
 * Perfetto" (Chrome Trace JSON made in the worker), and an Export menu for
 * the files people paste into reports: metrics and interrupts as CSV, the
 * timeline and the metric charts as SVG and PNG, the scenario as JSON.
 */
import { napiTraced, hostModelApplies, withoutCaptureFrames } from '../../core';
import { useEffect, useRef, useState } from 'react';
import { openInPerfetto, PERFETTO_ORIGIN, PERFETTO_TIMEOUT_MS, traceFileName, type PerfettoHost, type PerfettoOutcome } from '../../export/perfetto';
import { COLORS } from '../colors';
import { metricsCsv, interruptsCsv } from '../../export/csv';
import { timelineSvg } from './timelineSvg';
import { chartsSvg } from './chartsSvg';
import { downloadBlob, downloadText, svgToPng } from './download';
import { exportFileName } from '../../export/fileNames';
import './tools.css';
import { useLab, useSimStore } from '../labContext';
import type { StoreApi } from 'zustand/vanilla';
import type { LabStore } from '../../state/store';

type Store = StoreApi<LabStore>;

function notice(store: Store, text: string): void {
  store.getState().showNotice(text);
}

/**
 * What to tell the user. Perfetto answers PONG but never says whether it
 * opened the trace, and it asks before opening one from an origin it does
 * not trust (see src/export/perfetto.ts), so the wording says no more than
 * is known.
 */
function perfettoOutcomeText(outcome: PerfettoOutcome, origin: string): string {
  const instead = 'use Download trace and open the file at ui.perfetto.dev';
  switch (outcome) {
    case 'opening':
      return 'Perfetto (ui.perfetto.dev) answered and has the trace: it trusts pages served from this machine, so it opens the trace in the other tab.';
    case 'confirm':
      return `Perfetto (ui.perfetto.dev) answered and has the trace, but asks you to confirm: in the Perfetto tab, answer “Open trace?” with Yes (or Always trust, and it stops asking for ${origin}).`;
    case 'blocked':
      return `The browser blocked the Perfetto window: allow pop-ups for this page, or ${instead}.`;
    case 'closed':
      return `The Perfetto tab was closed before Perfetto was ready, so the trace was not sent: try again, or ${instead}.`;
    case 'timeout':
      return `Perfetto did not answer within ${PERFETTO_TIMEOUT_MS / 1000} s (still loading, offline or blocked), so the trace was not sent: try again, or ${instead}.`;
    case 'offline':
      return PERFETTO_OFFLINE_TEXT;
  }
}

/** Offline, Perfetto (a web app) cannot load: say so, and what works without a network. */
export const PERFETTO_OFFLINE_TEXT =
  'This browser is offline, so Perfetto (ui.perfetto.dev) cannot load and the trace was not sent. Use Download trace instead: the file opens in chrome://tracing without a network, or at ui.perfetto.dev once you are back online.';

/** While Perfetto has not answered: it may be loading, or its tab may show an error page this page cannot see. */
export const PERFETTO_SLOW_TEXT = `Perfetto has not answered yet. A first visit downloads its trace processor, which can take a while; if the Perfetto tab shows an error page instead (no network, or ui.perfetto.dev blocked here), close it and use Download trace. Waiting up to ${PERFETTO_TIMEOUT_MS / 1000} s.`;

/** window, except that `open` hands back the window the click already opened. */
function hostWith(win: Window): PerfettoHost {
  return {
    open: () => win,
    addEventListener: (type, listener) => window.addEventListener(type, listener as unknown as EventListener),
    removeEventListener: (type, listener) => window.removeEventListener(type, listener as unknown as EventListener),
    setInterval: (handler, ms) => window.setInterval(handler, ms),
    clearInterval: (id) => window.clearInterval(id as number),
    setTimeout: (handler, ms) => window.setTimeout(handler, ms),
    clearTimeout: (id) => window.clearTimeout(id as number),
    online: () => navigator.onLine,
  };
}

async function downloadTrace(store: Store): Promise<void> {
  const name = store.getState().scenario.name;
  notice(store, 'Preparing the trace…');
  const r = await store.getState().exportTrace();
  if (!r.ok) return;
  const t = r.value;
  const fileName = traceFileName(name);
  downloadBlob(new Blob([t.bytes as BlobPart], { type: 'application/json' }), fileName);
  const dropped = t.droppedRecords > 0 ? ` The run is longer than the trace kept: it starts ${t.droppedRecords.toLocaleString('en-US')} records in.` : '';
  notice(store, `Saved ${fileName}: ${t.events.toLocaleString('en-US')} events. Open it at ui.perfetto.dev or chrome://tracing.${dropped}`);
}

/**
 * Must run inside the click: the window is opened now (pop-up blockers
 * allow only that), the trace follows from the worker, and openInPerfetto
 * then does the documented PING/PONG handshake with that window.
 */
function openPerfettoFromClick(store: Store): void {
  const name = store.getState().scenario.name;
  // Offline: no tab that could only show the browser's error page.
  if (!navigator.onLine) {
    notice(store, PERFETTO_OFFLINE_TEXT);
    return;
  }
  const win = window.open(PERFETTO_ORIGIN, '_blank');
  if (!win) {
    notice(store, perfettoOutcomeText('blocked', window.origin));
    return;
  }
  notice(store, 'Preparing the trace for Perfetto…');
  void store
    .getState()
    .exportTrace()
    .then((t) => {
      if (!t.ok) {
        win.close();
        return;
      }
      notice(store, 'Waiting for Perfetto (ui.perfetto.dev) to load in the other tab…');
      openInPerfetto(hostWith(win), new TextDecoder().decode(t.value.bytes), {
        title: `${name} (e1000 IRQ Lab)`,
        fileName: traceFileName(name),
        senderOrigin: window.origin,
        slow: () => notice(store, PERFETTO_SLOW_TEXT),
        done: (outcome) => {
          // Gone offline while waiting: the tab we opened can only show an error page.
          if (outcome === 'offline') win.close();
          notice(store, perfettoOutcomeText(outcome, window.origin));
        },
      });
    });
}

type ExportId = 'metrics-csv' | 'interrupts-csv' | 'timeline-svg' | 'timeline-png' | 'charts-svg' | 'charts-png' | 'scenario-json';

const ITEMS: { id: ExportId; label: string; tip: string }[] = [
  { id: 'metrics-csv', label: 'Metrics (CSV)', tip: 'Every metric at each sample of the live charts, then now: one row per instant' },
  { id: 'interrupts-csv', label: 'Interrupts (CSV)', tip: 'Every interrupt so far: when the line asserted, when the ISR read ICR, what it held' },
  { id: 'timeline-svg', label: 'Timeline (SVG)', tip: 'The timeline window on screen as a vector picture' },
  { id: 'timeline-png', label: 'Timeline (PNG)', tip: 'The timeline window on screen as an image' },
  { id: 'charts-svg', label: 'Metric charts (SVG)', tip: 'The metric charts over the run as a vector picture' },
  { id: 'charts-png', label: 'Metric charts (PNG)', tip: 'The metric charts over the run as an image' },
  { id: 'scenario-json', label: 'Scenario (JSON)', tip: 'The scenario as a file for npm run sim -- --scenario FILE' },
];

function timelinePicture(store: Store): string {
  const st = store.getState();
  return timelineSvg({
    trace: st.trace,
    t0: Math.max(0, st.view.t0),
    t1: st.view.t1,
    nowNs: st.frame?.nowNs ?? 0,
    model: st.scenario.device.model,
    host: hostModelApplies(st.scenario),
    kernel: napiTraced(st.scenario.guest),
    title: st.scenario.name,
    console: st.scenario.console,
    palette: COLORS,
  });
}

function chartsPicture(store: Store): string {
  const st = store.getState();
  const samples = [...st.samples];
  const f = st.frame;
  if (f && (!samples.length || f.nowNs > samples[samples.length - 1].tNs)) samples.push({ tNs: f.nowNs, metrics: f.metrics });
  return chartsSvg({ samples, title: st.scenario.name, palette: COLORS });
}

async function runExport(store: Store, id: ExportId): Promise<void> {
  const st = store.getState();
  const name = st.scenario.name;
  const file = (what: string, ext: string) => exportFileName(name, what, ext);
  let saved = '';
  switch (id) {
    case 'metrics-csv': {
      const f = st.frame;
      downloadText(metricsCsv(st.samples, f ? { tNs: f.nowNs, metrics: f.metrics } : undefined), (saved = file('metrics', 'csv')), 'text/csv');
      break;
    }
    case 'interrupts-csv': {
      const x = await st.exportInterrupts();
      if (!x.ok) return;
      downloadText(interruptsCsv(x.value), (saved = file('interrupts', 'csv')), 'text/csv');
      break;
    }
    case 'timeline-svg':
      downloadText(timelinePicture(store), (saved = file('timeline', 'svg')), 'image/svg+xml');
      break;
    case 'timeline-png':
      downloadBlob(await svgToPng(timelinePicture(store)), (saved = file('timeline', 'png')));
      break;
    case 'charts-svg':
      downloadText(chartsPicture(store), (saved = file('metrics', 'svg')), 'image/svg+xml');
      break;
    case 'charts-png':
      downloadBlob(await svgToPng(chartsPicture(store)), (saved = file('metrics', 'png')));
      break;
    case 'scenario-json':
      downloadText(`${JSON.stringify(withoutCaptureFrames(st.scenario), null, 2)}\n`, (saved = file('scenario', 'json')), 'application/json');
      break;
  }
  notice(store, `Saved ${saved}.`);
}

export function ExportButtons() {
  const store = useSimStore();
  const ready = useLab((s) => s.status === 'ready');
  const menu = useRef<HTMLDetailsElement | null>(null);
  const [busy, setBusy] = useState(false);
  // Close the menu on a click elsewhere or Escape, as menus do.
  useEffect(() => {
    const close = (e: Event) => {
      const d = menu.current;
      if (!d?.open) return;
      if (e instanceof KeyboardEvent) {
        if (e.key !== 'Escape') return;
        d.open = false;
        d.querySelector('summary')?.focus();
      } else if (!(e.target instanceof Node && d.contains(e.target))) {
        d.open = false;
      }
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const pick = (id: ExportId) => {
    if (menu.current) menu.current.open = false;
    setBusy(true);
    runExport(store, id)
      .catch((e: unknown) => notice(store, `The export failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button type="button" disabled={!ready} onClick={() => void downloadTrace(store)} data-tip="Save the run so far as a Chrome Trace Event file (opens in ui.perfetto.dev and chrome://tracing)">
        Download trace
      </button>
      <button type="button" disabled={!ready} onClick={() => openPerfettoFromClick(store)} data-tip="Open the run so far in the Perfetto UI (ui.perfetto.dev) in a new tab">
        Open in Perfetto
      </button>
      <details className="export-menu" ref={menu}>
        <summary aria-busy={busy}>Export</summary>
        <div className="export-items" role="group" aria-label="Export">
          {ITEMS.map((it) => (
            <button key={it.id} type="button" disabled={!ready || busy} onClick={() => pick(it.id)} data-tip={it.tip}>
              {it.label}
            </button>
          ))}
        </div>
      </details>
    </>
  );
}
