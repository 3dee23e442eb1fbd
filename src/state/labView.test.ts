import { beforeEach, describe, expect, it } from 'vitest';
import { handleLaneRequest, isLaneRequest } from '../sweep/lanes';
import { handleSweepRequest } from '../sweep/workerProtocol';
import { SEED_ROWS, seedScenario } from './labSeed';
import { runSweepPoint } from '../sweep/sweep';
import { createLabViewStore, visitSeed } from './labView';
import { createLabStore } from './store';
import { LESSONS } from '../content/lessons';

/** A stand-in for the lab's Web Worker: answers on a later tick with the worker's own handlers. */
class FakeWorker {
  static started = 0;
  static live = 0;
  private listeners = new Map<string, ((e: unknown) => void)[]>();
  private dead = false;
  constructor() {
    FakeWorker.started++;
    FakeWorker.live++;
  }
  addEventListener(type: string, fn: (e: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  postMessage(message: unknown) {
    setTimeout(() => {
      if (this.dead) return;
      const data = isLaneRequest(message) ? handleLaneRequest(message) : handleSweepRequest(message as never);
      for (const fn of this.listeners.get('message') ?? []) fn({ data });
    }, 0);
  }
  terminate() {
    if (!this.dead) FakeWorker.live--;
    this.dead = true;
  }
}

beforeEach(() => {
  FakeWorker.started = 0;
  FakeWorker.live = 0;
});

// A lab views store over a simulator store of its own (no worker starts until the simulator loads).
const labViewStore = createLabViewStore(createLabStore(), { workerFactory: () => new FakeWorker() as unknown as Worker });

describe('lab views store (with a fake worker pool)', () => {
  it('runs a comparison example: lanes, a delta table and its Markdown, workers released', async () => {
    labViewStore.getState().loadCompareExample('rdtr-radv');
    await expect.poll(() => labViewStore.getState().compare.result?.labels.length).toBe(3);
    const { result, view, error } = labViewStore.getState().compare;
    expect(error).toBeNull();
    expect(result!.table.rows.find((r) => r.metric === 'interruptsPerSec')!.values[1]).toBe(20_000);
    expect(result!.markdown.split('\n')[0]).toContain('RDTR 8, no RADV');
    expect(view).toEqual({ t0: 0, t1: 200_000 });
    expect(FakeWorker.started).toBeGreaterThan(0);
    expect(FakeWorker.live).toBe(0);
  });

  it('refuses an invalid comparison with one line naming the field', async () => {
    expect(labViewStore.getState().applyCompareJson('{"base": {"v": 1}, "configs": [{"label": "a"}, {"label": "a"}]}')).toBe(false);
    expect(labViewStore.getState().compare.error).toBe('The comparison is not valid: configs[1].label: "a" is used twice (labels must differ)');
    expect(labViewStore.getState().applyCompareJson('{oops')).toBe(false);
    expect(labViewStore.getState().compare.error).toMatch(/^The comparison is not valid JSON/);
  });

  it('runs each point over several seeds (seed, seed + 1, ...): the mean, each run kept for the spread', async () => {
    const st = labViewStore.getState();
    st.setSweepBase('preset:linux-defaults');
    const base = labViewStore.getState().sweep.base!;
    st.setSweepForm({ param: 'guest.params.InterruptThrottleRate', from: 2000, to: 20000, steps: 2, scale: 'log', seeds: 3 });
    await st.runSweep();
    const sw = labViewStore.getState().sweep;
    expect(sw.seeds).toBe(3);
    expect(sw.result!.points).toHaveLength(2);
    for (const [i, p] of sw.result!.points.entries()) {
      expect(p.runs).toHaveLength(3);
      const seeded = [0, 1, 2].map((k) => runSweepPoint({ ...sw.scenarios[i], seed: base.seed + k }));
      expect(p.runs).toEqual(seeded);
      expect(p.metrics.interruptsPerSec).toBeCloseTo((seeded[0].interruptsPerSec + seeded[1].interruptsPerSec + seeded[2].interruptsPerSec) / 3, 6);
    }
    expect(sw.ran).toMatchObject({ seeds: 3, steps: 2 });
  });

  it('runs a sweep with progress, and cancels one', async () => {
    const st = labViewStore.getState();
    st.setSweepBase('preset:default');
    st.setSweepForm({ param: 'device.regs.ITR', from: 0, to: 300, steps: 4, scale: 'linear', seeds: 1 });
    const progress: number[] = [];
    const unsub = labViewStore.subscribe((s) => {
      if (s.sweep.running && progress[progress.length - 1] !== s.sweep.done) progress.push(s.sweep.done);
    });
    await st.runSweep();
    unsub();
    const sw = labViewStore.getState().sweep;
    expect(sw.result!.points.map((p) => p.value)).toEqual([0, 100, 200, 300]);
    expect(sw.scenarios[2].name).toContain('[ITR=200]');
    expect(progress).toEqual([0, 1, 2, 3, 4]);
    expect(FakeWorker.live).toBe(0);

    st.setSweepForm({ steps: 40, to: 4000 });
    const run = st.runSweep();
    labViewStore.getState().cancelSweep();
    await run;
    expect(labViewStore.getState().sweep.running).toBe(false);
    expect(labViewStore.getState().sweep.warnings.at(-1)).toMatch(/^Cancelled after \d+ of 40 runs/);
    expect(FakeWorker.live).toBe(0);
  });

  it('runs every seed row', async () => {
    await labViewStore.getState().runSeed();
    const results = labViewStore.getState().seed.results!;
    expect(Object.keys(results).sort()).toEqual(SEED_ROWS.map((r) => r.id).sort());
    expect(results['kvm-baseline'].txPps).toBe(runSweepPoint(seedScenario(SEED_ROWS.find((r) => r.id === 'kvm-baseline')!)).txPps);
  });

  it('keeps the lesson index in range', () => {
    labViewStore.getState().setLessonIndex(-3);
    expect(labViewStore.getState().lessonIndex).toBe(0);
    labViewStore.getState().setLessonIndex(99);
    expect(labViewStore.getState().lessonIndex).toBe(LESSONS.length - 1);
  });
});

describe('drawn questions in the lab views store', () => {
  it('a visit has its own seed; New numbers draws another and forgets only the unrevealed drawn guesses; a new lesson forgets the drawn answers', () => {
    const v = createLabViewStore(createLabStore(), { workerFactory: () => new FakeWorker() as unknown as Worker });
    const st = () => v.getState();
    st().setLessonIndex(LESSONS.findIndex((l) => l.id === 'rdtr-starved'));
    expect(Number.isInteger(st().lessonSeed) && st().lessonSeed >= 0).toBe(true);
    st().setLessonGuess(1, 112);
    st().revealLesson(1);
    st().setLessonGuess(2, 50);
    st().setLessonDrawn(2, { seed: st().lessonSeed, values: { rdtr: 3 }, answer: { value: 13.072, text: '13.072 µs' } });
    st().newLessonSeed(7);
    expect(st().lessonSeed).toBe(7);
    // The ordinary question's revealed guess stays; the drawn one's guess and answer were for the old numbers.
    expect(st().lessonAnswers[1]).toEqual({ guess: 112, revealed: true });
    expect(st().lessonAnswers[2]).toBeUndefined();
    expect(st().lessonDrawn).toEqual({});
    st().setLessonDrawn(2, { seed: 7, values: { rdtr: 9 }, answer: { value: 114.216, text: '114.216 µs' } });
    st().setLessonIndex(0);
    expect(st().lessonDrawn).toEqual({});
  });
});

describe('the visit seed', () => {
  it('?seed=N chooses it (0..4294967295); anything else draws one', () => {
    expect(visitSeed('?seed=42')).toBe(42);
    expect(visitSeed('?embed&seed=4294967295')).toBe(4294967295);
    for (const bad of ['?seed=-1', '?seed=4294967296', '?seed=1e3', '?seed=abc', '']) {
      const s = visitSeed(bad);
      expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff, `${bad}: ${s}`).toBe(true);
    }
  });
});

describe('a lesson guess the question cannot have as its answer is refused', () => {
  it('rdtr-starved pauses at 60 µs in a 200 µs run: 59.9 µs and 200.1 µs are refused with a plain reason and no guess is kept; 60 µs and 113 µs are taken', () => {
    const v = createLabViewStore(createLabStore(), { workerFactory: () => new FakeWorker() as unknown as Worker });
    const st = () => v.getState();
    st().setLessonIndex(LESSONS.findIndex((l) => l.id === 'rdtr-starved'));
    st().setLessonGuess(1, 113);
    st().setLessonPicking(true);
    expect(st().setLessonGuess(1, 59.9)).toMatch(/^Your guess, 59\.9 µs, is before the pause at 60 µs/);
    expect(st().lessonAnswers[1].guess).toBeNull();
    expect(st().lessonGuessError).toEqual({ step: 1, text: expect.stringContaining('at or after 60 µs') });
    // Still picking: the class clicks again.
    expect(st().lessonPicking).toBe(true);
    expect(st().setLessonGuess(1, 200.1)).toMatch(/after the end of the run at 200 µs/);
    expect(st().setLessonGuess(1, 60)).toBeNull();
    expect(st().lessonAnswers[1].guess).toBe(60);
    expect(st().lessonGuessError).toBeNull();
    expect(st().lessonPicking).toBe(false);
    expect(st().setLessonGuess(1, 113)).toBeNull();
    expect(st().lessonAnswers[1].guess).toBe(113);
  });
});
