/**
 * "Completion queue" (frames + time NICs, where the 8254x's ICR does not
 * apply): per queue, the completions since the last interrupt against
 * rx-frames / tx-frames and the rx-usecs / tx-usecs timer, in the mode it
 * runs (EQE: from the first completion; CQE: restarted by each); the
 * settings as the `ethtool -C` command that sets them, and a box to paste
 * an `ethtool -c` output into the scenario.
 */
import { useState } from 'react';
import { TimerId } from '../core';
import { ethtoolCommand, scenarioFromEthtool } from '../scenario/ethtool';
import { fmtNs } from '../state/format';
import { queueState, type QueueState } from './completionQueue';
import { useLab, useSimStore, useTrace } from './labContext';
import { plainError } from '../scenario/plainWords';

function Meter(props: { label: string; value: number; max: number; text: string; testId: string }) {
  const frac = props.max > 0 ? Math.min(1, props.value / props.max) : 0;
  return (
    <div className="cq-meter" data-testid={props.testId}>
      <div className="timer-head">
        <span className="timer-name">{props.label}</span>
        <span className="timer-reg">{props.text}</span>
      </div>
      <div className="bar" role="meter" aria-label={props.label} aria-valuemin={0} aria-valuemax={props.max} aria-valuenow={props.value} aria-valuetext={props.text}>
        <div className="fill" style={{ width: `${(frac * 100).toFixed(2)}%` }} />
      </div>
    </div>
  );
}

function QueueRows({ q, timer, nowNs }: { q: QueueState; timer: [number, number]; nowNs: number }) {
  const name = q.dir === 'rx' ? 'RX' : 'TX';
  const [start, expires] = timer;
  const running = start >= 0 && expires >= 0;
  // From the model's own start (a changed rx-usecs re-arms the timer for what is left, keeping its start).
  const elapsed = running ? Math.max(0, q.usecs * 1000 - (expires - nowNs)) : 0;
  const everyCompletion = q.usecs === 0 || q.frames === 0;
  return (
    <li className="cq-queue" data-testid={`cq-${q.dir}`}>
      <h3>
        {name} queue · {q.cqe ? 'CQE mode (each completion restarts the timer)' : 'EQE mode (timer from the first completion)'}
        {q.programmed && <span className="badge">set by the driver at run time</span>}
      </h3>
      {everyCompletion ? (
        <p className="caption">
          {q.dir}-usecs {q.usecs} µs, {q.dir}-frames {q.frames}: with either at 0 every completion interrupts.
        </p>
      ) : (
        <>
          <Meter
            label={`completions / ${q.dir}-frames`}
            value={q.count}
            max={q.frames}
            text={`${q.count} of ${q.frames} since the last interrupt`}
            testId={`cq-${q.dir}-count`}
          />
          <Meter
            label={`${q.dir}-usecs timer`}
            value={elapsed}
            max={q.usecs * 1000}
            text={running ? `${fmtNs(elapsed)} of ${q.usecs} µs · fires at ${fmtNs(expires)}` : `idle (${q.usecs} µs)`}
            testId={`cq-${q.dir}-timer`}
          />
        </>
      )}
    </li>
  );
}

export function CompletionQueuePanel() {
  const trace = useTrace();
  const store = useSimStore();
  const scenario = useLab((s) => s.scenario);
  const frame = useLab((s) => s.frame);
  useLab((s) => s.traceVersion);
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);
  const nowNs = frame?.nowNs ?? 0;
  const params = scenario.device.params as Record<string, number>;
  const timers = frame?.snapshot.timers;
  const timerOf = (id: number): [number, number] => (timers ? [timers[2 * id], timers[2 * id + 1]] : [-1, -1]);
  const cmd = ethtoolCommand(scenario);

  const apply = () => {
    const r = scenarioFromEthtool(pasted, scenario);
    if (!r.ok) {
      setPasteError(plainError(r.error));
      return;
    }
    setPasteError(null);
    void store.getState().setScenario(r.value);
  };

  return (
    <section className="panel cq-panel" aria-labelledby="h-cq" data-testid="completion-queue">
      <h2 id="h-cq">Completion queue (frames + time)</h2>
      <p className="caption">
        No ICR delay timers here: a queue interrupts at its rx-frames-th (tx-frames-th) completion since the last interrupt, or rx-usecs (tx-usecs) after its timer
        started, whichever comes first (the virtio spec's notification coalescing; mlx5).
      </p>
      <ul className="cq-queues">
        <QueueRows q={queueState(trace, params, 'rx', nowNs)} timer={timerOf(TimerId.RX_USECS)} nowNs={nowNs} />
        <QueueRows q={queueState(trace, params, 'tx', nowNs)} timer={timerOf(TimerId.TX_USECS)} nowNs={nowNs} />
      </ul>
      <details className="ethtool" open>
        <summary>ethtool -C / ethtool -c</summary>
        <label htmlFor="ethtool-cmd">The scenario's settings as a command</label>
        <code id="ethtool-cmd" data-testid="ethtool-command">
          {cmd.ok ? cmd.value : cmd.error}
        </code>
        <label htmlFor="ethtool-paste">Paste an ethtool -c output to read its settings into the scenario</label>
        <textarea id="ethtool-paste" data-testid="ethtool-paste" rows={4} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder={'rx-usecs: 8\nrx-frames: 128\nCQE mode RX: on  TX: off'} />
        <button type="button" onClick={apply} data-testid="ethtool-apply">
          Read into the scenario
        </button>
        {pasteError && (
          <p className="error" role="alert" data-testid="ethtool-error">
            {pasteError}
          </p>
        )}
      </details>
    </section>
  );
}
