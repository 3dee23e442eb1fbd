import { expect, test } from '@playwright/test';
import LZString from 'lz-string';
import { expectNoAlert, nowNs, openApp, settled, shot, waitReady } from './helpers';

test('the share link carries scenario and time and round-trips', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  const radv = page.getByRole('slider', { name: /RADV/ });
  await radv.focus();
  await radv.press('ArrowRight');
  await radv.press('ArrowRight');
  await expect(page.getByTestId('reg-RADV')).toHaveText('34.816 µs · raw 34');
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await settled(page);
  const t = await nowNs(page);
  expect(t).toBeGreaterThan(0);
  // Zoom in twice: the link carries the window shown, so it opens on this moment, not the whole run (ux-walk 11).
  await page.getByTestId('timeline-canvas').focus();
  await page.keyboard.press('w');
  await page.keyboard.press('w');
  const shown = await page.locator('.timeline-panel .caption').innerText();
  expect(shown).toMatch(/^Showing /);
  // Within half a second the hash holds the scenario and the time.
  await page.waitForTimeout(500);
  const url = page.url();
  expect(url).toMatch(/#s1\.[A-Za-z0-9+\-$]+&t=/);
  expect(url).toContain(`&t=${t / 1000}`);
  expect(url).toMatch(/&v=[\d.]+-[\d.]+$/);

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('notice')).toContainText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());

  const other = await context.newPage();
  await other.goto(copied);
  await waitReady(other);
  await expect(other.getByTestId('reg-RADV')).toHaveText('34.816 µs · raw 34');
  expect(await nowNs(other)).toBe(t);
  await expect(other.getByTestId('now')).toHaveText(await page.getByTestId('now').innerText());
  await expect(other.locator('.timeline-panel .caption')).toHaveText(shown);
  await expect(other.getByTestId('timeline-words')).toHaveText((await page.getByTestId('timeline-words').textContent()) ?? 'missing');
  await expectNoAlert(other);
  await shot(other, '06-shared-link-opened');
});

test('a bad link shows what was wrong, loads the defaults and stays usable', async ({ page }) => {
  await openApp(page, '#s1.this-is-not-a-scenario!!');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This link could not be loaded');
  await expect(alert).toContainText('corrupt');
  await expect(page.getByTestId('scenario-name')).toContainText('RDTR restarts, RADV cuts it short');
  await shot(page, '07-bad-link');
  // Still usable: play runs the clock.
  await page.getByTestId('play').click();
  await expect.poll(() => nowNs(page)).toBeGreaterThan(1000);
  await page.getByTestId('play').click();
});

test('a tampered link names the bad field', async ({ page }) => {
  const scenario = { v: 1, device: { regs: { RADV: 70000 } } };
  const hash = '#s1.' + LZString.compressToEncodedURIComponent(JSON.stringify(scenario)) + '&t=5';
  await openApp(page, hash);
  await expect(page.getByRole('alert')).toContainText('RADV');
  await expect(page.getByRole('alert')).toContainText('RADV must be a whole number from 0 to 65,535; 70,000 was given');
  await expect(page.getByTestId('reg-RADV')).toHaveText('32.768 µs · raw 32');
  // A good link pasted afterwards replaces the message.
  await page.getByRole('button', { name: 'Dismiss link message' }).click();
  await expectNoAlert(page);
});
