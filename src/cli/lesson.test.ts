/**
 * `npm run lesson`: a lesson file's claims checked against the simulation,
 * by the tests' own checker; its `main` in-process, and one run as npm runs
 * it (a child process) for the exit status.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, runInProcess, scratchFiles } from './cliTestKit';
import { main as lessonMain } from './lesson';

const lesson = (...args: string[]) => runInProcess(lessonMain, args);
const { file } = scratchFiles('e1000-lesson-test-');
const example = readFileSync('docs/examples/my-lesson.json', 'utf8');

describe('lesson CLI', () => {
  it('the example lesson file: every claim, expected and simulated, exit 0', async () => {
    const r = await lesson('--file', 'docs/examples/my-lesson.json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ok   times: interrupt times: expected [33.192, 98.192], got [33.192, 98.192]');
    expect(r.stdout).toContain('all 3 claims hold');
  });

  it('a claim the simulation does not bear out: FAIL with both numbers, exit 1', async () => {
    const wrong = example.replace('"equals": 2 }', '"equals": 3 }');
    const r = await lesson('--file', file('wrong.json', wrong), '--json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { lessons: { ok: boolean; claims: { id: string; ok: boolean; detail: string }[] }[] };
    expect(out.lessons[0].ok).toBe(false);
    expect(out.lessons[0].claims.find((c) => c.id === 'irq')).toEqual({ id: 'irq', ok: false, detail: 'interrupts: expected 3 (±0.000001), got 2' });
  });

  it('a built-in lesson by id', async () => {
    const r = await lesson('--id', 'linux-dynamic-itr');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ok   rhythm: gaps in [4090, 7100) us: expected the pattern [249.856, 249.856, 111.104] repeated');
  });

  it('bad input: one line on stderr naming the field, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [[], /^lesson: no lesson given/],
      [['--file', file('bad.json', '{"id":')], /^lesson: .*bad\.json: JSON syntax error: /],
      [['--file', file('field.json', example.replace('"lookFor"', '"lookAt"'))], /^lesson: .*field\.json: lookFor: missing \(required by a lesson\)/],
      [['--id', 'nope'], /^lesson: id: "nope" is not a built-in lesson/],
      [['--file', 'missing.json'], /^lesson: missing\.json: no such file\n$/],
    ];
    for (const [args, stderr] of cases) {
      const r = await lesson(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(stderr);
    }
  });

  it('as npm runs it (a child process): a claim that does not hold exits 1 with the same output as in-process', async () => {
    const wrong = file('wrong-child.json', example.replace('"equals": 2 }', '"equals": 3 }'));
    const [child, inProcess] = await Promise.all([runCli('lesson.ts', ['--file', wrong]), lesson('--file', wrong)]);
    expect(child).toEqual({ status: 1, stdout: inProcess.stdout, stderr: '' });
    expect(child.stdout).toContain('FAIL irq: interrupts: expected 3 (±0.000001), got 2');
  });
});
