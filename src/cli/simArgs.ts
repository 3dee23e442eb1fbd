/** Command-line arguments of `npm run sim` (see the usage text below and the scenario contract). */
import { err, ok, type Result } from '../base/result';
import { SOURCE_OPTIONS, parseCliArgs, pickScenarioSource, type ScenarioSource } from './cliArgs';

export type { ScenarioSource } from './cliArgs';

export const SIM_USAGE = `Usage: npm run --silent sim -- <source> [--json] [--trace FILE]

Runs one scenario headless and prints its interrupts and metrics.

Source (exactly one):
  --scenario FILE.json   a scenario file (format: docs/scenario-contract.md)
  --preset NAME          a named preset (see --list-presets)
  --url 'LINK'           a share link from the app (full URL or #s1.... hash)

Options:
  --json                 print exactly one JSON object: { scenario, interrupts, metrics }
  --trace FILE           also write the run's trace as Chrome Trace Event JSON to FILE
                         (open it in https://ui.perfetto.dev or chrome://tracing)
  --trace-records N      most trace records kept for --trace (default 2000000, at most
                         10000000; a longer run keeps its last N and says so)
  --ethtool              print the scenario's device settings as the ethtool -C command
                         that sets them, and exit (frames-time and itr-ratecap models)
  --ethtool-c FILE       read an ethtool -c output from FILE into the scenario, then run
  --list-presets         list the presets and exit
  --help                 show this help and exit

A scenario's traffic may replay a capture: { "pattern": "pcap", "file": "x.pcap" }
(pcap or pcapng, read relative to the scenario file) or "data" (base64, small).

Bad input exits with status 2 and one line on standard error.`;

export type SimCommand =
  | { kind: 'help' }
  | { kind: 'list-presets' }
  | { kind: 'run'; source: ScenarioSource; json: boolean; trace?: string; traceRecords?: number; ethtool?: boolean; ethtoolC?: string };

/** Default and largest number of trace records kept for --trace (25 bytes each in memory). */
export const DEFAULT_TRACE_RECORDS = 2_000_000;
export const MAX_TRACE_RECORDS = 10_000_000;

export function parseSimArgs(argv: readonly string[]): Result<SimCommand> {
  const parsed = parseCliArgs(argv, {
    ...SOURCE_OPTIONS,
    json: { type: 'boolean' },
    trace: { type: 'string' },
    'trace-records': { type: 'string' },
    'list-presets': { type: 'boolean' },
    ethtool: { type: 'boolean' },
    'ethtool-c': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return parsed;
  const values = parsed.value;

  if (values.help) return ok({ kind: 'help' });
  if (values['list-presets']) return ok({ kind: 'list-presets' });

  const picked = pickScenarioSource(values);
  if (!picked.ok) return picked;
  const source: ScenarioSource = picked.value;
  if (values.trace !== undefined && values.trace.trim() === '') return err('--trace needs a file name (see --help)');
  const command: SimCommand = { kind: 'run', source, json: values.json ?? false };
  if (values.trace !== undefined) command.trace = values.trace;
  if (values.ethtool) command.ethtool = true;
  if (values['ethtool-c'] !== undefined) {
    if (values['ethtool-c'].trim() === '') return err('--ethtool-c needs a file name (see --help)');
    command.ethtoolC = values['ethtool-c'];
  }
  const records = values['trace-records'];
  if (records !== undefined) {
    if (values.trace === undefined) return err('--trace-records needs --trace FILE (see --help)');
    const n = Number(records);
    if (!/^\d+$/.test(records.trim()) || n < 1 || n > MAX_TRACE_RECORDS) {
      return err(`--trace-records: ${JSON.stringify(records)} is not allowed (integer 1..${MAX_TRACE_RECORDS})`);
    }
    command.traceRecords = n;
  }
  return ok(command);
}
