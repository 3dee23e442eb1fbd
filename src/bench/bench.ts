/**
 * `npm run bench [-- --json] [-- --runs N]`: benchmarks that print figures.
 * Several runs per figure; the median is reported with the range.
 */
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { LINE_RATE_64B, lineRateScenario, runBareQueue, runCore } from './coreBench';
import { BENCH_SWEEP_SCENARIO, benchSweep } from '../sweep/bench';
import { defaultPoolSize } from '../sweep/pool';
import { runUiBench, type UiBenchResult } from './uiBench';
import { runCoreSoak, type SoakResult } from './soak';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);

// Child mode: only the headless soak (run beside the browser soak; both measure memory, not speed).
const soakOnly = args.indexOf('--core-soak-only');
if (soakOnly >= 0) {
  const result = runCoreSoak(Math.max(0.2, Number(args[soakOnly + 1]) || 10), () => performance.now());
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

const json = args.includes('--json');
const KNOWN = new Set(['--json', '--no-ui', '--runs', '--soak-minutes']);
for (let i = 0; i < args.length; i++) {
  if (!KNOWN.has(args[i])) {
    console.error(`bench: unknown option ${JSON.stringify(args[i])} (options: --json, --no-ui, --runs N, --soak-minutes M)`);
    process.exit(2);
  }
  if (args[i] === '--runs' || args[i] === '--soak-minutes') {
    const v = Number(args[++i]);
    if (!(v > 0) || (args[i - 1] === '--runs' && !Number.isInteger(v))) {
      console.error(`bench: ${args[i - 1]} needs a positive ${args[i - 1] === '--runs' ? 'integer' : 'number'}, got ${JSON.stringify(args[i] ?? '')}`);
      process.exit(2);
    }
  }
}
const noUi = args.includes('--no-ui');
const soakArg = args.indexOf('--soak-minutes');
const soakMinutes = soakArg >= 0 ? Number(args[soakArg + 1]) : 10;
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 5) : 5;
const now = () => performance.now();

function summary(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

// Warm up the JIT on both paths, then interleave trace-off and trace-on runs.
for (let i = 0; i < 2; i++) {
  runCore(0, now);
  runCore(65536, now);
}
const plain: ReturnType<typeof runCore>[] = [];
const traced: ReturnType<typeof runCore>[] = [];
for (let i = 0; i < runs; i++) {
  plain.push(runCore(0, now));
  traced.push(runCore(65536, now));
}
const bare = Array.from({ length: runs }, () => runBareQueue(5_000_000, now));

const frames = summary(plain.map((r) => r.simFramesPerSec));
const events = summary(plain.map((r) => r.eventsPerSec));
const bareEvents = summary(bare);
const tracedFrames = summary(traced.map((r) => r.simFramesPerSec));

const sweepRuns: number[] = [];
for (let i = 0; i < Math.min(runs, 3); i++) sweepRuns.push(await benchSweep(200, 10_000));
const sweepMs = summary(sweepRuns);

/** The headless soak in a child process (with --expose-gc so heap samples follow a collection). */
function startCoreSoak(minutes: number): Promise<SoakResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', process.argv[1], '--core-soak-only', String(minutes)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as SoakResult) : reject(new Error(`core soak exited with ${code}`))));
  });
}

/** Seek costs in the worker API (src/worker/seekBench.ts, bundled beside this file by scripts/bench.mjs), in a child process. */
const SEEK_TARGETS_S = [1, 10, 60];
interface SeekCost {
  targetS: number;
  wallMs: number;
  frames: number;
}
function measureSeeks(): SeekCost[] {
  const r = spawnSync(process.execPath, [join(dirname(process.argv[1]), 'seekBench.mjs'), ...SEEK_TARGETS_S.map(String)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`seek benchmark exited with ${r.status}`);
  return JSON.parse(r.stdout) as SeekCost[];
}
const seeks = measureSeeks();

let ui: UiBenchResult | { measured: false; note: string } = { measured: false, note: 'skipped (--no-ui)' };
let coreSoak: Promise<SoakResult> | null = null;
if (!noUi) ui = await runUiBench({ soakMinutes, log: (line) => console.error(line), onSoakStart: () => (coreSoak = startCoreSoak(soakMinutes)) });
else coreSoak = startCoreSoak(soakMinutes);
const soak = await coreSoak!;

const result = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  core: {
    scenario: `${lineRateScenario.name}: RX 64 B at ${LINE_RATE_64B} frames/s, linux-e1000 defaults, 8254x, 4096 rings, ${lineRateScenario.durationUs / 1000} ms per run, ${runs} runs`,
    simFramesPerSec: Math.round(frames.median),
    simFramesPerSecRange: [Math.round(frames.min), Math.round(frames.max)],
    lineRateMultiple: +(frames.median / LINE_RATE_64B).toFixed(3),
    eventsPerSec: Math.round(events.median),
    bareEventsPerSec: Math.round(bareEvents.median),
    bareEventsPerSecRange: [Math.round(bareEvents.min), Math.round(bareEvents.max)],
    ratioToBare: +(events.median / bareEvents.median).toFixed(3),
    tracedSimFramesPerSec: Math.round(tracedFrames.median),
    tracedSimFramesPerSecRange: [Math.round(tracedFrames.min), Math.round(tracedFrames.max)],
    tracedLineRateMultiple: +(tracedFrames.median / LINE_RATE_64B).toFixed(3),
  },
  seek: {
    scenario: 'worker API (trace on), the core scenario, from t = 0 to each target: what seeking backwards costs',
    costs: seeks.map((x) => ({ ...x, framesPerSec: Math.round(x.frames / (x.wallMs / 1000)), lineRateMultiple: +(x.frames / (x.wallMs / 1000) / LINE_RATE_64B).toFixed(3) })),
  },
  ui,
  soak,
  sweep: {
    scenario: `200 points of a 10 ms scenario: ${BENCH_SWEEP_SCENARIO}`,
    threads: defaultPoolSize(),
    wallMs: Math.round(sweepMs.median),
    wallMsRange: [Math.round(sweepMs.min), Math.round(sweepMs.max)],
  },
};

mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/latest.json', JSON.stringify(result, null, 2) + '\n');

if (json) {
  console.log(JSON.stringify(result));
} else {
  const c = result.core;
  const f = (n: number) => n.toLocaleString('en-US');
  console.log(`machine: ${result.machine.cpus} cores, ${result.machine.model}, Node ${result.machine.node}`);
  console.log(`core scenario: ${c.scenario}`);
  console.log(`  simulated frames/s, trace off   ${f(c.simFramesPerSec)}  [${f(c.simFramesPerSecRange[0])}..${f(c.simFramesPerSecRange[1])}]  = ${c.lineRateMultiple}x line rate`);
  console.log(`  simulated frames/s, trace on    ${f(c.tracedSimFramesPerSec)}  [${f(c.tracedSimFramesPerSecRange[0])}..${f(c.tracedSimFramesPerSecRange[1])}]  = ${c.tracedLineRateMultiple}x line rate`);
  console.log(`  events/s                        ${f(c.eventsPerSec)}`);
  console.log(`  bare event queue events/s       ${f(c.bareEventsPerSec)}  [${f(c.bareEventsPerSecRange[0])}..${f(c.bareEventsPerSecRange[1])}]`);
  console.log(`  ratio to bare                   ${c.ratioToBare}`);
  console.log(`seek in the worker (${result.seek.scenario}):`);
  for (const x of result.seek.costs) console.log(`  to ${String(x.targetS).padStart(3)} s of line rate              ${f(x.wallMs)} ms  (${f(x.frames)} frames, ${x.lineRateMultiple}x line rate)`);
  if ('firstRenderMs' in ui) {
    console.log('ui (headless Chromium, line-rate scenario at real time, 4096 rings):');
    console.log(`  first render of the default scenario   ${ui.firstRenderMs} ms`);
    console.log(`  initial JavaScript, gzipped            ${(ui.initialJsGzipBytes / 1024).toFixed(1)} KB`);
    console.log(`  frames per second while playing        ${ui.playing.fps}  (p95 frame time ${ui.playing.p95FrameMs} ms, ${ui.playing.longTasks} long tasks)`);
    console.log(`  virtual seconds per real second        ${ui.playing.virtualSecondsPerSecond}`);
    for (const h of ui.heap) console.log(`  JS heap after ${h.afterMinutes} min                     ${(h.bytes / 1e6).toFixed(1)} MB`);
    console.log(`  heap growth                            ${ui.heapGrowthPercent} %`);
  }
  console.log(`headless soak (Node, line rate, trace on as in the browser worker, ${soak.minutes} min):`);
  for (const [label, x] of [['start (after 10 s)', soak.start], ['end', soak.end]] as const) {
    console.log(`  ${label.padEnd(18)} heap ${(x.heapBytes / 1e6).toFixed(1)} MB, trace ${x.traceKept.toLocaleString('en-US')} records kept of ${x.traceWritten.toLocaleString('en-US')} written, ${x.interruptRecordsKept} interrupt records, ${x.virtualS} s simulated`);
  }
  console.log(`  heap growth        ${soak.heapGrowthPercent} %`);
  const w = result.sweep;
  console.log(`sweep: ${w.scenario}`);
  console.log(`  wall time on ${w.threads} worker threads   ${f(w.wallMs)} ms  [${f(w.wallMsRange[0])}..${f(w.wallMsRange[1])}]`);
  console.log('results written to bench-results/latest.json');
}
