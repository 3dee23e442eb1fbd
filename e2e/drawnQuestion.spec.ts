/**
 * A drawn question in the browser (rdtr-starved, step 3): the prompt shows
 * this visit's RDTR, the student types an answer worked out by hand from the
 * prompt's numbers, the simulator's answer agrees; "New numbers" draws another
 * case; the score summary at the end lists both questions and can be copied.
 */
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAlert, openApp } from './helpers';
import { LESSONS } from '../src/content/lessons';
import { drawValues } from '../src/scenario/lessons';

/** The first interrupt by hand: frames every 5 µs from 10 µs to 105 µs; RDTR shorter than the gap fires after the first frame, else after the last. */
function byHand(rdtrUs: number): number {
  return rdtrUs < 5 ? 10 + rdtrUs : 105 + rdtrUs;
}

async function shownRdtrUs(page: Page): Promise<number> {
  const text = (await page.getByTestId('lesson-question').textContent()) ?? '';
  const m = /RDTR is (\d+) \(([\d.]+) µs\)/.exec(text);
  expect(m, text).not.toBeNull();
  // The register's raw value in units of 1.024 µs, as the prompt says.
  expect(Number(m![2])).toBeCloseTo(Number(m![1]) * 1.024, 3);
  return Number(m![2]);
}

async function axeClean(page: Page, where: string): Promise<void> {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${where}: axe`).toEqual([]);
}

test('a drawn question: own numbers, checked by the simulator; new numbers; the score to copy', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1920, height: 1080 });
  // Opening at step 3 counts the first question as answered (without a prediction).
  await openApp(page, '#l1.rdtr-starved.2');
  const q = page.getByTestId('lesson-question');
  await expect(q).toContainText('Your own case');
  await expect(page.getByTestId('lesson-drawn')).toContainText(/seed \d+/);
  const first = await shownRdtrUs(page);
  await axeClean(page, 'drawn question');
  // New numbers: another seed (the values may repeat: 12 values), the prompt follows it.
  const seedText = await page.getByTestId('lesson-drawn').textContent();
  await page.getByRole('button', { name: 'New numbers' }).click();
  await expect(page.getByTestId('lesson-drawn')).not.toHaveText(seedText ?? '');
  const rdtrUs = await shownRdtrUs(page);
  expect(typeof first).toBe('number');
  const want = Math.round(byHand(rdtrUs) * 1000) / 1000;
  await q.getByLabel('Your prediction (µs)').fill(String(want));
  await q.getByRole('button', { name: 'Check my answer' }).click();
  const answer = page.getByTestId('lesson-answer').filter({ hasText: 'Your own case' });
  await expect(answer).toContainText(`Answer: ${want} µs.`);
  await expect(answer.getByTestId('lesson-verdict')).toHaveText(/is right\./);
  await expectNoAlert(page);
  // The score, at the end of the lesson.
  const toggle = page.getByTestId('lesson-score-toggle');
  await expect(toggle).toHaveText('Score 1/2');
  await expect(page.getByTestId('lesson-score')).toHaveCount(0);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('lesson-score-text')).toContainText('1 of 2 questions answered, 1 right, 0 off.');
  await expect(page.getByTestId('lesson-score-text')).toContainText(`rdtr = ${Math.round(rdtrUs / 1.024)}`);
  await page.getByRole('button', { name: 'Copy my score' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('1 of 2 questions answered, 1 right, 0 off.');
  expect(copied).toContain(`the answer is ${want} µs: right`);
  expect(copied).toContain('no prediction');
  await axeClean(page, 'score open');
  await page.screenshot({ path: 'test-results/drawn-question-score.png' });
});

test('?seed=N opens a chosen seed: the numbers a student saw, from the seed in their score', async ({ page }) => {
  const q = LESSONS.find((l) => l.id === 'rdtr-starved')!.questions!.find((x) => x.params)!;
  await page.goto('/?seed=42#l1.rdtr-starved.2');
  await expect(page.getByTestId('lesson-drawn')).toContainText('seed 42');
  const rdtrUs = await shownRdtrUs(page);
  expect(Math.round(rdtrUs / 1.024)).toBe(drawValues(q, 42).rdtr);
  // The answer the screen reveals is the one `npm run lesson -- --id rdtr-starved --seed 42` prints.
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/lesson.ts', '--id', 'rdtr-starved', '--seed', '42'], { encoding: 'utf8' });
  const printed = /question 2 \(step 3, instant, drawn with seed 42: rdtr = \d+\): answer ([\d.,]+ µs)/.exec(cli.stdout);
  expect(printed, cli.stdout + cli.stderr).not.toBeNull();
  await page.getByTestId('lesson-question').getByRole('button', { name: 'Reveal the answer' }).click();
  await expect(page.getByTestId('lesson-answer').filter({ hasText: 'Your own case' })).toContainText(`Answer: ${printed![1]}.`);
});
