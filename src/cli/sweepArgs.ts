/** Command-line arguments of `npm run sweep` (see the usage text below). */
import { err, ok, type Result } from '../base/result';
import { MAX_SWEEP_SEEDS, MAX_SWEEP_STEPS, type SweepSpec } from '../sweep/sweep';
import { SOURCE_OPTIONS, parseCliArgs, pickScenarioSource, type ScenarioSource } from './cliArgs';

export const SWEEP_USAGE = `Usage: npm run --silent sweep -- <source> --param PATH --from A --to B --steps N [--scale log] [--json]

Runs one scenario many times, varying one numeric parameter, on worker
threads (one per core), and prints each point's metrics with the Pareto
frontier of guest CPU vs p99 latency marked *.

Source (exactly one):
  --scenario FILE.json   a scenario file (format: docs/scenario-contract.md)
  --preset NAME          a named preset (see --list-presets)
  --url 'LINK'           a share link from the app (full URL or #s1.... hash)

Sweep:
  --param PATH           dotted path of a numeric parameter, e.g. device.regs.ITR,
                         traffic.rx.pps, guest.params.InterruptThrottleRate
                         (see --list-params)
  --from A, --to B       the range, both ends included (negative: --from=-1)
  --steps N              number of points, 1..${MAX_SWEEP_STEPS}
  --scale linear|log     spacing of the points (default linear; log needs A, B > 0)
  --seeds N              run each point over N seeds (the scenario's seed, seed + 1, ...),
                         1..${MAX_SWEEP_SEEDS}, default 1; each point's metrics are then the
                         mean, its "runs" each seed's metrics, and the table shows the range

Options:
  --json                 print exactly one JSON object: { scenario, param, points: [{ value, metrics }], pareto: [indices] }
  --threads N            worker threads (default: one per core)
  --quiet                no progress line on standard error
  --list-params          list the scenario's sweepable parameters and exit
  --list-presets         list the presets and exit
  --help                 show this help and exit

Values are rounded to what the field holds (integers; ring sizes to multiples
of 8). Bad input exits with status 2 and one line on standard error.`;

export type SweepCommand =
  | { kind: 'help' }
  | { kind: 'list-presets' }
  | { kind: 'list-params'; source: ScenarioSource }
  | { kind: 'run'; source: ScenarioSource; spec: SweepSpec; json: boolean; threads?: number; seeds?: number; quiet: boolean };

const VALUE_FLAGS = ['param', 'from', 'to', 'steps', 'scale', 'threads', 'seeds'] as const;
const MAX_THREADS = 256;

function number(flag: string, text: string): Result<number> {
  const value = text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(value) ? ok(value) : err(`--${flag}: ${JSON.stringify(text)} is not a number`);
}

function integerIn(flag: string, text: string, min: number, max: number): Result<number> {
  const parsed = number(flag, text);
  if (!parsed.ok) return parsed;
  if (!Number.isInteger(parsed.value) || parsed.value < min || parsed.value > max) {
    return err(`--${flag}: ${text} is out of range (integer ${min}..${max})`);
  }
  return parsed;
}

export function parseSweepArgs(argv: readonly string[]): Result<SweepCommand> {
  const parsed = parseCliArgs(argv, {
    ...SOURCE_OPTIONS,
    param: { type: 'string', multiple: true },
    from: { type: 'string', multiple: true },
    to: { type: 'string', multiple: true },
    steps: { type: 'string', multiple: true },
    scale: { type: 'string', multiple: true },
    threads: { type: 'string', multiple: true },
    seeds: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
    'list-params': { type: 'boolean' },
    'list-presets': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return parsed;
  const values = parsed.value;

  if (values.help) return ok({ kind: 'help' });
  if (values['list-presets']) return ok({ kind: 'list-presets' });

  const picked = pickScenarioSource(values);
  if (!picked.ok) return picked;
  const source = picked.value;
  if (values['list-params']) return ok({ kind: 'list-params', source });

  const twice = VALUE_FLAGS.find((name) => (values[name]?.length ?? 0) > 1);
  if (twice) return err(`--${twice} given ${values[twice]!.length} times (give it once)`);
  const one = (name: (typeof VALUE_FLAGS)[number]) => values[name]?.[0];

  const param = one('param');
  if (param === undefined) return err('missing --param PATH (see --list-params)');
  for (const required of ['from', 'to', 'steps'] as const) {
    if (one(required) === undefined) return err(`missing --${required} (see --help)`);
  }
  const from = number('from', one('from')!);
  if (!from.ok) return from;
  const to = number('to', one('to')!);
  if (!to.ok) return to;
  const steps = integerIn('steps', one('steps')!, 1, MAX_SWEEP_STEPS);
  if (!steps.ok) return steps;
  const scale = one('scale') ?? 'linear';
  if (scale !== 'linear' && scale !== 'log') return err(`--scale: ${JSON.stringify(scale)} is not allowed (linear or log)`);
  let threads: number | undefined;
  if (one('threads') !== undefined) {
    const parsed = integerIn('threads', one('threads')!, 1, MAX_THREADS);
    if (!parsed.ok) return parsed;
    threads = parsed.value;
  }

  let seeds: number | undefined;
  if (one('seeds') !== undefined) {
    const parsed = integerIn('seeds', one('seeds')!, 1, MAX_SWEEP_SEEDS);
    if (!parsed.ok) return parsed;
    seeds = parsed.value;
  }

  const command: SweepCommand = {
    kind: 'run',
    source,
    spec: { param, from: from.value, to: to.value, steps: steps.value, scale },
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
  if (threads !== undefined) command.threads = threads;
  if (seeds !== undefined) command.seeds = seeds;
  return ok(command);
}
