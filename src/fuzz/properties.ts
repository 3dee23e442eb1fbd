/**
 * The fuzzer's properties, run with fast-check from `npm run fuzz` and,
 * bounded and with a fixed seed, from a unit test:
 *
 * - mmio: a random scenario under a random host sequence (writes of any
 *   value to any register, reads, advances, single steps), every invariant
 *   of invariants.ts checked after every event;
 * - scenario: a random scenario (degenerate corners included) run to its
 *   end with no host interference, with the exact frame balances;
 * - replay: register console accesses through the worker API interleaved
 *   with advances, steps and steps back; the scenario carrying the
 *   recorded accesses (as a share link does) must replay the identical
 *   trace, and so must seeking back to 0 and forward again;
 * - links: any text as a share link and any JSON as a scenario is either
 *   accepted or rejected with one line naming the field, never a throw;
 *   valid scenarios round-trip through a link.
 */
import fc from 'fast-check';
import { err, ok, type Result } from '../base/result';
import { Simulation } from '../core/simulation';
import type { ConsoleOp, Scenario } from '../core/scenario';
import { accessesKept } from '../core/hostAccess';
import { REGISTERS } from '../core/registers';
import { withoutCaptureFrames } from '../core/traffic/pcap';
import { arbitraryScenario, scenarioArb } from '../scenario/arbitraryScenario';
import { parseScenario, parseScenarioJson } from '../scenario/schema';
import { decodeShareLink, encodeShareLink } from '../scenario/shareLink';
import { createSimApi } from '../worker/simApi';
import { FUZZ_TRACE_CAPACITY, InvariantChecker } from './invariants';
import { hostOps, type HostOp } from './arbitraries';

export const PROPERTY_NAMES = ['mmio', 'scenario', 'replay', 'links'] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** Runs of each property per `--runs 1` (the cheap ones get more). */
export const RUN_WEIGHT: Record<PropertyName, number> = { mmio: 1, scenario: 1, replay: 0.5, links: 4 };

/** A scenario plus host operations, all invariants after every event. */
export function runHostile(s: Scenario, ops: readonly HostOp[]): void {
  const sim = new Simulation(s, { traceCapacity: FUZZ_TRACE_CAPACITY });
  const check = new InvariantChecker(sim);
  ops.forEach((o, i) => {
    const where = `op ${i} ${JSON.stringify(o)}`;
    if (o.op === 'write') check.write(o.reg, o.value, where);
    else if (o.op === 'read') check.read(o.reg, where);
    else if (o.op === 'step') check.step(o.n, where);
    else check.advance(o.dtNs, where);
  });
  // Afterwards the simulation still runs, bounded, for another millisecond.
  check.advance(1_000_000, 'final advance of 1 ms');
  const m = sim.metrics();
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`metric ${k} = ${v}`);
}

/** A scenario run to its end in random chunks with no host interference (exact balances). */
export function runScenarioChecked(s: Scenario, chunks: readonly number[]): void {
  const sim = new Simulation(s, { traceCapacity: FUZZ_TRACE_CAPACITY });
  const check = new InvariantChecker(sim);
  const end = Math.round(s.durationUs * 1000);
  let k = 0;
  while (sim.nowNs < end) {
    const frac = chunks.length ? chunks[k++ % chunks.length] : 1;
    const dt = Math.max(1, Math.min(end - sim.nowNs, Math.round(end * frac)));
    check.advance(dt, `advance ${dt} ns from ${sim.nowNs} ns`);
  }
}

type ReplayOp =
  | { op: 'advance'; dtNs: number }
  | { op: 'step' }
  | { op: 'back' }
  | { op: 'write'; reg: string; value: number }
  | { op: 'read'; reg: string };

const replayOp: fc.Arbitrary<ReplayOp> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 200_000 }).map((dtNs) => ({ op: 'advance' as const, dtNs })) },
  { weight: 2, arbitrary: fc.constant({ op: 'step' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'back' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('write' as const),
      reg: fc.constantFrom(...REGISTERS.map((r) => r.name)),
      value: fc.oneof(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 0, max: 300 }), fc.constantFrom(0x80, 0x81, 0x8000_0000)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read' as const), reg: fc.constantFrom('ICR', 'ICR', 'STATUS', 'IMS', 'RDH') }) },
);

/** Console accesses through the worker API; the recorded scenario must replay the identical trace. */
export function runReplay(s: Scenario, ops: readonly ReplayOp[]): void {
  const api = createSimApi({ traceCapacity: 1 << 17 });
  api.load(s);
  // The scenario's console list as the store keeps it: what the worker kept before each access, then the access.
  let recorded: ConsoleOp[] = [];
  for (const o of ops) {
    if (o.op === 'advance') api.advance(o.dtNs);
    else if (o.op === 'step') api.stepEvent();
    else if (o.op === 'back') api.stepBack();
    else {
      const f = api.consoleAccess(o.op === 'write' ? { op: 'write', reg: o.reg, value: o.value } : { op: 'read', reg: o.reg });
      const { op, kept } = f.console!;
      recorded = [...accessesKept(recorded, kept), op];
    }
  }
  // A link carries an instant, not a position among the events at that instant: settle it
  // (a step may have left some events at `now` unprocessed; a link replays them all).
  const now = api.advance(1).nowNs;
  recorded = recorded.filter((x) => Math.round(x.tUs * 1000) <= now);
  const live = api.traceHash();
  // As a link carries it: JSON, then the validator.
  const parsed = parseScenario(JSON.parse(JSON.stringify({ ...withoutCaptureFrames(s), console: recorded.length ? recorded : undefined })));
  if (!parsed.ok) throw new Error(`the recorded scenario is rejected: ${parsed.error}`);
  const replay = createSimApi({ traceCapacity: 1 << 17 });
  replay.load({ ...parsed.value, traffic: s.traffic }, now);
  const again = replay.traceHash();
  if (again.hash !== live.hash || again.records !== live.records) {
    throw new Error(`the recorded accesses replay a different trace at ${now} ns: live ${live.hash} (${live.records} records), replayed ${again.hash} (${again.records})`);
  }
  api.seek(0);
  api.seek(now);
  const reseek = api.traceHash();
  if (reseek.hash !== live.hash) throw new Error(`seeking to 0 and back to ${now} ns gives a different trace: ${reseek.hash} vs ${live.hash}`);
}

/** One line, `<what>: <why>`: a field path (`device.regs.RADV`, keys as written), `link`, `scenario`, `v` or `JSON syntax error`. */
const ONE_LINE_ERROR = /^[^\n]+?: \S/;

export function checkRejection(error: string, what: string): void {
  if (error.includes('\n')) throw new Error(`${what}: the message has more than one line: ${JSON.stringify(error)}`);
  if (!ONE_LINE_ERROR.test(error)) throw new Error(`${what}: the message does not name a field: ${JSON.stringify(error)}`);
}

const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  // Near-valid scenarios: a valid one with one field replaced by anything.
  fc.tuple(arbitraryScenario, fc.constantFrom('name', 'seed', 'durationUs', 'device', 'guest', 'traffic', 'console', 'v', 'extra'), fc.jsonValue({ maxDepth: 3 })).map(
    ([s, key, value]) => ({ ...JSON.parse(JSON.stringify(s)), [key]: value }),
  ),
  fc.tuple(arbitraryScenario, fc.constantFrom('model', 'regs', 'rxRing', 'rdmts', 'linkGbps', 'params', 'RADV'), fc.jsonValue({ maxDepth: 2 })).map(([s, key, value]) => {
    const o = JSON.parse(JSON.stringify(s)) as { device: Record<string, unknown> };
    if (key === 'RADV') o.device.regs = { ...(o.device.regs as object), RADV: value };
    else o.device[key] = value;
    return o;
  }),
);

export function runLinks(input: unknown, text: string): void {
  const asScenario = parseScenario(input);
  if (!asScenario.ok) checkRejection(asScenario.error, 'parseScenario');
  const json = parseScenarioJson(typeof input === 'string' ? input : JSON.stringify(input) ?? 'undefined');
  if (!json.ok) checkRejection(json.error, 'parseScenarioJson');
  for (const link of [text, `#s1.${text}`, `https://example.org/lab/#s1.${text}&t=${text}`]) {
    const r = decodeShareLink(link);
    if (!r.ok) checkRejection(r.error, 'decodeShareLink');
  }
  if (asScenario.ok) {
    const back = decodeShareLink(encodeShareLink(asScenario.value, { tUs: 12.5 }));
    if (!back.ok) throw new Error(`a valid scenario does not round-trip through a link: ${back.error}`);
    if (JSON.stringify(back.value.scenario) !== JSON.stringify(asScenario.value) || back.value.tUs !== 12.5) throw new Error('a link changed the scenario');
  }
}

export interface CheckParams {
  seed: number;
  numRuns: number;
  path?: string;
}

/** What a run of one property says (the parts of fast-check's RunDetails the fuzzer reports). */
export interface CheckOutcome {
  failed: boolean;
  numRuns: number;
  seed: number;
  path: string | null;
  counterexample: unknown;
  error: unknown;
}

function checkWith<Ts>(prop: fc.IProperty<Ts>, o: CheckParams): CheckOutcome {
  const d = fc.check(prop, { seed: o.seed, numRuns: o.numRuns, path: o.path });
  return { failed: d.failed, numRuns: d.numRuns, seed: d.seed, path: d.counterexamplePath, counterexample: d.counterexample, error: d.errorInstance };
}

/** Runs one property with fast-check (seed, runs, and a path to replay one failure). */
export function checkProperty(name: PropertyName, o: CheckParams): CheckOutcome {
  switch (name) {
    case 'mmio':
      return checkWith(fc.property(scenarioArb({ maxDurationUs: 1000 }), hostOps(40), (s, ops) => runHostile(s, ops)), o);
    case 'scenario':
      return checkWith(
        fc.property(scenarioArb(), fc.array(fc.double({ min: 0.001, max: 0.5, noNaN: true }), { maxLength: 8 }), (s, chunks) => runScenarioChecked(s, chunks)),
        o,
      );
    case 'replay':
      return checkWith(fc.property(scenarioArb({ maxDurationUs: 500 }), fc.array(replayOp, { minLength: 1, maxLength: 30 }), (s, ops) => runReplay(s, ops)), o);
    case 'links':
      return checkWith(fc.property(jsonish, fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.base64String()), (input, text) => runLinks(input, text)), o);
  }
}

export interface FuzzFailure {
  property: PropertyName;
  seed: number;
  path: string;
  runs: number;
  error: string;
  counterexample: string;
}

export interface FuzzRunOptions {
  properties?: readonly PropertyName[];
  /** Runs per property (scaled by RUN_WEIGHT). */
  runs: number;
  seed: number;
  /** Replay one failure: fast-check's path (with its property and seed). */
  path?: string;
  onProperty?: (name: PropertyName, runs: number) => void;
}

function shortJson(v: unknown, max = 4000): string {
  let text: string;
  try {
    text = JSON.stringify(v, (_k, x: unknown) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x));
  } catch {
    text = String(v);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** Runs the properties; stops at the first failure with what is needed to replay it. */
export function runFuzz(o: FuzzRunOptions): Result<Record<string, number>, FuzzFailure> {
  const runs: Record<string, number> = {};
  for (const name of o.properties ?? PROPERTY_NAMES) {
    const n = Math.max(1, Math.round(o.runs * RUN_WEIGHT[name]));
    o.onProperty?.(name, n);
    const details = checkProperty(name, { seed: o.seed, numRuns: n, path: o.path });
    runs[name] = details.numRuns;
    if (details.failed) {
      const thrown = details.error;
      return err({
        property: name,
        seed: details.seed,
        path: details.path ?? '',
        runs: n,
        error: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown),
        counterexample: shortJson(details.counterexample),
      });
    }
  }
  return ok(runs);
}

/** A failure as the CLI prints it, ending with the command that replays it. */
export function formatFailure(f: FuzzFailure): string {
  return [
    `FAILED: property ${f.property}, seed ${f.seed}, path ${f.path}`,
    `  ${f.error.split('\n').join('\n  ')}`,
    `  counterexample: ${f.counterexample}`,
    `Replay it: npm run --silent fuzz -- --property ${f.property} --seed ${f.seed} --path ${f.path} --runs ${f.runs}`,
  ].join('\n');
}
