/**
 * One configuration of a comparison in the Simulator's own panels (rings,
 * ICR, delay timers, timeline), at the shared cursor: a second lab (its own
 * simulator store, worker and trace window) handed to the same components
 * through a LabProvider. Step and play it with its own buttons; the page's
 * simulator is untouched.
 */
import { useEffect, useMemo } from 'react';
import { type Scenario } from '../../core';
import { createLab } from '../../state/lab';
import { fmtNs } from '../../state/format';
import { CausePanel } from '../CausePanel';
import { DimPanel } from '../DimPanel';
import { LabProvider, useLab } from '../labContext';
import { RingPanel } from '../RingPanel';
import { TimelinePanel } from '../TimelinePanel';
import { TimersPanel } from '../TimersPanel';

function InspectorTransport({ lab }: { lab: ReturnType<typeof createLab> }) {
  const now = useLab((s) => s.frame?.nowNs ?? 0);
  const ready = useLab((s) => s.status === 'ready');
  const st = () => lab.sim.getState();
  return (
    <div className="cmp-inspect-transport" role="group" aria-label="Step this configuration">
      <button type="button" disabled={!ready} onClick={() => void st().stepBack()}>
        ◀ Back
      </button>
      <button type="button" disabled={!ready} onClick={() => void st().stepEvent()}>
        Step ▶
      </button>
      <button type="button" disabled={!ready} onClick={() => void st().stepToInterrupt()}>
        Next interrupt ▶|
      </button>
      <output data-testid="inspect-now">t = {fmtNs(now)}</output>
    </div>
  );
}

export function CompareInspector({ label, scenario, atNs, onClose }: { label: string; scenario: Scenario; atNs: number; onClose: () => void }) {
  const lab = useMemo(() => createLab(), []);
  useEffect(() => () => lab.sim.getState().dispose(), [lab]);
  useEffect(() => {
    const sim = lab.sim.getState();
    void sim.setScenario(scenario).then(() => {
      sim.seek(atNs);
      // Show 100 µs around the instant, as the Simulator would after a step.
      lab.sim.getState().setView({ t0: Math.max(0, atNs - 60_000), t1: Math.max(0, atNs - 60_000) + 100_000, follow: true });
    });
  }, [lab, scenario, atNs]);

  return (
    <section className="panel cmp-inspect" aria-labelledby="h-cmp-inspect" data-testid="cmp-inspect">
      <div className="panel-head">
        <h2 id="h-cmp-inspect">
          {label}, in the Simulator's panels from t = {fmtNs(atNs)}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close the panels of this configuration">
          Close
        </button>
      </div>
      <LabProvider lab={lab}>
        <InspectorTransport lab={lab} />
        <div className="panels cmp-inspect-panels">
          <RingPanel dir="rx" />
          <RingPanel dir="tx" />
          <CausePanel />
          <TimersPanel />
          <TimelinePanel />
          <DimPanel />
        </div>
      </LabProvider>
    </section>
  );
}
