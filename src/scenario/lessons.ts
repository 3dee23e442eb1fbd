/**
 * Guided lessons, the code: what a lesson is (a scenario, a few paragraphs of
 * narration, and the claims the narration makes, in a form a test can check
 * against the simulation), how its claims are checked and how its narration
 * is rendered. The lessons themselves are content: src/content/lessons.ts
 * (lessons.test.ts runs every lesson with runScenario).
 *
 * The narration never types a simulated number itself: it names a claim
 * (`{irq}`) or a scenario field (`{scenario:device.regs.RDTR|us}`) and the
 * number is filled in from there, so the text, the scenario and the test
 * cannot drift apart. The test also checks that no digit is left in the
 * narration outside those placeholders (names such as 8254x excepted).
 *
 * Placeholders:
 * - `{id}`: the value a claim states (`equals`, a range, interrupt times or causes);
 *   `{id.min}` / `{id.max}` for a range's ends; `{id|perSec}` turns a gap in
 *   us into a rate per second.
 * - `{unit:REG}`: a register's unit from src/core/registers.ts (`256 ns`).
 * - `{scenario:path}` / `{scenario@variant:path}`: a field of the lesson's
 *   scenario (or of one of its variants), with optional filters: `|us` (a
 *   register's raw value in us), `|rate` (ITR as interrupts/s), `|ms`
 *   (us to ms), `|count` and `|spacing` (a list of instants: how many, and
 *   the gap between the first two).
 *
 * Pure data and pure functions: no browser, no Node.
 */
import { err, type Result } from '../base/result';
import type { Scenario } from '../core/scenario';
import type { RunResult } from '../core/types';
import { interruptRatePerSec } from '../core/metrics';
import { ITR_UNIT_NS, REG_BY_NAME, regValueNs, type RegName } from '../core/registers';
import { Prng } from '../core/engine/prng';
import { parseScenario, type ScenarioInput } from './schema';

/** What a claim can measure in a run. */
export const LESSON_METRICS = {
  interrupts: 'interrupts raised',
  interruptsPerSec: 'interrupts per second',
  minGapUs: 'shortest gap between interrupts (µs)',
  maxGapUs: 'longest gap between interrupts (µs)',
  evenGapUs: 'the gap between interrupts, when all gaps are equal to the ns (µs)',
  rxFrames: 'RX frames taken by the guest',
  txFrames: 'frames sent',
  rxDropped: 'frames dropped (RX ring full)',
  exits: 'VM exits',
  exitsPerFrame: 'VM exits per frame',
  framesPerInterrupt: 'frames per interrupt',
  latencyP50Us: 'p50 RX latency (µs)',
  latencyP99Us: 'p99 RX latency (µs)',
  latencyMaxUs: 'longest RX latency (µs)',
  guestCpuPct: 'guest CPU busy (%)',
  txPps: 'TX throughput (frames/s)',
  rxPps: 'RX throughput (frames/s)',
} as const;

export type LessonMetric = keyof typeof LESSON_METRICS;

/** Metrics a claim may restrict to a time window (they are read from the interrupt list). */
export const WINDOWED_METRICS: readonly LessonMetric[] = ['interrupts', 'interruptsPerSec', 'minGapUs', 'maxGapUs', 'evenGapUs'];

/** A half-open window of virtual time, [fromUs, toUs). */
export interface TimeWindow {
  fromUs: number;
  toUs: number;
}

interface ClaimBase {
  /** Name used in the narration's placeholders. */
  id: string;
  /** Which scenario the claim is about: the lesson's own (absent) or a variant's id. */
  variant?: string;
}

/** A metric equals a value (within `tolerance`, default exact to 1e-6) or lies in [min, max]. */
export interface MetricClaim extends ClaimBase {
  metric: LessonMetric;
  window?: TimeWindow;
  equals?: number;
  tolerance?: number;
  min?: number;
  max?: number;
}

/** The interrupts (inside `window` if given) asserted at exactly these instants (to 1 ns). */
export interface TimesClaim extends ClaimBase {
  interruptTimesUs: number[];
  window?: TimeWindow;
}

/** Interrupt number `interrupt` (from 0) read exactly these ICR causes. */
export interface CausesClaim extends ClaimBase {
  interrupt: number;
  causes: string[];
}

/**
 * The gaps between the interrupts inside `window` repeat this pattern (to 1 ns),
 * from the first gap, at least twice over: what a class sees on the timeline
 * when the gaps are not all equal.
 */
export interface GapPatternClaim extends ClaimBase {
  gapPatternUs: number[];
  window: TimeWindow;
}

export type LessonClaim = MetricClaim | TimesClaim | CausesClaim | GapPatternClaim;

/** How the lesson plays: what Play shows, and how fast. */
export interface LessonPlayback {
  /** Virtual nanoseconds per real second (the nearest step of the speed slider is used). */
  speedNsPerSec: number;
  /** The timeline window shown when the lesson loads, in µs. */
  viewUs: [number, number];
  /** Whether the window pages along with the clock while playing (false: it stays put). */
  follow: boolean;
  /** Where the clock starts when the lesson loads, in µs (default 0). */
  startUs?: number;
}

/**
 * Predict, then reveal: a question asked before narration step `step` (that
 * paragraph and the later ones stay hidden until the answer is revealed).
 * Playing stops at `pauseUs`; the class answers by clicking the timeline
 * (`instant`), typing a number (`number`) or picking one of `choices`
 * (`choice`); the answer is the value of the claim `answer`, which the tests
 * check against the simulation like every other claim.
 */
export interface LessonQuestion {
  step: number;
  kind: 'instant' | 'number' | 'choice';
  /** The question, with placeholders. */
  prompt: string;
  /** Where playing stops for the prediction, in µs. */
  pauseUs: number;
  /** The id of the claim that holds the answer (instant: the first interrupt time at or after pauseUs). */
  answer: string;
  /** How close a typed or clicked guess must be to count as right (µs or the number's unit; default 0). */
  tolerance?: number;
  /** For `choice`: the options (the answer claim's causes are one of them). */
  choices?: string[];
  /** Why the answer is what it is, shown with it; with placeholders. */
  reveal: string;
  /**
   * A drawn question: each student's seed picks these fields' values, the
   * lesson's scenario is patched with them, and the answer is what a run of
   * the core on that scenario measures for the claim `answer` (drawnAnswer in
   * lessonCheck.ts). `{param:name}` (and `{param:name|us}` etc.) in the
   * prompt and reveal show the drawn value.
   */
  params?: DrawParam[];
}

/** A scenario field a drawn question sets from the student's seed: min, min + step, ..., up to max. */
export interface DrawParam {
  name: string;
  /** A numeric field of the lesson's scenario, e.g. `device.regs.RDTR`. */
  path: string;
  min: number;
  max: number;
  /** Default 1. */
  step?: number;
}

/** The values one student's seed drew for a question's parameters, by name. */
export type DrawnValues = Record<string, number>;

/** The same lesson with a few fields changed, for a contrast ("now without IDE"). */
export interface LessonVariant {
  id: string;
  /** Button text, e.g. "TIDV 0: no IDE bit". */
  label: string;
  /** Fields that differ from the lesson's scenario (device and guest merge key by key). */
  patch: { device?: Record<string, unknown>; guest?: Record<string, unknown>; traffic?: Record<string, unknown>; durationUs?: number; host?: Record<string, unknown> };
}

export interface Lesson {
  id: string;
  title: string;
  /** The scenario as JSON input (validated by parseScenario, like a preset). */
  scenario: ScenarioInput;
  /** Narration paragraphs with placeholders (see the file comment). */
  narration: string[];
  /** What to look at in the panels once it has run, with placeholders. */
  lookFor: string;
  claims: LessonClaim[];
  variants?: LessonVariant[];
  /** The timeline window to show first, in us (playback.viewUs wins when given). */
  viewUs?: [number, number];
  /** Speed, window and follow for Play. */
  playback?: LessonPlayback;
  /** Predict-then-reveal questions, at most one per step. */
  questions?: LessonQuestion[];
}

// ---------------------------------------------------------------------------
// Scenarios

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep merge of plain objects (arrays and values replace). */
function merge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(base[key], value);
  return out;
}

/** The lesson's validated scenario, or that of one of its variants. */
export function lessonScenario(l: Lesson, variant?: string): Result<Scenario> {
  let input: unknown = l.scenario;
  if (variant !== undefined) {
    const v = l.variants?.find((candidate) => candidate.id === variant);
    if (!v) return err(`lesson ${l.id}: no variant ${JSON.stringify(variant)}`);
    input = merge(l.scenario, v.patch);
    (input as { name: string }).name = `${l.scenario.name} (${v.label})`.slice(0, 80);
  }
  const parsed = parseScenario(input);
  return parsed.ok ? parsed : err(`lesson ${l.id}${variant ? ` variant ${variant}` : ''}: ${parsed.error}`);
}

// ---------------------------------------------------------------------------
// Drawn questions: values from a seed, and the scenario they patch

/** How many values a parameter can take. */
export function drawCount(p: DrawParam): number {
  return Math.floor((p.max - p.min) / (p.step ?? 1) + 1e-9) + 1;
}

/**
 * MurmurHash3's 32-bit finaliser: neighbouring seeds (a class numbered 1, 2,
 * 3, ...) become unrelated generator seeds. Without it xoroshiro128+'s first
 * draws from small seeds all fall near 0 (the unit test saw one value for 300 seeds).
 */
function mixSeed(seed: number): number {
  let h = seed >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The question's parameter values for a seed (seeded xoroshiro128+, the core's Prng: same seed, same values). */
export function drawValues(q: LessonQuestion, seed: number): DrawnValues {
  const rng = new Prng(mixSeed(seed), 0);
  const out: DrawnValues = {};
  for (const p of q.params ?? []) {
    const k = Math.min(drawCount(p) - 1, Math.floor(rng.next() * drawCount(p)));
    out[p.name] = Math.round((p.min + k * (p.step ?? 1)) * 1e9) / 1e9;
  }
  return out;
}

function withValue(root: unknown, path: string[], value: number): unknown {
  if (path.length === 0) return value;
  const node = isObject(root) ? root : {};
  return { ...node, [path[0]]: withValue(node[path[0]], path.slice(1), value) };
}

/** The lesson's scenario with a question's drawn values written in, validated. */
export function drawnScenario(l: Lesson, q: LessonQuestion, values: DrawnValues): Result<Scenario> {
  let input: unknown = l.scenario;
  for (const p of q.params ?? []) input = withValue(input, p.path.split('.'), values[p.name]);
  const parsed = parseScenario(input);
  const shown = Object.entries(values).map(([k, x]) => `${k} = ${x}`).join(', ');
  return parsed.ok ? parsed : err(`lesson ${l.id}: question at step ${q.step} with ${shown}: ${parsed.error}`);
}

// ---------------------------------------------------------------------------
// Claims: measuring a run

const NS_TOLERANCE_US = 0.001;

function interruptTimes(result: RunResult, window?: TimeWindow): number[] {
  const all = result.interrupts.map((i) => i.tUs);
  return window ? all.filter((t) => t >= window.fromUs && t < window.toUs) : all;
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]);
}

/** The value of a metric in a run (over `window` for the windowed ones). */
export function measure(result: RunResult, metric: LessonMetric, window?: TimeWindow): number {
  const m = result.metrics;
  const frames = m.rxFrames + m.txFrames;
  switch (metric) {
    case 'interrupts':
      return interruptTimes(result, window).length;
    case 'interruptsPerSec':
      return window ? interruptRatePerSec(interruptTimes(result, window).length, (window.toUs - window.fromUs) * 1000) : m.interruptsPerSec;
    case 'minGapUs':
      return Math.min(...gaps(interruptTimes(result, window)));
    case 'maxGapUs':
      return Math.max(...gaps(interruptTimes(result, window)));
    case 'evenGapUs': {
      const g = gaps(interruptTimes(result, window));
      return g.length > 0 && Math.max(...g) - Math.min(...g) <= NS_TOLERANCE_US ? g[0] : NaN;
    }
    case 'rxFrames':
      return m.rxFrames;
    case 'txFrames':
      return m.txFrames;
    case 'rxDropped':
      return m.rxDropped;
    case 'exits':
      return m.exits;
    case 'exitsPerFrame':
      return frames > 0 ? m.exits / frames : 0;
    case 'framesPerInterrupt':
      return m.framesPerInterrupt;
    case 'latencyP50Us':
      return m.latencyUs.p50;
    case 'latencyP99Us':
      return m.latencyUs.p99;
    case 'latencyMaxUs':
      return m.latencyUs.max;
    case 'guestCpuPct':
      return m.guestCpuUtil * 100;
    case 'txPps':
      return m.txPps;
    case 'rxPps':
      return m.rxPps;
  }
}

export interface ClaimCheck {
  ok: boolean;
  /** What was expected and what the run gave, one line. */
  detail: string;
}

function near(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol;
}

/** Checks one claim against a run of the claim's scenario. */
export function checkClaim(claim: LessonClaim, result: RunResult): ClaimCheck {
  if ('metric' in claim) {
    const got = measure(result, claim.metric, claim.window);
    const where = claim.window ? ` in [${claim.window.fromUs}, ${claim.window.toUs}) us` : '';
    if (claim.equals !== undefined) {
      const tol = claim.tolerance ?? 1e-6;
      return { ok: near(got, claim.equals, tol), detail: `${claim.metric}${where}: expected ${claim.equals} (±${tol}), got ${got}` };
    }
    const ok = (claim.min === undefined || got >= claim.min) && (claim.max === undefined || got <= claim.max);
    return { ok, detail: `${claim.metric}${where}: expected ${claim.min ?? '-inf'}..${claim.max ?? 'inf'}, got ${got}` };
  }
  if ('interruptTimesUs' in claim) {
    const got = interruptTimes(result, claim.window);
    const ok = got.length === claim.interruptTimesUs.length && got.every((t, i) => near(t, claim.interruptTimesUs[i], NS_TOLERANCE_US));
    return { ok, detail: `interrupt times: expected [${claim.interruptTimesUs.join(', ')}], got [${got.slice(0, 20).join(', ')}${got.length > 20 ? ', ...' : ''}]` };
  }
  if ('gapPatternUs' in claim) {
    const g = gaps(interruptTimes(result, claim.window));
    const n = claim.gapPatternUs.length;
    const ok = n > 0 && g.length >= 2 * n && g.every((x, i) => near(x, claim.gapPatternUs[i % n], NS_TOLERANCE_US));
    const shown = g.slice(0, 12).map((x) => Math.round(x * 1000) / 1000);
    return {
      ok,
      detail: `gaps in [${claim.window.fromUs}, ${claim.window.toUs}) us: expected the pattern [${claim.gapPatternUs.join(', ')}] repeated, got [${shown.join(', ')}${g.length > 12 ? ', ...' : ''}]`,
    };
  }
  const irq = result.interrupts[claim.interrupt];
  const got = irq ? irq.causes : [];
  const ok = got.length === claim.causes.length && claim.causes.every((c) => got.includes(c));
  return { ok, detail: `interrupt ${claim.interrupt} causes: expected ${claim.causes.join('|')}, got ${irq ? got.join('|') || '(none)' : '(no such interrupt)'}` };
}

// ---------------------------------------------------------------------------
// Narration: filling the placeholders

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export function formatNumber(x: number): string {
  return Number.isFinite(x) ? number.format(x) : String(x);
}

function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The text a claim puts in the narration. */
export function claimText(claim: LessonClaim, part?: string): string | undefined {
  if ('metric' in claim) {
    if (part === 'min') return claim.min === undefined ? undefined : formatNumber(claim.min);
    if (part === 'max') return claim.max === undefined ? undefined : formatNumber(claim.max);
    if (part === 'window.from') return claim.window ? formatNumber(claim.window.fromUs) : undefined;
    if (part === 'window.to') return claim.window ? formatNumber(claim.window.toUs) : undefined;
    if (part !== undefined) return undefined;
    if (claim.equals !== undefined) return formatNumber(claim.equals);
    if (claim.min !== undefined && claim.max !== undefined) return `${formatNumber(claim.min)} to ${formatNumber(claim.max)}`;
    if (claim.min !== undefined) return `at least ${formatNumber(claim.min)}`;
    if (claim.max !== undefined) return `at most ${formatNumber(claim.max)}`;
    return undefined;
  }
  if ('gapPatternUs' in claim) {
    if (part === 'period') return formatNumber(claim.gapPatternUs.reduce((a, b) => a + b, 0));
    if (part === 'window.from') return formatNumber(claim.window.fromUs);
    if (part === 'window.to') return formatNumber(claim.window.toUs);
    return part === undefined ? listText(claim.gapPatternUs.map(formatNumber)) : undefined;
  }
  if (part !== undefined) return undefined;
  if ('interruptTimesUs' in claim) return listText(claim.interruptTimesUs.map(formatNumber));
  return listText(claim.causes);
}

function claimNumber(claim: LessonClaim): number | undefined {
  return 'metric' in claim ? claim.equals : undefined;
}

function valueAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function applyScenarioFilter(value: unknown, path: string, filter: string | undefined): string | undefined {
  const reg = path.split('.').pop() as RegName;
  if (filter === undefined) {
    if (typeof value === 'number') return formatNumber(value);
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return listText(value.map((x) => formatNumber(Number(x))));
    return undefined;
  }
  if (filter === 'count') return Array.isArray(value) ? formatNumber(value.length) : undefined;
  if (filter === 'spacing') return Array.isArray(value) && value.length > 1 ? formatNumber(Number(value[1]) - Number(value[0])) : undefined;
  if (typeof value !== 'number') return undefined;
  if (filter === 'ms') return formatNumber(value / 1000);
  if (filter === 'us') return path.startsWith('device.regs.') && REG_BY_NAME[reg] ? formatNumber(regValueNs(reg, value) / 1000) : undefined;
  if (filter === 'rate') return reg === 'ITR' && value > 0 ? formatNumber(Math.floor(1e9 / (value * ITR_UNIT_NS))) : undefined;
  return undefined;
}

/** Placeholders in a text, in order. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
}

/**
 * Fills one placeholder, or returns undefined when it names nothing (the
 * test fails on that).
 */
export function resolvePlaceholder(l: Lesson, key: string, scenarios?: Record<string, Scenario>, drawn?: { q: LessonQuestion; values: DrawnValues }): string | undefined {
  const paramMatch = /^param:([\w-]+)(?:\|(\w+))?$/.exec(key);
  if (paramMatch) {
    const p = drawn?.q.params?.find((x) => x.name === paramMatch[1]);
    return p && drawn && drawn.values[p.name] !== undefined ? applyScenarioFilter(drawn.values[p.name], p.path, paramMatch[2]) : undefined;
  }
  const scenarioMatch = /^scenario(?:@([\w-]+))?:([\w.]+)(?:\|(\w+))?$/.exec(key);
  if (scenarioMatch) {
    const [, variant, path, filter] = scenarioMatch;
    let scenario: Scenario | undefined = scenarios?.[variant ?? ''];
    if (!scenario) {
      const r = lessonScenario(l, variant);
      if (!r.ok) return undefined;
      scenario = r.value;
    }
    return applyScenarioFilter(valueAt(scenario, path), path, filter);
  }
  const unitMatch = /^unit:(\w+)$/.exec(key);
  if (unitMatch) return REG_BY_NAME[unitMatch[1] as RegName]?.unit.replace(/ us$/, ' µs');
  const claimMatch = /^([\w-]+)(?:\.(min|max|period|window\.from|window\.to))?(?:\|(perSec))?$/.exec(key);
  if (!claimMatch) return undefined;
  const [, id, part, filter] = claimMatch;
  const claim = l.claims.find((c) => c.id === id);
  if (!claim) return undefined;
  if (filter === 'perSec') {
    const x = claimNumber(claim);
    return x === undefined || x <= 0 || part !== undefined ? undefined : formatNumber(Math.round(1e6 / x));
  }
  return claimText(claim, part);
}

/**
 * A narration text with every placeholder filled (an unknown one is left
 * visible as `{?name}`). With `drawn`, a drawn question's text: `{param:..}`
 * shows the drawn values and `{scenario:..}` reads the patched scenario.
 */
export function renderNarration(l: Lesson, text: string, drawn?: { q: LessonQuestion; values: DrawnValues }): string {
  const cache: Record<string, Scenario> = {};
  const main = drawn ? drawnScenario(l, drawn.q, drawn.values) : lessonScenario(l);
  if (main.ok) cache[''] = main.value;
  for (const v of l.variants ?? []) {
    const r = lessonScenario(l, v.id);
    if (r.ok) cache[v.id] = r.value;
  }
  return text.replace(/\{([^{}]+)\}/g, (_, key: string) => resolvePlaceholder(l, key, cache, drawn) ?? `{?${key}}`);
}

// ---------------------------------------------------------------------------
// Questions: the answer a claim holds, and how a guess compares

/** A question's answer: a number (µs for an instant) or a cause, and its text. */
export interface QuestionAnswer {
  value: number | string;
  text: string;
}

/** The answer to a question, read from its claim (which the tests check against the simulation). */
export function questionAnswer(l: Lesson, q: LessonQuestion): Result<QuestionAnswer> {
  const claim = l.claims.find((c) => c.id === q.answer);
  if (!claim) return err(`lesson ${l.id}: question at step ${q.step} names claim ${JSON.stringify(q.answer)}, which the lesson does not have`);
  if (q.kind === 'instant') {
    if (!('interruptTimesUs' in claim)) return err(`lesson ${l.id}: an instant question needs an interruptTimesUs claim, and ${q.answer} is not one`);
    const t = claim.interruptTimesUs.find((x) => x >= q.pauseUs);
    if (t === undefined) return err(`lesson ${l.id}: claim ${q.answer} has no interrupt at or after the pause (${q.pauseUs} µs)`);
    return { ok: true, value: { value: t, text: `${formatNumber(t)} µs` } };
  }
  if (q.kind === 'number') {
    if (!('metric' in claim) || claim.equals === undefined) return err(`lesson ${l.id}: a number question needs a claim with "equals", and ${q.answer} has none`);
    return { ok: true, value: { value: claim.equals, text: formatNumber(claim.equals) } };
  }
  if (!('causes' in claim) || claim.causes.length !== 1) return err(`lesson ${l.id}: a choice question needs a claim of exactly one cause, and ${q.answer} is not one`);
  const cause = claim.causes[0];
  if (!(q.choices ?? []).includes(cause)) return err(`lesson ${l.id}: the answer ${cause} is not among the choices of the question at step ${q.step}`);
  return { ok: true, value: { value: cause, text: cause } };
}

/**
 * A drawn question's answer from a run of its patched scenario: what the
 * claim `answer` measures, read from the run instead of the claim's stated
 * value (instant: the first interrupt, in the claim's window, at or after
 * pauseUs; number: the claim's metric; choice: the causes of the claim's
 * interrupt, which must be one cause among the choices).
 */
export function answerFromRun(l: Lesson, q: LessonQuestion, result: RunResult): Result<QuestionAnswer> {
  const claim = l.claims.find((c) => c.id === q.answer);
  if (!claim) return err(`lesson ${l.id}: question at step ${q.step} names claim ${JSON.stringify(q.answer)}, which the lesson does not have`);
  if (q.kind === 'instant' && 'interruptTimesUs' in claim) {
    const t = interruptTimes(result, claim.window).find((x) => x >= q.pauseUs);
    if (t === undefined) return err(`lesson ${l.id}: no interrupt at or after ${q.pauseUs} µs in this run`);
    return { ok: true, value: { value: t, text: `${formatNumber(t)} µs` } };
  }
  if (q.kind === 'number' && 'metric' in claim) {
    const x = measure(result, claim.metric, claim.window);
    if (!Number.isFinite(x)) return err(`lesson ${l.id}: ${claim.metric} has no value in this run`);
    return { ok: true, value: { value: x, text: formatNumber(x) } };
  }
  if (q.kind === 'choice' && 'causes' in claim) {
    const causes = result.interrupts[claim.interrupt]?.causes ?? [];
    if (causes.length !== 1 || !(q.choices ?? []).includes(causes[0])) return err(`lesson ${l.id}: interrupt ${claim.interrupt} read ${causes.join('|') || 'no cause'}, not one of the choices`);
    return { ok: true, value: { value: causes[0], text: causes[0] } };
  }
  return err(`lesson ${l.id}: a ${q.kind} question cannot read its answer from claim ${q.answer}`);
}

/**
 * Why a guess cannot be the answer, in one plain line (null: it can be).
 * An instant question asks when the next interrupt fires after the clock
 * stopped at `pauseUs`, and its answer is always at or after that instant
 * (questionAnswer and answerFromRun both take the first interrupt at or
 * after pauseUs): a guess before the pause is already in the past on the
 * timeline, and one after the run's end (`durationUs`) never happens, so
 * both are refused instead of being judged. Numbers must be finite, and a
 * number question's at least 0 (every LESSON_METRICS value is).
 */
export function guessProblem(q: LessonQuestion, guess: number | string, durationUs: number): string | null {
  if (typeof guess === 'string') return q.kind === 'choice' && !(q.choices ?? []).includes(guess) ? `"${guess}" is not one of the choices` : null;
  if (!Number.isFinite(guess)) return 'Your guess is not a number: type one, in µs for an instant';
  // Every LESSON_METRICS value is a count, a time, a rate or a share: none is below 0.
  if (q.kind === 'number') return guess < 0 ? `Your guess, ${formatNumber(guess)}, is below 0, and this answer (a count, a time, a rate or a share) never is.` : null;
  if (q.kind !== 'instant') return null;
  if (guess < q.pauseUs) {
    return `Your guess, ${formatNumber(guess)} µs, is before the pause at ${formatNumber(q.pauseUs)} µs, and the question asks what comes after it. Pick an instant at or after ${formatNumber(q.pauseUs)} µs.`;
  }
  if (guess > durationUs) {
    return `Your guess, ${formatNumber(guess)} µs, is after the end of the run at ${formatNumber(durationUs)} µs. Pick an instant between ${formatNumber(q.pauseUs)} and ${formatNumber(durationUs)} µs.`;
  }
  return null;
}

/** Whether a guess is right (within the question's tolerance), and by how much it missed. */
export function judgeGuess(answer: QuestionAnswer, q: LessonQuestion, guess: number | string): { right: boolean; offBy?: number } {
  if (typeof answer.value === 'string' || typeof guess === 'string') return { right: String(guess) === String(answer.value) };
  const offBy = guess - answer.value;
  return { right: Math.abs(offBy) <= (q.tolerance ?? 0) + 1e-9, offBy };
}

/** One question as the score summary reads it: the guess, the answer shown (null while it is not known) and any drawn values. */
export interface ScoredQuestion {
  q: LessonQuestion;
  guess: number | string | null;
  revealed: boolean;
  answer: QuestionAnswer | null;
  values?: DrawnValues;
}

/**
 * The score a student copies at the end of a lesson: how many questions
 * were answered, right and off, and one line per question with the prompt
 * (drawn values filled in), the guess and the answer.
 */
export function scoreSummary(l: Lesson, items: readonly ScoredQuestion[], seed: number): { answered: number; right: number; off: number; text: string } {
  let answered = 0;
  let right = 0;
  const lines = items.map((it, i) => {
    const drawn = it.q.params && it.values ? { q: it.q, values: it.values } : undefined;
    const prompt = renderNarration(l, it.q.prompt, drawn);
    const shown = (x: number | string) => (typeof x === 'number' && it.q.kind === 'instant' ? `${formatNumber(x)} µs` : typeof x === 'number' ? formatNumber(x) : x);
    const values = drawn ? ` [${Object.entries(it.values!).map(([k, x]) => `${k} = ${formatNumber(x)}`).join(', ')}; seed ${seed}]` : '';
    let verdict = 'not answered';
    if (it.guess !== null && it.revealed && it.answer) {
      answered++;
      const j = judgeGuess(it.answer, it.q, it.guess);
      if (j.right) right++;
      verdict = `you said ${shown(it.guess)}, the answer is ${it.answer.text}: ${j.right ? 'right' : `off${j.offBy !== undefined ? ` by ${formatNumber(Math.abs(j.offBy))}` : ''}`}`;
    } else if (it.revealed && it.answer) verdict = `no prediction; the answer is ${it.answer.text}`;
    return `${i + 1}. (step ${it.q.step + 1}) ${prompt}${values} - ${verdict}`;
  });
  const head = `${l.title}: ${answered} of ${items.length} questions answered, ${right} right, ${answered - right} off.`;
  return { answered, right, off: answered - right, text: [head, ...lines].join('\n') };
}

/** The question asked before step `step`, if any (the embed API's questionAnswered event reads it). */
export function questionAt(l: Lesson, step: number): LessonQuestion | undefined {
  return l.questions?.find((q) => q.step === step);
}

/** The lesson's playback, with the defaults of a lesson that names none. */
export function lessonPlayback(l: Lesson, durationUs: number): LessonPlayback {
  if (l.playback) return l.playback;
  return { speedNsPerSec: 10_000, viewUs: l.viewUs ?? [0, Math.min(durationUs, 200)], follow: true };
}
