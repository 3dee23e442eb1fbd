/**
 * Sweep: one numeric parameter over a range, each point a whole run on the
 * lab's pool of Web Workers (one per core), with progress and Cancel; plots
 * of interrupts/s, p99 latency, throughput, guest CPU and drops against the
 * parameter, the latency-vs-CPU tradeoff with its Pareto frontier, and the
 * answer to "which setting gives p99 under B µs at the lowest CPU?".
 * Clicking a point loads its scenario into the simulator.
 */
import { NO_RX_FRAMES } from '../../sweep/metrics';
import { COSTS, deviceModelDescriptor, guestDriverDescriptor } from '../../core';
import { TableFit } from '../TableFit';
import { useMemo, useState } from 'react';
import { displayValue, formatMetric, metricCell, SWEEP_METRICS, type MetricId } from '../../sweep/metrics';
import { metricHeading } from './labels';
import { listSweepablePaths } from '../../sweep/paths';
import { MAX_SWEEP_SEEDS, MAX_SWEEP_STEPS, metricSpread, seedsFrom, type SweepPointResult } from '../../sweep/sweep';
import { cheapestWithin, fieldHeading, metricSeries, paramText, seedsOf, throughputMetrics, tradeoffPoints } from '../../state/labSweep';
import { sweepShareUrl } from '../../state/router';
import { copyText } from './copy';
import { type BaseSource } from '../../state/labView';
import { poolSize } from '../../state/labWorkers';
import { PRESET_LIST } from '../../state/scenarioSource';
import { describeTraffic } from '../../state/labCompare';
import { fmtInt } from '../../state/format';
import { useWidth } from '../hooks';
import { usePalette } from '../RingPanel';
import { LinePlot, TradeoffPlot } from './SweepPlots';
import { useViewStore, useLabView } from '../labContext';
import { microSpelling, shownUnit } from '../../scenario/plainWords';
import { plainError } from '../../scenario/plainWords';

function num(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

/** A parameter's short name for sentences: `ITR` of `ITR, interrupt throttling interval`; `Linux InterruptThrottleRate`. */
function shortName(label: string): string {
  return label.split(',')[0];
}

/** The columns of the table of points. */
const TABLE_METRICS: readonly MetricId[] = ['interruptsPerSec', 'latencyP99Us', 'guestCpuUtil', 'cpuUsPerFrame', 'rxPps', 'txPps', 'rxDropped', 'rxLeftInRing'];

/** A table cell: the mean with thousands separators, and over several seeds the range of the runs beneath it. */
function SpreadCell({ point, metric }: { point: SweepPointResult; metric: MetricId }) {
  const text = metricCell(point.metrics, metric);
  const digits = SWEEP_METRICS[metric].digits;
  const fmt = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const mean = Number.isNaN(Number(text)) ? text : fmt(Number(text));
  const spread = metricSpread(point, metric);
  return (
    <td>
      {mean}
      {spread && spread.max > spread.min && (
        <span className="spread" title={`over ${spread.n} seeds: standard deviation ${fmt(spread.sd)}`}>
          {' '}
          {fmt(spread.min)}–{fmt(spread.max)}
        </span>
      )}
    </td>
  );
}

export function SweepView() {
  const viewStore = useViewStore();
  const [copied, setCopied] = useState<string | null>(null);
  const sw = useLabView((s) => s.sweep);
  const palette = usePalette();
  const [gridRef, gridWidth] = useWidth<HTMLDivElement>();
  const base = sw.base;
  const form = sw.form;
  const fields = useMemo(() => (base ? listSweepablePaths(base) : []), [base]);
  const result = sw.result;
  const answer = useMemo(() => (result ? cheapestWithin(result, sw.boundUs, sw.allowDrops) : null), [result, sw.boundUs, sw.allowDrops]);
  if (!base || !form) return <div className="lab-sweep" ref={gridRef} />;
  const field = fields.find((f) => f.path === form.param);
  const st = viewStore.getState();

  const resultField = sw.field;
  const xLabel = resultField ? fieldHeading(resultField) : '';
  const over = sw.seeds > 1 ? ` (mean of ${sw.seeds} seeds)` : '';
  const pointText = (i: number) => {
    if (!result || !resultField) return '';
    const p = result.points[i];
    const m = p.metrics;
    const p99 = m.rxFrames === 0 ? NO_RX_FRAMES : `p99 ${formatMetric('latencyP99Us', m.latencyUs.p99)} µs`;
    return `${shortName(resultField.label)} = ${paramText(resultField, p.value)}: ${p99}, guest CPU ${formatMetric('guestCpuUtil', m.guestCpuUtil * 100)} %, ${fmtInt(m.interruptsPerSec)} interrupts/s${over}`;
  };
  const pick = (i: number) => void st.loadSweepPoint(i);
  const meeting = new Set(answer?.meeting ?? []);
  const best = answer?.best ?? null;
  const cols = gridWidth >= 900 ? 3 : gridWidth >= 560 ? 2 : 1;
  const plotW = Math.floor((gridWidth - (cols - 1) * 12) / cols);
  const plot = (metric: MetricId, color: string, extra?: { hLine?: { y: number; label: string } }) =>
    result && (
      <LinePlot
        key={metric}
        testId={`plot-${metric}`}
        title={`${SWEEP_METRICS[metric].label} against ${resultField?.label ?? 'the parameter'}`}
        xLabel={xLabel}
        yLabel={metricHeading(metric)}
        log={form.scale === 'log'}
        series={[{ id: metric, label: SWEEP_METRICS[metric].label, color, points: metricSeries(result, metric) }]}
        width={plotW}
        describe={pointText}
        onPick={pick}
        best={best}
        meeting={meeting}
        hLine={extra?.hLine}
      />
    );

  const running = sw.running;
  const pct = sw.total > 0 ? Math.round((sw.done / sw.total) * 100) : 0;
  const seeds = seedsOf(form);
  const firstSeeds = seedsFrom(base.seed, seeds);
  const copyLink = async () => {
    if (!sw.result || !sw.ran) return;
    const ok = await copyText(sweepShareUrl({ base, form: sw.ran, boundUs: sw.boundUs, allowDrops: sw.allowDrops }));
    setCopied(ok ? 'The link to this sweep is on the clipboard.' : 'Copying is not allowed here: copy the address bar instead.');
    setTimeout(() => setCopied(null), 4000);
  };

  return (
    <div className="lab-sweep" ref={gridRef}>
      <section className="panel" aria-labelledby="h-sweep-setup">
        <div className="panel-head">
          <h2 id="h-sweep-setup" className="timer">
            Sweep a parameter
          </h2>
          <div className="lab-actions">
            <select
              aria-label="Scenario to sweep"
              value={sw.baseSource.startsWith('preset:') ? sw.baseSource : ''}
              onChange={(e) => st.setSweepBase((e.target.value || 'simulator') as BaseSource)}
            >
              <option value="">The simulator's scenario</option>
              {PRESET_LIST.map((p) => (
                <option key={p.id} value={`preset:${p.id}`}>
                  Preset: {p.title}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => st.setSweepBase('simulator')} data-tip="Take the scenario the simulator shows now">
              Use the simulator's scenario
            </button>
          </div>
        </div>
        <p className="cmp-base">
          <b>Scenario:</b> {base.name} <span className="sub">· {deviceModelDescriptor(base.device.model).label} · {guestDriverDescriptor(base.guest.driver).label} · {COSTS[base.guest.costs].title} · {describeTraffic(base)}</span>
        </p>
        <div className="sweep-form">
          <label className="sweep-param">
            <span>Parameter</span>
            <select aria-label="Parameter to sweep" aria-describedby={field ? 'sweep-param-note' : undefined} value={form.param} onChange={(e) => st.setSweepParam(e.target.value)}>
              {fields.map((f) => (
                <option key={f.path} value={f.path} title={f.note}>
                  {fieldHeading(f)}
                  {f.effective ? '' : ' — no effect here'}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>From</span>
            <input type="number" aria-label="From" value={Number.isFinite(form.from) ? form.from : ''} min={field?.min} max={field?.max} onChange={(e) => st.setSweepForm({ from: num(e.target.value) })} />
          </label>
          <label>
            <span>To</span>
            <input type="number" aria-label="To" value={Number.isFinite(form.to) ? form.to : ''} min={field?.min} max={field?.max} onChange={(e) => st.setSweepForm({ to: num(e.target.value) })} />
          </label>
          <label>
            <span>Points</span>
            <input type="number" aria-label="Points" value={Number.isFinite(form.steps) ? form.steps : ''} min={1} max={MAX_SWEEP_STEPS} step={1} onChange={(e) => st.setSweepForm({ steps: num(e.target.value) })} />
          </label>
          <label data-tip={`Each point runs over ${seeds} seed${seeds === 1 ? '' : 's'} (${firstSeeds.join(', ')}): the plots show the mean and, as bars, the lowest and highest run`}>
            <span>Seeds per point</span>
            <input
              type="number"
              aria-label="Seeds per point"
              value={Number.isFinite(form.seeds) ? form.seeds : ''}
              min={1}
              max={MAX_SWEEP_SEEDS}
              step={1}
              disabled={form.param === 'seed'}
              onChange={(e) => st.setSweepForm({ seeds: num(e.target.value) })}
            />
          </label>
          <label>
            <span>Scale</span>
            <select aria-label="Scale" value={form.scale} onChange={(e) => st.setSweepForm({ scale: e.target.value as 'linear' | 'log' })}>
              <option value="linear">linear</option>
              <option value="log">log</option>
            </select>
          </label>
        </div>
        {field && (
          <p className="caption" id="sweep-param-note">
            {field.label}: {field.allowed ? microSpelling(field.allowed) : `${fmtInt(field.min)} to ${fmtInt(field.max)}`}
            {field.unit ? `, in ${/^[\d.]+ (ns|us)$/.test(field.unit) ? 'units of ' : ''}${shownUnit(field.unit)}` : ''}; now {field.value === undefined ? 'not set' : paramText(field, field.value)}.
            {field.effective && field.note ? ` ${field.note.replace(/^./, (c) => c.toUpperCase())}.` : ''}{' '}
            {form.param === 'seed'
              ? 'This sweep varies the seed itself, so each point runs once.'
              : `Each point runs over ${seeds} seed${seeds === 1 ? '' : 's'} (${firstSeeds.join(', ')}).`}
          </p>
        )}
        {field && !field.effective && (
          <p className="msg warn" data-testid="sweep-no-effect">
            <b>Sweeping {shortName(field.label)} will not change this scenario's run</b>: {field.note}. Every point would give the same figures; pick another parameter, or change the scenario first.
          </p>
        )}
        <div className="lab-actions">
          <button type="button" className="primary" onClick={() => void st.runSweep()} disabled={running}>
            Run sweep
          </button>
          <button type="button" onClick={() => st.cancelSweep()} disabled={!running}>
            Cancel
          </button>
          <progress
            className="sweep-progress"
            max={Math.max(1, sw.total)}
            value={sw.done}
            aria-label="Sweep progress"
            aria-valuemin={0}
            aria-valuemax={Math.max(1, sw.total)}
            aria-valuenow={sw.done}
            aria-valuetext={`${sw.done} of ${sw.total} runs`}
          />
          <span className="caption" role="status" aria-live="polite" data-testid="sweep-status">
            {copied ??
              (running
                ? `${fmtInt(sw.done)} of ${fmtInt(sw.total)} runs (${pct} %) on ${Math.min(poolSize(), sw.total)} Web Workers…`
                : result
                  ? sw.seeds > 1
                    ? `${result.points.length} points done, each over ${sw.seeds} seeds (${fmtInt(result.points.length * sw.seeds)} runs).`
                    : `${result.points.length} points done.`
                  : 'Not run yet.')}
          </span>
          <button type="button" onClick={() => void copyLink()} disabled={!result || running} data-tip="A link that opens this sweep (scenario, parameter, range, seeds and bound) and runs it">
            Copy sweep link
          </button>
        </div>
        {sw.warnings.length > 0 && (
          <ul className="msg warn sweep-warnings">
            {sw.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
      </section>

      {(sw.error || sw.linkError) && (
        <div className="msg error" role="alert" data-testid="sweep-error">
          <span>{plainError(sw.linkError ?? sw.error ?? '')}</span>
        </div>
      )}

      {result && resultField && (
        <>
          <section className="panel sweep-question" aria-labelledby="h-sweep-q">
            <h2 id="h-sweep-q" className="irq">
              Which setting gives p99 under a bound at the lowest CPU?
            </h2>
            <div className="lab-actions">
              <label>
                <span>p99 latency at most</span>
                <input type="number" min={0} step="any" aria-label="p99 bound (µs)" value={sw.boundUs} onChange={(e) => st.setBound(Math.max(0, num(e.target.value) || 0))} />
                <span>µs</span>
              </label>
              <label>
                <input type="checkbox" checked={sw.allowDrops} onChange={(e) => st.setAllowDrops(e.target.checked)} /> allow dropped frames
              </label>
            </div>
            <p className="answer" data-testid="sweep-answer">
              {best !== null ? (
                <>
                  <b>
                    {shortName(resultField.label)} = {paramText(resultField, result.points[best].value)}
                  </b>
                  : guest CPU {formatMetric('guestCpuUtil', displayValue(result.points[best].metrics, 'guestCpuUtil'))} %, p99{' '}
                  {formatMetric('latencyP99Us', result.points[best].metrics.latencyUs.p99)} µs, {fmtInt(result.points[best].metrics.interruptsPerSec)} interrupts/s (
                  {meeting.size} of {result.points.length} points meet the bound{sw.seeds > 1 ? `; means over ${sw.seeds} seeds` : ''}).{' '}
                  <button type="button" onClick={() => pick(best)}>
                    Load it in the simulator
                  </button>
                </>
              ) : result.points.every((p) => p.metrics.rxFrames === 0) ? (
                <>This scenario receives nothing: p99 latency is measured on received frames, so no point can meet a latency bound. Sweep a scenario with RX traffic.</>
              ) : (
                <>No point of this sweep has p99 ≤ {sw.boundUs} µs{sw.allowDrops ? '' : ' without drops'}. Widen the range, or relax the bound.</>
              )}
            </p>
            {result.points.every((p) => p.metrics.guestCpuUtil === 0) && (
              <p className="caption">
                The guest of this scenario costs nothing ({guestDriverDescriptor(base.guest.driver).label} driver), so guest CPU is 0 % at every point and the answer is simply the lowest latency.
                For the real tradeoff, sweep a scenario whose guest pays for its work:{' '}
                <button type="button" className="small" onClick={() => st.setSweepBase('preset:linux-defaults')}>
                  Linux e1000 defaults on modern KVM
                </button>
              </p>
            )}
          </section>
          <div className="sweep-plots" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
            <TradeoffPlot
              testId="plot-tradeoff"
              points={tradeoffPoints(result)}
              pareto={result.pareto}
              boundUs={sw.boundUs}
              bestLabel={best !== null ? `cheapest ≤ ${sw.boundUs} µs: ${paramText(resultField, result.points[best].value)}` : null}
              color={palette.irq}
              width={plotW}
              describe={pointText}
              onPick={pick}
              best={best}
              meeting={meeting}
            />
            {plot('latencyP99Us', palette.timer, { hLine: { y: sw.boundUs, label: `bound ${sw.boundUs} µs` } })}
            {plot('interruptsPerSec', palette.irq)}
            {plot('guestCpuUtil', palette.cpu)}
            {result && (
              <LinePlot
                testId="plot-throughput"
                title={`Throughput against ${resultField.label}`}
                xLabel={xLabel}
                yLabel="throughput (frames/s)"
                log={form.scale === 'log'}
                series={throughputMetrics(result).map((m) => ({ id: m, label: SWEEP_METRICS[m].label, color: m === 'rxPps' ? palette.rx : palette.tx, points: metricSeries(result, m) }))}
                width={plotW}
                describe={pointText}
                onPick={pick}
                best={best}
                meeting={meeting}
              />
            )}
            {plot('rxDropped', palette.drop)}
          </div>
          <details className="panel sweep-table">
            <summary>Every point as a table{sw.seeds > 1 ? ` (mean over ${sw.seeds} seeds, and the lowest–highest run)` : ''}</summary>
            <TableFit label="Sweep points">
              <table className="cmp-table">
                <thead>
                  <tr>
                    <th scope="col">{xLabel}</th>
                    {TABLE_METRICS.map((m) => (
                      <th key={m} scope="col" data-tip={SWEEP_METRICS[m].help}>
                        {metricHeading(m)}
                      </th>
                    ))}
                    <th scope="col">Pareto</th>
                    <th scope="col" data-card-label="">
                  <span className="visually-hidden">Open</span>
                </th>
                  </tr>
                </thead>
                <tbody>
                  {result.points.map((p, i) => (
                    <tr key={i} className={i === best ? 'best' : undefined}>
                      <th scope="row">{paramText(resultField, p.value)}</th>
                      {TABLE_METRICS.map((m) => (
                        <SpreadCell key={m} point={p} metric={m} />
                      ))}
                      <td>{result.pareto.includes(i) ? '★' : ''}</td>
                      <td>
                        <button type="button" onClick={() => pick(i)}>
                          Load
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableFit>
          </details>
        </>
      )}
    </div>
  );
}
