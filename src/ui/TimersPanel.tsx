/**
 * "Delay timers": RDTR, RADV, TIDV, TADV and the ITR window (or the device
 * model's own timer, with QEMU's main-loop wake-up after it) as countdown
 * bars with the time left; a restart shows as the bar jumping back to full,
 * with a "restarted" badge and a count.
 */
import { type CostProfileName, MITIGATION_REGS, REG_INDEX, regValueNs, type RegName, TIMER_COUNT, TraceKind, timerDescriptor, timerPanelLabel, type TimerId, deviceModelDescriptor, ignoresAllRegisters } from '../core';
import { SpanEnd, type TraceWindow } from '../state/traceWindow';

import { fmtNs, fmtUs } from '../state/format';
import { timerTextContext } from './timeline/lanes';
import { useLab, useTrace } from './labContext';
import { atThisNs } from './thisNs';

export interface TimerRow {
  id: number;
  label: string;
  /** The register that sets the timer, shown with its value. */
  reg?: RegName;
  /** Shown beside the label when there is no register. */
  value: string;
  tip: string;
}

/** One row per timer a device model can run (its descriptor says which), from the timer's own descriptor. */
export function timerRow(id: TimerId, costs: CostProfileName): TimerRow {
  const t = timerDescriptor(id);
  if (!t) return { id, label: `timer ${id}`, value: '', tip: `timer ${id}` };
  const ctx = timerTextContext(costs);
  return { id, label: timerPanelLabel(t), reg: t.reg, value: t.value?.(ctx) ?? '', tip: t.tip(ctx) };
}

/** Restarts of a running timer since it started from idle: the chain of re-armings (SpanList.chainStart) that led to the open run. */
function restartsSinceStart(trace: TraceWindow, id: number): number {
  const spans = trace.timerSpans[id];
  if (!spans || spans.length === 0 || spans.how[spans.length - 1] !== SpanEnd.OPEN) return 0;
  return spans.length - 1 - spans.chainStart(spans.length - 1);
}

/** The newest interrupt assertion in the trace window, or null. */
function lastInterruptNs(trace: TraceWindow): number | null {
  for (let i = trace.length - 1; i >= 0; i--) if (trace.kind[i] === TraceKind.LINE_ASSERT) return trace.tNs[i];
  return null;
}

/**
 * A model that runs no timer (QEMU 2012): rather than an empty panel, what it
 * has instead: the delay registers with their values and why they change
 * nothing, and where the interrupts show.
 */
function NoTimers({ regs, trace, interrupts }: { regs: Uint32Array | null; trace: TraceWindow; interrupts: number }) {
  const model = useLab((s) => s.scenario.device.model);
  const d = deviceModelDescriptor(model);
  const last = lastInterruptNs(trace);
  return (
    <div data-testid="timers-instead">
      <ul className="timers-none">
        {MITIGATION_REGS.map((reg) => {
          const raw = regs ? regs[REG_INDEX[reg]] & 0xffff : 0;
          return (
            <li key={reg}>
              {reg} = {raw} ({raw === 0 ? 'off' : fmtUs(regValueNs(reg, raw))}){d.ignores[reg] ? `: ${d.ignores[reg]}` : ''}
            </li>
          );
        })}
      </ul>
      {ignoresAllRegisters(d) && (
        <p className="note">
          Nothing delays an interrupt here: each cause asserts the line as soon as it is set and IMS enables it ({interrupts.toLocaleString('en-US')} so far{last !== null ? `, the last at ${fmtNs(last)}` : ''}). Watch the ICR panel and the timeline&apos;s Interrupts lane.
        </p>
      )}
    </div>
  );
}

export function TimersPanel() {
  const trace = useTrace();
  const model = useLab((s) => s.scenario.device.model);
  const costs = useLab((s) => s.scenario.guest.costs);
  const frame = useLab((s) => s.frame);
  useLab((s) => s.traceVersion);
  const descriptor = deviceModelDescriptor(model);
  const rows = descriptor.timers.map((id) => timerRow(id, costs));
  // Show any other timer the model happens to run.
  if (frame) {
    for (let id = 0; id < TIMER_COUNT; id++) {
      if (frame.snapshot.timers[2 * id + 1] >= 0 && !rows.some((r) => r.id === id)) rows.push(timerRow(id, costs));
    }
  }
  const now = frame?.nowNs ?? 0;
  // What the timers did at this very ns (a restart, a fire, a stop): a function of the position, as a link or Back reopens it.
  const here = atThisNs(trace, now);

  return (
    <section className="panel timers-panel" aria-labelledby="h-timers" data-testid="timers">
      <h2 id="h-timers" className="timer">
        Delay timers
      </h2>
      <p className="caption">{descriptor.timersNote}</p>
      {rows.length === 0 && <NoTimers regs={frame ? frame.snapshot.regs : null} trace={trace} interrupts={frame?.snapshot.counters.interrupts ?? 0} />}
      <ul className="timers">
        {rows.map((row) => {
          const start = frame ? frame.snapshot.timers[2 * row.id] : -1;
          const expires = frame ? frame.snapshot.timers[2 * row.id + 1] : -1;
          const running = expires >= 0 && start >= 0;
          const period = running ? Math.max(1, expires - start) : 0;
          const left = running ? Math.max(0, expires - now) : 0;
          const frac = running ? left / period : 0;
          const raw = row.reg && frame ? frame.snapshot.regs[REG_INDEX[row.reg]] & 0xffff : undefined;
          const regText =
            row.reg && raw !== undefined
              ? `${row.reg} = ${raw} (${raw === 0 ? 'off' : fmtUs(regValueNs(row.reg, raw))})`
              : row.value;
          const restarts = running ? restartsSinceStart(trace, row.id) : 0;
          const bit = 1 << row.id;
          const event = here.timerRestarted & bit ? 'restarted at this ns' : here.timerStarted & bit ? 'started at this ns' : here.timerFired & bit ? 'fired at this ns' : here.timerStopped & bit ? 'stopped at this ns' : '';
          return (
            <li key={row.id} className={running ? 'timer-row running' : 'timer-row'} data-tip={row.tip} tabIndex={0} data-testid={`timer-${row.label}`}>
              <div className="timer-head">
                <span className="timer-name">{row.label}</span>
                <span className="timer-reg">{regText}</span>
              </div>
              <div
                className="bar"
                role="meter"
                aria-label={`${row.label} time left`}
                aria-valuemin={0}
                aria-valuemax={Math.round(period)}
                aria-valuenow={Math.round(left)}
                aria-valuetext={running ? `${fmtNs(left)} left of ${fmtNs(period)}` : 'idle'}
              >
                {/* Keyed on the run's start (virtual time): a restart re-mounts the fill and replays its flash, wherever the position was reached from. */}
                <div key={start} className={`fill ${restarts ? 'restarted' : ''}`} style={{ width: `${(frac * 100).toFixed(2)}%` }} />
              </div>
              <div className="timer-foot">
                {running ? (
                  <>
                    <b>{fmtNs(left)}</b> left of {fmtNs(period)} · fires at {fmtNs(expires)}
                    {restarts > 0 && <span className="badge">restarted {restarts}×</span>}
                    {event && <span className="badge" data-testid="timer-event">{event}</span>}
                  </>
                ) : (
                  <span className="idle">
                    idle
                    {event && (
                      <>
                        {' '}
                        <span className="badge" data-testid="timer-event">
                          {event}
                        </span>
                      </>
                    )}
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
