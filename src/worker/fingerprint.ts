/**
 * A run's fingerprint: hashes of everything a run shows, to check that a
 * change to the core (a faster path, checkpoints) leaves every result
 * byte-identical. It drives the worker API as the app does (load, then
 * advance in steps), so the instants between steps are checked too:
 * - trace: every trace record of the run, in order (export/traceHash, chunk by chunk);
 * - frames: every frame's instant, next event, snapshot and metrics;
 * - interrupts: the interrupt list (assertion, ICR read, read instant);
 * - metrics: the final metrics;
 * - cli: the headless result (`runScenario`, trace off) as the CLI prints it.
 */
import type { Scenario } from '../core/scenario';
import { runScenario, type SimulationOptions } from '../core/simulation';
import { Fnv64, fnv64Hex, hashTraceColumns } from '../export/traceHash';
import { createSimApi } from './simApi';
import type { Frame } from './protocol';

export interface RunFingerprint {
  trace: string;
  records: number;
  frames: string;
  interrupts: string;
  interruptCount: number;
  metrics: string;
  cli: string;
}

const TRACE_CAPACITY = 1 << 18;
const encoder = new TextEncoder();
const hashJson = (x: unknown) => fnv64Hex(encoder.encode(JSON.stringify(x)));
const bytesOf = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** How many timers the registry had when the references (runHashes.json) were recorded. */
const RECORDED_TIMER_COUNT = 9;

/**
 * A snapshot's timers as the references hash them: every timer up to the
 * last one that is not idle, and at least the RECORDED_TIMER_COUNT timers
 * the references were recorded with. A timer added to the registry later
 * is idle (-1, -1) in every scenario that does not run it, so adding one
 * leaves the recorded fingerprints as they were; a run that uses it hashes it.
 */
function hashedTimers(timers: Float64Array): number[] {
  let n = timers.length;
  while (n > 2 * RECORDED_TIMER_COUNT && timers[n - 1] === -1 && timers[n - 2] === -1) n -= 2;
  return Array.from(timers.subarray(0, n));
}

function frameState(f: Frame) {
  const s = f.snapshot;
  return {
    nowNs: f.nowNs,
    nextEventNs: f.nextEventNs,
    regs: Array.from(s.regs),
    line: s.line,
    rxSlots: Array.from(s.rxSlots),
    txSlots: Array.from(s.txSlots),
    timers: hashedTimers(s.timers),
    vcpuActivity: s.vcpuActivity,
    counters: s.counters,
    txBacklog: s.txBacklog,
    metrics: f.metrics,
  };
}

/** Run `scenario` to its end through the worker API, advancing `stepNs` at a time, and hash what it shows. */
export function fingerprint(scenario: Scenario, stepNs: number, simulation: Omit<SimulationOptions, 'traceCapacity' | 'maxInterruptRecords'> = {}): RunFingerprint {
  const api = createSimApi({ traceCapacity: TRACE_CAPACITY, resetHistory: TRACE_CAPACITY, maxRecordsPerFrame: TRACE_CAPACITY, simulation });
  const endNs = Math.round(scenario.durationUs * 1000);
  const trace = new Fnv64();
  const frames = new Fnv64();
  let records = 0;
  const take = (f: Frame) => {
    if (f.lost > 0 || f.trace.first !== records) throw new Error(`fingerprint: trace records lost at ${f.nowNs} ns (step ${stepNs} ns too long for this run)`);
    records += hashTraceColumns(f.trace, trace).records;
    frames.bytes(encoder.encode(JSON.stringify(frameState(f))));
    return f;
  };
  let f = take(api.load(scenario));
  while (f.nowNs < endNs) f = take(api.advance(Math.min(stepNs, endNs - f.nowNs)));
  const irq = api.exportInterrupts();
  const interrupts = new Fnv64();
  for (const column of [irq.tNs, irq.icr, irq.readNs]) interrupts.bytes(bytesOf(column));
  const cli = runScenario(scenario, simulation);
  return {
    trace: trace.hex(),
    records,
    frames: frames.hex(),
    interrupts: interrupts.hex(),
    interruptCount: f.snapshot.counters.interrupts,
    metrics: hashJson(f.metrics),
    cli: hashJson({ interrupts: cli.interrupts, metrics: cli.metrics }),
  };
}
