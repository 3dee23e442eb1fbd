/**
 * The fuzzer in CI: a bounded run of every property with a fixed seed, the
 * checker catching planted violations (so a clean run means something),
 * the argument parser, and the CLI end to end.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { runInProcess } from './cliTestKit';
import { main as fuzzMain } from './fuzz';
import { parseFuzzArgs } from '../fuzz/args';
import { formatFailure, PROPERTY_NAMES, runFuzz, runHostile } from '../fuzz/properties';
import { FUZZ_TRACE_CAPACITY, InvariantChecker } from '../fuzz/invariants';
import { Simulation } from '../core/simulation';
import { testScenario } from '../core/testScenario';
import { REG_INDEX } from '../core/registers';
import { TimerId, TraceKind } from '../core/types';

const CI_SEED = 42;
const CI_RUNS = 60;

describe('fuzzer', () => {
  it(`runs every property clean: seed ${CI_SEED}, ${CI_RUNS} runs each`, () => {
    const r = runFuzz({ runs: CI_RUNS, seed: CI_SEED });
    if (!r.ok) throw new Error(formatFailure(r.error));
    expect(Object.keys(r.value)).toEqual([...PROPERTY_NAMES]);
  });

  it('hand-picked hostile sequences stay within the invariants', () => {
    const s = testScenario({
      device: { model: '8254x', rxRing: 8, txRing: 8, linkGbps: 0, regs: { ITR: 100, RDTR: 0xffff, RADV: 0xffff } },
      guest: { driver: 'linux-e1000', costs: 'kvm-apicv', params: {} },
      rx: { pattern: 'constant', pps: 1_488_095, bytes: 64, startUs: 0 },
      tx: { pattern: 'saturate', bytes: 64 },
    });
    runHostile(s, [
      { op: 'advance', dtNs: 20_000 },
      { op: 'write', reg: 'RDLEN', value: 0 },
      { op: 'write', reg: 'RDT', value: 0xffff_ffff },
      { op: 'advance', dtNs: 5_000 },
      { op: 'write', reg: 'TDLEN', value: 0xfff80 },
      { op: 'write', reg: 'TDT', value: 65_000 },
      { op: 'write', reg: 'ICS', value: 0xffff_ffff },
      { op: 'read', reg: 'ICR' },
      { op: 'write', reg: 'RDTR', value: 0xffff_ffff },
      { op: 'step', n: 50 },
      { op: 'advance', dtNs: 100_000 },
    ]);
  });

  describe('the checker catches planted violations', () => {
    const fresh = () => {
      const sim = new Simulation(testScenario({ rx: { pattern: 'constant', pps: 100_000, bytes: 64, startUs: 0 } }), { traceCapacity: FUZZ_TRACE_CAPACITY });
      return { sim, check: new InvariantChecker(sim) };
    };
    it('a pointer beyond the ring', () => {
      const { sim, check } = fresh();
      sim.nic.regs[REG_INDEX.RDT] = 4096;
      expect(() => check.check('planted')).toThrow(/pointer out of range/);
    });
    it('a timer firing before its expiry', () => {
      const { sim, check } = fresh();
      sim.trace.push(0, TraceKind.TIMER_START, TimerId.RDTR, 5000);
      sim.trace.push(0, TraceKind.TIMER_FIRE, TimerId.RDTR, 0);
      expect(() => check.check('planted')).toThrow(/timer 0 fired early at 0 ns, due at 5000 ns/);
    });
    it('interrupts closer than ITR allows', () => {
      const { sim, check } = fresh();
      sim.trace.push(0, TraceKind.MMIO_WRITE, REG_INDEX.ITR, 100);
      sim.trace.push(1000, TraceKind.LINE_ASSERT, 0x80, 0);
      sim.trace.push(2000, TraceKind.LINE_ASSERT, 0x80, 0);
      expect(() => check.check('planted')).toThrow(/1000 ns apart; ITR \(at least 100 since the first\) needs 25600 ns/);
    });
    it('a frame that vanished', () => {
      const { sim, check } = fresh();
      check.advance(50_000, 'run');
      sim.nic.counters.rxStored--;
      expect(() => check.check('planted')).toThrow(/RX frames arrived \d+ != stored/);
    });
  });

  it('parses its arguments, and every rejection is one line', () => {
    expect(parseFuzzArgs([])).toEqual({ ok: true, value: { help: false, runs: 100, properties: [...PROPERTY_NAMES], quiet: false } });
    const r = parseFuzzArgs(['--runs', '5', '--seed=-3', '--property', 'mmio,links', '--minutes', '0.5', '--quiet']);
    expect(r).toEqual({ ok: true, value: { help: false, runs: 5, seed: -3, properties: ['mmio', 'links'], minutes: 0.5, quiet: true } });
    expect(parseFuzzArgs(['--property', 'mmio', '--seed', '9', '--path', '3:0:1']).ok).toBe(true);
    for (const [argv, error] of [
      [['--runs', 'x'], '--runs: "x" is not an integer 1..10000000'],
      [['--runs'], '--runs: missing value'],
      [['--property', 'nope'], '--property: "nope" is not a property (one of mmio, scenario, replay, links)'],
      [['--path', '1:2'], '--path replays one failure'],
      [['--path', 'a'], '--path: "a" is not a fast-check path'],
      [['--frobnicate'], '"--frobnicate" is not an option (see --help)'],
    ] as const) {
      const p = parseFuzzArgs(argv);
      expect(p.ok).toBe(false);
      if (!p.ok) {
        expect(p.error.startsWith(error)).toBe(true);
        expect(p.error).not.toContain('\n');
      }
    }
  });

  it('prints a failure with the command that replays it', () => {
    const text = formatFailure({ property: 'mmio', seed: 7, path: '3:1', runs: 10, error: 'InvariantError: pointer out of range', counterexample: '[]' });
    expect(text).toContain('FAILED: property mmio, seed 7, path 3:1');
    expect(text).toContain('npm run --silent fuzz -- --property mmio --seed 7 --path 3:1 --runs 10');
  });

  it('npm run fuzz (a child process): a clean run exits 0 and names its seed', () => {
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/fuzz.ts', '--runs', '2', '--seed', '5', '--quiet'], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^fuzz: seed 5, 2 runs per property/);
    expect(ok.stdout).toMatch(/fuzz: \d+ runs, no failure \(seed 5\)\n$/);
  });

  it('fuzz main in-process: bad arguments exit 2 with one line', async () => {
    const bad = await runInProcess(fuzzMain, ['--seed', 'x']);
    expect(bad).toEqual({ status: 2, stdout: '', stderr: 'fuzz: --seed: "x" is not an integer -2147483648..2147483647\n' });
  });
});
