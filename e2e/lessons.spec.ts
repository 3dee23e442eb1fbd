/**
 * A class on one screen: every built-in lesson projected at 1920x1080 and
 * run start to finish with Play, predictions and Next, never scrolling (in
 * normal and projector mode); lesson links; the teacher's editor; lesson 9's
 * narration against the timeline; screenshots at 1920x1080, in projector
 * mode and 800 px wide (saved to test-results/ to be looked at).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAlert, interrupts, nowNs, openApp, settled, waitReady } from './helpers';

const LESSON_IDS = [
  'per-frame-cost',
  'rdtr-starved',
  'radv-bound',
  'itr-cap',
  'tx-ide',
  'rxdmt0',
  'rizzo-worst-case',
  'qemu2013-floor',
  'linux-dynamic-itr',
  'magic-five',
  'main-loop-own-core',
  'who-rearms',
  'adaptive-dim',
];

/** The questions of the built-in lessons, as the class would answer them here. */
const ANSWERS: Record<string, { pauseUs: number; kind: 'instant' | 'number' | 'choice'; guess: number | string; verdict: RegExp }> = {
  'per-frame-cost': { pauseUs: 120, kind: 'number', guess: 3, verdict: /Your prediction, 3, is off by 2\.85\./ },
  'rdtr-starved': { pauseUs: 60, kind: 'instant', guess: 112, verdict: /is right\./ },
  'itr-cap': { pauseUs: 100, kind: 'number', guess: 20, verdict: /Your prediction, 20, is right\./ },
  rxdmt0: { pauseUs: 15, kind: 'choice', guess: 'RXT0', verdict: /Your prediction, RXT0, is off\./ },
  'qemu2013-floor': { pauseUs: 200, kind: 'number', guess: 128, verdict: /Your prediction, 128, is right\./ },
  'linux-dynamic-itr': { pauseUs: 4650, kind: 'instant', guess: 4712, verdict: /is right\./ },
  'who-rearms': { pauseUs: 15, kind: 'instant', guess: 76, verdict: /is right\./ },
};

interface LabViewHandle {
  getState(): { lessonStep: number; lessonPicking: boolean; lessonAnswers: Record<number, { guess: number | string | null }> };
}

/** The page does not scroll either way, and no panel or table is cut off sideways. */
async function expectOneScreen(page: Page, where: string): Promise<void> {
  const m = await page.evaluate(() => {
    const d = document.documentElement;
    const cut = [...document.querySelectorAll<HTMLElement>('.panel, table, .lesson-panel *')]
      .filter((e) => e.offsetParent !== null && getComputedStyle(e).overflowX !== 'hidden' && e.scrollWidth > e.clientWidth + 1 && e.tagName !== 'SELECT')
      .map((e) => `${e.tagName}.${e.className}`);
    const heights = [...document.querySelectorAll<HTMLElement>('.top, .transport, .panel')]
      .filter((e) => e.offsetParent !== null)
      .map((e) => `${e.className}: ${Math.round(e.getBoundingClientRect().top)}+${Math.round(e.getBoundingClientRect().height)}`);
    return { sh: d.scrollHeight, ih: innerHeight, sw: d.scrollWidth, iw: innerWidth, cut, heights };
  });
  if (m.sh > m.ih) await page.screenshot({ path: `test-results/overflow-${where.replace(/\W+/g, '-')}.png` });
  expect(m.sh, `${where}: page height ${m.sh} > ${m.ih} (${m.heights.join('; ')})`).toBeLessThanOrEqual(m.ih);
  expect(m.sw, `${where}: page width ${m.sw} > ${m.iw}`).toBeLessThanOrEqual(m.iw);
  expect(m.cut, `${where}: cut off sideways`).toEqual([]);
}

/** The instant under x on the timeline (µs), as a pick reads it: pick twice to learn the mapping, then aim. */
async function pickInstant(page: Page, tUs: number): Promise<void> {
  const canvas = page.getByTestId('timeline-canvas');
  const box = (await canvas.boundingBox())!;
  const y = box.y + box.height * 0.4;
  const readPick = async (x: number): Promise<number> => {
    await page.getByTestId('lesson-pick').click();
    await canvas.click({ position: { x, y: y - box.y } });
    return page.evaluate(() => {
      const v = (window as unknown as { __labView: LabViewHandle }).__labView.getState();
      return v.lessonAnswers[v.lessonStep]?.guess as number;
    });
  };
  const x1 = box.width * 0.5;
  const x2 = box.width * 0.9;
  const g1 = await readPick(x1);
  const g2 = await readPick(x2);
  const x = x1 + ((tUs - g1) / (g2 - g1)) * (x2 - x1);
  const g = await readPick(x);
  // Within a pixel or two of the aim.
  expect(Math.abs(g - tUs), `picked ${g} for ${tUs}`).toBeLessThanOrEqual(Math.max(1, (2 * (g2 - g1)) / (x2 - x1)));
}

/** Runs the lesson on screen start to finish as a teacher would: Play, predict, reveal, every step, then Next. */
async function runLesson(page: Page, id: string, mode: string): Promise<void> {
  const where = `${mode} ${id}`;
  await settled(page);
  await expectOneScreen(page, `${where} loaded`);
  const a = ANSWERS[id];
  if (a) {
    const q = page.getByTestId('lesson-question');
    await expect(q).toContainText('Press Play: the clock stops at');
    await page.getByTestId('play').click();
    // Play stops where the class is asked to predict.
    await expect(q).not.toContainText('Press Play', { timeout: 15_000 });
    await expect(page.getByTestId('play')).toHaveText('▶ Play');
    await settled(page);
    expect(await nowNs(page)).toBe(a.pauseUs * 1000);
    await expectOneScreen(page, `${where} question`);
    if (a.kind === 'instant') await pickInstant(page, a.guess as number);
    else if (a.kind === 'number') await q.getByLabel('Your prediction').fill(String(a.guess));
    else await q.getByRole('radio', { name: String(a.guess) }).check();
    await q.getByRole('button', { name: 'Reveal and play on' }).click();
    const answer = page.getByTestId('lesson-answer');
    await expect(answer).toContainText('Answer: ');
    await expect(page.getByTestId('lesson-verdict')).toHaveText(a.verdict);
    // It plays on.
    await expect.poll(() => nowNs(page)).toBeGreaterThan(a.pauseUs * 1000);
    await expectOneScreen(page, `${where} revealed`);
    await page.getByTestId('play').click();
  }
  // Every step, each in turn the current one.
  const next = page.getByRole('button', { name: 'Next step ▷' });
  while (await next.isEnabled()) {
    await next.click();
    await expectOneScreen(page, `${where} step`);
  }
  await expect(page.getByTestId('lesson-step')).toHaveText(/Step (\d+) of \1/);
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await settled(page);
  await expectOneScreen(page, `${where} at the end`);
}

for (const projector of [false, true]) {
  const mode = projector ? 'projector' : 'normal';
  test(`lessons (${mode}): every lesson on one 1920x1080 screen, run start to finish with Play, predictions and Next, never scrolling`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openApp(page, `#l1.${LESSON_IDS[0]}.0`);
    if (projector) await page.getByRole('button', { name: 'Projector mode' }).click();
    await expect(page.getByRole('tab', { name: 'Lessons' })).toHaveAttribute('aria-selected', 'true');
    for (const [i, id] of LESSON_IDS.entries()) {
      await expect(page.getByTestId('lesson-count')).toHaveText(`Lesson ${i + 1} of ${LESSON_IDS.length}`);
      await expect(page).toHaveURL(new RegExp(`#l1\\.${id}\\.\\d+$`));
      // Next loaded it, with its own speed and window.
      await expect(page.getByTestId('scenario-name')).toContainText('Lesson: ');
      await runLesson(page, id, mode);
      if (i < LESSON_IDS.length - 1) await page.getByRole('button', { name: 'Next ▶' }).click();
    }
    await expect(page.getByRole('button', { name: 'Next ▶' })).toBeDisabled();
    await expectNoAlert(page);
  });
}

test('lessons: each sets its speed, window and follow; Play shows the point within ten seconds', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, '#l1.radv-bound.0');
  await expect(page.getByTestId('speed')).toHaveText('20 µs per second');
  const view = () => page.evaluate(() => (window as unknown as { __lab: { store: { getState(): { view: { t0: number; t1: number; follow: boolean } } } } }).__lab.store.getState().view);
  expect(await view()).toEqual({ t0: 0, t1: 130_000, follow: true });
  const started = Date.now();
  await page.getByTestId('play').click();
  // The lesson's point: five interrupts, RADV after the first frame of each group.
  await expect.poll(() => interrupts(page), { timeout: 10_000 }).toBe(5);
  expect(Date.now() - started).toBeLessThan(10_000);
  await page.getByTestId('play').click();

  // Lesson 9 starts just before its light phase, at its own speed, and its window (light, burst, light: all the narration tells) stays put while it plays.
  await page.getByRole('button', { name: 'Next ▶' }).click(); // 4
  await page.getByLabel('Choose a lesson').selectOption({ label: "9. Linux's dynamic ITR adapting to load" });
  await settled(page);
  await expect(page.getByTestId('speed')).toHaveText('1 ms per second');
  expect(await nowNs(page)).toBe(2_400_000);
  expect(await view()).toEqual({ t0: 2_400_000, t1: 8_600_000, follow: false });
  await page.getByTestId('play').click();
  await expect.poll(() => nowNs(page)).toBeGreaterThan(2_600_000);
  expect(await view()).toEqual({ t0: 2_400_000, t1: 8_600_000, follow: false });
  await expect(page.getByTestId('play')).toHaveText('▶ Play', { timeout: 10_000 }); // stopped for the question
});

test('lesson 9: the narration explains the rhythm the timeline shows (long, long, short), not one figure', async ({ page }) => {
  await openApp(page, '#l1.linux-dynamic-itr.3');
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toContainText('a three-beat rhythm: 249.856, 249.856 and 111.104 µs, over and over, one round every 610.816 µs');
  await expect(panel).toContainText('Why three beats?');
  await settled(page);
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await settled(page);
  const times = await page.evaluate(() => (window as unknown as { __lab: { interruptTimes(): number[] } }).__lab.interruptTimes());
  const burst = times.filter((t) => t >= 4_090_000 && t < 7_100_000);
  const gaps = burst.slice(1).map((t, i) => (t - burst[i]) / 1000);
  expect(gaps.length).toBeGreaterThanOrEqual(9);
  gaps.forEach((g, i) => expect(g, `gap ${i}`).toBeCloseTo([249.856, 249.856, 111.104][i % 3], 3));
});

test('lesson links: open a lesson at its step; Next and the steps keep the link; a bad link says so; #s1 and #c1 links open as before', async ({ page, context }) => {
  await openApp(page, '#l1.radv-bound.2');
  await expect(page.getByRole('tab', { name: 'Lessons' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('lesson-title')).toHaveText('RADV: the absolute bound');
  await expect(page.getByTestId('lesson-step')).toHaveText('Step 3 of 3');
  await expect(page.getByTestId('lesson-steps').locator('li[aria-current="step"]')).toContainText('No frame waits longer than RADV');
  await expect(page.getByTestId('scenario-name')).toContainText('Lesson: RADV: the absolute bound');
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await expect.poll(() => page.url()).toMatch(/#l1\.itr-cap\.0$/);
  await page.getByRole('button', { name: 'Next step ▷' }).click();
  await expect.poll(() => page.url()).toMatch(/#l1\.itr-cap\.1$/);
  await page.getByRole('button', { name: 'Next step ▷' }).click();
  await expect.poll(() => page.url()).toMatch(/#l1\.itr-cap\.2$/);
  // The question of step 3 stops the steps until it is answered.
  await expect(page.getByRole('button', { name: 'Next step ▷' })).toBeDisabled();
  await expect(page.getByTestId('lesson-question')).toBeVisible();

  // A link at a later step counts the questions before it as answered.
  let other = await context.newPage();
  await openApp(other, '#l1.rxdmt0.2');
  await expect(other.getByTestId('lesson-answer')).toContainText('Answer: RXDMT0.');
  await expect(other.getByTestId('lesson-question')).toHaveCount(0);
  await other.goto('/#l1.no-such-lesson.1');
  await waitReady(other);
  await expect(other.getByTestId('lesson-link-error')).toHaveText('This lesson link could not be opened: there is no built-in lesson "no-such-lesson".');

  // Old links: a simulator link opens the Simulator with its scenario, a comparison link Compare.
  await page.getByRole('tab', { name: 'Simulator' }).click();
  await expect.poll(() => page.url()).toMatch(/#s1\./);
  const simLink = page.url();
  const name = await page.getByTestId('scenario-name').innerText();
  await other.close();
  other = await context.newPage();
  await openApp(other, simLink.slice(simLink.indexOf('#')));
  await expect(other.getByRole('tab', { name: 'Simulator' })).toHaveAttribute('aria-selected', 'true');
  await expect(other.getByTestId('scenario-name')).toHaveText(name);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect.poll(() => page.url()).toMatch(/#c1\./);
  const cmpLink = page.url();
  await other.close();
  other = await context.newPage();
  await openApp(other, cmpLink.slice(cmpLink.indexOf('#')));
  await expect(other.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  await expect(other.getByTestId('cmp-lane')).toHaveCount(2);
  await other.close();
});

test('lesson editor: a teacher edits a lesson, gets clear errors, uses it, saves it as a file and shares it as a link', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, '#l1.rdtr-starved.0');
  await page.getByRole('button', { name: 'Edit lesson' }).click();
  const json = page.getByLabel('Lesson JSON');
  const original = await json.inputValue();
  expect(JSON.parse(original).id).toBe('rdtr-starved');
  const error = page.getByTestId('lesson-editor-error');

  await json.fill(original.replace('"title": "The RDTR packet timer, and how steady traffic starves it"', '"title": "RDTR, my way"').replace('"lookFor"', '"lookAt"'));
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(error).toHaveText('lookFor: missing (required by a lesson)');
  await json.fill(original.replace('"pauseUs": 60', '"pauseUs": "soon"'));
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(error).toContainText('questions[0].pauseUs: "soon" is not a number');
  await json.fill(original.slice(0, 200));
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(error).toContainText('JSON syntax error');
  // A claim the simulation does not bear out.
  const mine = original.replace('"title": "The RDTR packet timer, and how steady traffic starves it"', '"title": "RDTR, my way"').replace('"id": "rdtr-starved"', '"id": "rdtr-my-way"');
  await json.fill(mine.replace('"equals": 20', '"equals": 19'));
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(error).toHaveText('1 of 4 claims do not hold in the simulation: noDelayIrq: interrupts: expected 19 (±0.000001), got 20');
  await json.fill(mine);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId('lesson-editor-report')).toHaveText('Valid, and all 4 claims hold in the simulation.');

  // Save as a file: the lesson, as written.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save file' }).click()]);
  expect(download.suggestedFilename()).toBe('rdtr-my-way.lesson.json');
  expect(JSON.parse(readFileSync((await download.path())!, 'utf8')).title).toBe('RDTR, my way');

  // Share as a link: it carries the whole lesson.
  await page.getByRole('button', { name: 'Copy lesson link' }).click();
  await expect(page.getByTestId('lesson-editor-report')).toHaveText('Link copied: it carries the whole lesson.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#lx1\.[A-Za-z0-9+\-$]+\.0$/);

  // Use it here.
  await page.getByRole('button', { name: 'Use this lesson' }).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('RDTR, my way');
  await expect(page.getByTestId('lesson-count')).toHaveText('Your own lesson');
  await expect.poll(() => page.url()).toMatch(/#lx1\./);

  const other = await context.newPage();
  await other.setViewportSize({ width: 1920, height: 1080 });
  await openApp(other, link.slice(link.indexOf('#')));
  await expect(other.getByTestId('lesson-title')).toHaveText('RDTR, my way');
  await expect(other.getByTestId('lesson-question')).toContainText('When will the first interrupt fire?');
  await settled(other);
  await expectOneScreen(other, 'shared lesson');
  await expectNoAlert(other);
  await other.close();
});

test('lessons: screenshots at 1920x1080, in projector mode and 800 px wide', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, '#l1.linux-dynamic-itr.0');
  await settled(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('lesson-question')).not.toContainText('Press Play', { timeout: 15_000 });
  await settled(page);
  await pickInstant(page, 4700);
  await page.screenshot({ path: 'test-results/lesson-1920x1080.png' });
  await page.getByRole('button', { name: 'Reveal and play on' }).click();
  await expect(page.getByTestId('play')).toHaveText('▶ Play', { timeout: 15_000 }).catch(() => undefined);
  await page.getByTestId('play').click().catch(() => undefined);
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await settled(page);
  await page.getByRole('button', { name: 'Next step ▷' }).click();
  await page.getByRole('button', { name: 'Projector mode' }).click();
  await expectOneScreen(page, 'projector screenshot');
  await page.screenshot({ path: 'test-results/lesson-projector.png' });
  await page.setViewportSize({ width: 800, height: 1000 });
  await page.getByRole('button', { name: 'Projector mode' }).click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/lesson-800.png', fullPage: true });
});

for (const projector of [false, true]) {
test(`a prediction is drawn on the timeline ("your guess"), the answer beside it after Reveal; a guess before the pause is refused in plain words (${projector ? 'projector' : 'normal'})`, async ({ page }) => {
  const mode = projector ? 'projector' : 'normal';
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, '#l1.rdtr-starved.0');
  if (projector) await page.getByRole('button', { name: 'Projector mode' }).click();
  await settled(page);
  await page.getByTestId('play').click();
  const q = page.getByTestId('lesson-question');
  await expect(q).not.toContainText('Press Play', { timeout: 15_000 });
  await settled(page);
  expect(await nowNs(page)).toBe(60_000);
  const canvas = page.getByTestId('timeline-canvas');
  const box = (await canvas.boundingBox())!;
  const guess = () => page.evaluate(() => (window as unknown as { __labView: LabViewHandle }).__labView.getState().lessonAnswers[1]?.guess ?? null);
  // The window is 0-200 µs: a click a tenth of the way along the plot is about 20-30 µs, before the pause at 60 µs.
  await page.getByTestId('lesson-pick').click();
  await canvas.click({ position: { x: box.width * 0.2, y: box.height * 0.4 } });
  await expect(page.getByTestId('lesson-guess-refused')).toContainText('is before the pause at 60 µs, and the question asks what comes after it. Pick an instant at or after 60 µs.');
  await expectOneScreen(page, `${mode} guess refused`);
  expect(await guess()).toBeNull();
  await expect(canvas).not.toHaveAttribute('aria-label', /your guess/);
  // Still picking: a click after the pause is taken and drawn.
  await expect(page.getByTestId('lesson-pick')).toHaveAttribute('aria-pressed', 'true');
  await canvas.click({ position: { x: box.width * 0.55, y: box.height * 0.4 } });
  await expect(page.getByTestId('lesson-guess-refused')).toHaveCount(0);
  const g = (await guess()) as number;
  expect(g).toBeGreaterThan(60);
  await expect(canvas).toHaveAttribute('aria-label', new RegExp(`; your guess ${g.toLocaleString('en-US', { maximumFractionDigits: 3 })} µs$`));
  await expect(q).toContainText('drawn on the timeline as “your guess”');
  // Typed: also refused before the pause (checked on Enter), taken after.
  const typed = q.getByLabel('Your prediction (µs)');
  await typed.fill('12');
  // Reveal checks a typed guess first: a refused one is not revealed.
  await q.getByRole('button', { name: 'Reveal and play on' }).click();
  await expect(page.getByTestId('lesson-guess-refused')).toContainText('Your guess, 12 µs, is before the pause at 60 µs');
  await expect(page.getByTestId('lesson-answer')).toHaveCount(0);
  await typed.fill('250');
  await typed.press('Enter');
  await expect(page.getByTestId('lesson-guess-refused')).toContainText('Your guess, 250 µs, is after the end of the run at 200 µs');
  await typed.fill(String(g));
  await typed.press('Enter');
  await expect(page.getByTestId('lesson-guess-refused')).toHaveCount(0);
  await page.screenshot({ path: `test-results/lesson-guess-${mode}.png` });
  await q.getByRole('button', { name: 'Reveal and play on' }).click();
  await expect(canvas).toHaveAttribute('aria-label', /; your guess [\d.]+ µs; answer 113\.192 µs$/);
  await page.getByTestId('play').click();
  await settled(page);
  await expectOneScreen(page, `${mode} guess and answer drawn`);
  await page.getByTestId('timeline').screenshot({ path: `test-results/lesson-guess-answer-${mode}.png` });
});
}
