/**
 * The Sweep view's plots: a metric against the swept parameter (SVG, d3
 * scales, a unit on every axis), and p99 latency against guest CPU with the
 * Pareto frontier. Points are buttons: clicking (or Enter) loads that
 * point's scenario into the simulator. The cheapest point meeting the p99
 * bound is ringed and labelled; points meeting it are filled.
 */
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import type { XY } from '../../state/labSweep';

export interface PlotSeries {
  id: string;
  label: string;
  color: string;
  points: XY[];
}

interface Common {
  width: number;
  /** Point index -> text for its tooltip and accessible name. */
  describe: (i: number) => string;
  onPick: (i: number) => void;
  best: number | null;
  meeting: ReadonlySet<number>;
  testId?: string;
}

const H = 210;
// right: room for half of the last x tick label (up to 6 characters), so the SVG edge never cuts it.
const M = { top: 12, right: 28, bottom: 42, left: 62 };

function fmtTick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(4)));
}

/** 1-2-5 ticks on a log axis, thinned to powers of ten when there are too many. */
function logTicks(x: ScaleContinuousNumeric<number, number>, most: number): number[] {
  const mantissa = (t: number) => Math.round(t / 10 ** Math.floor(Math.log10(t) + 1e-9));
  const all = x.ticks(10);
  const nice = all.filter((t) => [1, 2, 5].includes(mantissa(t)));
  if (nice.length <= most) return nice;
  const decades = all.filter((t) => mantissa(t) === 1);
  return decades.length >= 2 ? decades : x.domain();
}

function yScale(values: number[], extra: number[] = []) {
  const finite = [...values, ...extra].filter(Number.isFinite);
  const max = Math.max(0, ...finite);
  return scaleLinear()
    .domain([0, max > 0 ? max * 1.08 : 1])
    .nice()
    .range([H - M.bottom, M.top]);
}

function xScale(values: number[], log: boolean): ScaleContinuousNumeric<number, number> {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const useLog = log && lo > 0;
  const s = useLog ? scaleLog() : scaleLinear();
  const d: [number, number] = lo === hi ? (useLog ? [lo / 2, hi * 2] : [lo - 1, hi + 1]) : [lo, hi];
  return (s.domain(d) as ScaleContinuousNumeric<number, number>).range([M.left, 0]);
}

function Axes({ x, y, width, xLabel, yLabel, log }: { x: ScaleContinuousNumeric<number, number>; y: ScaleContinuousNumeric<number, number>; width: number; xLabel: string; yLabel: string; log: boolean }) {
  const xTicks = log ? logTicks(x, Math.max(2, Math.floor((width - M.left) / 70))) : x.ticks(Math.max(2, Math.floor((width - M.left) / 80)));
  const yTicks = y.ticks(5);
  return (
    <g className="axes" aria-hidden="true">
      {yTicks.map((t) => (
        <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
          <line x1={M.left} x2={width - M.right} className="grid" />
          <text x={M.left - 6} dy="0.32em" textAnchor="end">
            {fmtTick(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <g key={`x${t}`} transform={`translate(${x(t)},0)`}>
          <line y1={H - M.bottom} y2={H - M.bottom + 5} className="tick" />
          <text y={H - M.bottom + 17} textAnchor="middle">
            {fmtTick(t)}
          </text>
        </g>
      ))}
      <line x1={M.left} x2={width - M.right} y1={H - M.bottom} y2={H - M.bottom} className="domain" />
      <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} className="domain" />
      <text className="axis-label" x={(M.left + width - M.right) / 2} y={H - 6} textAnchor="middle">
        {xLabel}
      </text>
      <text className="axis-label" transform={`translate(14,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
        {yLabel}
      </text>
    </g>
  );
}

/** The spread of a point over its seeds: a bar from the lowest to the highest run, with caps (vertical, or horizontal for x). */
function ErrorBar({ x, y, lo, hi, color, horizontal = false }: { x: number; y: number; lo: number; hi: number; color: string; horizontal?: boolean }) {
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || Math.abs(hi - lo) < 1) return null;
  const cap = 4;
  return horizontal ? (
    <g className="errbar" stroke={color} aria-hidden="true">
      <line x1={lo} x2={hi} y1={y} y2={y} />
      <line x1={lo} x2={lo} y1={y - cap} y2={y + cap} />
      <line x1={hi} x2={hi} y1={y - cap} y2={y + cap} />
    </g>
  ) : (
    <g className="errbar" stroke={color} aria-hidden="true">
      <line x1={x} x2={x} y1={lo} y2={hi} />
      <line x1={x - cap} x2={x + cap} y1={lo} y2={lo} />
      <line x1={x - cap} x2={x + cap} y1={hi} y2={hi} />
    </g>
  );
}

function Point({ x, y, i, color, best, meets, describe, onPick, focusable }: { x: number; y: number; i: number; color: string; best: boolean; meets: boolean; describe: (i: number) => string; onPick: (i: number) => void; focusable: boolean }) {
  return (
    <g
      className={`pt${best ? ' best' : ''}`}
      role="button"
      tabIndex={focusable ? 0 : -1}
      aria-label={describe(i)}
      data-tip={`${describe(i)}. Click to load it in the simulator.`}
      data-point={i}
      onClick={() => onPick(i)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onPick(i);
        }
      }}
    >
      <circle cx={x} cy={y} r={9} className="hit" />
      {best && <circle cx={x} cy={y} r={8} className="ring" />}
      <circle cx={x} cy={y} r={4.2} fill={meets ? color : '#fff'} stroke={color} strokeWidth={2} />
    </g>
  );
}

export function LinePlot({
  title,
  xLabel,
  yLabel,
  log,
  series,
  hLine,
  ...common
}: Common & { title: string; xLabel: string; yLabel: string; log: boolean; series: PlotSeries[]; hLine?: { y: number; label: string; labelAt?: 'start' | 'end' } }) {
  const { width, best, meeting, describe, onPick, testId } = common;
  if (width < 120) return null;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const x = xScale(xs, log).range([M.left, width - M.right]);
  const y = yScale(
    series.flatMap((s) => s.points.flatMap((p) => [p.y, p.yHi ?? p.y])),
    hLine ? [hLine.y] : [],
  );
  const focusable = xs.length <= 80;
  const spread = series.some((s) => s.points.some((p) => p.yLo !== undefined));
  return (
    <figure className="plot" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg width={width} height={H} role="group" aria-label={`${title}: ${yLabel} against ${xLabel}`}>
        <Axes x={x} y={y} width={width} xLabel={xLabel} yLabel={yLabel} log={log} />
        {hLine && (
          <g className="bound">
            <line x1={M.left} x2={width - M.right} y1={y(hLine.y)} y2={y(hLine.y)} />
            <text x={hLine.labelAt === 'start' ? M.left + 4 : width - M.right - 4} y={y(hLine.y) - 4} textAnchor={hLine.labelAt === 'start' ? 'start' : 'end'}>
              {hLine.label}
            </text>
          </g>
        )}
        {series.map((s) => (
          <g key={s.id}>
            <path
              className="line"
              stroke={s.color}
              d={s.points
                .filter((p) => Number.isFinite(p.y))
                .map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`)
                .join('')}
            />
            {s.points.map((p) =>
              Number.isFinite(p.y) && p.yLo !== undefined && p.yHi !== undefined ? <ErrorBar key={`e${p.i}`} x={x(p.x)} y={y(p.y)} lo={y(p.yLo)} hi={y(p.yHi)} color={s.color} /> : null,
            )}
            {s.points.map((p) =>
              Number.isFinite(p.y) ? (
                <Point key={p.i} x={x(p.x)} y={y(p.y)} i={p.i} color={s.color} best={best === p.i} meets={meeting.has(p.i)} describe={describe} onPick={onPick} focusable={focusable && s === series[0]} />
              ) : null,
            )}
          </g>
        ))}
      </svg>
      {(series.length > 1 || spread) && (
        <ul className="plot-legend">
          {series.length > 1 &&
            series.map((s) => (
              <li key={s.id}>
                <i style={{ background: s.color }} /> {s.label}
              </li>
            ))}
          {spread && <li className="spread-key">dot: mean over the seeds; bar: lowest to highest run</li>}
        </ul>
      )}
    </figure>
  );
}

export function TradeoffPlot({
  points,
  pareto,
  boundUs,
  bestLabel,
  color,
  ...common
}: Common & { points: XY[]; pareto: readonly number[]; boundUs: number; bestLabel: string | null; color: string }) {
  const { width, best, meeting, describe, onPick, testId } = common;
  if (width < 120) return null;
  const x = scaleLinear()
    .domain([0, Math.max(1, ...points.map((p) => p.xHi ?? p.x).filter(Number.isFinite)) * 1.08])
    .nice()
    .range([M.left, width - M.right]);
  const y = yScale(
    points.flatMap((p) => [p.y, p.yHi ?? p.y]),
    [boundUs],
  );
  const frontier = pareto
    .map((i) => points[i])
    .filter((p) => p && Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const onFrontier = new Set(pareto);
  const focusable = points.length <= 80;
  const bp = best !== null ? points[best] : null;
  return (
    <figure className="plot tradeoff" data-testid={testId}>
      <figcaption>p99 latency against guest CPU: the tradeoff, Pareto frontier marked{points.some((p) => p.yLo !== undefined) ? ' (means over the seeds; bars: lowest to highest run)' : ''}</figcaption>
      <svg width={width} height={H} role="group" aria-label="p99 latency against guest CPU, with the Pareto frontier">
        <Axes x={x} y={y} width={width} xLabel="guest CPU (%)" yLabel="p99 latency (µs)" log={false} />
        <g className="bound">
          <line x1={M.left} x2={width - M.right} y1={y(boundUs)} y2={y(boundUs)} />
          <text x={M.left + 4} y={y(boundUs) - 4} textAnchor="start">
            p99 bound {boundUs} µs
          </text>
        </g>
        <path className="frontier" d={frontier.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join('')} />
        {points.map((p) =>
          Number.isFinite(p.x) && Number.isFinite(p.y) ? (
            <g key={p.i} className={onFrontier.has(p.i) ? 'on-frontier' : undefined}>
              {p.yLo !== undefined && p.yHi !== undefined && <ErrorBar x={x(p.x)} y={y(p.y)} lo={y(p.yLo)} hi={y(p.yHi)} color={color} />}
              {p.xLo !== undefined && p.xHi !== undefined && <ErrorBar x={x(p.x)} y={y(p.y)} lo={x(p.xLo)} hi={x(p.xHi)} color={color} horizontal />}
              {onFrontier.has(p.i) && <rect x={x(p.x) - 6.5} y={y(p.y) - 6.5} width={13} height={13} className="frontier-mark" />}
              <Point x={x(p.x)} y={y(p.y)} i={p.i} color={color} best={best === p.i} meets={meeting.has(p.i)} describe={describe} onPick={onPick} focusable={focusable} />
            </g>
          ) : null,
        )}
        {bp && bestLabel && (
          <text
            className="best-label"
            x={x(bp.x) + 12 > width - 180 ? x(bp.x) - 12 : x(bp.x) + 12}
            y={y(bp.y) < M.top + 40 ? y(bp.y) + 22 : y(bp.y) - 12}
            textAnchor={x(bp.x) + 12 > width - 180 ? 'end' : 'start'}
          >
            {bestLabel}
          </text>
        )}
      </svg>
      <ul className="plot-legend">
        <li>
          <i className="sq" /> on the Pareto frontier (no other point has both lower CPU and lower p99)
        </li>
        <li>
          <i className="dot filled" style={{ background: color }} /> meets the p99 bound
        </li>
        <li>
          <i className="dot ring" /> cheapest point that meets it
        </li>
      </ul>
    </figure>
  );
}
