/**
 * Tests of `npm run sim`: its `main` called in-process with the arguments
 * (src/cli/sim.ts), and a smoke test of the script run by tsx in a child
 * process, as npm runs it. The tests that run a scenario need the core's
 * runScenario (src/core/simulation.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, runInProcess, scratchFiles } from './cliTestKit';
import { main as simMain } from './sim';
import { loadPreset } from '../scenario/presets';
import { encodeShareLink } from '../scenario/shareLink';

const sim = (...args: string[]) => runInProcess(simMain, args);

const { dir: scratch, file: scenarioFile } = scratchFiles('e1000-sim-test-');

describe('sim: bad input exits 2 with one line on stderr naming the problem, never a stack trace', () => {
  const cases: [rule: string, args: () => string[], stderr: RegExp][] = [
    ['an unknown flag', () => ['--preset', 'default', '--colour', 'red'], /^sim: Unknown option '--colour'/],
    ['no scenario source', () => [], /^sim: no scenario given/],
    ['only --json', () => ['--json'], /^sim: no scenario given/],
    ['two scenario sources', () => ['--preset', 'default', '--scenario', 'a.json'], /^sim: give exactly one scenario source, got 2: --scenario, --preset$/],
    ['a flag without its value', () => ['--preset'], /^sim: Option '--preset <value>' argument missing/],
    ['a missing scenario file', () => ['--scenario', join(scratch, 'missing.json')], /^sim: .*missing\.json: no such file$/],
    ['a directory as the scenario file', () => ['--scenario', scratch], /: is a directory, not a scenario file$/],
    ['a scenario file with bad JSON', () => ['--scenario', scenarioFile('bad.json', '{"v": 1,')], /^sim: .*bad\.json: JSON syntax error: /],
    ['an empty scenario file', () => ['--scenario', scenarioFile('empty.json', '')], /^sim: .*empty\.json: JSON syntax error: /],
    [
      'a scenario file with an out-of-range register',
      () => ['--scenario', scenarioFile('radv.json', '{"v":1,"device":{"regs":{"RADV":70000}}}'), '--json'],
      /^sim: .*radv\.json: device\.regs\.RADV: 70000 is out of range \(integer 0\.\.65535\)$/,
    ],
    [
      'a scenario file with an unknown field',
      () => ['--scenario', scenarioFile('colour.json', '{"v":1,"device":{"colour":"blue"}}')],
      /^sim: .*colour\.json: device\.colour: unknown field/,
    ],
    ['a scenario file of another version', () => ['--scenario', scenarioFile('v2.json', '{"v":2}')], /^sim: .*v2\.json: v: 2 is a newer format version/],
    ['an unknown preset', () => ['--preset', 'nope'], /^sim: preset: "nope" is not a preset \(one of default, /],
    ['a link that is not a scenario link', () => ['--url', 'https://example.org/'], /^sim: link: not a scenario link/],
    ['a link of an unknown version', () => ['--url', '#s7.abc'], /^sim: link: version "s7" is not supported/],
    ['a corrupt link', () => ['--url', '#s1.@@@'], /^sim: link: the scenario data is corrupt/],
    ['a link with an invalid scenario', () => ['--url', `#${encodeShareLink({ v: 1, durationUs: -5 } as never)}`], /^sim: durationUs: -5 is out of range/],
    [
      '--trace into a directory that does not exist',
      () => ['--preset', 'default', '--trace', join(scratch, 'no-such-dir', 'trace.json')],
      /^sim: --trace .*no-such-dir\/trace\.json: no such file or directory$/,
    ],
    ['--trace onto a directory', () => ['--preset', 'default', '--trace', scratch], /^sim: --trace .*: is a directory$/],
    ['--trace with an empty name', () => ['--preset', 'default', '--trace', ''], /^sim: --trace needs a file name/],
    [
      'a scenario naming a capture file that is not there',
      () => ['--scenario', scenarioFile('nocap.json', '{"v":1,"traffic":{"rx":{"pattern":"pcap","file":"missing.pcap"}}}')],
      /^sim: .*nocap\.json: traffic\.rx\.file: missing\.pcap: no such file or directory$/,
    ],
    [
      'a scenario naming a file that is not a capture',
      () => ['--scenario', scenarioFile('notcap.json', '{"v":1,"traffic":{"tx":{"pattern":"pcap","file":"notcap.json"}}}')],
      /^sim: .*notcap\.json: traffic\.tx\.file: notcap\.json: not a pcap or pcapng capture \(magic number 0x7b227622 at byte 0/,
    ],
    [
      'a link naming a capture file',
      () => ['--url', `#${encodeShareLink({ v: 1, traffic: { rx: { pattern: 'pcap', file: 'x.pcap' } } } as never)}`],
      /^sim: traffic\.rx\.file: "x\.pcap": a link cannot name a capture file/,
    ],
  ];

  it.concurrent.each(cases)('%s', async (_rule, args, stderr) => {
    const run = await sim(...args());
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.endsWith('\n')).toBe(true);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(stderr);
    expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  });
});

describe('sim: help and presets', () => {
  it.concurrent('--help prints the usage on stdout and exits 0', async () => {
    const run = await sim('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run --silent sim -- /);
    expect(run.stdout).toContain('--scenario FILE.json');
    expect(run.stderr).toBe('');
  });

  it.concurrent('--list-presets prints one line per preset id', async () => {
    const run = await sim('--list-presets');
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n').map((line) => line.split(/\s+/)[0])).toContain('rx-line-rate');
  });
});

describe('sim: running a scenario (needs runScenario from src/core/simulation.ts)', () => {
  const contractMetricKeys = [
    'rxFrames', 'rxDropped', 'txFrames', 'interrupts', 'interruptsPerSec', 'framesPerInterrupt',
    'latencyUs', 'exits', 'guestCpuUtil', 'rxPps', 'txPps',
  ];

  it.concurrent('--preset default --json prints exactly one JSON object with the contract keys', async () => {
    const run = await sim('--preset', 'default', '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result).sort()).toEqual(['interrupts', 'metrics', 'scenario']);
    const preset = loadPreset('default');
    expect(preset.ok && result.scenario).toEqual(preset.ok && preset.value);
    expect(Object.keys(result.metrics).sort()).toEqual([...contractMetricKeys].sort());
    expect(Object.keys(result.metrics.latencyUs).sort()).toEqual(['max', 'p50', 'p99']);
    expect(result.interrupts.length).toBeGreaterThan(0);
    for (const interrupt of result.interrupts) {
      expect(Object.keys(interrupt).sort()).toEqual(['causes', 'icr', 'tUs']);
    }
  });

  it.concurrent('the same scenario from a file, a preset and a link gives byte-identical JSON', async () => {
    const preset = loadPreset('default');
    if (!preset.ok) throw new Error(preset.error);
    const [fromPreset, fromFile, fromLink] = (
      await Promise.all([
        sim('--preset', 'default', '--json'),
        sim('--scenario', scenarioFile('default.json', JSON.stringify(preset.value)), '--json'),
        sim('--url', `https://example.org/#${encodeShareLink(preset.value, { tUs: 50 })}`, '--json'),
      ])
    ).map((run) => run.stdout);
    expect(fromPreset.length).toBeGreaterThan(0);
    expect(fromFile).toBe(fromPreset);
    expect(fromLink).toBe(fromPreset);
  });

  it.concurrent('without --json it prints the human table', async () => {
    const run = await sim('--preset', 'default');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Scenario {2}RDTR restarts, RADV cuts it short$/m);
    expect(run.stdout).toMatch(/device model +8254x/);
    expect(run.stdout).toMatch(/Interrupts \(first \d+ of \d+\)/);
  });
});

describe('sim: captures and --trace', () => {
  const captures = fileURLToPath(new URL('../../public/captures/', import.meta.url));

  it.concurrent('a scenario file replays a capture next to it; the output names the file, not its frames', async () => {
    const run = await sim('--scenario', join(captures, 'ping-flood.scenario.json'), '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.scenario.traffic.rx).toEqual({ pattern: 'pcap', file: 'ping-flood.pcap', startUs: 0 });
    expect(result.metrics.rxFrames).toBe(300);
    expect(result.interrupts.length).toBeGreaterThan(0);
  });

  it.concurrent('--trace writes Chrome Trace JSON; stdout stays one JSON object', async () => {
    const path = join(scratch, 'trace.json');
    const run = await sim('--preset', 'linux-defaults', '--json', '--trace', path);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    const trace = JSON.parse(readFileSync(path, 'utf8'));
    expect(Object.keys(trace)).toEqual(['traceEvents', 'metadata']);
    expect(trace.traceEvents.filter((e: { cat?: string }) => e.cat === 'irq')).toHaveLength(result.interrupts.length);
    expect(trace.traceEvents.some((e: { ph: string; name: string }) => e.ph === 'M' && e.name === 'thread_name')).toBe(true);
    expect(JSON.parse(trace.metadata.scenario)).toEqual(result.scenario);
  });

  it.concurrent('--trace says on stderr when the run outgrew the trace and records were dropped', async () => {
    const path = join(scratch, 'long-trace.json');
    const run = await sim('--preset', 'linux-defaults', '--trace', path, '--trace-records', '5000');
    expect(run.status).toBe(0);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^sim: trace: kept the last 5000 of \d+ records; \d+ were dropped \(the trace starts at [\d.]+ us; shorten durationUs or raise --trace-records for a complete trace\)$/m,
    );
    const trace = JSON.parse(readFileSync(path, 'utf8'));
    expect(trace.metadata.droppedRecords).toBeGreaterThan(0);
  });
});

describe('sim --at: stop at a position and print what the panels show there', () => {
  // One RX frame at 5 us, ideal driver, delays 0: step 1 at 5 us asserts the line with RXT0 (128),
  // step 2 at the same ns is the zero-cost ISR's read of ICR (core/position.test.ts works it out).
  const oneFrame = { v: 1, name: 'one frame', durationUs: 20, traffic: { rx: { pattern: 'list', atUs: [5], bytes: 64 } } };
  const link = (steps?: number) => `https://example.org/#${encodeShareLink(oneFrame as never, { tUs: 5, steps })}`;

  it.concurrent('--at link stops at the position the link names: the line asserted, ICR = RXT0, not read yet', async () => {
    const run = await sim('--url', link(1), '--json', '--at', 'link');
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out.position).toEqual({ tUs: 5, steps: 1 });
    expect(out.state.line).toBe(true);
    expect(out.state.regs.ICR).toBe(128);
    expect(out.state.lastInterrupt).toEqual({ tUs: 5, icr: 0, causes: [], readUs: null });
    expect(out.metrics.interrupts).toBe(1);
  });

  it.concurrent('--at T:N and --at T (every step at T)', async () => {
    const [two, all] = await Promise.all([sim('--url', link(), '--json', '--at', '5:2'), sim('--url', link(), '--json', '--at', '5')]);
    const a = JSON.parse(two.stdout);
    expect(a.position).toEqual({ tUs: 5, steps: 2 });
    expect(a.state.line).toBe(false);
    expect(a.state.lastInterrupt).toEqual({ tUs: 5, icr: 128, causes: ['RXT0'], readUs: 5 });
    const b = JSON.parse(all.stdout);
    expect(b.position).toEqual({ tUs: 5, steps: 2 });
    expect(b.state).toEqual(a.state);
  });

  it.concurrent('a position after the end, or --at link with a link that names none, is one line and exit 2', async () => {
    const late = await sim('--url', link(1), '--at', '50');
    expect(late.status).toBe(2);
    expect(late.stderr).toBe("sim: --at: 50 us is after the scenario's end (durationUs 20 us)\n");
    const bare = await sim('--url', `#${encodeShareLink(oneFrame as never)}`, '--at', 'link');
    expect(bare.status).toBe(2);
    expect(bare.stderr).toBe('sim: --at link: the --url link names no position (it has no &t=)\n');
  });
});


describe('sim as npm runs it (a child process): the same bytes and exit status as in-process', () => {
  it.concurrent('--preset default --json: exit 0, the same JSON as main in-process', async () => {
    const [child, inProcess] = await Promise.all([runCli('sim.ts', ['--preset', 'default', '--json']), sim('--preset', 'default', '--json')]);
    expect(child).toEqual({ status: 0, stdout: inProcess.stdout, stderr: '' });
    expect(JSON.parse(child.stdout).metrics.interrupts).toBeGreaterThan(0);
  });

  it.concurrent('bad input: exit status 2 and the one line, no stack trace', async () => {
    const child = await runCli('sim.ts', ['--preset', 'default', '--colour', 'red']);
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toBe((await sim('--preset', 'default', '--colour', 'red')).stderr);
    expect(child.stderr).toMatch(/^sim: Unknown option '--colour'.*\n$/);
  });
});
