/**
 * Tests of `npm run sweep`: its `main` called in-process (src/cli/sweep.ts),
 * and a smoke test of the script run by tsx in a child process, as npm runs
 * it. Small sweeps only: the machine has 2 cores.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runInProcess, scratchFiles } from './cliTestKit';
import { main as sweepMain } from './sweep';
import { loadPreset } from '../scenario/presets';
import { planSweep, runSweepPoint, runSweepSerial, seededScenarios, sweepResultSeeds } from '../sweep/sweep';

const sweep = (...args: string[]) => runInProcess(sweepMain, args);

const { dir: scratch, file: scenarioFile } = scratchFiles('e1000-sweep-test-');

const itrSweep = ['--param', 'device.regs.ITR', '--from', '0', '--to', '4000', '--steps', '3'];

describe('sweep: bad input exits 2 with one line on stderr naming the problem, never a stack trace', () => {
  const cases: [rule: string, args: () => string[], stderr: RegExp][] = [
    ['no scenario source', () => [...itrSweep], /^sweep: no scenario given/],
    ['an unknown flag', () => ['--preset', 'default', ...itrSweep, '--colour'], /^sweep: Unknown option '--colour'/],
    ['a missing --param', () => ['--preset', 'default', '--from', '0', '--to', '1', '--steps', '2'], /^sweep: missing --param PATH/],
    ['a non-number --from', () => ['--preset', 'default', '--param', 'device.regs.ITR', '--from', 'x', '--to', '1', '--steps', '2'], /^sweep: --from: "x" is not a number$/],
    ['an unknown preset', () => ['--preset', 'nope', ...itrSweep], /^sweep: preset: "nope" is not a preset/],
    ['a missing scenario file', () => ['--scenario', join(scratch, 'missing.json'), ...itrSweep], /^sweep: .*missing\.json: no such file$/],
    ['a scenario file with bad JSON', () => ['--scenario', scenarioFile('bad.json', '{"v": 1,'), ...itrSweep], /^sweep: .*bad\.json: JSON syntax error: /],
    ['an unknown parameter path', () => ['--preset', 'default', '--param', 'device.regs.NOPE', '--from', '0', '--to', '1', '--steps', '2'], /^sweep: device\.regs\.NOPE: not a sweepable parameter \(one of /],
    ['an out-of-range point', () => ['--preset', 'default', '--param', 'device.regs.ITR', '--from', '0', '--to', '70000', '--steps', '2'], /^sweep: point 2 of 2: device\.regs\.ITR: 70000 is out of range \(integer 0\.\.65535\)$/],
    ['log scale from 0', () => ['--preset', 'default', ...itrSweep, '--scale', 'log'], /^sweep: scale "log" needs from and to above 0/],
  ];

  it.concurrent.each(cases)('%s', async (_rule, args, stderr) => {
    const run = await sweep(...args());
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(stderr);
    expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  });
});

describe('sweep: running', () => {
  it('--json prints one object { scenario, param, points, pareto } with the same figures as a serial sweep', async () => {
    const run = await sweep('--preset', '8254x-rdtr-radv', ...itrSweep, '--json', '--threads', '2');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^(\r\d+\/3 points)+\n$/);
    expect(run.stderr).toContain('\r3/3 points');
    const output = JSON.parse(run.stdout);
    expect(Object.keys(output)).toEqual(['scenario', 'param', 'points', 'pareto']);
    const preset = loadPreset('8254x-rdtr-radv');
    if (!preset.ok) throw new Error(preset.error);
    expect(output.scenario).toEqual(preset.value);
    expect(output.param).toBe('device.regs.ITR');
    const planned = planSweep(preset.value, { param: 'device.regs.ITR', from: 0, to: 4000, steps: 3 });
    if (!planned.ok) throw new Error(planned.error);
    const serial = runSweepSerial(planned.value);
    expect(output.points).toEqual(serial.points);
    expect(output.pareto).toEqual(serial.pareto);
  });

  it('without --json prints the table with the parameter, the metrics and the Pareto marks; --quiet silences progress', async () => {
    const run = await sweep('--preset', '8254x-rdtr-radv', ...itrSweep, '--quiet');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Sweep {2}8254x: RX and TX timers under random traffic$/m);
    expect(run.stdout).toMatch(/ITR \(256 ns\) +interrupts\/s +p99 latency us +RX pps +TX pps +guest CPU % +drops/);
    expect(run.stdout).toMatch(/^\* +\d+ /m);
    expect(run.stdout).toMatch(/^ +2000 /m);
  });

  it('--seeds N runs each point over N seeds: means in metrics, each seed in runs (additive), the range in the table', async () => {
    const run = await sweep('--preset', '8254x-rdtr-radv', ...itrSweep, '--seeds', '2', '--json', '--threads', '2');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('\r6/6 runs');
    const output = JSON.parse(run.stdout);
    expect(Object.keys(output)).toEqual(['scenario', 'param', 'points', 'pareto']);
    const preset = loadPreset('8254x-rdtr-radv');
    if (!preset.ok) throw new Error(preset.error);
    const planned = planSweep(preset.value, { param: 'device.regs.ITR', from: 0, to: 4000, steps: 3 });
    if (!planned.ok) throw new Error(planned.error);
    const all = seededScenarios(planned.value, 2).map(runSweepPoint);
    const expected = sweepResultSeeds(planned.value, [0, 1, 2].map((i) => all.slice(2 * i, 2 * i + 2)));
    expect(output.points).toEqual(expected.points);
    expect(output.points[0].runs).toHaveLength(2);
    expect(output.pareto).toEqual(expected.pareto);
    const table = await sweep('--preset', '8254x-rdtr-radv', ...itrSweep, '--seeds', '2', '--quiet');
    expect(table.stdout).toMatch(/^ {2}seeds {6}2 per point, from \d+: each figure is the mean \[lowest\.\.highest run\]$/m);
  });

  it('--list-params lists the scenario\'s sweepable paths', async () => {
    const run = await sweep('--preset', 'linux-defaults', '--list-params');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^guest\.params\.InterruptThrottleRate +3 /m);
    expect(run.stdout).toMatch(/^traffic\.rx\.pps +100000 /m);
  });
});

describe('sweep as npm runs it (a child process)', () => {
  it('a two-point sweep: exit 0 and the same points as main in-process', async () => {
    const args = ['--preset', 'default', '--param', 'device.regs.ITR', '--from', '0', '--to', '4000', '--steps', '2', '--json', '--quiet', '--threads', '1'];
    const [child, inProcess] = await Promise.all([runCli('sweep.ts', args), sweep(...args)]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toBe(inProcess.stdout);
    expect(JSON.parse(child.stdout).points).toHaveLength(2);
  });
});
