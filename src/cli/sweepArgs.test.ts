import { describe, expect, it } from 'vitest';
import { parseSweepArgs } from './sweepArgs';

const sweep = ['--param', 'device.regs.ITR', '--from', '0', '--to', '4000', '--steps', '20'];

describe('sweep arguments', () => {
  it('a full run command, with defaults for scale, json, quiet and threads', () => {
    expect(parseSweepArgs(['--preset', 'default', ...sweep])).toEqual({
      ok: true,
      value: {
        kind: 'run',
        source: { kind: 'preset', id: 'default' },
        spec: { param: 'device.regs.ITR', from: 0, to: 4000, steps: 20, scale: 'linear' },
        json: false,
        quiet: false,
      },
    });
  });

  it('--scale log, --json, --threads, --quiet, negative and exponent numbers', () => {
    const parsed = parseSweepArgs(['--scenario', 'a.json', '--param', 'traffic.rx.pps', '--from=1e3', '--to', '1e6', '--steps', '4', '--scale', 'log', '--json', '--threads', '2', '--quiet']);
    expect(parsed).toEqual({
      ok: true,
      value: {
        kind: 'run',
        source: { kind: 'file', path: 'a.json' },
        spec: { param: 'traffic.rx.pps', from: 1000, to: 1_000_000, steps: 4, scale: 'log' },
        json: true,
        quiet: true,
        threads: 2,
      },
    });
    const negative = parseSweepArgs(['--preset', 'default', '--param', 'seed', '--from=-1', '--to', '1', '--steps', '2']);
    expect(negative.ok && negative.value.kind === 'run' && negative.value.spec.from).toBe(-1);
  });

  it('--help, --list-presets need no source; --list-params needs one', () => {
    expect(parseSweepArgs(['--help'])).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parseSweepArgs(['--list-presets'])).toEqual({ ok: true, value: { kind: 'list-presets' } });
    expect(parseSweepArgs(['--url', '#s1.x', '--list-params'])).toEqual({ ok: true, value: { kind: 'list-params', source: { kind: 'url', link: '#s1.x' } } });
    expect(parseSweepArgs(['--list-params']).ok).toBe(false);
  });

  const bad: [rule: string, argv: string[], error: RegExp][] = [
    ['no source', [...sweep], /^no scenario given: pass one of --scenario FILE\.json, --preset NAME, --url LINK/],
    ['seeds out of range', ['--preset', 'x', ...sweep, '--seeds', '0'], /^--seeds: 0 is out of range \(integer 1\.\.10\)$/],
    ['two sources', ['--preset', 'a', '--url', 'b', ...sweep], /^give exactly one scenario source, got 2: --preset, --url$/],
    ['no --param', ['--preset', 'default', '--from', '0', '--to', '1', '--steps', '2'], /^missing --param PATH \(see --list-params\)$/],
    ['no --to', ['--preset', 'default', '--param', 'seed', '--from', '0', '--steps', '2'], /^missing --to /],
    ['a repeated --from', ['--preset', 'default', ...sweep, '--from', '5'], /^--from given 2 times \(give it once\)$/],
    ['a non-number --from', ['--preset', 'default', '--param', 'seed', '--from', 'abc', '--to', '1', '--steps', '2'], /^--from: "abc" is not a number$/],
    ['a non-number --to', ['--preset', 'default', '--param', 'seed', '--from', '0', '--to', 'lots', '--steps', '2'], /^--to: "lots" is not a number$/],
    ['an empty --from', ['--preset', 'default', '--param', 'seed', '--from=', '--to', '1', '--steps', '2'], /^--from: "" is not a number$/],
    ['fractional --steps', ['--preset', 'default', '--param', 'seed', '--from', '0', '--to', '1', '--steps', '2.5'], /^--steps: 2\.5 is out of range \(integer 1\.\.1000\)$/],
    ['too many --steps', ['--preset', 'default', '--param', 'seed', '--from', '0', '--to', '1', '--steps', '5000'], /^--steps: 5000 is out of range/],
    ['an unknown --scale', ['--preset', 'default', ...sweep, '--scale', 'cubic'], /^--scale: "cubic" is not allowed \(linear or log\)$/],
    ['zero --threads', ['--preset', 'default', ...sweep, '--threads', '0'], /^--threads: 0 is out of range \(integer 1\.\.256\)$/],
    ['an unknown flag', ['--preset', 'default', ...sweep, '--colour'], /^Unknown option '--colour' \(see --help\)$/],
    ['a stray argument', ['--preset', 'default', ...sweep, 'extra'], /^Unexpected argument 'extra'/],
    ['a flag without its value', ['--preset', 'default', '--param'], /^Option '--param <value>' argument missing/],
  ];
  it.each(bad)('%s is a one-line error', (_rule, argv, error) => {
    const result = parseSweepArgs(argv);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(error);
      expect(result.error).not.toMatch(/\n/);
    }
  });
});
