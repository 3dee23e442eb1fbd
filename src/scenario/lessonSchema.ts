/**
 * The lesson format (docs/lessons.md) as a valibot schema, plus the checks a
 * schema cannot make: the scenario and its variants validate, claims have
 * unique ids and name existing variants, every placeholder resolves, every
 * question's answer can be read from its claim. Each error is one line that
 * names the field (`questions[0].answer: ...`). The built-in lessons
 * (src/content/lessons.ts) pass the same checks; a teacher's lesson file, the
 * in-app editor and a lesson link go through `parseLesson`.
 *
 * Whether the claims hold in the simulation is the next step: lessonCheck.ts.
 */
import * as v from 'valibot';
import { err, ok, type Result } from '../base/result';
import { formatIssue, isPlainObject, numberIn, oneOf, showValue, strictFields, textUpTo } from './fieldSchemas';
import {
  LESSON_METRICS,
  WINDOWED_METRICS,
  lessonScenario,
  placeholders,
  questionAnswer,
  drawCount,
  drawnScenario,
  resolvePlaceholder,
  type Lesson,
  type LessonQuestion,
  type LessonClaim,
} from './lessons';
import { MAX_DURATION_US, parseJsonText } from './schema';

/** Largest lesson JSON text accepted (characters). */
export const MAX_LESSON_JSON_CHARS = 1024 * 1024;

const MAX_TEXT = 3000;
const timeUs = () => numberIn(0, MAX_DURATION_US, ' µs');
const id = () =>
  v.pipe(
    textUpTo(60),
    v.regex(/^[\w-]+$/, (issue) => `${showValue(issue.input)} is not allowed (letters, digits, - and _ only)`),
  );

const windowSchema = () => strictFields({ fromUs: timeUs(), toUs: timeUs() }, 'a window');

const metricNames = Object.keys(LESSON_METRICS) as [keyof typeof LESSON_METRICS, ...(keyof typeof LESSON_METRICS)[]];

const CLAIM_SCHEMAS = {
  metric: strictFields(
    {
      id: id(),
      variant: v.optional(id()),
      metric: oneOf(metricNames),
      window: v.optional(windowSchema()),
      equals: v.optional(v.number()),
      tolerance: v.optional(numberIn(0, 1e12)),
      min: v.optional(v.number()),
      max: v.optional(v.number()),
    },
    'a metric claim',
  ),
  interruptTimesUs: strictFields(
    { id: id(), variant: v.optional(id()), interruptTimesUs: v.array(timeUs()), window: v.optional(windowSchema()) },
    'an interrupt-times claim',
  ),
  causes: strictFields(
    { id: id(), variant: v.optional(id()), interrupt: numberIn(0, 1e9), causes: v.array(textUpTo(20)) },
    'a causes claim',
  ),
  gapPatternUs: strictFields(
    { id: id(), variant: v.optional(id()), gapPatternUs: v.pipe(v.array(numberIn(0, MAX_DURATION_US, ' µs')), v.minLength(1, 'needs at least one gap')), window: windowSchema() },
    'a gap-pattern claim',
  ),
} as const;

const questionSchema = strictFields(
  {
    step: numberIn(0, 100),
    kind: oneOf(['instant', 'number', 'choice']),
    prompt: textUpTo(MAX_TEXT),
    pauseUs: timeUs(),
    answer: id(),
    tolerance: v.optional(numberIn(0, 1e12)),
    choices: v.optional(v.array(textUpTo(40))),
    reveal: textUpTo(MAX_TEXT),
    params: v.optional(
      v.pipe(
        v.array(
          strictFields(
            {
              name: id(),
              path: v.pipe(textUpTo(120), v.regex(/^\w+(\.\w+)*$/, (issue) => `${showValue(issue.input)} is not a field path (e.g. device.regs.RDTR)`)),
              min: numberIn(-1e12, 1e12),
              max: numberIn(-1e12, 1e12),
              step: v.optional(numberIn(1e-6, 1e12)),
            },
            'a drawn parameter',
          ),
        ),
        v.minLength(1, 'needs at least one parameter'),
        v.maxLength(4, 'at most 4 parameters'),
      ),
    ),
  },
  'a question',
);

const variantSchema = strictFields(
  {
    id: id(),
    label: textUpTo(80),
    patch: strictFields(
      {
        device: v.optional(v.record(v.string(), v.unknown())),
        guest: v.optional(v.record(v.string(), v.unknown())),
        traffic: v.optional(v.record(v.string(), v.unknown())),
        host: v.optional(v.record(v.string(), v.unknown())),
        durationUs: v.optional(v.number()),
      },
      'a variant patch',
    ),
  },
  'a variant',
);

const lessonSchema = strictFields(
  {
    id: id(),
    title: textUpTo(120),
    scenario: v.custom<Record<string, unknown>>(isPlainObject, (issue) => `${showValue(issue.input)} is not an object (a scenario, docs/scenario-contract.md)`),
    narration: v.pipe(v.array(textUpTo(MAX_TEXT)), v.minLength(1, 'needs at least one paragraph'), v.maxLength(12, 'at most 12 paragraphs')),
    lookFor: textUpTo(MAX_TEXT),
    claims: v.pipe(v.array(v.unknown()), v.maxLength(200, 'at most 200 claims')),
    variants: v.optional(v.pipe(v.array(variantSchema), v.maxLength(8, 'at most 8 variants'))),
    viewUs: v.optional(v.tuple([timeUs(), timeUs()])),
    playback: v.optional(
      strictFields(
        {
          speedNsPerSec: numberIn(1, 1e10, ' ns per second'),
          viewUs: v.tuple([timeUs(), timeUs()]),
          follow: v.boolean(),
          startUs: v.optional(timeUs()),
        },
        'playback',
      ),
    ),
    questions: v.optional(v.pipe(v.array(questionSchema), v.maxLength(12, 'at most 12 questions'))),
  },
  'a lesson',
);

function lessonIssue(issue: v.BaseIssue<unknown>, prefix = ''): string {
  const line = formatIssue(issue);
  const at = line.startsWith('scenario: ') && !issue.path?.length ? line.replace(/^scenario/, 'lesson') : line;
  return prefix ? `${prefix}${at.startsWith('[') ? '' : '.'}${at}` : at;
}

function parseClaim(input: unknown, index: number): Result<LessonClaim> {
  const where = `claims[${index}]`;
  if (!isPlainObject(input)) return err(`${where}: ${showValue(input)} is not an object`);
  const kind = (Object.keys(CLAIM_SCHEMAS) as (keyof typeof CLAIM_SCHEMAS)[]).find((k) => k in input);
  if (!kind) return err(`${where}: a claim needs one of metric, interruptTimesUs, causes or gapPatternUs`);
  const r = v.safeParse(CLAIM_SCHEMAS[kind], input, { abortEarly: true });
  if (!r.success) return err(`${where}${r.issues[0].path?.length ? '.' : ': '}${r.issues[0].path?.length ? formatIssue(r.issues[0]) : r.issues[0].message}`);
  return ok(r.output as LessonClaim);
}

/** The checks beyond the schema; the first problem, as one line naming the field. */
function checkMeaning(l: Lesson): string | null {
  const main = lessonScenario(l);
  if (!main.ok) return `scenario.${main.error.replace(/^lesson [\w-]+: /, '')}`;
  const variants = new Set<string>();
  for (const [i, variant] of (l.variants ?? []).entries()) {
    if (variants.has(variant.id)) return `variants[${i}].id: ${JSON.stringify(variant.id)} is used twice`;
    variants.add(variant.id);
    const r = lessonScenario(l, variant.id);
    if (!r.ok) return `variants[${i}].patch: ${r.error.replace(/^lesson [\w-]+ variant [\w-]+: /, '')}`;
  }
  const ids = new Set<string>();
  for (const [i, c] of l.claims.entries()) {
    if (ids.has(c.id)) return `claims[${i}].id: ${JSON.stringify(c.id)} is used twice`;
    ids.add(c.id);
    if (c.variant !== undefined && !variants.has(c.variant)) return `claims[${i}].variant: ${JSON.stringify(c.variant)} is not one of the lesson's variants`;
    if ('metric' in c) {
      if (c.window && !WINDOWED_METRICS.includes(c.metric)) return `claims[${i}].window: ${c.metric} cannot take a window (only ${WINDOWED_METRICS.join(', ')})`;
      if (c.equals === undefined && c.min === undefined && c.max === undefined) return `claims[${i}]: a metric claim needs equals, min or max`;
    }
    if ('window' in c && c.window && c.window.toUs <= c.window.fromUs) return `claims[${i}].window: toUs must be after fromUs`;
  }
  for (const [i, q] of (l.questions ?? []).entries()) {
    const problem = checkParams(l, q);
    if (problem) return `questions[${i}].${problem}`;
  }
  const texts: [string, string, LessonQuestion | undefined][] = [
    ...l.narration.map((t, i): [string, string, undefined] => [`narration[${i}]`, t, undefined]),
    ['lookFor', l.lookFor, undefined],
    ...(l.questions ?? []).flatMap((q, i): [string, string, LessonQuestion][] => [
      [`questions[${i}].prompt`, q.prompt, q],
      [`questions[${i}].reveal`, q.reveal, q],
    ]),
  ];
  for (const [where, text, q] of texts) {
    // A drawn question's {param:..} placeholders are checked with each parameter at its min.
    const drawn = q?.params ? { q, values: Object.fromEntries(q.params.map((p) => [p.name, p.min])) } : undefined;
    for (const key of placeholders(text)) {
      if (resolvePlaceholder(l, key, undefined, drawn) === undefined) return `${where}: the placeholder {${key}} names no claim${drawn ? ', scenario field or parameter of this question' : ' or scenario field'}`;
    }
  }
  const steps = new Set<number>();
  for (const [i, q] of (l.questions ?? []).entries()) {
    if (!Number.isInteger(q.step) || q.step >= l.narration.length) return `questions[${i}].step: ${q.step} is not a narration step (0..${l.narration.length - 1})`;
    if (steps.has(q.step)) return `questions[${i}].step: step ${q.step} already has a question`;
    steps.add(q.step);
    if (q.kind === 'choice' && (q.choices ?? []).length < 2) return `questions[${i}].choices: a choice question needs at least two choices`;
    const a = questionAnswer(l, q);
    if (!a.ok) return `questions[${i}].answer: ${a.error.replace(/^lesson [\w-]+: /, '')}`;
  }
  if (l.playback && l.playback.viewUs[1] <= l.playback.viewUs[0]) return 'playback.viewUs: the window must end after it starts';
  return null;
}

/** A drawn question's parameters: unique names, numeric fields, sound ranges, and a valid scenario at both ends. */
function checkParams(l: Lesson, q: LessonQuestion): string | null {
  if (!q.params) return null;
  const base = lessonScenario(l);
  const names = new Set<string>();
  for (const [j, p] of q.params.entries()) {
    const at = `params[${j}]`;
    if (names.has(p.name)) return `${at}.name: ${JSON.stringify(p.name)} is used twice`;
    names.add(p.name);
    const field = base.ok ? p.path.split('.').reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), base.value) : undefined;
    if (typeof field !== 'number') return `${at}.path: ${JSON.stringify(p.path)} is not a number field of the lesson's scenario`;
    if (p.max < p.min) return `${at}.max: ${p.max} is below min (${p.min})`;
    if (drawCount(p) > 1_000_000) return `${at}.step: ${p.step ?? 1} gives more than 1000000 values between ${p.min} and ${p.max}`;
  }
  for (const end of ['min', 'max'] as const) {
    const s = drawnScenario(l, q, Object.fromEntries(q.params.map((p) => [p.name, end === 'min' ? p.min : p.min + (drawCount(p) - 1) * (p.step ?? 1)])));
    if (!s.ok) return `params: with every parameter at its ${end}, ${s.error.replace(/^lesson [\w-]+: question at step \d+ with /, '')}`;
  }
  const claim = l.claims.find((c) => c.id === q.answer);
  if (claim?.variant !== undefined) return `answer: a drawn question patches the lesson's own scenario, and claim ${q.answer} is about variant ${claim.variant}`;
  return null;
}

/** Validates any value as a lesson (schema, then meaning). */
export function parseLesson(input: unknown): Result<Lesson> {
  const r = v.safeParse(lessonSchema, input, { abortEarly: true });
  if (!r.success) return err(lessonIssue(r.issues[0]));
  const claims: LessonClaim[] = [];
  for (const [i, c] of r.output.claims.entries()) {
    const parsed = parseClaim(c, i);
    if (!parsed.ok) return parsed;
    claims.push(parsed.value);
  }
  const lesson = { ...r.output, claims } as Lesson;
  const problem = checkMeaning(lesson);
  return problem ? err(problem) : ok(lesson);
}

/** Parses lesson JSON text: size cap, JSON syntax (line and column), then `parseLesson`. */
export function parseLessonJson(text: string): Result<Lesson> {
  if (text.length > MAX_LESSON_JSON_CHARS) return err(`lesson: too large (${text.length} characters; at most ${MAX_LESSON_JSON_CHARS})`);
  const json = parseJsonText(text);
  if (!json.ok) return err(`JSON syntax error: ${json.error}`);
  return parseLesson(json.value);
}

/** A lesson as the JSON text of a lesson file. */
export function lessonToJson(l: Lesson): string {
  return `${JSON.stringify(l, null, 2)}\n`;
}
