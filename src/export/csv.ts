/**
 * CSV exports people paste into spreadsheets and reports: the metrics over
 * the run (one row per sample of the live charts, then the current values)
 * and the list of interrupts. RFC 4180: comma separated, CRLF, fields with
 * commas, quotes or line breaks quoted. Text that a spreadsheet would run
 * as a formula (=, +, -, @ first) is prefixed with an apostrophe.
 */
import { causeNames } from '../core/causes';
import type { InterruptsExport, Metrics } from '../core/types';

export type Cell = string | number | null | undefined;

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export const METRICS_CSV_HEADER = [
  't_us',
  'interrupts',
  'interrupts_per_s',
  'frames_per_interrupt',
  'latency_p50_us',
  'latency_p99_us',
  'latency_max_us',
  'rx_frames_taken',
  'rx_dropped',
  'tx_frames_sent',
  'vm_exits',
  'guest_cpu_util',
  'rx_pps',
  'tx_pps',
] as const;

function metricsRow(tNs: number, m: Metrics): Cell[] {
  return [
    tNs / 1000,
    m.interrupts,
    m.interruptsPerSec,
    m.framesPerInterrupt,
    m.latencyUs.p50,
    m.latencyUs.p99,
    m.latencyUs.max,
    m.rxFrames,
    m.rxDropped,
    m.txFrames,
    m.exits,
    m.guestCpuUtil,
    m.rxPps,
    m.txPps,
  ];
}

/** Metrics over the run (cumulative from t = 0 at each instant), oldest first; `now` is added if it is newer than the last sample. */
export function metricsCsv(samples: readonly { tNs: number; metrics: Metrics }[], now?: { tNs: number; metrics: Metrics }): string {
  const rows = samples.map((s) => metricsRow(s.tNs, s.metrics));
  const last = samples[samples.length - 1];
  if (now && (!last || now.tNs > last.tNs)) rows.push(metricsRow(now.tNs, now.metrics));
  return toCsv(METRICS_CSV_HEADER, rows);
}

export const INTERRUPTS_CSV_HEADER = ['n', 'asserted_us', 'icr_read_us', 'wait_us', 'icr', 'causes'] as const;

/** One row per interrupt: when the line asserted, when the ISR read ICR and what it held. */
export function interruptsCsv(x: InterruptsExport): string {
  const rows: Cell[][] = [];
  for (let i = 0; i < x.tNs.length; i++) {
    const read = x.readNs[i];
    const icr = x.icr[i] >>> 0;
    rows.push([
      i + 1,
      x.tNs[i] / 1000,
      read >= 0 ? read / 1000 : null,
      read >= 0 ? (read - x.tNs[i]) / 1000 : null,
      `0x${icr.toString(16).toUpperCase().padStart(8, '0')}`,
      causeNames(icr).join('|'),
    ]);
  }
  return toCsv(INTERRUPTS_CSV_HEADER, rows);
}
