/**
 * Seed 2012: the published numbers of the 2012 QEMU patch (TCG 9 -> 56 Kpps,
 * KVM about 20 -> 140 Kpps) next to the simulated TX throughput of the
 * rizzo2012 presets with both guests (FreeBSD lem, Linux 3.5), run live in
 * the lab's workers; the curve of TX against the bottom-half delay that
 * shows which guest the published rows need and why; the same experiment
 * with qemu-2013 and the 8254x ("follow the hardware"); and QEMU 7.2's
 * table A beside its presets, with where the time between two interrupts
 * goes. The ratio is simulated / published.
 */
import { type CycleBreakdown, type Metrics } from '../../core';
import { TableFit } from '../TableFit';
import {
  curveVerdict,
  gains,
  ratio,
  ratioText,
  SEED_CURVE,
  SEED_GUEST_LABEL,
  SEED_ROWS,
  seedPresetBhUs,
  type SeedHost,
  type SeedRow,
  type SeedTable,
} from '../../state/labSeed';
import { useWidth } from '../hooks';
import { LinePlot, type PlotSeries } from './SweepPlots';

import { fmtInt } from '../../state/format';
import { COLORS } from '../colors';
import { UNMASK_WAIT_TEXT } from '../timeline/lanes';
import { useViewStore, useLabView } from '../labContext';
import { plainError } from '../../scenario/plainWords';


function LoadButton({ row }: { row: SeedRow }) {
  const viewStore = useViewStore();
  return (
    <button type="button" className="small" onClick={() => void viewStore.getState().loadSeedRow(row.id)} aria-label={`Load ${row.host} ${row.what} in the simulator`}>
      Load
    </button>
  );
}

function RatioCell({ r }: { r: number | null }) {
  const off = r === null ? '' : Math.abs(Math.log(r)) < Math.log(1.15) ? 'close' : 'far';
  return <td className={`ratio ${off}`}>{ratioText(r)}</td>;
}

function rowsOf(table: SeedTable) {
  return SEED_ROWS.filter((r) => r.table === table);
}

const QEMU72_ROWS = rowsOf('qemu72');

/** A duration in ns as µs with one decimal: the cycle table's unit. */
const us1 = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;

/** The parts of a cycle, in order, with the colours the timeline gives them. */
const CYCLE_PARTS: { key: keyof Omit<CycleBreakdown, 'cycles' | 'meanCycleNs'>; heading: string; color: string }[] = [
  { key: 'windowNs', heading: 'Window', color: COLORS.timer },
  { key: 'wakeNs', heading: 'Main-loop wake-up', color: COLORS.timerLight },
  { key: 'unmaskWaitNs', heading: 'Waiting for unmask', color: COLORS.unmaskWait },
  { key: 'otherNs', heading: 'Other', color: COLORS.cpuLight },
];

/** The mean cycle as one bar split into its parts (the numbers are in the row's cells). */
function CycleBar({ b }: { b: CycleBreakdown }) {
  return (
    <div className="cycle-bar" aria-hidden="true" style={{ display: 'flex', width: '12em', height: '0.9em', border: `1px solid ${COLORS.muted}` }}>
      {CYCLE_PARTS.map((part) => (
        <span key={part.key} title={`${part.heading}: ${us1(b[part.key])}`} style={{ width: `${(100 * b[part.key]) / b.meanCycleNs}%`, background: part.color }} />
      ))}
    </div>
  );
}

/** Where the time between two interrupts goes in each QEMU 7.2 row. */
function CycleTable() {
  const byRow = useLabView((s) => s.seed.cycles);
  const on = byRow?.['qemu72-on'];
  return (
    <>
      <h3 className="irq">Where each interrupt cycle goes (simulated)</h3>
      <p className="caption">
        The mean time from one interrupt to the next = the device's window + QEMU's main-loop wake-up (the window's deadline has passed but QEMU's main-loop
        thread, asleep in ppoll, has not yet run its callback; measured on this project's host) + {UNMASK_WAIT_TEXT} (a cause
        is pending and the window over, but the driver has masked interrupts with IMC until its IMS write) + other (no cause pending). Measured on each row's trace: these rows run with the
        trace on.
      </p>
      <TableFit label="Interrupt cycles, QEMU 7.2">
        <table className="cmp-table seed-table" data-testid="seed-72-cycles">
          <thead>
            <tr>
              <th scope="col">QEMU mitigation</th>
              <th scope="col">Interrupt cycles</th>
              <th scope="col">Mean cycle</th>
              {CYCLE_PARTS.map((part) => (
                <th scope="col" key={part.key}>
                  <i className="sw" style={{ background: part.color }} aria-hidden="true" />
                  {part.heading}
                </th>
              ))}
              <th scope="col" className="text">
                Split
              </th>
            </tr>
          </thead>
          <tbody>
            {QEMU72_ROWS.map((row) => {
              const b = byRow?.[row.id];
              const cell = (key: keyof CycleBreakdown, testId?: string) => <td data-testid={testId && `${testId}-${row.id}`}>{b ? us1(b[key]) : '…'}</td>;
              return (
                <tr key={row.id} data-row={row.id}>
                  <th scope="row">{row.what}</th>
                  <td>{b ? fmtInt(b.cycles) : '…'}</td>
                  {cell('meanCycleNs', 'cycle-mean')}
                  {cell('windowNs', 'cycle-window')}
                  {cell('wakeNs', 'cycle-wake')}
                  {cell('unmaskWaitNs', 'cycle-unmask')}
                  {cell('otherNs', 'cycle-other')}
                  <td className="text">{b && b.meanCycleNs > 0 ? <CycleBar b={b} /> : '…'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableFit>
      {on && on.windowNs > 0 && (
        <p className="seed-gain" data-testid="cycle-story">
          With mitigation on, one interrupt every {us1(on.meanCycleNs)} is {fmtInt(1e9 / on.meanCycleNs)} interrupts/s, where the {us1(on.windowNs)} window alone
          would allow {fmtInt(1e9 / on.windowNs)}/s: the other {us1(on.wakeNs)} is QEMU's main loop waking up to run the window's callback. The guest unmasks a few
          µs after each interrupt, so {UNMASK_WAIT_TEXT} takes {us1(on.unmaskWaitNs)} per cycle here.
        </p>
      )}
    </>
  );
}

/** A simulated figure, or an ellipsis while the run is under way. */
function Sim({ m, get, testId }: { m: Metrics | undefined; get: (m: Metrics) => number; testId?: string }) {
  return <td data-testid={testId}>{m ? fmtInt(get(m)) : '…'}</td>;
}

/** The cells every seed row ends with: interrupts/s, frames per interrupt, and Load. */
function RateAndLoadCells({ m, row }: { m: Metrics | undefined; row: SeedRow }) {
  return (
    <>
      <Sim m={m} get={(x) => x.interruptsPerSec} />
      <td>{m ? m.framesPerInterrupt.toFixed(1) : '…'}</td>
      <td>
        <LoadButton row={row} />
      </td>
    </>
  );
}

const kpps = (pps: number) => `${(pps / 1000).toFixed(1)} Kpps`;
const ms = (us: number) => `${us / 1000} ms`;
const HOSTS: { host: SeedHost; label: string; publishedMitigated: number }[] = [
  { host: 'kvm', label: 'KVM', publishedMitigated: 140_000 },
  { host: 'tcg', label: 'TCG', publishedMitigated: 56_000 },
];
const GUEST_COLORS = { lem: COLORS.rx, linux: COLORS.tx } as const;

/** TX against the bottom-half delay, one plot per host, one line per guest; a point loads its scenario. */
function BottomHalfCurve({ curve }: { curve: number[] | null }) {
  const viewStore = useViewStore();
  const [ref, width] = useWidth<HTMLDivElement>();
  const plotWidth = Math.max(0, Math.min(560, width >= 900 ? width / 2 - 12 : width));
  const describe = (i: number) => {
    const p = SEED_CURVE[i];
    return `${p.host.toUpperCase()}, ${SEED_GUEST_LABEL[p.guest]}, bottom half ${ms(p.bhUs)}: ${curve ? `${fmtInt(curve[i])} TX frames/s` : 'running'}`;
  };
  const pick = (i: number) => void viewStore.getState().loadSeedCurvePoint(i);
  return (
    <div ref={ref} className="seed-curves">
      {HOSTS.map(({ host, label, publishedMitigated }) => {
        const series: PlotSeries[] = (['lem', 'linux'] as const).map((guest) => ({
          id: guest,
          label: SEED_GUEST_LABEL[guest],
          color: GUEST_COLORS[guest],
          points: curve
            ? SEED_CURVE.map((p, i) => ({ p, i })).filter(({ p }) => p.host === host && p.guest === guest).map(({ p, i }) => ({ x: p.bhUs / 1000, y: curve[i], i }))
            : [],
        }));
        const all = new Set(series.flatMap((s) => s.points.map((p) => p.i)));
        return (
          <LinePlot
            key={host}
            testId={`seed-curve-${host}`}
            title={`${label}: TX with the patch against the bottom-half delay (preset: ${ms(seedPresetBhUs(host))})`}
            xLabel="bottom-half delay (ms, log scale)"
            yLabel="guest TX (frames/s)"
            log
            series={series}
            hLine={{ y: publishedMitigated, label: `published with the patch: ${fmtInt(publishedMitigated)}`, labelAt: 'start' }}
            width={plotWidth}
            describe={describe}
            onPick={pick}
            best={null}
            meeting={all}
          />
        );
      })}
    </div>
  );
}

/** The plain-words reading of the curve: which guest reproduces the published rows, and why. */
function CurveStory({ curve, linuxKvmBaseline }: { curve: number[]; linuxKvmBaseline: number | undefined }) {
  const kvm = curveVerdict('kvm', curve);
  const tcg = curveVerdict('tcg', curve);
  return (
    <div className="seed-story" data-testid="seed-story">
      <p>
        <strong>FreeBSD lem reproduces the published table; Linux does not.</strong> The patch sends at once and interrupts only when the guest has handed over{' '}
        <code>len − 5</code> = 251 of the 256 descriptors since the last interrupt; otherwise everything waits for QEMU's idle bottom half.
      </p>
      <ul>
        <li>
          <b>lem</b> uses one descriptor per packet, reclaims finished ones in its own transmit path and stops only when 8 or fewer are free, so it reaches 251:
          the patch raises at once and the cycle clocks itself. From 1 to 10 ms of bottom-half delay its TX stays between {kpps(kvm.lemPlateau[0])} and{' '}
          {kpps(kvm.lemPlateau[1])} under KVM (published about 140) and {kpps(tcg.lemPlateau[0])}–{kpps(tcg.lemPlateau[1])} under TCG (published 56): as long as
          the host's main loop sleeps a millisecond or more, it hardly matters when the bottom half runs.
        </li>
        <li>
          <b>Linux</b> spends two descriptors per packet (context and data) and stops its queue when fewer than 19 are free: at most 238 are outstanding,
          below 251, and it reclaims only after an interrupt. So every cycle waits for the bottom half. Under KVM it peaks at {kpps(kvm.linuxPeak.txPps)} only
          near {ms(kvm.linuxPeak.bhUs)} and falls to {kpps(kvm.linuxAt10ms)} at 10 ms, the delay a KVM host's idle main loop gives (nothing else wakes it): below
          its own unpatched {linuxKvmBaseline === undefined ? '…' : fmtInt(linuxKvmBaseline)} frames/s.
        </li>
        <li>
          Under TCG the main loop wakes at every guest tick (1 ms), before either guest fills its ring, so both land near 56 Kpps ({kpps(tcg.atPreset.lem)} lem,{' '}
          {kpps(tcg.atPreset.linux)} Linux): the TCG row alone cannot tell the guests apart; the KVM row can.
        </li>
      </ul>
      <p className="caption">
        The 2012 message does not name its guest. The author is a FreeBSD developer whose group imported FreeBSD's e1000 drivers into its QEMU tree in 2013; the
        mechanism says the published KVM row needs a guest that reaches <code>len − 5</code>. That is an inference from the model, not a record.
      </p>
    </div>
  );
}

export function SeedView() {
  const viewStore = useViewStore();
  const seed = useLabView((s) => s.seed);
  const results = seed.results;
  const get = (id: string): Metrics | undefined => results?.[id];
  const mitigated = (host: string) => get(host === 'KVM' ? 'kvm-mitigated' : 'tcg-mitigated');
  const g = results ? gains(new Map(Object.entries(results))) : null;

  return (
    <div className="lab-seed">
      <section className="panel" aria-labelledby="h-seed">
        <div className="panel-head">
          <h2 id="h-seed" className="tx">
            The seed's experiment (2012): guest TX throughput, published and simulated
          </h2>
          <div className="lab-actions">
            <button type="button" onClick={() => void viewStore.getState().runSeed()} disabled={seed.running}>
              {seed.running ? 'Running…' : 'Run again'}
            </button>
            <progress max={Math.max(1, seed.total)} value={seed.done} aria-label="Seed experiment progress" aria-valuetext={`${seed.done} of ${seed.total} runs`} />
          </div>
        </div>
        <p className="caption">
          A guest sends 64-byte UDP frames as fast as it can through QEMU (no link rate) for 400 ms of virtual time, before the patch (QEMU 2012, one interrupt per frame) and with
          it (the patch as posted). Two guests: FreeBSD 9's lem(4), the driver for the 82540EM that QEMU emulates, and Linux 3.5's e1000. One cost profile per host
          (KVM 2012 and QEMU TCG 2012); the unpatched lem rows calibrate the cost of one interrupt, the patched rows are predictions. The patch's bottom half runs when the
          host's main loop next wakes: 10 ms under KVM (nothing else wakes it), 1 ms under TCG (every guest timer tick), chosen before any result. Simulated now,
          in this browser's Web Workers. How each figure was chosen is written down, with its source, in the project's notes on the seed experiment.
        </p>
        {seed.error && (
          <div className="msg error" role="alert">
            <span>{plainError(seed.error)}</span>
          </div>
        )}
        <TableFit label="Seed 2012 table">
          <table className="cmp-table seed-table" data-testid="seed-table">
            <caption>Published (the 2012 patch) and simulated guest TX throughput, frames/s</caption>
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col" className="text">Guest</th>
                <th scope="col" className="text">QEMU e1000</th>
                <th scope="col">Published</th>
                <th scope="col">Simulated</th>
                <th scope="col">Sim. / published</th>
                <th scope="col">Interrupts/s</th>
                <th scope="col">Frames per interrupt</th>
                <th scope="col" data-card-label="">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rowsOf('seed').map((row) => {
                const m = get(row.id);
                return (
                  <tr key={row.id} data-row={row.id} className={row.guest === 'linux' ? 'other-guest' : undefined}>
                    <th scope="row">{row.host}</th>
                    <td className="text">{row.guest ? SEED_GUEST_LABEL[row.guest] : ''}</td>
                    <td className="text">{row.what}</td>
                    <td data-testid={`published-${row.id}`}>
                      {fmtInt(row.publishedTxPps!)} <span className="sub">({row.publishedTxText})</span>
                    </td>
                    <Sim m={m} get={(x) => x.txPps} testId={`sim-${row.id}`} />
                    <RatioCell r={m ? ratio(m.txPps, row.publishedTxPps) : null} />
                    <RateAndLoadCells m={m} row={row} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableFit>
        {g && (
          <p className="seed-gain" data-testid="seed-gain">
            Gain from mitigation (with / without):{' '}
            {g.map((x, i) => (
              <span key={`${x.host}-${x.guest}`}>
                {i > 0 ? '; ' : ''}
                {x.host} {SEED_GUEST_LABEL[x.guest]}: published {x.published.toFixed(1)}×, simulated {x.simulated === null ? '–' : `${x.simulated.toFixed(1)}×`}
              </span>
            ))}
            . The unpatched rows calibrate the cost of one interrupt (with lem); the patched rows are predictions of the mechanism.
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="h-seed-curve">
        <h2 id="h-seed-curve" className="tx">
          Why the guest decides it: TX with the patch against the bottom-half delay
        </h2>
        <p className="caption">
          The patch's idle bottom half runs at the host's next main-loop iteration, at most 10 ms later (QEMU 1.2 caps the main loop's sleep there while one is
          pending). That delay is a property of the host, not recorded in 2012, so it is swept here over QEMU's whole range; every point is the mitigated
          experiment with nothing else changed. Click a point to load it in the simulator.
        </p>
        <BottomHalfCurve curve={seed.curve} />
        {seed.curve && <CurveStory curve={seed.curve} linuxKvmBaseline={get('kvm-baseline-linux')?.txPps} />}
      </section>

      <section className="panel" aria-labelledby="h-seed-hw">
        <h2 id="h-seed-hw" className="timer">
          "Follow the hardware": the same experiment with QEMU as merged in 2013 and with the 8254x datasheet
        </h2>
        <p className="caption">
          The reviewers of the 2012 patch asked for the hardware's own mechanism instead of a heuristic. Same guest, same costs, same traffic; only the device model changes.
          QEMU 2013 is what QEMU merged (with the 128 µs floor QEMU added in 2016); the 8254x model follows the datasheet's delay timers and ITR as the guest driver (lem: TIDV and TADV 66, ITR 488) programs them. Nothing was published for these rows.
        </p>
        <TableFit label="Follow the hardware table">
          <table className="cmp-table seed-table" data-testid="seed-hw-table">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col" className="text">Device model</th>
                <th scope="col">Simulated TX (frames/s)</th>
                <th scope="col">Against the patch (simulated)</th>
                <th scope="col">Interrupts/s</th>
                <th scope="col">Frames per interrupt</th>
                <th scope="col" data-card-label="">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rowsOf('hardware').map((row) => {
                const m = get(row.id);
                const patch = mitigated(row.host);
                return (
                  <tr key={row.id} data-row={row.id}>
                    <th scope="row">{row.host}</th>
                    <td className="text">{row.what}</td>
                    <Sim m={m} get={(x) => x.txPps} testId={`sim-${row.id}`} />
                    <td>{m && patch ? ratioText(m.txPps / patch.txPps) : '…'}</td>
                    <RateAndLoadCells m={m} row={row} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableFit>
      </section>

      <section className="panel" aria-labelledby="h-seed-72">
        <h2 id="h-seed-72" className="irq">
          Today: QEMU 7.2 under TCG, table A (measured on this project's CI-class machine)
        </h2>
        <p className="caption">
          One e1000, TX only, 64-byte frames, Linux 6.1 with its default InterruptThrottleRate; medians of three runs. The cost profile
          “QEMU 7.2 TCG on a 2-core host” was derived from these two rows' throughput; their interrupt rates were not fitted.
        </p>
        <TableFit label="QEMU 7.2 table A">
          <table className="cmp-table seed-table" data-testid="seed-72-table">
            <thead>
              <tr>
                <th scope="col">QEMU mitigation</th>
                <th scope="col">TX measured (frames/s)</th>
                <th scope="col">TX simulated</th>
                <th scope="col">Sim. / measured</th>
                <th scope="col">Interrupts/s measured</th>
                <th scope="col">Interrupts/s simulated</th>
                <th scope="col">Sim. / measured</th>
                <th scope="col" data-card-label="">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {QEMU72_ROWS.map((row) => {
                const m = get(row.id);
                return (
                  <tr key={row.id} data-row={row.id}>
                    <th scope="row">{row.what}</th>
                    <td data-testid={`published-${row.id}`}>{fmtInt(row.publishedTxPps!)}</td>
                    <Sim m={m} get={(x) => x.txPps} testId={`sim-${row.id}`} />
                    <RatioCell r={m ? ratio(m.txPps, row.publishedTxPps) : null} />
                    <td>{fmtInt(row.publishedIrqPerSec!)}</td>
                    <Sim m={m} get={(x) => x.interruptsPerSec} testId={`sim-irq-${row.id}`} />
                    <RatioCell r={m ? ratio(m.interruptsPerSec, row.publishedIrqPerSec) : null} />
                    <td>
                      <LoadButton row={row} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableFit>
        <CycleTable />
      </section>
    </div>
  );
}
