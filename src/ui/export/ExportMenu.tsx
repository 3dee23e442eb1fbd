/**
 * Header actions that take a run elsewhere: "Download trace" and "Open in
 * Perfetto" (Chrome Trace JSON made in the worker), and an Export menu for
 * the files people paste into reports: metrics and interrupts as CSV, the
 * timeline and the metric charts as SVG and PNG, the scenario as JSON.
 */
import { useEffect, useRef, useState } from 'react';
import { labStore, traceWindow, useLab } from '../../state/store';
import { openInPerfetto, PERFETTO_ORIGIN, traceFileName, type PerfettoHost, type PerfettoOutcome } from '../../export/perfetto';
import { withoutCaptureFrames } from '../../core/traffic/pcap';
import { COLORS } from '../colors';
import { metricsCsv, interruptsCsv } from '../../export/csv';
import { timelineSvg } from './timelineSvg';
import { chartsSvg } from './chartsSvg';
import { downloadBlob, downloadText, svgToPng } from './download';
import { exportFileName } from '../../export/fileNames';
import './tools.css';

function notice(text: string): void {
  labStore.getState().showNotice(text);
}

const PERFETTO_OUTCOME: Record<PerfettoOutcome, string> = {
  sent: 'The trace is open in Perfetto (ui.perfetto.dev), in the other tab.',
  blocked: 'The browser blocked the Perfetto window: allow pop-ups for this page, or use Download trace and open the file at ui.perfetto.dev.',
  timeout: 'Perfetto did not answer (offline, or the tab was closed): use Download trace and open the file at ui.perfetto.dev.',
};

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
  };
}

async function downloadTrace(): Promise<void> {
  const name = labStore.getState().scenario.name;
  notice('Preparing the trace…');
  const r = await labStore.getState().exportTrace();
  if (!r.ok) return;
  const t = r.value;
  const fileName = traceFileName(name);
  downloadBlob(new Blob([t.bytes as BlobPart], { type: 'application/json' }), fileName);
  const dropped = t.droppedRecords > 0 ? ` The run is longer than the trace kept: it starts ${t.droppedRecords.toLocaleString('en-US')} records in.` : '';
  notice(`Saved ${fileName}: ${t.events.toLocaleString('en-US')} events. Open it at ui.perfetto.dev or chrome://tracing.${dropped}`);
}

/**
 * Must run inside the click: the window is opened now (pop-up blockers
 * allow only that), the trace follows from the worker, and openInPerfetto
 * then does the documented PING/PONG handshake with that window.
 */
function openPerfettoFromClick(): void {
  const name = labStore.getState().scenario.name;
  const win = window.open(PERFETTO_ORIGIN, '_blank');
  if (!win) {
    notice(PERFETTO_OUTCOME.blocked);
    return;
  }
  notice('Preparing the trace for Perfetto…');
  void labStore
    .getState()
    .exportTrace()
    .then((t) => {
      if (!t.ok) {
        win.close();
        return;
      }
      openInPerfetto(hostWith(win), new TextDecoder().decode(t.value.bytes), {
        title: `${name} (e1000 IRQ Lab)`,
        fileName: traceFileName(name),
        done: (outcome) => notice(PERFETTO_OUTCOME[outcome]),
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

function timelinePicture(): string {
  const st = labStore.getState();
  return timelineSvg({
    trace: traceWindow,
    t0: Math.max(0, st.view.t0),
    t1: st.view.t1,
    nowNs: st.frame?.nowNs ?? 0,
    model: st.scenario.device.model,
    title: st.scenario.name,
    palette: COLORS,
  });
}

function chartsPicture(): string {
  const st = labStore.getState();
  const samples = [...st.samples];
  const f = st.frame;
  if (f && (!samples.length || f.nowNs > samples[samples.length - 1].tNs)) samples.push({ tNs: f.nowNs, metrics: f.metrics });
  return chartsSvg({ samples, title: st.scenario.name, palette: COLORS });
}

async function runExport(id: ExportId): Promise<void> {
  const st = labStore.getState();
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
      downloadText(timelinePicture(), (saved = file('timeline', 'svg')), 'image/svg+xml');
      break;
    case 'timeline-png':
      downloadBlob(await svgToPng(timelinePicture()), (saved = file('timeline', 'png')));
      break;
    case 'charts-svg':
      downloadText(chartsPicture(), (saved = file('metrics', 'svg')), 'image/svg+xml');
      break;
    case 'charts-png':
      downloadBlob(await svgToPng(chartsPicture()), (saved = file('metrics', 'png')));
      break;
    case 'scenario-json':
      downloadText(`${JSON.stringify(withoutCaptureFrames(st.scenario), null, 2)}\n`, (saved = file('scenario', 'json')), 'application/json');
      break;
  }
  notice(`Saved ${saved}.`);
}

export function ExportButtons() {
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
    runExport(id)
      .catch((e: unknown) => notice(`The export failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button type="button" disabled={!ready} onClick={() => void downloadTrace()} data-tip="Save the run so far as a Chrome Trace Event file (opens in ui.perfetto.dev and chrome://tracing)">
        Download trace
      </button>
      <button type="button" disabled={!ready} onClick={openPerfettoFromClick} data-tip="Open the run so far in the Perfetto UI (ui.perfetto.dev) in a new tab">
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
