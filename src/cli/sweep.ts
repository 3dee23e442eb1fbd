/**
 * `npm run --silent sweep -- (--scenario FILE.json | --preset NAME | --url 'LINK')
 *    --param PATH --from A --to B --steps N [--scale log] [--json]`
 *
 * Runs a sweep of one numeric parameter on worker threads, with a progress
 * line on standard error. With --json, standard output is exactly one JSON
 * object { scenario, param, points: [{ value, metrics }], pareto: [indices] }.
 * Bad input exits with status 2 and one line on standard error naming the
 * problem, never a stack trace; Ctrl-C cancels (status 130).
 */
import { listPresets } from './cliArgs';
import { PROCESS_IO, runAsScript, type CliIo } from './cliIo';
import type { Scenario } from '../core/scenario';
import { displayValue, formatMetric, type MetricId } from '../sweep/metrics';
import { listSweepablePaths } from '../sweep/paths';
import { metricSpread, planSweep, seededScenarios, sweepResultSeeds, type SweepPlan, type SweepResult } from '../sweep/sweep';
import { loadScenario } from './loadScenario';
import { parseSweepArgs, SWEEP_USAGE } from './sweepArgs';

const EXIT_BAD_INPUT = 2;
const EXIT_RUN_FAILED = 1;
const EXIT_CANCELLED = 130;

/** The columns of the human table after the parameter's value, with short headings. */
const TABLE_COLUMNS: readonly [MetricId, string][] = [
  ['interruptsPerSec', 'interrupts/s'],
  ['latencyP99Us', 'p99 latency us'],
  ['rxPps', 'RX pps'],
  ['txPps', 'TX pps'],
  ['guestCpuUtil', 'guest CPU %'],
  ['rxDropped', 'drops'],
];

function listParams(scenario: Scenario): string {
  const fields = listSweepablePaths(scenario);
  const width = Math.max(...fields.map((f) => f.path.length));
  return fields
    .map((f) => {
      const range = `${f.integer ? 'integer ' : ''}${f.min}..${f.max}${f.step ? `, multiple of ${f.step}` : ''}${f.allowed ? `; ${f.allowed}` : ''}`;
      const value = f.value === undefined ? 'absent' : String(f.value);
      return `${f.path.padEnd(width)}  ${value.padStart(10)}  ${f.label} [${f.unit ? `${f.unit}, ` : ''}${range}]${f.note ? ` (${f.note})` : ''}`;
    })
    .join('\n');
}

function table(headings: readonly string[], rows: readonly string[][]): string[] {
  const widths = headings.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headings), ...rows.map(line)];
}

function formatSweep(scenario: Scenario, plan: SweepPlan, result: SweepResult, threads: number, wallMs: number, seeds = 1): string {
  const { field } = plan;
  const values = plan.points.map((p) => p.value);
  const onFrontier = new Set(result.pareto);
  const rows = result.points.map(({ value, metrics }, i) => [
    onFrontier.has(i) ? '*' : '',
    String(value),
    ...TABLE_COLUMNS.map(([id]) => {
      const mean = formatMetric(id, displayValue(metrics, id));
      const spread = metricSpread(result.points[i], id);
      return spread && spread.max > spread.min ? `${mean} [${formatMetric(id, spread.min)}..${formatMetric(id, spread.max)}]` : mean;
    }),
  ]);
  const valueHeading = `${plan.param.split('.').pop()}${field.unit ? ` (${field.unit})` : ''}`;
  return [
    `Sweep  ${scenario.name}`,
    `  parameter  ${plan.param}: ${field.label}`,
    `  points     ${values.length}, ${values[0]} to ${values[values.length - 1]}, ${plan.scale} scale`,
    ...(seeds > 1 ? [`  seeds      ${seeds} per point, from ${scenario.seed}: each figure is the mean [lowest..highest run]`] : []),
    `  run        ${threads} worker thread${threads === 1 ? '' : 's'}, ${(wallMs / 1000).toFixed(2)} s wall time`,
    '',
    ...table(['', valueHeading, ...TABLE_COLUMNS.map(([, heading]) => heading)], rows),
    '',
    '* on the Pareto frontier of guest CPU vs p99 latency (both minimised)',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const args = parseSweepArgs(argv);
  if (!args.ok) {
    io.stderr(`sweep: ${args.error}\n`);
    return EXIT_BAD_INPUT;
  }
  const command = args.value;
  if (command.kind === 'help') {
    io.stdout(`${SWEEP_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'list-presets') {
    io.stdout(`${listPresets(false)}\n`);
    return 0;
  }

  const loaded = loadScenario(command.source);
  if (!loaded.ok) {
    io.stderr(`sweep: ${loaded.error}\n`);
    return EXIT_BAD_INPUT;
  }
  const scenario = loaded.value;
  if (command.kind === 'list-params') {
    io.stdout(`${listParams(scenario)}\n`);
    return 0;
  }

  const planned = planSweep(scenario, command.spec);
  if (!planned.ok) {
    io.stderr(`sweep: ${planned.error}\n`);
    return EXIT_BAD_INPUT;
  }
  const plan = planned.value;
  for (const warning of plan.warnings) io.stderr(`sweep: warning: ${warning}\n`);

  // The pool (worker threads, esbuild) is loaded only when there is a valid sweep to run.
  const { defaultPoolSize, runSweepInPool } = await import('../sweep/pool');
  // Several seeds: every (point, seed) is one run of the pool; the runs are grouped back per point below.
  const seeds = plan.param === 'seed' ? 1 : (command.seeds ?? 1);
  if (plan.param === 'seed' && (command.seeds ?? 1) > 1) io.stderr('sweep: warning: --seeds ignored: this sweep varies the seed itself\n');
  const runPlan: SweepPlan =
    seeds > 1 ? { ...plan, points: seededScenarios(plan, seeds).map((scenario, k) => ({ value: plan.points[Math.floor(k / seeds)].value, scenario })) } : plan;
  const threads = Math.min(command.threads ?? defaultPoolSize(), runPlan.points.length);
  const total = runPlan.points.length;
  const progress = (done: number) => {
    if (!command.quiet) io.stderr(`\r${done}/${total} ${seeds > 1 ? 'runs' : 'points'}`);
  };
  const cancel = new AbortController();
  const onInterrupt = () => cancel.abort();
  process.once('SIGINT', onInterrupt);

  const started = performance.now();
  progress(0);
  let result: SweepResult;
  try {
    result = await runSweepInPool(runPlan, { threads, signal: cancel.signal, onProgress: progress });
    if (seeds > 1) {
      const all = result.points.map((p) => p.metrics);
      result = sweepResultSeeds(plan, plan.points.map((_, i) => all.slice(i * seeds, (i + 1) * seeds)));
    }
  } catch (error) {
    if (!command.quiet) io.stderr('\n');
    if (cancel.signal.aborted) {
      io.stderr('sweep: cancelled\n');
      return EXIT_CANCELLED;
    }
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    io.stderr(`sweep: ${message}\n`);
    return EXIT_RUN_FAILED;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  const wallMs = performance.now() - started;
  if (!command.quiet) io.stderr('\n');

  if (command.json) {
    const output = { scenario, param: plan.param, points: result.points, pareto: result.pareto };
    io.stdout(`${JSON.stringify(output)}\n`);
  } else {
    io.stdout(`${formatSweep(scenario, plan, result, threads, wallMs, seeds)}\n`);
  }
  return 0;
}

await runAsScript(import.meta.url, main);
