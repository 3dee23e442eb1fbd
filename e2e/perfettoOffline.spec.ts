/**
 * "Open in Perfetto" without a network: it says so plainly and points to
 * Download trace, instead of "still loading, waiting up to 60 s" beside a
 * tab that shows the browser's error page.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openApp, settled } from './helpers';

test('offline before the click: no Perfetto tab, and a plain line on what to do instead', async ({ page, context }) => {
  await openApp(page);
  await settled(page);
  let opened = 0;
  context.on('page', () => opened++);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Open in Perfetto' }).click();
  await expect(page.getByTestId('notice')).toHaveText(/This browser is offline, so Perfetto \(ui\.perfetto\.dev\) cannot load and the trace was not sent\. Use Download trace instead/);
  await page.waitForTimeout(500);
  expect(opened).toBe(0);
  await context.setOffline(false);
});

/** Clicks Open in Perfetto with a Perfetto that never answers PING (still loading its trace processor); the tab it opened. */
async function openSilentPerfetto(page: Page, context: BrowserContext): Promise<Page> {
  await context.route('https://ui.perfetto.dev/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>loading</title>' }));
  await openApp(page);
  await settled(page);
  const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open in Perfetto' }).click()]);
  return popup;
}

test('going offline while Perfetto loads: the wait ends at once, the error tab is closed, and it says what happened', async ({ page, context }) => {
  const popup = await openSilentPerfetto(page, context);
  await expect(page.getByTestId('notice')).toContainText('Waiting for Perfetto');
  await context.setOffline(true);
  await expect(page.getByTestId('notice')).toContainText('This browser is offline', { timeout: 3000 });
  await expect.poll(() => popup.isClosed()).toBe(true);
  await context.setOffline(false);
});

test('no answer for a while: the notice says it may be loading or showing an error page, and names Download trace', async ({ page, context }) => {
  const popup = await openSilentPerfetto(page, context);
  await expect(page.getByTestId('notice')).toContainText('if the Perfetto tab shows an error page instead (no network, or ui.perfetto.dev blocked here), close it and use Download trace', { timeout: 10_000 });
  await popup.close();
});
