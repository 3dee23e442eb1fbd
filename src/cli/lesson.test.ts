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

  it("prints each question's answer; a drawn one's for --seed N (default 1), the same answer the app's Reveal and the worksheet's key give", async () => {
    // rdtr-starved: 20 frames 10, 15, ..., 105 µs; a drawn RDTR restarts at each, so the interrupt comes RDTR after the last frame.
    const r = await lesson('--id', 'rdtr-starved');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  question 1 (step 2, instant): answer 113.192 µs\n');
    // Seed 1 draws RDTR 9 (9.216 µs): 105 + 9.216 = 114.216 µs.
    expect(r.stdout).toContain('  question 2 (step 3, instant, drawn with seed 1: rdtr = 9): answer 114.216 µs\n');
    // Seed 42 draws RDTR 11 (11.264 µs): 105 + 11.264 = 116.264 µs.
    const r42 = await lesson('--id', 'rdtr-starved', '--seed', '42', '--json');
    expect(r42.status).toBe(0);
    const out = JSON.parse(r42.stdout) as { seed: number; lessons: { questions: { step: number; kind: string; values?: Record<string, number>; answer: string }[] }[] };
    expect(out.seed).toBe(42);
    expect(out.lessons[0].questions).toEqual([
      { step: 1, kind: 'instant', answer: '113.192 µs' },
      { step: 2, kind: 'instant', values: { rdtr: 11 }, answer: '116.264 µs' },
    ]);
    // The app and the worksheet read the same function for the same seed.
    const { LESSONS } = await import('../content/lessons');
    const { answerForSeed } = await import('../scenario/lessonCheck');
    const l = LESSONS.find((x) => x.id === 'rdtr-starved')!;
    for (const [seed, text] of [[1, '114.216 µs'], [42, '116.264 µs']] as const) {
      const a = answerForSeed(l, l.questions![1], seed);
      expect(a.ok && a.value.text).toBe(text);
    }
  });

  it('--seed must be an integer from 0 to 4294967295: one line naming it, exit 2', async () => {
    for (const bad of ['abc', '4294967296', '1.5']) {
      const r = await lesson('--id', 'rdtr-starved', `--seed=${bad}`);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toBe(`lesson: seed: "${bad}" is not an integer from 0 to 4294967295\n`);
    }
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
