/**
 * Compare: two or more configurations (device model, registers, driver,
 * cost profile) on identical traffic, run on the lab's Web Workers; their
 * timelines on one axis with a shared cursor, a table of metric deltas,
 * "Copy as Markdown", and a link (#c1.) that carries the whole comparison.
 */
import { guestDriverDescriptor, deviceModelDescriptor, ignoresAllRegisters, COST_PROFILES, DEVICE_MODELS, GUEST_DRIVERS, type Scenario, COSTS, REG_BY_NAME, regValueNs } from '../../core';
import { TableFit } from '../TableFit';
import { useEffect, useMemo, useState } from 'react';
import { judgeDelta, MAX_COMPARE_CONFIGS, MIN_COMPARE_CONFIGS, type ComparisonTable, type ConfigOverride, type MetricDelta } from '../../sweep/compare';
import { isJudged, missingText, SWEEP_METRICS, type MetricId } from '../../sweep/metrics';
import { metricHeading } from './labels';
import { addConfig, COMPARE_EXAMPLES, describeDifferences, describeTraffic, editConfig, OVERRIDE_REGS, removeConfig, replaceConfig, type ConfigEdit } from '../../state/labCompare';
import { encodeCompareHash } from '../../state/labHash';

import { PRESET_LIST, presetScenario } from '../../state/scenarioSource';
import { fmtNs } from '../../state/format';
import { CompareTimeline } from './CompareTimeline';
import { copyText } from './copy';
import { useViewStore, useLabView } from '../labContext';
import { shownUnit } from '../../scenario/plainWords';
import { plainError } from '../../scenario/plainWords';

function ConfigCard({ index, config, base, canRemove }: { index: number; config: ConfigOverride; base: Scenario; canRemove: boolean }) {
  const viewStore = useViewStore();
  const spec = useLabView((s) => s.compare.spec)!;
  const edit = (e: ConfigEdit) => viewStore.getState().setCompareSpec(replaceConfig(spec, index, editConfig(config, e)));
  const id = `cfg-${index}`;
  const model = config.device?.model ?? base.device.model;
  const driver = config.guest?.driver ?? base.guest.driver;
  const blind = ignoresAllRegisters(deviceModelDescriptor(model));
  const programsRegs = guestDriverDescriptor(driver).params.some((p: { programs?: string }) => p.programs !== undefined);
  return (
    <fieldset className="cmp-config" aria-label={`Configuration ${index + 1}: ${config.label}`}>
      <legend>
        <span className="cmp-swatch" aria-hidden="true">
          {index + 1}
        </span>
        <input
          className="cmp-label"
          aria-label={`Configuration ${index + 1} label`}
          value={config.label}
          maxLength={40}
          onChange={(e) => edit({ field: 'label', value: e.target.value })}
        />
        <button
          type="button"
          className="icon"
          onClick={() => viewStore.getState().setCompareSpec(removeConfig(spec, index))}
          disabled={!canRemove}
          aria-label={`Remove configuration ${index + 1}`}
          data-tip={canRemove ? 'Remove this configuration' : `A comparison needs at least ${MIN_COMPARE_CONFIGS} configurations`}
        >
          ×
        </button>
      </legend>
      <label className="field">
        <span>Device model</span>
        <select id={`${id}-model`} value={config.device?.model ?? ''} onChange={(e) => edit({ field: 'model', value: (e.target.value || undefined) as never })}>
          <option value="">as base ({deviceModelDescriptor(base.device.model).label})</option>
          {DEVICE_MODELS.map((m) => (
            <option key={m} value={m}>
              {deviceModelDescriptor(m).label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Guest driver</span>
        <select value={config.guest?.driver ?? ''} onChange={(e) => edit({ field: 'driver', value: (e.target.value || undefined) as never })}>
          <option value="">as base ({guestDriverDescriptor(base.guest.driver).label})</option>
          {GUEST_DRIVERS.map((d) => (
            <option key={d} value={d}>
              {guestDriverDescriptor(d).label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Cost profile</span>
        <select value={config.guest?.costs ?? ''} onChange={(e) => edit({ field: 'costs', value: (e.target.value || undefined) as never })}>
          <option value="">as base ({COSTS[base.guest.costs].title})</option>
          {COST_PROFILES.map((c) => (
            <option key={c} value={c}>
              {COSTS[c].title}
            </option>
          ))}
        </select>
      </label>
      <div className="cmp-regs" role="group" aria-label="Mitigation registers (raw values; empty = as base)">
        {OVERRIDE_REGS.map((reg) => {
          const value = config.device?.regs?.[reg];
          const shown = value ?? base.device.regs[reg];
          return (
            <label key={reg} data-tip={`${reg}: ${REG_BY_NAME[reg].help}. Unit ${shownUnit(REG_BY_NAME[reg].unit)}; ${shown} = ${fmtNs(regValueNs(reg, shown))}`}>
              <span>{reg}</span>
              <input
                type="number"
                min={0}
                max={65535}
                step={1}
                inputMode="numeric"
                placeholder={String(base.device.regs[reg])}
                value={value ?? ''}
                aria-label={`${reg} of configuration ${index + 1}`}
                onChange={(e) => edit({ field: 'reg', reg, value: e.target.value === '' ? undefined : Number(e.target.value) })}
              />
            </label>
          );
        })}
      </div>
      {!guestDriverDescriptor(driver).hasCosts && (
        <p className="caption" data-testid="cmp-costs-ignored">
          The ideal driver charges nothing, so the cost profile changes nothing here.
        </p>
      )}
      {(blind || programsRegs) && (
        <p className="caption">
          {blind
            ? `${deviceModelDescriptor(model).label} ignores these registers.`
            : `The ${guestDriverDescriptor(driver).label} driver programs the registers from its own parameters at start; edit those under “Edit as JSON” (its parameters).`}
        </p>
      )}
      <Differences base={base} config={config} index={index} />
    </fieldset>
  );
}

/** What this configuration changes against the base, in words. */
function Differences({ base, config, index }: { base: Scenario; config: ConfigOverride; index: number }) {
  const lines = useMemo(() => describeDifferences(base, config), [base, config]);
  return (
    <div className="cmp-diff" data-testid="cmp-diff" aria-label={`What configuration ${index + 1} changes`}>
      <b>What differs from the base:</b>{' '}
      {lines.length === 0 ? (
        <span className="sub">nothing; it runs the base scenario as it is.</span>
      ) : (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A metric with its decimals and thousands separators (the Markdown keeps plain numbers); a run without it says why. */
function shownValue(metric: MetricId, value: number): string {
  if (Number.isNaN(value)) return missingText(metric);
  const digits = SWEEP_METRICS[metric].digits;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A delta with a sign and thousands separators: `+120,000 (+600.0 %)`; `–` when a side lacks the figure. */
function shownDelta(metric: MetricId, d: MetricDelta): string {
  if (!Number.isFinite(d.abs)) return '–';
  const digits = SWEEP_METRICS[metric].digits;
  const text = (x: number, n: number) => {
    const t = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: n, maximumFractionDigits: n });
    return Number(x.toFixed(n)) === 0 ? t : `${x > 0 ? '+' : '−'}${t}`;
  };
  const pct = d.pct === null ? 'n/a' : `${text(d.pct, 1)} %`;
  return `${text(d.abs, digits)} (${pct})`;
}

function DeltaTable({ table }: { table: ComparisonTable }) {
  const [first, ...others] = table.labels;
  return (
    <table className="cmp-table" data-testid="delta-table">
      <caption>Metrics over the whole run, and the change against “{first}”</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">{first}</th>
          {others.map((label) => [
            <th key={label} scope="col">
              {label}
            </th>,
            <th key={`${label}-delta`} scope="col" className="delta-head">
              Δ vs {first}
            </th>,
          ])}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => {
          const info = SWEEP_METRICS[row.metric];
          const judged = isJudged(row.metric);
          return (
            <tr key={row.metric} className={judged ? 'judged' : 'unjudged'} data-metric={row.metric}>
              <th scope="row" data-tip={`${info.help}.${judged ? ' Judged: green is better, red worse.' : ' Shown, not judged: a raw count or rate depends on how much work the run did.'}`}>
                {metricHeading(row.metric)}
                {judged && <span className="judged-mark" aria-hidden="true"> ◆</span>}
              </th>
              <td>{shownValue(row.metric, row.values[0])}</td>
              {row.values.slice(1).map((v, k) => {
                const d = row.deltas[k + 1]!;
                const cls = judgeDelta(row.metric, d);
                const tip = cls === 'unjudged' ? 'not judged' : cls === 'same' ? 'no change' : cls;
                return [
                  <td key={`v${k}`}>{shownValue(row.metric, v)}</td>,
                  <td key={`d${k}`} className={`delta ${cls}`} title={tip}>
                    {shownDelta(row.metric, d)}
                    <span className="visually-hidden">{cls === 'better' || cls === 'worse' ? ` ${cls}` : ''}</span>
                  </td>,
                ];
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function JsonEditor() {
  const viewStore = useViewStore();
  const spec = useLabView((s) => s.compare.spec);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (open && spec) setText(JSON.stringify({ base: spec.base, configs: spec.configs }, null, 2));
  }, [open, spec]);
  return (
    <details className="cmp-json" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Edit as JSON (the base scenario and every override, driver parameters included)</summary>
      {open && (
        <>
          <textarea aria-label="Comparison as JSON" value={text} onChange={(e) => setText(e.target.value)} rows={14} spellCheck={false} />
          <button type="button" onClick={() => viewStore.getState().applyCompareJson(text)}>
            Apply
          </button>
        </>
      )}
    </details>
  );
}

export function CompareView() {
  const viewStore = useViewStore();
  const c = useLabView((s) => s.compare);
  const spec = c.spec;
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    // The first visit runs the starting comparison, so the view is never empty.
    const st = viewStore.getState();
    if (st.compare.spec && !st.compare.result && !st.compare.running && !st.compare.error && !st.compare.linkError) void st.runCompare();
  }, []);

  const stale = useMemo(() => spec !== null && c.result !== null && encodeCompareHash(c.result.spec) !== encodeCompareHash(spec), [spec, c.result]);
  if (!spec) return null;

  const copy = async (what: 'markdown' | 'link') => {
    if (!c.result) return;
    const text = what === 'markdown' ? c.result.markdown : `${location.origin}${location.pathname}${location.search}${encodeCompareHash(c.result.spec)}`;
    const ok = await copyText(text);
    setCopied(ok ? (what === 'markdown' ? 'The table is on the clipboard as Markdown.' : 'The link to this comparison is on the clipboard.') : 'Copying is not allowed here: select the text below.');
    setTimeout(() => setCopied(null), 4000);
  };

  return (
    <div className="lab-compare">
      <section className="panel" aria-labelledby="h-cmp-setup">
        <div className="panel-head">
          <h2 id="h-cmp-setup" className="timer">
            Compare configurations on identical traffic
          </h2>
          <div className="lab-actions">
            <label>
              <span className="visually-hidden">Example comparisons</span>
              <select
                aria-label="Example comparisons"
                value=""
                onChange={(e) => {
                  if (e.target.value) viewStore.getState().loadCompareExample(e.target.value);
                }}
              >
                <option value="">Examples…</option>
                {COMPARE_EXAMPLES.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.title}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="visually-hidden">Base scenario from a preset</span>
              <select
                aria-label="Base scenario from a preset"
                value=""
                onChange={(e) => {
                  if (!e.target.value) return;
                  const st = viewStore.getState();
                  const s = st.compare.spec!;
                  const base = PRESET_LIST.find((p) => p.id === e.target.value);
                  if (base) st.setCompareSpec({ ...s, base: presetScenario(base.id) }, `preset:${base.id}`);
                }}
              >
                <option value="">Base from a preset…</option>
                {PRESET_LIST.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => viewStore.getState().compareSimulatorScenario()} data-tip="Start again from the scenario the simulator shows">
              Use the simulator's scenario
            </button>
          </div>
        </div>
        <p className="cmp-base" data-testid="cmp-base">
          <b>Base:</b> {spec.base.name} <span className="sub">· {describeTraffic(spec.base)}</span>
          <br />
          <span className="caption">
            Every configuration takes the base's seed, duration and traffic, so all see the same arrivals; each changes only the device and the guest.
          </span>
        </p>
        <div className="cmp-configs">
          {spec.configs.map((config, i) => (
            <ConfigCard key={i} index={i} config={config} base={spec.base} canRemove={spec.configs.length > MIN_COMPARE_CONFIGS} />
          ))}
        </div>
        <div className="lab-actions">
          <button type="button" onClick={() => viewStore.getState().setCompareSpec(addConfig(spec))} disabled={spec.configs.length >= MAX_COMPARE_CONFIGS}>
            Add configuration
          </button>
          <button type="button" className="primary" onClick={() => void viewStore.getState().runCompare()} disabled={c.running}>
            {c.running ? 'Running…' : 'Run comparison'}
          </button>
          <span className="caption" role="status" aria-live="polite">
            {c.running
              ? `Running ${spec.configs.length} configurations in Web Workers…`
              : stale
                ? 'The configurations changed: run again to update the results.'
                : ''}
          </span>
        </div>
        <JsonEditor />
      </section>

      {(c.error || c.linkError) && (
        <div className="msg error" role="alert" data-testid="compare-error">
          <span>{plainError(c.linkError ?? c.error ?? '')}</span>
          <button type="button" onClick={() => viewStore.getState().dismissCompareError()} aria-label="Dismiss comparison message">
            ×
          </button>
        </div>
      )}

      {c.result && (
        <>
          <CompareTimeline result={c.result} />
          <section className="panel" aria-labelledby="h-cmp-table">
            <div className="panel-head">
              <h2 id="h-cmp-table" className="rx">
                Metric deltas
              </h2>
              <div className="lab-actions">
                <button type="button" onClick={() => void copy('markdown')}>
                  Copy as Markdown
                </button>
                <button type="button" onClick={() => void copy('link')} data-tip="A link that opens this comparison, configurations and traffic included">
                  Copy comparison link
                </button>
              </div>
            </div>
            <TableFit label="Comparison table">
              <DeltaTable table={c.result.table} />
            </TableFit>
            <p className="caption" role="status" aria-live="polite">
              {copied ??
                'Judged (◆) only on figures per frame of work done and on p99 latency: green is better than the first configuration, red worse. Raw counts and rates are shown but not judged, since a run that did less work has fewer of everything. Guest CPU deltas are in percentage points; “still waiting at the end” counts frames received but not yet taken, which the throughput leaves out.'}
            </p>
            <details>
              <summary>The table as Markdown</summary>
              <pre className="cmp-markdown" data-testid="cmp-markdown">
                {c.result.markdown}
              </pre>
            </details>
          </section>
        </>
      )}
    </div>
  );
}
