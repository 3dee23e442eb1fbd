/**
 * A printable worksheet for one lesson: `?worksheet#l1.<id>` (a built-in
 * lesson) or `?worksheet#lx1.<payload>` (a teacher's own), the lesson link
 * with a query flag, so the lab's hash router is not involved: main.tsx
 * renders this page instead of the lab, and no simulation worker starts.
 *
 * The sheet: the lesson's title and scenario, its narration steps, its
 * questions with room to answer, and blank timelines (the lesson's window in
 * µs, gridlines, one lane per thing to draw) for its scenario and each
 * variant. Then the answer key, on a page of its own (`break-before: page`,
 * styles in worksheet.css): each question's answer read from its claim, and
 * every claim checked against a fresh run of the core (checkLesson, the
 * checker the tests and the CLI use), with the run's interrupts drawn on the
 * same timeline.
 */
import { useEffect, useMemo } from 'react';
import { decodeLessonHash } from '../../scenario/lessonLink';
import { drawValues, lessonPlayback, lessonScenario, renderNarration, type Lesson, type LessonQuestion } from '../../scenario/lessons';
import { answerForSeed, checkLesson, lessonRun, type LessonRuns } from '../../scenario/lessonCheck';
import { LESSONS } from '../../content/lessons';
import { regValueNs, REG_BY_NAME, type RegName } from '../../core';
import './worksheet.css';
import { plainError } from '../../scenario/plainWords';

const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** The lesson a worksheet address names, or the one-line reason it names none. */
export function worksheetLesson(hash: string): { lesson: Lesson } | { error: string } {
  const link = decodeLessonHash(hash);
  if (!link.ok) return { error: link.error };
  return { lesson: link.value.lesson ?? LESSONS[link.value.builtin] };
}

/** Gridline spacing for a window: 1, 2 or 5 times a power of ten, giving about ten divisions. */
export function gridStepUs(spanUs: number): number {
  const raw = spanUs / 10;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

const LANES = ['RX frames', 'TX frames', 'Delay timers', 'ICR causes', 'Interrupts'] as const;

/** An empty timeline over [fromUs, toUs] µs with gridlines; `marks` (µs) are drawn on the Interrupts lane (the answer key's). */
function BlankTimeline({ fromUs, toUs, label, marks }: { fromUs: number; toUs: number; label: string; marks?: readonly number[] }) {
  const W = 1000;
  const left = 120;
  const right = 36; // room for the last tick's label ("12,000")
  const laneH = 34;
  const top = 8;
  const axisY = top + LANES.length * laneH;
  const H = axisY + 34;
  const step = gridStepUs(toUs - fromUs);
  const x = (us: number) => left + ((us - fromUs) / (toUs - fromUs)) * (W - left - right);
  const ticks: number[] = [];
  for (let t = Math.ceil(fromUs / step) * step; t <= toUs + 1e-9; t += step) ticks.push(Math.round(t * 1000) / 1000);
  const minor: number[] = [];
  for (let t = Math.ceil(fromUs / (step / 5)) * (step / 5); t <= toUs + 1e-9; t += step / 5) minor.push(t);
  const shown = (marks ?? []).filter((t) => t >= fromUs && t <= toUs);
  return (
    <figure className="ws-timeline">
      <figcaption>
        {label}: {num.format(fromUs)} to {num.format(toUs)} µs, a gridline every {num.format(step)} µs
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${marks ? 'Timeline with the simulated interrupts' : 'Blank timeline'}, ${label}, ${num.format(fromUs)} to ${num.format(toUs)} µs`}>
        {minor.map((t) => (
          <line key={`m${t}`} className="ws-minor" x1={x(t)} x2={x(t)} y1={top} y2={axisY} />
        ))}
        {ticks.map((t) => (
          <g key={t}>
            <line className="ws-major" x1={x(t)} x2={x(t)} y1={top} y2={axisY + 6} />
            <text className="ws-tick" x={x(t)} y={axisY + 20} textAnchor="middle">
              {num.format(t)}
            </text>
          </g>
        ))}
        {LANES.map((name, i) => (
          <g key={name}>
            <line className="ws-lane" x1={left} x2={W - right} y1={top + (i + 1) * laneH} y2={top + (i + 1) * laneH} />
            <text className="ws-lane-label" x={left - 8} y={top + i * laneH + laneH * 0.62} textAnchor="end">
              {name}
            </text>
          </g>
        ))}
        <line className="ws-lane" x1={left} x2={W - right} y1={top} y2={top} />
        {shown.map((t) => (
          <line key={`i${t}`} className="ws-mark" x1={x(t)} x2={x(t)} y1={top + 4 * laneH + 4} y2={top + 5 * laneH - 4} />
        ))}
        <text className="ws-tick" x={left - 16} y={axisY + 20} textAnchor="end">
          µs
        </text>
      </svg>
    </figure>
  );
}

/** The registers the lesson sets, each with its time where it is a timer ("RDTR 8 = 8.192 µs"). */
function regsText(l: Lesson): string {
  const regs = ((l.scenario as { device?: { regs?: Record<string, number> } }).device?.regs ?? {}) as Record<string, number>;
  return Object.entries(regs)
    .map(([name, v]) => {
      const reg = REG_BY_NAME[name as RegName];
      return reg && reg.unit !== 'bits' ? `${name} ${v} = ${num.format(regValueNs(name as RegName, v) / 1000)} µs` : `${name} ${v}`;
    })
    .join(', ');
}

/** The timeline window the lesson shows when it loads (µs). */
function lessonView(l: Lesson): [number, number] {
  const s = lessonScenario(l);
  return lessonPlayback(l, s.ok ? s.value.durationUs : 200).viewUs;
}

function kindText(q: LessonQuestion): string {
  return q.kind === 'instant' ? 'Mark the instant on a timeline and write it in µs' : q.kind === 'number' ? 'Write a number' : 'Circle one';
}

/**
 * The narration cut where questions are asked: the steps before the first
 * question and that question, then the steps up to the next one, and so on.
 * On paper nothing can stay hidden until the reveal (as in the app), so each
 * part after a question starts a new page: the answer is over the page.
 */
export function sheetParts(narration: readonly string[], questions: readonly LessonQuestion[]): { from: number; steps: string[]; question?: LessonQuestion }[] {
  const asked = [...questions].sort((a, b) => a.step - b.step);
  const out: { from: number; steps: string[]; question?: LessonQuestion }[] = [];
  let from = 0;
  for (const q of asked) {
    out.push({ from, steps: narration.slice(from, q.step), question: q });
    from = q.step;
  }
  out.push({ from, steps: narration.slice(from) });
  return out;
}

/** A drawn question's values for this sheet's seed (the same seed gives the same numbers in the app: `?seed=N`). */
function drawnFor(q: LessonQuestion, seed: number) {
  return q.params ? { q, values: drawValues(q, seed) } : undefined;
}

function QuestionBlock({ lesson, q, n, view, seed }: { lesson: Lesson; q: LessonQuestion; n: number; view: [number, number]; seed: number }) {
  return (
    <section className="ws-question" data-testid="ws-question">
      <h3>
        Question {n} <span className="ws-sub">(before step {q.step + 1}; {q.params ? 'numbers of your own, run on the simulator for the key' : `the simulation stops at ${num.format(q.pauseUs)} µs`})</span>
      </h3>
      <p>{renderNarration(lesson, q.prompt, drawnFor(q, seed))}</p>
      {q.params && <p className="ws-sub">Numbers drawn with seed {seed}.</p>}
      <p className="ws-how">{kindText(q)}:</p>
      {q.kind === 'choice' ? (
        <ul className="ws-choices">
          {(q.choices ?? []).map((c) => (
            <li key={c}>○ {c}</li>
          ))}
        </ul>
      ) : (
        <p className="ws-answer-line">
          My prediction: <span className="ws-blank" /> {q.kind === 'instant' ? 'µs' : ''}
        </p>
      )}
      <p className="ws-answer-line">
        Why: <span className="ws-blank wide" />
      </p>
      {q.kind === 'instant' && <BlankTimeline fromUs={view[0]} toUs={view[1]} label="Mark your prediction" />}
    </section>
  );
}

/** The answer key: each question's answer and why, then every claim against a fresh run. */
function AnswerKey({ lesson, runs, seed }: { lesson: Lesson; runs: LessonRuns; seed: number }) {
  const reports = useMemo(() => checkLesson(lesson, runs), [lesson, runs]);
  const questions = lesson.questions ?? [];
  // A drawn question's answer runs the core: once per lesson and seed, not per render.
  const answers = useMemo(() => (lesson.questions ?? []).map((q) => answerForSeed(lesson, q, seed)), [lesson, seed]);
  const view = lessonView(lesson);
  const main = lessonRun(lesson, undefined, runs);
  const allHold = reports.every((r) => r.ok);
  return (
    <section className="ws-key" data-testid="ws-answer-key" aria-labelledby="ws-key-title">
      <h2 id="ws-key-title">Answer key: {lesson.title}</h2>
      <p className="ws-sub">For the teacher. Every answer below is read from a claim of the lesson, and each claim was checked against a fresh run of the simulator when this page was made.</p>
      {questions.length > 0 && (
        <ol className="ws-key-answers">
          {questions.map((q, i) => {
            const a = answers[i];
            return (
              <li key={i} data-testid="ws-key-answer">
                <b>Question {i + 1}: {a.ok ? a.value.text : `no answer (${a.error})`}</b>
                {q.tolerance ? <span className="ws-sub"> (right within ±{num.format(q.tolerance)}{q.kind === 'instant' ? ' µs' : ''})</span> : null}
                <p>{renderNarration(lesson, q.reveal, drawnFor(q, seed))}</p>
              </li>
            );
          })}
        </ol>
      )}
      <BlankTimeline fromUs={view[0]} toUs={view[1]} label={`${lesson.title}: the simulated interrupts`} marks={main.interrupts.map((i) => i.tUs)} />
      <h3>The lesson's claims, checked</h3>
      <p data-testid="ws-key-verdict" className={allHold ? 'ws-ok' : 'ws-bad'}>
        {allHold ? `All ${reports.length} claims hold in a fresh run.` : `${reports.filter((r) => !r.ok).length} of ${reports.length} claims do NOT hold: do not hand this lesson out.`}
      </p>
      <table className="ws-claims">
        <thead>
          <tr>
            <th scope="col">claim</th>
            <th scope="col">scenario</th>
            <th scope="col">expected, and what the run gave</th>
            <th scope="col">holds</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r, i) => (
            <tr key={i}>
              <td>{r.claim.id}</td>
              <td>{r.claim.variant ? lesson.variants?.find((v) => v.id === r.claim.variant)?.label ?? r.claim.variant : 'the lesson'}</td>
              <td>{r.detail.replace(/\bus\b/g, 'µs')}</td>
              <td>{r.ok ? '✓ yes' : '✗ no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The paper a worksheet address asks for (`?worksheet=a4`, `?worksheet=letter`), or the printer's (`?worksheet`). */
export type Paper = 'auto' | 'a4' | 'letter';

export function paperOf(search: string): Paper {
  const v = (new URLSearchParams(search).get('worksheet') ?? '').trim().toLowerCase();
  return v === 'a4' || v === 'letter' ? v : 'auto';
}

/** The seed a worksheet draws its questions' numbers with: `?seed=N` (0..4294967295), as the lab reads it, or 1. */
export function seedOf(search: string): number {
  const v = new URLSearchParams(search).get('seed');
  const n = v === null ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : 1;
}

export function Worksheet({ lesson, paper = 'auto', seed = 1 }: { lesson: Lesson; paper?: Paper; seed?: number }) {
  const runs = useMemo<LessonRuns>(() => new Map(), [lesson]);
  useEffect(() => {
    document.title = `Worksheet: ${lesson.title}`;
  }, [lesson]);
  const s = lessonScenario(lesson);
  const view = lessonView(lesson);
  const narration = lesson.narration.map((p) => renderNarration(lesson, p));
  const parts = sheetParts(narration, lesson.questions ?? []);
  const regs = regsText(lesson);
  return (
    <main className={paper === 'auto' ? 'worksheet' : `worksheet paper-${paper}`} data-testid="worksheet">
      <div className="ws-screen-only">
        <button type="button" onClick={() => window.print()}>
          Print
        </button>{' '}
        Paper: {paper === 'auto' ? "the printer's" : paper === 'a4' ? 'A4' : 'Letter'} (
        <a href={`?worksheet=a4${location.hash}`}>A4</a>, <a href={`?worksheet=letter${location.hash}`}>Letter</a>,{' '}
        <a href={`?worksheet${location.hash}`}>the printer's</a>). The answer key starts on a page of its own: leave it out with the print dialog's page range. Back to{' '}
        <a href={`./${location.hash}`}>the lesson</a>.
      </div>
      <section className="ws-sheet" aria-labelledby="ws-title">
        <p className="ws-head">
          e1000 IRQ Lab · worksheet <span className="ws-name">Name: <span className="ws-blank" /></span>
        </p>
        <h1 id="ws-title">{lesson.title}</h1>
        <p className="ws-sub">
          {s.ok
            ? `Device model ${s.value.device.model}, guest driver ${s.value.guest.driver}, ${num.format(s.value.durationUs)} µs simulated${regs ? `; ${regs}` : ''}.`
            : plainError(s.error)}
        </p>
        {parts.map((part, k) => (
          <section key={k} className={k === 0 ? 'ws-part' : 'ws-part ws-after'} data-testid="ws-part">
            {k === 0 ? <h2>The lesson, step by step</h2> : <h2>Read on only after you answered question {k}</h2>}
            {part.steps.length > 0 && (
              <ol className="ws-steps" start={part.from + 1}>
                {part.steps.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ol>
            )}
            {part.question && (
              <QuestionBlock lesson={lesson} q={part.question} n={k + 1} view={view} seed={seed} />
            )}
          </section>
        ))}
        <p>
          <b>Look for:</b> {renderNarration(lesson, lesson.lookFor)}
        </p>
        <section className="ws-draw">
          <h2>Draw it</h2>
          <p className="ws-sub">Mark each frame, the timers running, the cause bits set and each interrupt, as the lesson tells them, then check against the simulator.</p>
          <BlankTimeline fromUs={view[0]} toUs={view[1]} label={lesson.title} />
          {(lesson.variants ?? []).map((v) => (
            <BlankTimeline key={v.id} fromUs={view[0]} toUs={view[1]} label={v.label} />
          ))}
        </section>
      </section>
      <AnswerKey lesson={lesson} runs={runs} seed={seed} />
    </main>
  );
}

/** The page for a worksheet address: the worksheet, or why there is none. */
export function WorksheetPage({ hash, search }: { hash: string; search: string }) {
  const found = useMemo(() => worksheetLesson(hash), [hash]);
  if ('error' in found)
    return (
      <main className="worksheet">
        <p role="alert" data-testid="ws-error">
          No worksheet: {found.error}. A worksheet link is ?worksheet#l1.&lt;lesson&gt; (for example ?worksheet#l1.{LESSONS[0].id}).
        </p>
      </main>
    );
  return <Worksheet lesson={found.lesson} paper={paperOf(search)} seed={seedOf(search)} />;
}
