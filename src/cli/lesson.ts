/**
 * `npm run --silent lesson -- (--file LESSON.json | --id LESSON | --all) [--seed N] [--json]`
 *
 * Checks a lesson's numeric claims against the simulation, as the unit tests
 * do for the built-in lessons (the same checker: src/scenario/lessonCheck.ts).
 * Prints each claim's expected and simulated values, then each question's
 * answer: a drawn question's for the numbers seed N draws (default 1), by
 * the same answerForSeed as the app's Reveal and the worksheet's key, so a
 * teacher reads a student's answer from the seed in their score. Exits 0 when every claim
 * holds, 1 when one does not, 2 on bad input (one line on standard error
 * naming the field, never a stack trace).
 */
import { readFileSync } from 'node:fs';
import { LESSONS } from '../content/lessons';
import { drawValues, formatNumber, type DrawnValues, type Lesson, type LessonQuestion, type QuestionAnswer } from '../scenario/lessons';
import { parseLessonJson } from '../scenario/lessonSchema';
import { err, type Result } from '../base/result';
import { parseCliArgs } from './cliArgs';
import { PROCESS_IO, runAsScript, type CliIo } from './cliIo';

export const LESSON_USAGE = `Usage: npm run --silent lesson -- (--file LESSON.json | --id LESSON | --all) [--seed N] [--json]

Checks every numeric claim of a lesson against a fresh simulation, as the
tests do for the built-in lessons, says whether each question's answer
can be read from its claim, and prints each question's answer. Lesson
format: docs/lessons.md.

  --file FILE   a lesson file (JSON; an example: docs/examples/my-lesson.json)
  --id ID       a built-in lesson (${LESSONS.map((l) => l.id).join(', ')})
  --all         every built-in lesson
  --seed N      the seed a drawn question's numbers come from, 0 to 4294967295
                (default 1, as a worksheet without ?seed=): the app shows the
                same numbers and answer at ?seed=N, and a student's score names it
  --json        one JSON object: { seed, lessons: [{ id, ok, claims: [{ id, ok, detail }],
                questions: [{ step, kind, values?, answer }] }] }
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

/** --seed: an integer from 0 to 4294967295 (the lab's ?seed=), or undefined. */
function parseSeed(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffffffff) return undefined;
  return Number(text);
}

/** "question 2 (step 3, instant, drawn with seed 1: rdtr = 5): answer 110.12 µs". */
function questionLine(i: number, q: LessonQuestion, values: DrawnValues | undefined, answer: Result<QuestionAnswer>, seed: number): string {
  const drawn = values ? `, drawn with seed ${seed}: ${Object.entries(values).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ')}` : '';
  return `question ${i + 1} (step ${q.step + 1}, ${q.kind}${drawn}): ${answer.ok ? `answer ${answer.value.text}` : `no answer: ${answer.error}`}`;
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
    seed: { type: 'string' },
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

  const seed = a.seed === undefined ? 1 : parseSeed(a.seed);
  if (seed === undefined) return fail(`seed: ${JSON.stringify(a.seed)} is not an integer from 0 to 4294967295`);

  // The core is loaded only when there is a valid lesson to run.
  const { answerForSeed, checkLesson } = await import('../scenario/lessonCheck');
  const reports = lessons.map((l) => ({
    lesson: l,
    claims: checkLesson(l),
    questions: (l.questions ?? []).map((q) => ({ q, values: q.params ? drawValues(q, seed) : undefined, answer: answerForSeed(l, q, seed) })),
  }));
  const allOk = reports.every((r) => r.claims.every((c) => c.ok));
  if (a.json) {
    const out = reports.map((r) => ({
      id: r.lesson.id,
      ok: r.claims.every((c) => c.ok),
      claims: r.claims.map((c) => ({ id: c.claim.id, ok: c.ok, detail: c.detail })),
      questions: r.questions.map(({ q, values, answer }) => ({
        step: q.step,
        kind: q.kind,
        ...(values ? { values } : {}),
        answer: answer.ok ? answer.value.text : null,
        ...(answer.ok ? {} : { error: answer.error }),
      })),
    }));
    io.stdout(`${JSON.stringify({ seed, lessons: out })}\n`);
  } else {
    for (const r of reports) {
      const bad = r.claims.filter((c) => !c.ok).length;
      io.stdout(`${r.lesson.id}: ${r.lesson.title}\n`);
      for (const c of r.claims) io.stdout(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.claim.id}${c.claim.variant ? ` (${c.claim.variant})` : ''}: ${c.detail}\n`);
      io.stdout(`  ${bad === 0 ? `all ${r.claims.length} claims hold` : `${bad} of ${r.claims.length} claims do not hold`}\n`);
      r.questions.forEach(({ q, values, answer }, i) => io.stdout(`  ${questionLine(i, q, values, answer, seed)}\n`));
    }
  }
  return allOk ? 0 : EXIT_FAILED;
}

await runAsScript(import.meta.url, main);
