/**
 * `npm run --silent sim -- (--scenario FILE.json | --preset NAME | --url 'LINK') [--json] [--trace FILE]`
 *
 * Runs one scenario headless. With --json, standard output is exactly one
 * JSON object (the RunResult of the contract; the additions with --at:
 * `position`, where the run stopped exactly, and `state`, what the panels
 * show there; `--at link` stops at the position the --url link names). With --trace, the run's
 * trace is also written to FILE as Chrome Trace Event JSON (Perfetto).
 * Bad input exits with status 2 and one line on standard error naming the
 * problem, never a stack trace.
 */
import { ethtoolCommand, scenarioFromEthtool } from '../scenario/ethtool';
import { listPresets } from './cliArgs';
import { PROCESS_IO, runAsScript, type CliIo } from './cliIo';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { err, ok, type Result } from '../base/result';
import type { Position } from '../core/position';
import type { StateAtPosition } from '../core/stateAt';
import { decodeShareLink } from '../scenario/shareLink';
import type { Scenario } from '../core/scenario';
import { resolveCaptureFiles } from '../core/traffic/pcap';
import type { RunResult } from '../core/types';
import { loadScenario } from './loadScenario';
import { formatRunReport } from './report';
import { DEFAULT_TRACE_RECORDS, parseSimArgs, SIM_USAGE, type ScenarioSource, type StopAt } from './simArgs';

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

/** What --at adds to the result: where the run stopped, exactly, and what the panels show there. */
type Stopped = { position: StateAtPosition['position']; state: Omit<StateAtPosition, 'position'> };

async function simulate(
  scenario: Scenario,
  traceFd: number | null,
  traceRecords: number,
  at: Position | null,
): Promise<{ result: RunResult & Partial<Stopped>; traceNote?: string }> {
  // The core is loaded only when there is a valid scenario to run.
  const { runScenario, Simulation } = await import('../core/simulation');
  if (traceFd === null && at === null) return { result: runScenario(scenario) };
  const [{ causeNames }, { writeChromeTrace, chromeTraceInputOf }, { SteppedRun }, { hostAccessesOf }, { stateAt }] = await Promise.all([
    import('../core/causes'),
    import('../export/chromeTrace'),
    import('../core/position'),
    import('../core/hostAccess'),
    import('../core/stateAt'),
  ]);
  const sim = new Simulation(scenario, { traceCapacity: traceFd === null ? 0 : traceRecords });
  const run = new SteppedRun(sim, hostAccessesOf(scenario));
  let stopped: Stopped | null = null;
  if (at === null) {
    run.advanceTo(Math.round(scenario.durationUs * 1000));
  } else {
    // The same opening the app's worker makes for a link (core/position.ts SteppedRun.open).
    run.open(at);
    const { position, ...state } = stateAt(sim);
    stopped = { position, state };
  }
  const result: RunResult & Partial<Stopped> = {
    scenario,
    interrupts: sim.interrupts().map((r) => ({ tUs: r.tNs / 1000, icr: r.icr, causes: causeNames(r.icr) })),
    metrics: sim.metrics(),
    ...stopped,
  };
  if (traceFd === null) return { result };
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

export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const args = parseSimArgs(argv);
  if (!args.ok) {
    io.stderr(`sim: ${args.error}\n`);
    return EXIT_BAD_INPUT;
  }
  const command = args.value;
  if (command.kind === 'help') {
    io.stdout(`${SIM_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'list-presets') {
    io.stdout(`${listPresets(true)}\n`);
    return 0;
  }

  const loaded = loadScenario(command.source);
  if (!loaded.ok) {
    io.stderr(`sim: ${loaded.error}\n`);
    return EXIT_BAD_INPUT;
  }
  if (command.ethtoolC !== undefined) {
    let text: string;
    try {
      text = readFileSync(command.ethtoolC, 'utf8');
    } catch (error) {
      io.stderr(`sim: --ethtool-c ${command.ethtoolC}: ${describeFileError(error)}\n`);
      return EXIT_BAD_INPUT;
    }
    const read = scenarioFromEthtool(text, loaded.value);
    if (!read.ok) {
      io.stderr(`sim: ${command.ethtoolC}: ${read.error}\n`);
      return EXIT_BAD_INPUT;
    }
    loaded.value = read.value;
  }
  if (command.ethtool) {
    const cmd = ethtoolCommand(loaded.value);
    if (!cmd.ok) {
      io.stderr(`sim: ${cmd.error}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stdout(`${cmd.value}\n`);
    return 0;
  }
  const withCaptures = loadCaptures(loaded.value, command.source);
  if (!withCaptures.ok) {
    const where = command.source.kind === 'file' ? `${command.source.path}: ` : '';
    io.stderr(`sim: ${where}${withCaptures.error}\n`);
    return EXIT_BAD_INPUT;
  }

  let traceFd: number | null = null;
  if (command.trace !== undefined) {
    try {
      traceFd = openSync(command.trace, 'w');
    } catch (error) {
      io.stderr(`sim: --trace ${command.trace}: ${describeFileError(error)}\n`);
      return EXIT_BAD_INPUT;
    }
  }

  const linked = command.source.kind === 'url' ? linkPosition(command.source.link) : null;
  const at = stopAt(command.at, linked, loaded.value);
  if (!at.ok) {
    io.stderr(`sim: ${at.error}\n`);
    return EXIT_BAD_INPUT;
  }

  let run: Awaited<ReturnType<typeof simulate>>;
  try {
    run = await simulate(withCaptures.value, traceFd, command.traceRecords ?? DEFAULT_TRACE_RECORDS, at.value);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (traceFd === null || code === undefined) throw error;
    io.stderr(`sim: --trace ${command.trace}: cannot write (${code})\n`);
    return EXIT_FAILED;
  } finally {
    if (traceFd !== null) closeSync(traceFd);
  }
  // Report the scenario as given (a capture file by name, not its loaded frames). A link's position is reported
  // only when asked (--at link): without --at, a link, a file and a preset of one scenario print the same bytes.
  const result = { ...run.result, scenario: loaded.value };
  if (run.traceNote) io.stderr(`sim: ${run.traceNote}\n`);
  const stoppedLine = result.position ? `stopped at t = ${result.position.tUs} us, after step ${result.position.steps} of that instant (--at)\n` : '';
  io.stdout(command.json ? `${JSON.stringify(result)}\n` : `${stoppedLine}${formatRunReport(result)}\n`);
  return 0;
}

/** The position a share link names (steps null: every step at its instant), or null when it names none. */
function linkPosition(link: string): { tUs: number; steps: number | null } | null {
  const decoded = decodeShareLink(link);
  if (!decoded.ok || decoded.value.tUs === undefined) return null;
  return { tUs: decoded.value.tUs, steps: decoded.value.steps ?? null };
}

/** Where --at stops, in ns, checked against the scenario's end; null without --at. */
function stopAt(at: StopAt | undefined, linked: ReturnType<typeof linkPosition>, scenario: Scenario): Result<Position | null> {
  if (at === undefined) return ok(null);
  const chosen = at === 'link' ? linked && { tUs: linked.tUs, steps: linked.steps ?? Infinity } : at;
  if (!chosen) return err('--at link: the --url link names no position (it has no &t=)');
  if (chosen.tUs > scenario.durationUs) {
    return err(`--at: ${chosen.tUs} us is after the scenario's end (durationUs ${scenario.durationUs} us)`);
  }
  return ok({ tNs: Math.round(chosen.tUs * 1000), steps: chosen.steps });
}

await runAsScript(import.meta.url, main);
