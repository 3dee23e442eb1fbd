/**
 * The Lessons view's slice of the lab views' store: which lesson is on
 * screen (built-in or a teacher's own), its narration step, the class's
 * guesses and reveals, this visit's seed for drawn questions, opening a
 * lesson link, and the rule that a lesson's clock stops where the class is
 * asked to predict.
 */
import { guessProblem, lessonPlayback, lessonScenario, type Lesson } from '../scenario/lessons';
import { decodeLessonHash } from '../scenario/lessonLink';
import type { DrawnAnswer } from '../scenario/lessonCheck';
import { LESSONS } from '../content/lessons';
import { SPEEDS_NS_PER_S } from './speed';
import type { LabViewContext, Slice, SlicePart } from './labSlice';

export interface LessonAnswer {
  guess: number | string | null;
  revealed: boolean;
}

export interface LessonsState {
  lessonIndex: number;
  /** The lesson (and variant) last loaded into the simulator, and its scenario's name. */
  lessonLoaded: { id: string; variant?: string; name: string } | null;
  /** A teacher's own lesson (from the editor or a link), shown instead of the built-in one. */
  lessonCustom: Lesson | null;
  /** The narration step shown as current (from 0). */
  lessonStep: number;
  /** The class's guesses and which questions were revealed, by step. */
  lessonAnswers: Record<number, LessonAnswer>;
  /** An instant question is waiting for a click on the timeline. */
  lessonPicking: boolean;
  /** The last guess refused (before the pause, after the run's end), in one plain line, for the question at `step`. */
  lessonGuessError: { step: number; text: string } | null;
  /** A lesson link could not be opened: shown as an alert in the lesson panel. */
  lessonLinkError: string | null;
  /** This visit's seed for drawn questions (each student gets their own values; "New numbers" draws another). */
  lessonSeed: number;
  /** Drawn questions' values and answers (a run of the core), by step, for the lesson on screen. */
  lessonDrawn: Record<number, DrawnAnswer>;
}

export interface LessonsActions {
  setLessonIndex(index: number): void;
  /** Shows the built-in lesson at `index` and loads it into the simulator (Previous / Next). */
  goToLesson(index: number): Promise<void>;
  /** Loads the lesson on screen (or a variant) with its playback: speed, window, follow, start. */
  loadLesson(variant?: string): Promise<void>;
  setLessonStep(step: number): void;
  /**
   * Records the class's guess for the question at `step` (null: none). A
   * guess the question cannot have as its answer (guessProblem: an instant
   * before the pause or after the run's end) is refused: no guess is kept,
   * and the reason is returned and shown.
   */
  setLessonGuess(step: number, guess: number | string | null): string | null;
  setLessonPicking(on: boolean): void;
  /** Reveals the answer of the question at `step` and plays on (a drawn question's answer is not on the timeline: it stays paused). */
  revealLesson(step: number): void;
  /** Records a drawn question's values and computed answer. */
  setLessonDrawn(step: number, drawn: DrawnAnswer): void;
  /** Draws new numbers: a new seed, and the drawn questions not yet revealed forget their guesses. */
  newLessonSeed(seed?: number): void;
  /** Shows a teacher's lesson (null: back to the built-in ones) and loads it. */
  useCustomLesson(l: Lesson | null): Promise<void>;
  /** Reads a `#l1.` / `#lx1.` hash: opens the Lessons tab at the lesson's step and loads it. */
  openLessonLink(hash: string): Promise<void>;
  /** Runs the loaded lesson to its end and shows the lesson's timeline window (not following the clock). */
  runLessonToEnd(): void;
}

/**
 * A seed for this visit's drawn questions. Not the core: the UI state may
 * take it from the browser's random source; everything after it is seeded.
 */
export function visitSeed(search = (globalThis as { location?: { search?: string } }).location?.search ?? ''): number {
  // `?seed=N` (0..4294967295) gives a chosen seed: a teacher reproduces a student's numbers from their score.
  const chosen = new URLSearchParams(search).get('seed');
  if (chosen !== null && /^\d{1,10}$/.test(chosen) && Number(chosen) <= 0xffffffff) return Number(chosen);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  return c?.getRandomValues ? c.getRandomValues(new Uint32Array(1))[0] : 1;
}

/** The lesson on screen: the teacher's own, or the built-in one at the index. */
export function currentLesson(s: Pick<LessonsState, 'lessonCustom' | 'lessonIndex'>): Lesson {
  return s.lessonCustom ?? LESSONS[s.lessonIndex];
}

/** The first question the class has not had revealed (in step order), if any. */
export function pendingQuestion(s: Pick<LessonsState, 'lessonCustom' | 'lessonIndex' | 'lessonAnswers'>) {
  const l = currentLesson(s);
  return [...(l.questions ?? [])].sort((a, b) => a.step - b.step).find((q) => !s.lessonAnswers[q.step]?.revealed);
}

/** The speed slider's step nearest to a speed in ns per real second. */
export function speedIndexFor(nsPerSec: number): number {
  let best = 0;
  SPEEDS_NS_PER_S.forEach((v, i) => {
    if (Math.abs(Math.log(v / nsPerSec)) < Math.abs(Math.log(SPEEDS_NS_PER_S[best] / nsPerSec))) best = i;
  });
  return best;
}

export function createLessonsSlice(ctx: LabViewContext, part: SlicePart<LessonsState>): Slice<LessonsState, LessonsActions> {
  const { sim } = ctx;
  const get = part.get;
  const set = part.patch;

  const actions: LessonsActions = {
    setLessonIndex(index) {
      set({ lessonIndex: Math.max(0, Math.min(LESSONS.length - 1, index)), lessonCustom: null, lessonStep: 0, lessonAnswers: {}, lessonPicking: false, lessonGuessError: null, lessonDrawn: {} });
    },

    async goToLesson(index) {
      actions.setLessonIndex(index);
      await actions.loadLesson();
    },

    async loadLesson(variant) {
      const l = currentLesson(get());
      const r = lessonScenario(l, variant);
      if (!r.ok) return;
      set({ lessonLoaded: { id: l.id, variant, name: r.value.name }, lessonAnswers: {}, lessonPicking: false, lessonGuessError: null, lessonStep: 0, lessonLinkError: null });
      const p = lessonPlayback(l, r.value.durationUs);
      await ctx.loadIntoSimulator(r.value, [p.viewUs[0] * 1000, p.viewUs[1] * 1000]);
      const s = sim.getState();
      s.setSpeedIndex(speedIndexFor(p.speedNsPerSec));
      s.setView({ t0: p.viewUs[0] * 1000, t1: p.viewUs[1] * 1000, follow: p.follow });
      s.setFollowOnPlay(p.follow);
      if (p.startUs) s.seek(p.startUs * 1000);
    },

    setLessonStep(step) {
      const l = currentLesson(get());
      set({ lessonStep: Math.max(0, Math.min(l.narration.length - 1, step)) });
    },

    setLessonGuess(step, guess) {
      const prev = get().lessonAnswers[step] ?? { guess: null, revealed: false };
      if (prev.revealed) return null;
      const l = currentLesson(get());
      const q = l.questions?.find((x) => x.step === step);
      const scenario = lessonScenario(l);
      const problem = q && guess !== null && scenario.ok ? guessProblem(q, guess, scenario.value.durationUs) : null;
      if (problem) {
        // Refused, not judged: the class picks again (the timeline stays in picking mode).
        set({ lessonAnswers: { ...get().lessonAnswers, [step]: { ...prev, guess: null } }, lessonGuessError: { step, text: problem } });
        return problem;
      }
      set({ lessonAnswers: { ...get().lessonAnswers, [step]: { ...prev, guess } }, lessonPicking: false, lessonGuessError: null });
      return null;
    },

    setLessonPicking(on) {
      set({ lessonPicking: on });
    },

    revealLesson(step) {
      const prev = get().lessonAnswers[step] ?? { guess: null, revealed: false };
      set({ lessonAnswers: { ...get().lessonAnswers, [step]: { ...prev, revealed: true } }, lessonStep: step, lessonPicking: false, lessonGuessError: null });
      // Plays on, so the class sees the answer happen (a drawn question's case is not the one on the timeline).
      const q = currentLesson(get()).questions?.find((x) => x.step === step);
      if (get().lessonLoaded && !q?.params) sim.getState().play();
    },

    setLessonDrawn(step, drawn) {
      set({ lessonDrawn: { ...get().lessonDrawn, [step]: drawn } });
    },

    newLessonSeed(seed) {
      const l = currentLesson(get());
      const answers = { ...get().lessonAnswers };
      for (const q of l.questions ?? []) if (q.params && !answers[q.step]?.revealed) delete answers[q.step];
      set({ lessonSeed: seed ?? visitSeed(), lessonDrawn: {}, lessonAnswers: answers });
    },

    async useCustomLesson(l) {
      set({ lessonCustom: l, lessonStep: 0, lessonAnswers: {}, lessonPicking: false, lessonGuessError: null, lessonDrawn: {} });
      await actions.loadLesson();
    },

    async openLessonLink(hash) {
      ctx.showTab('lessons');
      const r = decodeLessonHash(hash);
      if (!r.ok) {
        set({ lessonLinkError: `This lesson link could not be opened: ${r.error}.` });
        return;
      }
      if (r.value.lesson) set({ lessonCustom: r.value.lesson, lessonDrawn: {} });
      else set({ lessonCustom: null, lessonIndex: r.value.builtin, lessonDrawn: {} });
      await actions.loadLesson();
      // Opening at a step: the questions before it count as answered.
      const step = r.value.step;
      const answers: Record<number, LessonAnswer> = {};
      for (const q of currentLesson(get()).questions ?? []) if (q.step < step) answers[q.step] = { guess: null, revealed: true };
      set({ lessonStep: step, lessonAnswers: answers });
    },

    runLessonToEnd() {
      const l = currentLesson(get());
      const s = sim.getState();
      const end = s.scenario.durationUs * 1000;
      const p = lessonPlayback(l, s.scenario.durationUs);
      s.setView({ t0: p.viewUs[0] * 1000, t1: p.viewUs[1] * 1000, follow: false });
      s.seek(end);
      // Running to the end reveals nothing: the questions stay for the class.
    },
  };

  // A lesson's clock stops where the class is asked to predict (a lesson
  // whose window stays put tells the simulator with setFollowOnPlay).
  sim.subscribe((st, prev) => {
    const v = get();
    if (ctx.tab() !== 'lessons' || !v.lessonLoaded || st.scenario.name !== v.lessonLoaded.name) return;
    const now = st.frame?.nowNs ?? 0;
    const before = prev.frame?.nowNs ?? 0;
    if (!st.playing || now === before) return;
    const q = pendingQuestion(v);
    // A drawn question is about the student's own case, not the run on screen: the clock does not stop for it.
    if (!q || q.params) return;
    const at = q.pauseUs * 1000;
    if (before < at && now >= at) {
      st.pause();
      if (now > at) st.seek(at);
      if (v.lessonStep !== q.step) set({ lessonStep: q.step });
    }
  });

  return {
    initial: {
      lessonIndex: 0,
      lessonLoaded: null,
      lessonCustom: null,
      lessonStep: 0,
      lessonAnswers: {},
      lessonPicking: false,
      lessonGuessError: null,
      lessonLinkError: null,
      lessonSeed: visitSeed(),
      lessonDrawn: {},
    },
    actions,
  };
}
