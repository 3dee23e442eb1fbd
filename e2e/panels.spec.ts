import { expect, test } from '@playwright/test';
import { PANELS, expectNoAlert, openApp, shot } from './helpers';

test('every panel renders as a named region with its content', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page);
  for (const name of PANELS) {
    const region = page.getByRole('region', { name, exact: true });
    await expect(region).toBeVisible();
    await expect(region.getByRole('heading', { name, exact: true })).toBeVisible();
  }
  // Rings and the timeline are canvases with real size.
  for (const name of ['RX ring', 'TX ring', 'Timeline'] as const) {
    const box = await page.getByRole('region', { name }).locator('canvas').first().boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(40);
  }
  // Every cause bit by its datasheet name, with a tooltip.
  const icr = page.getByRole('region', { name: 'Interrupt causes (ICR)' });
  for (const bit of ['TXDW', 'TXQE', 'LSC', 'RXSEQ', 'RXDMT0', 'RXO', 'RXT0', 'MDAC', 'TXD_LOW', 'SRPD']) {
    await expect(icr.getByTestId(`bit-${bit}`)).toBeVisible();
  }
  await icr.getByTestId('bit-RXT0').hover();
  await expect(page.getByRole('tooltip')).toContainText('RXT0 (ICR bit 7');
  // Timers with the register values.
  const timers = page.getByRole('region', { name: 'Delay timers' });
  for (const t of ['RDTR', 'RADV', 'TIDV', 'TADV', 'ITR window']) await expect(timers.getByTestId(`timer-${t}`)).toBeVisible();
  await expect(timers).toContainText('RDTR = 8 (8.192 µs)');
  // Metrics cards.
  const metrics = page.getByRole('region', { name: 'Metrics' });
  for (const m of ['Interrupts / s', 'Frames per interrupt', 'Latency p50', 'Latency p99', 'Drops (RXO)', 'VM exits / s', 'Guest CPU']) {
    await expect(metrics).toContainText(m);
  }
  // Hovering a ring slot explains it.
  const rx = page.getByRole('region', { name: 'RX ring' }).locator('canvas');
  const box = (await rx.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 30);
  await expect(page.getByRole('tooltip')).toContainText('RX ring descriptor');
  await expectNoAlert(page);
  await shot(page, '01-initial');
  expect(errors).toEqual([]);
});

test('the simulation runs in a Web Worker', async ({ page }) => {
  await openApp(page);
  const workers = page.workers();
  expect(workers.length).toBeGreaterThanOrEqual(1);
  expect(workers.some((w) => /sim\.worker/.test(w.url()))).toBe(true);
  // The main thread has no Simulation: the core is only in the worker bundle.
  const mainScripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\.js$/.test(n)));
  expect(mainScripts.some((n) => /sim\.worker/.test(n))).toBe(true);
});

test('layout works at 800 px wide and in projector mode', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 1000 });
  await openApp(page);
  for (const name of PANELS) await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
  // Nothing wider than the viewport.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('explain')).toContainText('Why this interrupt');
  await shot(page, '02-width-800');
  await page.getByRole('button', { name: 'Projector mode' }).click();
  await expect(page.getByRole('button', { name: 'Projector mode' })).toHaveAttribute('aria-pressed', 'true');
  const fs = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(parseFloat(fs)).toBeGreaterThanOrEqual(18);
  const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow2).toBeLessThanOrEqual(0);
  await shot(page, '03-projector-800');
});
