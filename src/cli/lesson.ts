/**
 * `npm run --silent lesson -- (--file LESSON.json | --id LESSON | --all) [--json]`
 *
 * Checks a lesson's numeric claims against the simulation, as the unit tests
 * do for the built-in lessons (the same checker: src/scenario/lessonCheck.ts).
 * Prints each claim's expected and simulated values; exits 0 when every claim
 * holds, 1 when one does not, 2 on bad input (one line on standard error
 * naming the field, never a stack trace).
 */
import { readFileSync } from 'node:fs';
import { LESSONS } from '../content/lessons';
import type { Lesson } from '../scenario/lessons';
import { parseLessonJson } from '../scenario/lessonSchema';
import { err, type Result } from '../base/result';
import { parseCliArgs } from './cliArgs';
import { PROCESS_IO, runAsScript, type CliIo } from './cliIo';

export const LESSON_USAGE = `Usage: npm run --silent lesson -- (--file LESSON.json | --id LESSON | --all) [--json]

Checks every numeric claim of a lesson against a fresh simulation, as the
tests do for the built-in lessons, and says whether each question's answer
can be read from its claim. Lesson format: docs/lessons.md.

  --file FILE   a lesson file (JSON; an example: docs/examples/my-lesson.json)
  --id ID       a built-in lesson (${LESSONS.map((l) => l.id).join(', ')})
  --all         every built-in lesson
  --json        one JSON object: { lessons: [{ id, ok, claims: [{ id, ok, detail }] }] }
  --help        show this help and exit

Exit status: 0 every claim holds, 1 a claim does not, 2 bad input.`;

const EXIT_FAILED = 1;
const EXIT_BAD_INPUT = 2;

/** The lesson in a file, or why it cannot be read (one line). */
function readLessonFile(path: string): Result<Lesson> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return err(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a lesson file' : `cannot read (${code ?? String(error)})`}`);
  }
  const r = parseLessonJson(text);
  return r.ok ? r : err(`${path}: ${r.error}`);
}

export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`lesson: ${message}\n`);
    return EXIT_BAD_INPUT;
  };
  const parsed = parseCliArgs(argv, {
    file: { type: 'string' },
    id: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (!parsed.ok) return fail(parsed.error);
  const a = parsed.value;
  if (a.help) {
    io.stdout(`${LESSON_USAGE}\n`);
    return 0;
  }
  const given = [a.file !== undefined, a.id !== undefined, a.all === true].filter(Boolean).length;
  if (given !== 1) return fail(given === 0 ? 'no lesson given: --file FILE, --id ID or --all (see --help)' : 'give exactly one of --file, --id and --all');
  let lessons: Lesson[];
  if (a.file !== undefined) {
    const read = readLessonFile(a.file);
    if (!read.ok) return fail(read.error);
    lessons = [read.value];
  } else if (a.id !== undefined) {
    const l = LESSONS.find((x) => x.id === a.id);
    if (!l) return fail(`id: ${JSON.stringify(a.id)} is not a built-in lesson (one of ${LESSONS.map((x) => x.id).join(', ')})`);
    lessons = [l];
  } else lessons = [...LESSONS];

  // The core is loaded only when there is a valid lesson to run.
  const { checkLesson } = await import('../scenario/lessonCheck');
  const reports = lessons.map((l) => ({ lesson: l, claims: checkLesson(l) }));
  const allOk = reports.every((r) => r.claims.every((c) => c.ok));
  if (a.json) {
    const out = reports.map((r) => ({
      id: r.lesson.id,
      ok: r.claims.every((c) => c.ok),
      claims: r.claims.map((c) => ({ id: c.claim.id, ok: c.ok, detail: c.detail })),
    }));
    io.stdout(`${JSON.stringify({ lessons: out })}\n`);
  } else {
    for (const r of reports) {
      const bad = r.claims.filter((c) => !c.ok).length;
      io.stdout(`${r.lesson.id}: ${r.lesson.title}\n`);
      for (const c of r.claims) io.stdout(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.claim.id}${c.claim.variant ? ` (${c.claim.variant})` : ''}: ${c.detail}\n`);
      io.stdout(`  ${bad === 0 ? `all ${r.claims.length} claims hold` : `${bad} of ${r.claims.length} claims do not hold`}\n`);
    }
  }
  return allOk ? 0 : EXIT_FAILED;
}

await runAsScript(import.meta.url, main);
