/**
 * The lesson editor's Check runs in a Web Worker (state/lessonChecker.ts,
 * worker/lessonCheck.worker.ts): while a lesson of several seconds of line
 * rate is checked, the page keeps drawing frames (requestAnimationFrame
 * keeps ticking) and shows the check's progress; the result is the one the
 * checker gives in Node; a new Check cancels the running one.
 */
import { expect, test, type Page } from '@playwright/test';
import { checkLesson } from '../src/scenario/lessonCheck';
import type { Lesson } from '../src/scenario/lessons';
import { openApp, SHOTS } from './helpers';

/** RX at 1 Gb/s line rate (64-byte frames) into a Linux guest for `durationUs`, with an interrupt count claimed wrong on purpose. */
function lineRateLesson(id: string, durationUs: number, wrongCount: number): Lesson {
  return {
    id,
    title: `Line rate for ${durationUs / 1e6} s`,
    scenario: {
      v: 1,
      name: 'line rate',
      durationUs,
      device: { model: '8254x', rxRing: 4096, txRing: 4096 },
      guest: { driver: 'linux-e1000', costs: 'bare-metal' },
      traffic: { rx: { pattern: 'constant', pps: 1_488_095, bytes: 64 } },
    },
    narration: ['{irq} interrupts at line rate.'],
    lookFor: 'The interrupts.',
    claims: [{ id: 'irq', metric: 'interrupts', equals: wrongCount }],
  } as Lesson;
}

/** The editor's error line for a lesson whose claims fail, as the checker gives it in Node. */
function expectedProblem(lesson: Lesson): string {
  const results = checkLesson(lesson);
  const bad = results.filter((c) => !c.ok);
  expect(bad.length).toBeGreaterThan(0);
  return `${bad.length} of ${results.length} claims do not hold in the simulation: ${bad.map((c) => `${c.claim.id}: ${c.detail}`).join('; ')}`;
}

/** Starts recording the instant of every animation frame (window.__frames). */
async function recordFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[] };
    w.__frames = [];
    const tick = (t: number) => {
      w.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

test('a long Check runs in a worker: frames keep coming, progress shows, the result is Node\'s, and a new Check cancels the running one', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, '#l1.rdtr-starved.0');
  await page.getByRole('button', { name: 'Edit lesson' }).click();
  const json = page.getByLabel('Lesson JSON');
  const error = page.getByTestId('lesson-editor-error');
  const checking = page.getByTestId('lesson-editor-checking');

  const long = lineRateLesson('line-rate-long', 8_000_000, 0);
  const longProblem = expectedProblem(long);
  await json.fill(JSON.stringify(long, null, 2));
  await recordFrames(page);
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(checking).toContainText('Checking the claims in the background: 0 of 1 done');
  await expect(page.getByRole('progressbar', { name: 'Claims checked' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/lesson-check-pending.png` });
  // The elapsed time the editor shows moves on while the core runs (the main thread re-renders).
  const firstShown = await checking.locator('span[aria-hidden]').textContent();
  await expect.poll(async () => checking.locator('span[aria-hidden]').textContent(), { timeout: 10_000 }).not.toBe(firstShown);
  await expect(error).toHaveText(longProblem, { timeout: 120_000 });
  await expect(checking).toHaveCount(0);
  const { frames, ended } = await page.evaluate(() => ({ frames: (window as unknown as { __frames: number[] }).__frames, ended: performance.now() }));
  const during = frames.filter((t) => t >= started && t <= ended);
  const gaps = during.slice(1).map((t, i) => t - during[i]);
  const checkMs = ended - started;
  // The check took long enough to have frozen the tab on the main thread (the measure means something) ...
  expect(checkMs).toBeGreaterThan(1000);
  // ... and the page kept drawing: at least 10 frames a second, and no frame held back for a third of the
  // check (on the main thread one frame waited for the whole check). The margin is for a machine shared
  // by other jobs, where a frame now and then comes late.
  expect(during.length).toBeGreaterThan(checkMs / 100);
  expect(Math.max(...gaps)).toBeLessThan(checkMs / 3);

  // A new Check cancels the running one: the quick lesson's result shows and stays (the long one never lands).
  const quick = lineRateLesson('line-rate-quick', 2000, 7);
  const quickProblem = expectedProblem(quick);
  expect(quickProblem).not.toBe(longProblem);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(checking).toBeVisible();
  await json.fill(JSON.stringify(quick, null, 2));
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(error).toHaveText(quickProblem, { timeout: 60_000 });
  await page.waitForTimeout(Math.min(20_000, checkMs * 1.5));
  await expect(error).toHaveText(quickProblem);
  await expect(checking).toHaveCount(0);

  // Stop ends a check and says so.
  await json.fill(JSON.stringify(long, null, 2));
  await page.getByRole('button', { name: 'Check' }).click();
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByTestId('lesson-editor-report')).toHaveText('Check stopped.');
  await expect(checking).toHaveCount(0);
  await expect(error).toHaveCount(0);
});
