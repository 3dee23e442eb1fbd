/**
 * The Simulator's timeline and charts read honestly at the edges of a run:
 * following the clock never shows time past the end of the run, and after a
 * seek the metric charts show their two samples as points, "too few
 * samples", not a line between them.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, settled, timeBarEnd } from './helpers';

type View = { t0: number; t1: number; follow: boolean };
interface Handle {
  store: { getState(): { view: View; scenario: { durationUs: number }; playing: boolean; setSpeedIndex(i: number): void; setView(v: Partial<View>): void; samples: unknown[] } };
}
const lab = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { __lab: Handle }).__lab.store.getState();
  return { view: s.view, endNs: s.scenario.durationUs * 1000, playing: s.playing, samples: s.samples.length };
});

test('follow: playing to the end pages the window but never past the end of the run', async ({ page }) => {
  await openApp(page, '');
  await settled(page);
  // A window a fifth of the run wide, following, at a speed that reaches the end in a few seconds.
  await page.evaluate(() => {
    const s = (window as unknown as { __lab: Handle }).__lab.store.getState();
    const end = s.scenario.durationUs * 1000;
    s.setView({ t0: 0, t1: end / 5, follow: true });
  });
  const { endNs } = await lab(page);
  // 100 µs per second (the speed slider's step 6: 1, 2, 5, 10, 20, 50, 100 µs/s).
  await page.evaluate(() => (window as unknown as { __lab: Handle }).__lab.store.getState().setSpeedIndex(6));
  await expect(page.getByTestId('speed')).toHaveText('100 µs per second');
  await page.getByTestId('play').click();
  const seen: View[] = [];
  for (let i = 0; i < 200; i++) {
    const s = await lab(page);
    seen.push(s.view);
    if (!s.playing) break;
    await page.waitForTimeout(50);
  }
  const last = seen[seen.length - 1];
  expect(seen.length).toBeGreaterThan(3);
  // It paged (the window moved), and no window ever ran past the end.
  expect(last.t0).toBeGreaterThan(0);
  for (const v of seen) expect(v.t1, `window ${v.t0}-${v.t1} ns in a run of ${endNs} ns`).toBeLessThanOrEqual(endNs + 1e-6);
  expect(last.t1).toBeCloseTo(endNs, 0);
  await page.getByTestId('timeline').screenshot({ path: 'test-results/follow-at-end.png' });
});

test('after a seek to the end, the metric charts show two samples as points and say "too few samples"; playing on draws lines', async ({ page }) => {
  await openApp(page, '');
  await settled(page);
  await timeBarEnd(page);
  await settled(page);
  const metrics = page.getByTestId('metrics');
  expect((await lab(page)).samples).toBeLessThanOrEqual(2);
  await expect(metrics.getByTestId('spark-line')).toHaveCount(0);
  await expect(metrics.getByTestId('spark-points').first()).toContainText('too few samples');
  await metrics.screenshot({ path: 'test-results/metrics-after-seek.png' });
  // From the start, playing gathers samples: lines.
  const bar = page.getByRole('slider', { name: 'Time', exact: true });
  await bar.press('Home');
  await settled(page);
  await page.getByTestId('play').click();
  await expect(metrics.getByTestId('spark-line').first()).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('play').click();
});
