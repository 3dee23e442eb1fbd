/**
 * `npm run --silent sim -- (--scenario FILE.json | --preset NAME | --url 'LINK') [--json] [--trace FILE]`
 *
 * Runs one scenario headless. With --json, standard output is exactly one
 * JSON object (the RunResult of the contract). With --trace, the run's
 * trace is also written to FILE as Chrome Trace Event JSON (Perfetto).
 * Bad input exits with status 2 and one line on standard error naming the
 * problem, never a stack trace.
 */
import { ethtoolCommand, scenarioFromEthtool } from '../scenario/ethtool';
import { listPresets } from './cliArgs';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { err, ok } from '../base/result';
import type { Scenario } from '../core/scenario';
import { resolveCaptureFiles } from '../core/traffic/pcap';
import type { RunResult } from '../core/types';
import { loadScenario } from './loadScenario';
import { formatRunReport } from './report';
import { DEFAULT_TRACE_RECORDS, parseSimArgs, SIM_USAGE, type ScenarioSource } from './simArgs';

const EXIT_BAD_INPUT = 2;
const EXIT_FAILED = 1;
/** Largest capture file read for a pcap traffic pattern. */
const MAX_CAPTURE_FILE_BYTES = 256 * 1024 * 1024;

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    default:
      return `cannot open (${code ?? String(error)})`;
  }
}

/** Captures named by `file` are read relative to the scenario file; other sources cannot name files. */
function loadCaptures(scenario: Scenario, source: ScenarioSource) {
  return resolveCaptureFiles(scenario, (file) => {
    if (source.kind !== 'file') {
      const from = source.kind === 'url' ? 'a link' : 'a preset';
      return err(`${JSON.stringify(file)}: ${from} cannot name a capture file (only a scenario file can; links carry only small captures, inline as "data")`);
    }
    const path = resolve(dirname(source.path), file);
    try {
      const size = statSync(path).size;
      if (size > MAX_CAPTURE_FILE_BYTES) return err(`${file}: too large (${size} bytes; at most ${MAX_CAPTURE_FILE_BYTES})`);
      const bytes = readFileSync(path);
      return ok(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      return err(`${file}: ${describeFileError(error)}`);
    }
  });
}

async function simulate(scenario: Scenario, traceFd: number | null, traceRecords: number): Promise<{ result: RunResult; traceNote?: string }> {
  // The core is loaded only when there is a valid scenario to run.
  const { runScenario, Simulation } = await import('../core/simulation');
  if (traceFd === null) return { result: runScenario(scenario) };
  const [{ causeNames }, { writeChromeTrace, chromeTraceInputOf }] = await Promise.all([import('../core/causes'), import('../export/chromeTrace')]);
  const sim = new Simulation(scenario, { traceCapacity: traceRecords });
  sim.advanceTo(Math.round(scenario.durationUs * 1000));
  const result: RunResult = {
    scenario,
    interrupts: sim.interrupts().map((r) => ({ tUs: r.tNs / 1000, icr: r.icr, causes: causeNames(r.icr) })),
    metrics: sim.metrics(),
  };
  const input = chromeTraceInputOf(sim);
  const summary = writeChromeTrace(input, (chunk) => {
    writeSync(traceFd, chunk);
  });
  let traceNote: string | undefined;
  if (summary.droppedRecords > 0) {
    const firstUs = input.records.tNs.length > 0 ? input.records.tNs[0] / 1000 : 0;
    traceNote =
      `trace: kept the last ${traceRecords} of ${sim.trace.total} records; ${summary.droppedRecords} were dropped ` +
      `(the trace starts at ${firstUs} us; shorten durationUs or raise --trace-records for a complete trace)`;
  }
  return { result, traceNote };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseSimArgs(argv);
  if (!args.ok) {
    process.stderr.write(`sim: ${args.error}\n`);
    return EXIT_BAD_INPUT;
  }
  const command = args.value;
  if (command.kind === 'help') {
    process.stdout.write(`${SIM_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'list-presets') {
    process.stdout.write(`${listPresets(true)}\n`);
    return 0;
  }

  const loaded = loadScenario(command.source);
  if (!loaded.ok) {
    process.stderr.write(`sim: ${loaded.error}\n`);
    return EXIT_BAD_INPUT;
  }
  if (command.ethtoolC !== undefined) {
    let text: string;
    try {
      text = readFileSync(command.ethtoolC, 'utf8');
    } catch (error) {
      process.stderr.write(`sim: --ethtool-c ${command.ethtoolC}: ${describeFileError(error)}\n`);
      return EXIT_BAD_INPUT;
    }
    const read = scenarioFromEthtool(text, loaded.value);
    if (!read.ok) {
      process.stderr.write(`sim: ${command.ethtoolC}: ${read.error}\n`);
      return EXIT_BAD_INPUT;
    }
    loaded.value = read.value;
  }
  if (command.ethtool) {
    const cmd = ethtoolCommand(loaded.value);
    if (!cmd.ok) {
      process.stderr.write(`sim: ${cmd.error}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stdout.write(`${cmd.value}\n`);
    return 0;
  }
  const withCaptures = loadCaptures(loaded.value, command.source);
  if (!withCaptures.ok) {
    const where = command.source.kind === 'file' ? `${command.source.path}: ` : '';
    process.stderr.write(`sim: ${where}${withCaptures.error}\n`);
    return EXIT_BAD_INPUT;
  }

  let traceFd: number | null = null;
  if (command.trace !== undefined) {
    try {
      traceFd = openSync(command.trace, 'w');
    } catch (error) {
      process.stderr.write(`sim: --trace ${command.trace}: ${describeFileError(error)}\n`);
      return EXIT_BAD_INPUT;
    }
  }

  let run: Awaited<ReturnType<typeof simulate>>;
  try {
    run = await simulate(withCaptures.value, traceFd, command.traceRecords ?? DEFAULT_TRACE_RECORDS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (traceFd === null || code === undefined) throw error;
    process.stderr.write(`sim: --trace ${command.trace}: cannot write (${code})\n`);
    return EXIT_FAILED;
  } finally {
    if (traceFd !== null) closeSync(traceFd);
  }
  // Report the scenario as given (a capture file by name, not its loaded frames).
  const result: RunResult = { ...run.result, scenario: loaded.value };
  if (run.traceNote) process.stderr.write(`sim: ${run.traceNote}\n`);
  process.stdout.write(command.json ? `${JSON.stringify(result)}\n` : `${formatRunReport(result)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
