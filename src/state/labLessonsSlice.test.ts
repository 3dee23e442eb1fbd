/**
 * The Lessons slice over a simulator on the in-process engine, with the
 * frame clock run by hand (tick(dt)).
 *
 * Lesson 0 ('per-frame-cost') plays at 50 000 ns per real second, so a frame
 * of 0.0625 s asks for 3125 ns; its one question (step 1) pauses at 120 us.
 * 38 frames reach 118 750 ns, the 39th 121 875 ns: past the question.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from './lab';
import { inProcessEngine } from './inProcessEngine';
import { LESSONS } from '../content/lessons';
import { SPEEDS_NS_PER_S } from './speed';

const labs: Lab[] = [];
function newLab(): Lab {
  const lab = createLab({ engine: inProcessEngine(), labWorkerFactory: () => { throw new Error('no pool in this test'); } });
  labs.push(lab);
  return lab;
}
afterEach(() => {
  for (const lab of labs.splice(0)) lab.sim.getState().dispose();
});

async function frames(lab: Lab, n: number, dt = 0.0625): Promise<void> {
  for (let i = 0; i < n; i++) {
    lab.sim.getState().tick(dt);
    for (let k = 0; k < 50 && !lab.sim.getState().isIdle(); k++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  }
}
const now = (lab: Lab) => lab.sim.getState().frame!.nowNs;

describe('lessons slice', () => {
  it('the first lesson loads with its playback; its clock stops at the question (120 us, seeking back to it) and plays on after the reveal', async () => {
    const lab = newLab();
    const q = LESSONS[0].questions![0];
    expect([LESSONS[0].id, q.step, q.pauseUs]).toEqual(['per-frame-cost', 1, 120]);
    lab.view.getState().setTab('lessons');
    await lab.view.getState().goToLesson(0);
    const sim = lab.sim.getState();
    expect(SPEEDS_NS_PER_S[sim.speedIndex]).toBe(50_000);
    expect(sim.view).toEqual({ t0: 0, t1: 300_000, follow: true });
    expect(lab.view.getState().lessonLoaded).toEqual({ id: 'per-frame-cost', variant: undefined, name: sim.scenario.name });

    lab.sim.getState().play();
    await frames(lab, 38);
    expect(now(lab)).toBe(118_750);
    expect(lab.sim.getState().playing).toBe(true);
    await frames(lab, 1); // 121 875 ns: past 120 us
    expect(lab.sim.getState().playing).toBe(false);
    expect(now(lab)).toBe(120_000);
    expect(lab.view.getState().lessonStep).toBe(1);

    lab.view.getState().setLessonGuess(1, 6);
    lab.view.getState().revealLesson(1);
    expect(lab.view.getState().lessonAnswers[1]).toEqual({ guess: 6, revealed: true });
    expect(lab.sim.getState().playing).toBe(true);
    await frames(lab, 2);
    expect(now(lab)).toBe(120_000 + 2 * 3125);
  });

  it('on another tab the lesson clock does not stop at the question', async () => {
    const lab = newLab();
    await lab.view.getState().goToLesson(0);
    lab.view.getState().setTab('simulator');
    lab.sim.getState().play();
    await frames(lab, 39);
    expect(lab.sim.getState().playing).toBe(true);
    expect(now(lab)).toBe(39 * 3125);
  });
});
