import { describe, expect, it } from 'vitest';
import { parseSimArgs } from './simArgs';

describe('sim arguments', () => {
  it('each source flag selects its source; --json is off unless given', () => {
    expect(parseSimArgs(['--scenario', 'a.json'])).toEqual({ ok: true, value: { kind: 'run', source: { kind: 'file', path: 'a.json' }, json: false } });
    expect(parseSimArgs(['--preset', 'default', '--json'])).toEqual({ ok: true, value: { kind: 'run', source: { kind: 'preset', id: 'default' }, json: true } });
    expect(parseSimArgs(['--url=#s1.abc'])).toEqual({ ok: true, value: { kind: 'run', source: { kind: 'url', link: '#s1.abc' }, json: false } });
  });

  it('--trace FILE is passed on with the run', () => {
    expect(parseSimArgs(['--preset', 'default', '--trace', 'out.json'])).toEqual({
      ok: true,
      value: { kind: 'run', source: { kind: 'preset', id: 'default' }, json: false, trace: 'out.json' },
    });
    expect(parseSimArgs(['--scenario', 'a.json', '--json', '--trace=t.json'])).toEqual({
      ok: true,
      value: { kind: 'run', source: { kind: 'file', path: 'a.json' }, json: true, trace: 't.json' },
    });
    expect(parseSimArgs(['--preset', 'default', '--trace', 't.json', '--trace-records', '5000'])).toEqual({
      ok: true,
      value: { kind: 'run', source: { kind: 'preset', id: 'default' }, json: false, trace: 't.json', traceRecords: 5000 },
    });
    const plain = parseSimArgs(['--preset', 'default']);
    expect(plain.ok && 'trace' in plain.value).toBe(false);
  });

  it('--help and --list-presets need no source', () => {
    expect(parseSimArgs(['--help'])).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parseSimArgs(['-h', '--preset', 'x'])).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parseSimArgs(['--list-presets'])).toEqual({ ok: true, value: { kind: 'list-presets' } });
  });

  const bad: [rule: string, argv: string[], error: RegExp][] = [
    ['no source is an error', [], /^no scenario given: pass one of --scenario FILE\.json, --preset NAME, --url LINK/],
    ['--json alone is not a source', ['--json'], /^no scenario given/],
    ['two different sources are an error', ['--preset', 'default', '--url', '#s1.x'], /^give exactly one scenario source, got 2: --preset, --url$/],
    ['the same source twice is an error', ['--scenario', 'a.json', '--scenario', 'b.json'], /^give exactly one scenario source, got 2: --scenario, --scenario$/],
    ['an unknown flag is an error', ['--preset', 'default', '--colour'], /^Unknown option '--colour' \(see --help\)$/],
    ['a flag missing its value is an error', ['--scenario'], /^Option '--scenario <value>' argument missing \(see --help\)$/],
    ['a stray argument is an error', ['default'], /^Unexpected argument 'default'/],
    ['--json takes no value', ['--preset', 'default', '--json=yes'], /^Option '--json' does not take an argument/],
    ['--trace needs a file name', ['--preset', 'default', '--trace'], /^Option '--trace <value>' argument missing/],
    ['--trace with an empty name is an error', ['--preset', 'default', '--trace', ' '], /^--trace needs a file name \(see --help\)$/],
    ['--trace-records without --trace', ['--preset', 'default', '--trace-records', '10'], /^--trace-records needs --trace FILE/],
    ['--trace-records not a count', ['--preset', 'default', '--trace', 't', '--trace-records', '1e3'], /^--trace-records: "1e3" is not allowed \(integer 1\.\.10000000\)$/],
    ['--trace-records too many', ['--preset', 'default', '--trace', 't', '--trace-records', '20000000'], /^--trace-records: "20000000" is not allowed/],
  ];

  it.each(bad)('%s', (_rule, argv, error) => {
    const result = parseSimArgs(argv);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(error);
      expect(result.error).not.toMatch(/\n/);
    }
  });
});

describe('sim --at', () => {
  it('reads T, T:N and link', () => {
    const at = (text: string) => {
      const r = parseSimArgs(['--url', '#s1.abc', '--at', text]);
      return r.ok && r.value.kind === 'run' ? r.value.at : r;
    };
    expect(at('181.1')).toEqual({ tUs: 181.1, steps: Infinity });
    expect(at('181.1:3')).toEqual({ tUs: 181.1, steps: 3 });
    expect(at('0:0')).toEqual({ tUs: 0, steps: 0 });
    expect(at('link')).toBe('link');
  });

  it('rejects what is not a position, naming it, and link without --url', () => {
    for (const bad of ['-1', 'soon', '5:', '5:-1', '5:1.5', '']) {
      expect(parseSimArgs(['--url', '#s1.abc', `--at=${bad}`])).toEqual({
        ok: false,
        error: `--at: ${JSON.stringify(bad)} is not a position (T or T:N, T in microseconds >= 0 and N a whole number of steps at T; or "link")`,
      });
    }
    expect(parseSimArgs(['--preset', 'default', '--at', 'link'])).toEqual({ ok: false, error: '--at link needs --url LINK (the link names the position)' });
  });
});

