import { expect, test } from '@playwright/test';
import { crashWorker, hoverLane, interrupts, nowNs, openApp, shot } from './helpers';

test('step, step to the next interrupt and step back', async ({ page }) => {
  await openApp(page);
  expect(await nowNs(page)).toBe(0);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => nowNs(page)).toBeGreaterThan(0);
  const t1 = await nowNs(page);

  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => interrupts(page)).toBe(1);
  const tIrq = await nowNs(page);
  expect(tIrq).toBeGreaterThan(t1);
  const explain = page.getByTestId('explain');
  await expect(explain).toContainText('Why this interrupt');
  await expect(explain).toContainText('RXT0');
  await expect(explain).toContainText(/RADV expired|RDTR expired/);
  await shot(page, '10-step-to-interrupt');

  await page.getByRole('button', { name: 'Next interrupt' }).click();
  await expect.poll(() => interrupts(page)).toBe(2);

  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => interrupts(page)).toBe(1);
  expect(await nowNs(page)).toBeLessThan(tIrq + 1e9);
  const back = await nowNs(page);
  await page.getByRole('button', { name: '◀ Back' }).click();
  await expect.poll(() => nowNs(page)).toBeLessThan(back);

  // The timeline keyboard: zoom in, pan, fit.
  const label = page.getByRole('region', { name: 'Timeline' }).locator('.caption');
  const before = await label.innerText();
  await page.keyboard.press('w');
  await expect(label).not.toHaveText(before);
  await page.keyboard.press('a');
  await page.keyboard.press('f');
  await expect(label).toContainText('Showing');
});

test('clicking an interrupt on the timeline explains it', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => interrupts(page)).toBe(1);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => interrupts(page)).toBe(2);
  await page.keyboard.press('f');
  await page.getByRole('button', { name: 'Fit (F)' }).click();
  // Nothing selected yet: the hint shows.
  await page.evaluate(() => (window as unknown as { __lab: { store: { getState(): { selectInterrupt(t: null): void } } } }).__lab.store.getState().selectInterrupt(null));
  await expect(page.getByTestId('explain')).toContainText('Click an interrupt marker');
  // Find the first interrupt's x on the canvas from the view.
  const pos = await page.evaluate(() => {
    const lab = (window as unknown as { __lab: { store: { getState(): { view: { t0: number; t1: number } } } } }).__lab;
    const { t0, t1 } = lab.store.getState().view;
    return { t0, t1 };
  });
  // The first LINE_ASSERT the ISR saw: the hover tooltip over the Interrupts lane names it; a click there explains it.
  const firstIrq = await page.evaluate(() => (window as unknown as { __lab: { interruptTimes(): number[] } }).__lab.interruptTimes()[0]);
  const tip = await hoverLane(page, 'Interrupts:', firstIrq / 1000, pos.t0 / 1000, pos.t1 / 1000);
  await expect(tip).toContainText('Interrupt asserted at 42.77 µs');
  await page.mouse.down();
  await page.mouse.up();
  await expect(page.getByTestId('explain')).toContainText('Why this interrupt');
  await expect(page.getByTestId('explain')).toContainText('The line asserted at 42.77 µs');
  await expect(page.getByTestId('explain')).toContainText('read ICR = 0x80');
  await shot(page, '12-clicked-interrupt');
});

test('a dead worker shows a clear error and restarts on the same scenario and time', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => interrupts(page)).toBe(1);
  const t = await nowNs(page);
  const workersBefore = page.workers().length;
  await crashWorker(page);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The simulation worker stopped');
  await expect(alert).toContainText('deliberate crash');
  await expect(alert).toContainText('restarted on the same scenario');
  await shot(page, '11-worker-crashed');
  expect(await nowNs(page)).toBe(t);
  expect(await interrupts(page)).toBe(1);
  expect(page.workers().length).toBeGreaterThanOrEqual(workersBefore);
  // Still usable.
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => interrupts(page)).toBe(2);
  await page.getByRole('button', { name: 'Dismiss worker message' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a restart is visible as a restart in the Delay timers panel', async ({ page }) => {
  await openApp(page);
  // Four frames at 10, 10.672, 11.344 and 12.016 µs: RDTR started once, restarted three times.
  await page.evaluate(() => (window as unknown as { __lab: { store: { getState(): { seek(t: number): void } } } }).__lab.store.getState().seek(13_000));
  const timers = page.getByRole('region', { name: 'Delay timers' });
  await expect(timers.getByTestId('timer-RDTR')).toContainText('restarted 3×');
  await expect(timers.getByTestId('timer-RDTR')).toContainText('left of 8.192 µs');
  // RADV started with the first frame and is not restarted.
  await expect(timers.getByTestId('timer-RADV')).not.toContainText('restarted');
  await expect(timers.getByTestId('timer-RADV')).toContainText('fires at 42.77 µs');
  await timers.getByTestId('timer-RDTR').hover();
  await expect(page.getByRole('tooltip')).toContainText('RDTR (RIDV)');
  await page.getByRole('region', { name: 'Delay timers' }).screenshot({ path: '/tmp/shots/14-timers-restarted.png' });
});
