/**
 * "Metrics": interrupts/s, frames per interrupt, latency p50/p99, drops, VM
 * exits/s and guest CPU, each with a small live chart over the run, and the
 * theory beside the measurement where there is one (the interrupt-rate bound
 * set by ITR or the model's window).
 */
import { line, scaleLinear } from 'd3';
import { type Metrics } from '../core';
import { type MetricSample } from '../state/store';
import { NO_REPLIES } from '../sweep/metrics';
import { fmt1, fmtInt, fmtNs, fmtRate } from '../state/format';
import { usePalette } from './RingPanel';
import { useLab } from './labContext';
import { theoryLine, type TheoryLine } from '../state/theoryBound';
import { MIN_LINE_SAMPLES, TOO_FEW_SAMPLES } from './export/chartsSvg';

interface Card {
  key: string;
  label: string;
  tip: string;
  value: (m: Metrics, nowNs: number) => number;
  show: (v: number, m: Metrics) => string;
  color: 'irq' | 'rx' | 'cpu' | 'ink';
  /** Shown only when the scenario has a server application (guest.server). */
  serverOnly?: true;
}

/** A latency card with no RX frame taken yet (frames may be stored in the ring, not yet taken): the tables' NO_RX_FRAMES, short enough for one projector line under its "Latency" label. */
export const NO_RX_FRAME_CARD = 'none taken';

/** The rate counts gaps between interrupts: with one interrupt there is none yet, so no rate but the count (not "0 /s" beside "so far 1"); short enough for one line on a projector. */
export function interruptRateText(perSec: number, interrupts: number): string {
  return interrupts === 1 ? '1 so far' : fmtRate(perSec);
}

const perSec = (count: number, nowNs: number) => (nowNs > 0 ? count / (nowNs / 1e9) : 0);

/** A server latency card (guest.server only): request arrival at the NIC to its reply handed to the driver. */
function requestCard(p: 'p50' | 'p99' | 'p999'): Card {
  const name = p === 'p999' ? 'p99.9' : p;
  return {
    key: `req-${p}`,
    label: `Request ${name}`,
    tip: `Server application: ${p === 'p50' ? 'median' : `${name.slice(1)}th percentile`} of the time from a request arriving at the NIC to its reply handed to the driver`,
    value: (m) => m.server?.latencyUs[p] ?? NaN,
    show: (v, m) => (m.server === undefined || m.server.replies === 0 ? NO_REPLIES : fmtNs(v * 1000)),
    color: 'rx',
    serverOnly: true,
  };
}

const CARDS: Card[] = [
  {
    key: 'irq',
    label: 'Interrupts / s',
    tip: 'Interrupt assertions per second of virtual time over the run so far, counted by the gaps between them: (interrupts − 1) ÷ time so far. A run the device paces at R per second therefore never reads above R. With one interrupt there is no gap yet, so the card shows the count (1 so far).',
    value: (m) => m.interruptsPerSec,
    show: (v, m) => interruptRateText(v, m.interrupts),
    color: 'irq',
  },
  {
    key: 'fpi',
    label: 'Frames per interrupt',
    tip: 'Frames (RX taken plus TX sent) per interrupt: how much work each interrupt amortizes',
    value: (m) => m.framesPerInterrupt,
    show: fmt1,
    color: 'irq',
  },
  {
    key: 'p50',
    label: 'Latency p50',
    tip: 'Median time from a frame arriving at the NIC to the guest taking it',
    value: (m) => m.latencyUs.p50,
    show: (v, m) => (m.rxFrames === 0 ? NO_RX_FRAME_CARD : fmtNs(v * 1000)),
    color: 'rx',
  },
  {
    key: 'p99',
    label: 'Latency p99',
    tip: '99th percentile of arrival-to-guest latency: what the delay timers cost the slowest frames',
    value: (m) => m.latencyUs.p99,
    show: (v, m) => (m.rxFrames === 0 ? NO_RX_FRAME_CARD : fmtNs(v * 1000)),
    color: 'rx',
  },
  {
    key: 'drops',
    label: 'Drops (RXO)',
    tip: 'Frames dropped because the RX ring was full (RXO, MPC)',
    value: (m) => m.rxDropped,
    show: fmtInt,
    color: 'ink',
  },
  {
    key: 'exits',
    label: 'VM exits / s',
    tip: 'Guest register accesses that trap to the hypervisor, per second: each costs microseconds under KVM',
    value: (m, now) => perSec(m.exits, now),
    show: fmtRate,
    color: 'cpu',
  },
  ...(['p50', 'p99', 'p999'] as const).map(requestCard),
  {
    key: 'cpu',
    label: 'Guest CPU',
    tip: 'Share of the guest vCPU spent on networking (injection, ISR, polling, exits, per-frame work)',
    value: (m) => m.guestCpuUtil * 100,
    show: (v) => `${fmt1(v)} %`,
    color: 'cpu',
  },
];

function Spark({ samples, card, color }: { samples: MetricSample[]; card: Card; color: string }) {
  const w = 120;
  const h = 30;
  if (samples.length === 0) return <svg className="spark" width={w} height={h} aria-hidden="true" />;
  const xs = samples.map((s) => s.tNs);
  const ys = samples.map((s) => card.value(s.metrics, s.tNs));
  const x = scaleLinear()
    .domain([xs[0], xs[xs.length - 1] || 1])
    .range([1, w - 1]);
  const maxY = Math.max(...ys);
  const y = scaleLinear()
    .domain([0, maxY > 0 ? maxY : 1])
    .range([h - 2, 2]);
  if (samples.length < MIN_LINE_SAMPLES) {
    // One or two samples (just loaded, or after a seek): points, not a line between them.
    return (
      <svg className="spark" width={w} height={h} aria-hidden="true" data-testid="spark-points">
        {ys.map((v, i) => (
          <circle key={i} cx={samples.length === 1 ? 4 : x(xs[i])} cy={Number.isFinite(v) ? y(v) : h - 2} r={2} fill={color} />
        ))}
        <text x={w / 2} y={h / 2 + 3} fontSize={9} textAnchor="middle" fill="currentColor" opacity={0.7}>
          {TOO_FEW_SAMPLES}
        </text>
      </svg>
    );
  }
  const d = line<number>()
    .x((_, i) => x(xs[i]))
    .y((v) => y(v))(ys);
  return (
    <svg className="spark" width={w} height={h} aria-hidden="true" data-testid="spark-line">
      <path d={d ?? ''} fill="none" stroke={color} strokeWidth={1.5} />
    </svg>
  );
}

/**
 * What the run has done so far, in the words the CLI's report and the CSV
 * use: "RX frames taken" is the guest's count (metrics.rxFrames, the CLI's
 * `RX frames taken` and the CSV's `rx_frames_taken`); frames that arrived at
 * the NIC but wait in the ring or were dropped are said apart, as arrived.
 */
export function runSoFarCaption(nowNs: number, c: { rxArrived: number; txSent: number; interrupts: number } | undefined, m: Metrics | undefined): string {
  const head = `Over the run so far (0 to ${fmtNs(nowNs)})`;
  if (!c || !m) return `${head}.`;
  return `${head} · RX: ${fmtInt(c.rxArrived)} frames arrived at the NIC, ${fmtInt(m.rxFrames)} taken by the guest · TX: ${fmtInt(c.txSent)} sent · ${fmtInt(c.interrupts)} interrupts.`;
}

/** The theory line under the measured rate: the bound in force, said to start at a change when one came after the first interrupt. */
function Theory({ theory: { bound, since } }: { theory: TheoryLine }) {
  const rate = bound ? `at most ${fmtRate(bound.rate)}` : 'no bound';
  const basis = bound ? `the device allows at most ${fmtRate(bound.rate)}: ${bound.why}` : 'the device model, with these register values, puts no floor under the gap between two interrupts';
  if (since) {
    return (
      <span
        className={bound ? 'theory' : 'theory none'}
        data-testid="theory"
        data-tip={`Theory with the values now: ${basis}. They changed at ${fmtNs(since.tNs)}: ${since.what}. The rate above is over the whole run, before and after that change, so this bound need not hold for it.`}
      >
        theory since {fmtNs(since.tNs)}: {rate}
      </span>
    );
  }
  return (
    <span className={bound ? 'theory' : 'theory none'} data-testid="theory" data-tip={`Theory: ${basis}`}>
      theory: {rate}
    </span>
  );
}

export function MetricsPanel() {
  const frame = useLab((s) => s.frame);
  const samples = useLab((s) => s.samples);
  const scenario = useLab((s) => s.scenario);
  const p = usePalette();
  const m = frame?.metrics;
  const now = frame?.nowNs ?? 0;
  const theory = theoryLine(scenario, frame ? frame.snapshot.regs : null, frame?.boundHistory);
  const c = frame?.snapshot.counters;

  return (
    <section className="panel metrics-panel" aria-labelledby="h-metrics" data-testid="metrics">
      <h2 id="h-metrics">Metrics</h2>
      <p className="caption" data-testid="metrics-caption">
        {runSoFarCaption(now, c, m)}
      </p>
      <ul className="cards">
        {CARDS.filter((card) => !card.serverOnly || scenario.guest.server !== undefined).map((card) => {
          const v = m ? card.value(m, now) : NaN;
          return (
            <li key={card.key} className="card" data-tip={card.tip} tabIndex={0} data-testid={`metric-${card.key}`}>
              <span className="label">{card.label}</span>
              <span className="value">{m ? card.show(v, m) : '–'}</span>
              {/* The line keeps its place with or without a bound, so the cards do not change height when a write takes it away mid-run. */}
              {card.key === 'irq' && <Theory theory={theory} />}
              <Spark samples={samples} card={card} color={card.color === 'ink' ? p.ink : p[card.color]} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
