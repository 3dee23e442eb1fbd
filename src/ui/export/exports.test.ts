/** The pure export writers: CSV quoting and content, SVG documents that parse and never carry markup from a scenario. */
import { describe, expect, it } from 'vitest';
import { interruptsCsv, metricsCsv, toCsv, METRICS_CSV_HEADER } from '../../export/csv';
import { timelineSvg } from './timelineSvg';
import { CHART_METRICS, chartsSvg } from './chartsSvg';
import { xmlEscape } from '../../export/svg';
import { exportFileName } from '../../export/fileNames';
import { COLORS } from '../colors';
import { TraceWindow } from '../../state/traceWindow';
import { createSimApi } from '../../worker/simApi';
import { loadPreset } from '../../scenario/presets';
import type { Metrics } from '../../core/types';

const HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> & "q"';

function run(us: number) {
  const r = loadPreset('default');
  if (!r.ok) throw new Error(r.error);
  const api = createSimApi();
  const tw = new TraceWindow();
  const f0 = api.load(r.value);
  tw.append(f0.trace, f0.lost);
  const samples: { tNs: number; metrics: Metrics }[] = [];
  for (let t = 0; t < us; t += 20) {
    const f = api.advance(20_000);
    tw.append(f.trace, f.lost);
    samples.push({ tNs: f.nowNs, metrics: f.metrics });
  }
  return { api, tw, samples, scenario: r.value };
}

/** Well-formed XML with one <svg> root, checked without a DOM: every tag closes, attributes are quoted. */
function expectWellFormedSvg(svg: string): void {
  expect(svg.startsWith('<?xml')).toBe(true);
  const stack: string[] = [];
  const body = svg.replace(/^<\?xml[^>]*\?>/, '');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
  // Every '<' starts a tag we matched: no stray markup.
  const tags = [...body.matchAll(/</g)].length;
  const matched = [...body.matchAll(/<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<]*")*)\s*(\/?)>/g)].length;
  expect(matched).toBe(tags);
}

describe('exports', () => {
  it('CSV quotes commas, quotes and line breaks and defuses formulas', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=1+1', 'line\nbreak'], [1.5, null]])).toBe(
      'a,b\r\n"x,y","say ""hi"""\r\n\'=1+1,"line\nbreak"\r\n1.5,\r\n',
    );
  });

  it('metrics CSV has one row per sample plus now, and the interrupt CSV one row per interrupt', () => {
    const { api, samples } = run(200);
    const csv = metricsCsv(samples.slice(0, -1), samples[samples.length - 1]);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(METRICS_CSV_HEADER.join(','));
    expect(lines.length).toBe(samples.length + 1);
    expect(lines[lines.length - 1].split(',')[0]).toBe('200');
    const irq = api.exportInterrupts();
    const rows = interruptsCsv(irq).trim().split('\r\n');
    expect(rows[0]).toBe('n,asserted_us,icr_read_us,wait_us,icr,causes');
    expect(rows.length).toBe(irq.tNs.length + 1);
    expect(rows[1]).toMatch(/^1,[\d.]+,[\d.]+,[\d.]+,0x[0-9A-F]{8},[A-Z0-9|_]+$/);
  });

  it('the timeline SVG is well formed, has every lane and escapes the title', () => {
    const { tw, scenario } = run(200);
    const svg = timelineSvg({ trace: tw, t0: 0, t1: 200_000, nowNs: 200_000, model: scenario.device.model, title: HOSTILE, palette: COLORS });
    expectWellFormedSvg(svg);
    for (const lane of ['RX frames', 'TX frames', 'RDTR', 'RADV', 'ITR window', 'ICR causes set', 'Interrupts', 'Guest vCPU', 'time (µs)']) expect(svg).toContain(lane);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain(xmlEscape(HOSTILE));
    expect(svg.length).toBeLessThan(400_000);
  });

  it('the metric charts SVG is well formed with every metric', () => {
    const { samples } = run(100);
    const svg = chartsSvg({ samples, title: HOSTILE, palette: COLORS });
    expectWellFormedSvg(svg);
    for (const m of ['Interrupts / s', 'Latency p99', 'Guest CPU']) expect(svg).toContain(m);
    expect(chartsSvg({ samples: [], title: 'x', palette: COLORS })).toContain('Guest CPU');
  });

  it('a chart joins its samples by a line only from 3 on: 2 samples (the start and a seek) are 2 points and the words "too few samples"', () => {
    const { samples } = run(100);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    const two = chartsSvg({ samples: [samples[0], samples[samples.length - 1]], title: 'x', palette: COLORS });
    expectWellFormedSvg(two);
    // One chart per metric (7): 2 dots each, no data path (the only <path> elements would be the lines).
    const n = CHART_METRICS.length;
    expect(n).toBe(7);
    expect(two.match(/<circle /g)?.length).toBe(2 * n);
    expect(two).not.toMatch(/<path d="M/);
    expect(two.match(/too few samples/g)?.length).toBe(n);
    const three = chartsSvg({ samples: samples.slice(0, 3), title: 'x', palette: COLORS });
    expect(three).not.toContain('too few samples');
    expect(three.match(/<path d="M/g)?.length).toBe(CHART_METRICS.length);
  });

  it('file names come from the scenario name, with nothing unsafe', () => {
    expect(exportFileName('RDTR + RADV', 'interrupts', 'csv')).toBe('e1000-irq-lab-rdtr-radv-interrupts.csv');
    expect(exportFileName(HOSTILE, 'timeline', 'svg')).toMatch(/^e1000-irq-lab-[a-z0-9-]+-timeline\.svg$/);
  });
});
