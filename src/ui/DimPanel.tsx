/**
 * "DIM: watch it decide": the step-through view of lib/dim's net_dim for a
 * run with the linux-dim driver. DIM's decisions so far come from the
 * worker; the panel shows the profile table with the index in use, and one
 * decision at a time (the latest by default, or the one stepped to, which
 * also moves the timeline there): its state before and after, and the three
 * measures against the previous window's with the 10 % "same" band.
 */
import { useEffect, useState } from 'react';
import { NET_DIM_DEF_PROFILE, STATS_RESULT_NAMES, TUNE_STATE_NAMES, type DimStep, type DimTrace } from '../core';
import { fmtInt, fmtNs } from '../state/format';
import { measureRows } from './dimView';
import { useLab, useSimStore } from './labContext';

/** Real ms between two fetches of the decisions while the run moves. */
const FETCH_MS = 400;

function useDimTrace(): DimTrace | null {
  const store = useSimStore();
  const version = useLab((s) => s.traceVersion);
  const scenario = useLab((s) => s.scenario);
  const [dim, setDim] = useState<DimTrace | null>(null);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void store
        .getState()
        .exportDim()
        .then((r) => {
          if (live && r.ok) setDim(r.value);
        });
    }, FETCH_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [store, version, scenario]);
  return dim;
}

function Decision({ step }: { step: DimStep }) {
  const rows = measureRows(step);
  return (
    <div className="dim-decision" data-testid="dim-decision">
      <p>
        At <b>{fmtNs(step.timeNs)}</b>, after {step.nevents} interrupts: {TUNE_STATE_NAMES[step.tuneBefore]}, profile {step.ixBefore} →{' '}
        <b>
          {TUNE_STATE_NAMES[step.tuneAfter]}, profile {step.ixAfter}
        </b>
        {step.compare !== -1 ? ` (against the last window: ${STATS_RESULT_NAMES[step.compare]})` : ' (parked tired: no comparison, counting down)'}
        {step.newProfile ? '; the work item programs the new profile.' : '.'}
      </p>
      <table className="dim-measures">
        <thead>
          <tr>
            <th scope="col">measure</th>
            <th scope="col">this window</th>
            <th scope="col">previous</th>
            <th scope="col">"same" band (±10 %)</th>
            <th scope="col">reading</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} className={r.decides ? 'decides' : ''}>
              <th scope="row">{r.name}</th>
              <td>
                {fmtInt(r.curr)} {r.unit}
              </td>
              <td>
                {fmtInt(r.prev)} {r.unit}
              </td>
              <td>{r.prev > 0 ? `${fmtInt(r.bandLow)}–${fmtInt(r.bandHigh)}` : '—'}</td>
              <td>
                {r.verdict}
                {r.decides ? ' ← decides' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DimPanel() {
  const driver = useLab((s) => s.scenario.guest.driver);
  const adaptive = useLab((s) => s.scenario.guest.params.adaptiveRx ?? 1);
  const nowNs = useLab((s) => s.frame?.nowNs ?? 0);
  const store = useSimStore();
  const dim = useDimTrace();
  const [picked, setPicked] = useState<number | null>(null);
  if (driver !== 'linux-dim') return null;
  const steps = (dim?.steps ?? []).filter((s) => s.timeNs <= nowNs);
  const index = picked !== null && picked < steps.length ? picked : steps.length - 1;
  const step = index >= 0 ? steps[index] : null;
  const ix = step ? step.ixAfter : NET_DIM_DEF_PROFILE;
  const go = (i: number) => {
    setPicked(i);
    store.getState().seek(steps[i].timeNs);
  };
  return (
    <section className="panel dim-panel" aria-labelledby="h-dim" data-testid="dim-panel">
      <h2 id="h-dim">DIM: watch it decide</h2>
      {adaptive !== 1 ? (
        <p className="caption">adaptive-rx is off: DIM does not run, the device keeps the scenario's settings.</p>
      ) : (
        <div className="dim-body">
          <div className="dim-left">
          <p className="caption">
            lib/dim's net_dim samples at every completed poll and decides every 64 interrupts: bytes/ms, then packets/ms (more is better), then interrupts/ms (fewer is
            better); inside ±10 % counts as the same. Better keeps the direction, anything else turns; overshoot or an edge parks it, 10 steps tire it.
          </p>
          <ol className="dim-profiles" aria-label={`${dim?.table ?? 'DIM'} profiles`}>
            {(dim?.profileLabels ?? []).map((label, i) => (
              <li key={i} className={i === ix ? 'current' : ''} aria-current={i === ix ? 'true' : undefined} data-testid={`dim-profile-${i}`}>
                <span className="ix">{i}</span> {label}
              </li>
            ))}
          </ol>
          <div className="dim-nav">
            <button type="button" disabled={index <= 0} onClick={() => go(index - 1)} data-testid="dim-prev">
              ← Previous decision
            </button>
            <span data-testid="dim-count">
              {steps.length === 0 ? 'no decision yet (64 interrupts make a window)' : `decision ${index + 1} of ${steps.length} so far`}
            </span>
            <button type="button" disabled={index < 0 || index >= steps.length - 1} onClick={() => go(index + 1)} data-testid="dim-next">
              Next decision →
            </button>
          </div>
          </div>
          {step ? <Decision step={step} /> : <div />}
        </div>
      )}
    </section>
  );
}
