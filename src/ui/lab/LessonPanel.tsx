/**
 * Lessons, in a side column beside the simulator's panels: the narration of
 * one lesson in steps (numbers filled in from its checked claims, see
 * src/scenario/lessons.ts), Previous / Next (each loads its lesson with its
 * own speed, window and follow), predict-then-reveal questions, and the
 * lesson editor (a teacher's own lesson: check, use, save, share). Rendered
 * only on the Lessons tab.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { foldStep, type FoldedStep } from './foldStep';
import {
  drawValues,
  judgeGuess,
  questionAnswer,
  renderNarration,
  scoreSummary,
  type Lesson,
  type LessonQuestion,
  type QuestionAnswer,
} from '../../scenario/lessons';
import type { Result } from '../../base/result';
import { lessonToJson, parseLessonJson } from '../../scenario/lessonSchema';
import { lessonHash } from '../../scenario/lessonLink';
import { LESSONS } from '../../content/lessons';
import { currentLesson, pendingQuestion, type LessonAnswer } from '../../state/labView';
import { replaceHash } from '../../state/router';
import { LessonChecker } from '../../state/lessonChecker';
import { useLab, useSimStore, useViewStore, useLabView } from '../labContext';

function fmtUs(us: number): string {
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(us)} µs`;
}

/** One question: the prompt and the class's guess, or, once revealed, the answer and why. */
function Question({ lesson, q, answer, reached, current }: { lesson: Lesson; q: LessonQuestion; answer: LessonAnswer | undefined; reached: boolean; current: boolean }) {
  const viewStore = useViewStore();
  const picking = useLabView((s) => s.lessonPicking);
  const refused = useLabView((s) => (s.lessonGuessError?.step === q.step ? s.lessonGuessError.text : null));
  const [typed, setTyped] = useState('');
  const st = viewStore.getState();
  const seed = useLabView((s) => s.lessonSeed);
  const drawn = useLabView((s) => (q.params ? s.lessonDrawn[q.step] : undefined));
  const [drawError, setDrawError] = useState<string | null>(null);
  const values = useMemo(() => (q.params ? drawValues(q, seed) : undefined), [q, seed]);
  const drawnText = values ? { q, values } : undefined;
  const fixed = useMemo(() => questionAnswer(lesson, q), [lesson, q]);
  // A drawn question's answer: a run of the core on this student's case (the core loads on demand, like the editor's Check).
  const solution: Result<QuestionAnswer> = !q.params
    ? fixed
    : drawn && drawn.seed === seed
      ? { ok: true, value: drawn.answer }
      : { ok: false, error: drawError ?? 'Working out your answer with the simulator…' };
  useEffect(() => {
    if (!q.params || (drawn && drawn.seed === seed)) return;
    let live = true;
    void import('../../scenario/lessonCheck').then(({ drawnAnswer }) => {
      if (!live) return;
      const r = drawnAnswer(lesson, q, seed);
      if (r.ok) viewStore.getState().setLessonDrawn(q.step, r.value);
      else setDrawError(r.error);
    });
    return () => {
      live = false;
    };
  }, [lesson, q, seed, drawn, viewStore]);
  const guess = answer?.guess ?? null;
  const revealed = answer?.revealed ?? false;
  const prompt = renderNarration(lesson, q.prompt, drawnText);

  if (revealed && solution.ok) {
    const verdict = guess === null ? null : judgeGuess(solution.value, q, guess);
    const guessText = guess === null ? null : typeof guess === 'number' && q.kind === 'instant' ? fmtUs(guess) : String(guess);
    return (
      <div className={current ? 'lesson-q revealed' : 'lesson-q revealed folded'} data-testid="lesson-answer" role="status">
        {current && <p className="q-prompt">{prompt}</p>}
        <p className="q-answer">
          <b>Answer: {solution.value.text}.</b>{' '}
          {verdict && guessText !== null && (
            <span className={verdict.right ? 'q-right' : 'q-wrong'} data-testid="lesson-verdict">
              Your prediction, {guessText}, {verdict.right ? 'is right' : 'is off'}
              {verdict.offBy !== undefined && !verdict.right ? ` by ${new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(Math.abs(verdict.offBy))}` : ''}.
            </span>
          )}
        </p>
        {current && <p className="q-why">{renderNarration(lesson, q.reveal, drawnText)}</p>}
      </div>
    );
  }

  const commitNumber = (text: string): string | null => {
    const n = Number(text);
    return st.setLessonGuess(q.step, text.trim() === '' || !Number.isFinite(n) ? null : n);
  };
  // A typed instant not yet checked (no Enter, box not left) is checked first; a refused one is not revealed.
  const reveal = () => {
    if (q.kind === 'instant' && typed.trim() !== '' && commitNumber(typed)) return;
    st.revealLesson(q.step);
  };
  const hasGuess = guess !== null || (q.kind === 'instant' && typed.trim() !== '');
  const setNumber = (text: string) => {
    setTyped(text);
    commitNumber(text);
  };

  if (q.params && !current) {
    // Folded until its step is the current one: the lesson's own question and its answer keep the room.
    return (
      <div className="lesson-q folded" data-testid="lesson-question" role="group" aria-label="Predict">
        <p className="q-prompt">
          <b>Predict:</b> a question with your own numbers.{' '}
          <button type="button" onClick={() => st.setLessonStep(q.step)}>
            Go to it
          </button>
        </p>
      </div>
    );
  }

  return (
    <div className="lesson-q" data-testid="lesson-question" role="group" aria-label="Predict">
      <p className="q-prompt">
        <b>Predict:</b> {prompt}
      </p>
      {q.params ? (
        <p className="caption" data-testid="lesson-drawn">
          Your own numbers (seed {seed}); the simulator checks your answer.{' '}
          <button type="button" onClick={() => st.newLessonSeed()}>
            New numbers
          </button>
        </p>
      ) : (
        !reached && <p className="caption">Press Play: the clock stops at t = {fmtUs(q.pauseUs)} for your prediction.</p>
      )}
      <div className="q-input">
        {q.kind === 'instant' && (
          <>
            {!q.params && (
              // A drawn question's case is not the run on the timeline: it is typed only.
              <button type="button" aria-pressed={picking} onClick={() => st.setLessonPicking(!picking)} data-testid="lesson-pick">
                {picking ? 'Click the timeline…' : 'Pick on the timeline'}
              </button>
            )}
            <label>
              {q.params ? 'Your prediction' : 'or type'}{' '}
              <input
                type="number"
                step="any"
                aria-label="Your prediction (µs)"
                value={typed !== '' ? typed : typeof guess === 'number' ? String(guess) : ''}
                // An instant is checked when it is complete (Enter or leaving the box), not at every digit: "1" of "113" is before the pause.
                onChange={(e) => setTyped(e.target.value)}
                onBlur={(e) => commitNumber(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') commitNumber(e.currentTarget.value);
                }}
              />{' '}
              µs
            </label>
          </>
        )}
        {q.kind === 'number' && (
          <label>
            Your prediction{' '}
            <input type="number" step="any" aria-label="Your prediction" value={typed} onChange={(e) => setNumber(e.target.value)} />
          </label>
        )}
        {q.kind === 'choice' && (
          <div role="radiogroup" aria-label="Your prediction" className="q-choices">
            {(q.choices ?? []).map((c) => (
              <label key={c}>
                <input type="radio" name={`q-${lesson.id}-${q.step}`} checked={guess === c} onChange={() => st.setLessonGuess(q.step, c)} /> {c}
              </label>
            ))}
          </div>
        )}
      </div>
      {/* The button comes before the lines a guess adds: leaving the box commits the guess, and a line appearing above
          the button would move it away between the press and the release, so the click would miss. */}
      <button type="button" className="primary" onClick={reveal} disabled={!solution.ok}>
        {!hasGuess ? 'Reveal the answer' : q.params ? 'Check my answer' : 'Reveal and play on'}
      </button>
      {refused && (
        <p className="msg error" role="alert" data-testid="lesson-guess-refused">
          {refused}
        </p>
      )}
      {guess !== null && q.kind === 'instant' && !q.params && <p className="caption">Your prediction: t = {fmtUs(guess as number)}, drawn on the timeline as “your guess”.</p>}
      {!solution.ok && (q.params && !drawError ? <p className="caption">{solution.error}</p> : <p role="alert">{solution.error}</p>)}
    </div>
  );
}

/** The score of the lesson on screen: answered, right and off, one line a question with its drawn values. */
function useLessonScore(lesson: Lesson) {
  const answers = useLabView((s) => s.lessonAnswers);
  const drawn = useLabView((s) => s.lessonDrawn);
  const seed = useLabView((s) => s.lessonSeed);
  const items = (lesson.questions ?? []).map((q) => {
    const a = answers[q.step];
    const d = q.params ? drawn[q.step] : undefined;
    const fixed = q.params ? null : questionAnswer(lesson, q);
    return { q, guess: a?.guess ?? null, revealed: a?.revealed ?? false, answer: d ? d.answer : fixed?.ok ? fixed.value : null, values: d?.values };
  });
  return { ...scoreSummary(lesson, items, seed), total: items.length };
}

/**
 * The score at the end of a lesson (every question revealed), opened from
 * the steps' row so it takes no room until asked for: the lines and Copy.
 */
function LessonScore({ text }: { text: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied.');
    } catch {
      setCopied('Copying is not allowed here: select the text above.');
    }
  };
  return (
    <div className="lesson-score" id="lesson-score" data-testid="lesson-score">
      <pre data-testid="lesson-score-text">{text}</pre>
      <button type="button" onClick={() => void copy()}>
        Copy my score
      </button>{' '}
      <span role="status">{copied}</span>
    </div>
  );
}

/** The teacher's editor: the lesson as JSON, checked (schema and claims), used, saved and shared. */
function LessonEditor({ lesson, onClose }: { lesson: Lesson; onClose: () => void }) {
  const viewStore = useViewStore();
  const simStore = useSimStore();
  const [text, setText] = useState(() => lessonToJson(lesson));
  const [problem, setProblem] = useState<string | null>(null);
  const [report, setReport] = useState<string | null>(null);

  const parse = (): Lesson | null => {
    const r = parseLessonJson(text);
    if (!r.ok) {
      setProblem(r.error);
      setReport(null);
      return null;
    }
    setProblem(null);
    return r.value;
  };

  // Check runs the lesson in a Web Worker (state/lessonChecker.ts): the page stays responsive; a new Check, Stop or closing the editor ends it.
  const checker = useMemo(() => new LessonChecker(), []);
  useEffect(() => () => checker.cancel(), [checker]);
  const [checking, setChecking] = useState<{ done: number; total: number; sinceMs: number } | null>(null);
  const [nowMs, setNowMs] = useState(0);
  useEffect(() => {
    if (!checking) return;
    const tick = setInterval(() => setNowMs(performance.now()), 200);
    return () => clearInterval(tick);
  }, [checking]);

  const check = async () => {
    const l = parse();
    if (!l) {
      checker.cancel();
      setChecking(null);
      return;
    }
    setReport(null);
    const sinceMs = performance.now();
    setNowMs(sinceMs);
    setChecking({ done: 0, total: l.claims.length + (l.questions?.length ?? 0), sinceMs });
    const outcome = await checker.check(l, (done, total) => setChecking((c) => (c && c.sinceMs === sinceMs ? { ...c, done, total } : c)));
    // A newer Check (or Stop) took over: it owns the state now.
    if (outcome.kind === 'cancelled') return;
    setChecking(null);
    if (outcome.kind === 'failed') {
      setProblem(`The check could not run: ${outcome.message}`);
      return;
    }
    const results = outcome.reports;
    const bad = results.filter((c) => !c.ok);
    if (bad.length > 0) {
      setReport(null);
      setProblem(`${bad.length} of ${results.length} claims do not hold in the simulation: ${bad.map((c) => `${c.claim.id}: ${c.detail}`).join('; ')}`);
      return;
    }
    setReport(`Valid, and all ${results.length} claims hold in the simulation.`);
  };

  const cancelCheck = () => {
    checker.cancel();
    setChecking(null);
    setReport('Check stopped.');
  };

  const use = () => {
    const l = parse();
    if (!l) return;
    void viewStore.getState().useCustomLesson(l);
    onClose();
  };

  const save = () => {
    const l = parse();
    if (!l) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([lessonToJson(l)], { type: 'application/json' }));
    a.download = `${l.id}.lesson.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const share = async () => {
    const l = parse();
    if (!l) return;
    const url = `${location.origin}${location.pathname}${location.search}${lessonHash(l, 0)}`;
    try {
      await navigator.clipboard.writeText(url);
      setReport('Link copied: it carries the whole lesson.');
    } catch {
      setReport(`Copying is not allowed here; the link is: ${url}`);
    }
    simStore.getState().showNotice(null);
  };

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    setProblem(null);
    setReport(`Read ${file.name}: press Check.`);
  };

  return (
    <div className="lesson-editor" data-testid="lesson-editor">
      <label className="caption" htmlFor="lesson-json">
        The lesson as JSON (format: docs/lessons.md). Numbers in the text come from claims: write {'{claimId}'}.
      </label>
      <textarea id="lesson-json" aria-label="Lesson JSON" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="lesson-actions">
        <button type="button" onClick={() => void check()}>
          Check
        </button>
        <button type="button" className="primary" onClick={use}>
          Use this lesson
        </button>
        <button type="button" onClick={save}>
          Save file
        </button>
        <button type="button" onClick={() => void share()}>
          Copy lesson link
        </button>
        <label className="file-open">
          Open file <input type="file" accept=".json,application/json" aria-label="Open a lesson file" onChange={(e) => void openFile(e.target.files?.[0])} />
        </label>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {problem && (
        // The lesson format's own line, as `npm run lesson` prints it: the teacher is editing that JSON, so its field paths are their words.
        <p className="msg error" role="alert" data-testid="lesson-editor-error">
          {problem}
        </p>
      )}
      {checking && (
        <p className="msg info" data-testid="lesson-editor-checking">
          <span role="status">
            Checking the claims in the background: {checking.done} of {checking.total} done…
          </span>{' '}
          <progress max={checking.total} value={checking.done} aria-label="Claims checked" />{' '}
          <span aria-hidden="true">{(Math.max(0, nowMs - checking.sinceMs) / 1000).toFixed(1)} s elapsed</span>{' '}
          <button type="button" onClick={cancelCheck}>
            Stop
          </button>
        </p>
      )}
      {report && (
        <p className="msg info" role="status" data-testid="lesson-editor-report">
          {report}
        </p>
      )}
    </div>
  );
}

export function LessonPanel() {
  const viewStore = useViewStore();
  const tab = useLabView((s) => s.tab);
  const index = useLabView((s) => s.lessonIndex);
  const custom = useLabView((s) => s.lessonCustom);
  const loaded = useLabView((s) => s.lessonLoaded);
  const step = useLabView((s) => s.lessonStep);
  const answers = useLabView((s) => s.lessonAnswers);
  const linkError = useLabView((s) => s.lessonLinkError);
  const scenarioName = useLab((s) => s.scenario.name);
  const nowNs = useLab((s) => s.frame?.nowNs ?? 0);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const moved = useRef(false);
  const [editing, setEditing] = useState(false);
  const [scoreOpen, setScoreOpen] = useState(false);
  const lesson = currentLesson({ lessonCustom: custom, lessonIndex: index });
  const score = useLessonScore(lesson);
  // Each step's text and its fold (foldStep.ts), once per lesson rather than on every frame the panel draws.
  const paragraphs = useMemo(
    () =>
      lesson.narration.map((p) => {
        const text = renderNarration(lesson, p).trim();
        return { text, folded: foldStep(text) };
      }),
    [lesson],
  );
  const lookFor = useMemo(() => renderNarration(lesson, lesson.lookFor), [lesson]);

  useEffect(() => {
    // After Previous/Next, keep keyboard users at the top of the new lesson.
    if (moved.current) headingRef.current?.focus();
    moved.current = false;
  }, [index, custom]);

  if (tab !== 'lessons') return null;
  const st = viewStore.getState();
  const go = (i: number) => {
    moved.current = true;
    void st.goToLesson(i);
  };
  const isLoaded = loaded?.id === lesson.id && scenarioName === loaded.name;
  const loadedVariant = isLoaded ? loaded?.variant : undefined;
  const pending = pendingQuestion(viewStore.getState());
  // Steps up to the first question not yet revealed are shown; that question stands in for its step.
  const shownSteps = pending ? pending.step : paragraphs.length;
  // The score, once every question is revealed.
  const scoreShown = (lesson.questions?.length ?? 0) > 0 && !pending;
  const copyLink = async () => {
    const hash = lessonHash(lesson, step);
    replaceHash(hash);
    try {
      await navigator.clipboard.writeText(`${location.origin}${location.pathname}${location.search}${hash}`);
    } catch {
      // The address bar holds the same link.
    }
  };

  return (
    <aside className="panel lesson-panel" aria-labelledby="h-lesson" data-testid="lesson-panel">
      <div className="lesson-nav" role="group" aria-label="Lessons">
        <button type="button" onClick={() => go(custom ? index : index - 1)} disabled={!custom && index === 0}>
          ◀ Previous
        </button>
        <span className="lesson-count" data-testid="lesson-count">
          {custom ? 'Your own lesson' : `Lesson ${index + 1} of ${LESSONS.length}`}
        </span>
        <button type="button" onClick={() => go(custom ? index : index + 1)} disabled={!custom && index === LESSONS.length - 1}>
          Next ▶
        </button>
      </div>
      <select className="lesson-pick" aria-label="Choose a lesson" aria-describedby="h-lesson" value={custom ? -1 : index} onChange={(e) => go(Number(e.target.value))}>
        {custom && <option value={-1}>Your own: {custom.title}</option>}
        {LESSONS.map((l, i) => (
          <option key={l.id} value={i}>
            {i + 1}. {l.title}
          </option>
        ))}
      </select>
      <h2 id="h-lesson" className="irq" tabIndex={-1} ref={headingRef} data-testid="lesson-title">
        {lesson.title}
      </h2>
      {linkError && (
        <p className="msg error" role="alert" data-testid="lesson-link-error">
          {linkError}
        </p>
      )}
      <div className="lesson-actions">
        <button type="button" className={isLoaded ? '' : 'primary'} onClick={() => void st.loadLesson()}>
          Load this lesson
        </button>
        {lesson.variants?.map((v) => (
          <button key={v.id} type="button" onClick={() => void st.loadLesson(v.id)} aria-pressed={loadedVariant === v.id}>
            {v.label}
          </button>
        ))}
        <button
          type="button"
          disabled={!isLoaded}
          onClick={() => st.runLessonToEnd()}
          data-tip="Run the loaded lesson to its end, so the panels show every number the text quotes"
        >
          Run to the end
        </button>
        <button type="button" onClick={() => void copyLink()} data-tip="Copy a link that opens this lesson at this step">
          Lesson link
        </button>
        <a className="button-link lesson-worksheet" href={`?worksheet${lessonHash(lesson, 0)}`} target="_blank" rel="noopener" data-testid="lesson-worksheet" data-tip="A printable worksheet of this lesson (A4 or Letter): questions, blank timelines, answer key">Worksheet</a>
        <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)} data-tip="Write your own lesson, starting from this one">
          Edit lesson
        </button>
      </div>
      <p className="caption" role="status" aria-live="polite">
        {isLoaded
          ? `Loaded${loadedVariant ? ` (${lesson.variants?.find((v) => v.id === loadedVariant)?.label})` : ''}: press Play or Step, or run to the end.`
          : 'The simulator shows another scenario: load this lesson to follow it.'}
      </p>
      {editing ? (
        <LessonEditor key={`${lesson.id}/${custom ? 'own' : index}`} lesson={lesson} onClose={() => setEditing(false)} />
      ) : (
        <>
          <ol className="lesson-steps" data-testid="lesson-steps">
            {paragraphs.map((p, i) => {
              const q = lesson.questions?.find((x) => x.step === i);
              if (i > shownSteps) return null;
              const hidden = i === shownSteps;
              return (
                <li key={i} aria-current={i === step ? 'step' : undefined} className={i === step ? 'current' : undefined} onClick={() => st.setLessonStep(i)}>
                  {q && <Question key={`${lesson.id}/${q.step}/${loaded?.name ?? ''}`} lesson={lesson} q={q} answer={answers[q.step]} reached={!isLoaded || nowNs >= q.pauseUs * 1000} current={i === step} />}
                  {!hidden && <StepText text={p.text} folded={p.folded} current={i === step} />}
                </li>
              );
            })}
          </ol>
          <div className="lesson-steps-nav" role="group" aria-label="Steps">
            <button type="button" onClick={() => st.setLessonStep(step - 1)} disabled={step === 0}>
              ◁ Step back
            </button>
            <span className="caption" data-testid="lesson-step">
              Step {step + 1} of {paragraphs.length}
            </span>
            {scoreShown && (
              <button type="button" aria-expanded={scoreOpen} aria-controls="lesson-score" onClick={() => setScoreOpen(!scoreOpen)} data-testid="lesson-score-toggle">
                Score {score.right}/{score.total}
              </button>
            )}
            <button type="button" onClick={() => st.setLessonStep(step + 1)} disabled={step >= Math.min(shownSteps, paragraphs.length - 1)}>
              Next step ▷
            </button>
          </div>
          <p className="lesson-look">
            <b>Look for:</b> {lookFor}
          </p>
          {scoreShown && scoreOpen && <LessonScore text={score.text} />}
          <p className="caption">
            {custom
              ? "Every number in this text comes from the simulation; this lesson's claims are checked when you press Check in the editor (or run npm run lesson -- --file), not by the project's tests."
              : "Every number in this text comes from the simulation, and the project's tests check each one against a fresh run."}
          </p>
        </>
      )}
    </aside>
  );
}

/**
 * A step's narration: whole when it is the current step, else its first
 * sentence whole, with "…" when it says more (foldStep.ts). The rest stays in
 * the page for a screen reader and for find-in-page; only the eye skips it.
 */
function StepText({ text, folded, current }: { text: string; folded: FoldedStep; current: boolean }) {
  if (current) return <p className="lesson-text">{text}</p>;
  const { head, more } = folded;
  return (
    <p className="lesson-text" title={more ? 'Click to read this step' : undefined}>
      {head}
      {more && (
        <>
          <span className="lesson-more" aria-hidden="true"> …</span>
          <span className="visually-hidden">{text.slice(head.length)}</span>
        </>
      )}
    </p>
  );
}
