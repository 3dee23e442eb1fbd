import { expect, test } from '@playwright/test';
import { interrupts, openApp, shot, timeBarEnd, timeBarStart, waitReady } from './helpers';

test('a register slider changes the register shown and the behaviour', async ({ page }) => {
  await openApp(page);
  const rdtr = page.getByRole('slider', { name: /RDTR/ });
  await expect(rdtr).toHaveValue('8');
  await expect(page.getByTestId('reg-RDTR')).toHaveText('8.192 µs · raw 8');

  // Baseline: interrupts over the whole default scenario.
  await timeBarEnd(page);
  await expect.poll(() => page.getByTestId('now').textContent()).toContain('t = 200 µs');
  const before = await interrupts(page);
  expect(before).toBeGreaterThan(0);

  // Back to t = 0, then RDTR one step up by keyboard: the register shows it.
  await timeBarStart(page);
  await expect.poll(() => page.getByTestId('now').textContent()).toContain('t = 0 ns');
  await rdtr.focus();
  await rdtr.press('ArrowRight');
  await expect(page.getByTestId('reg-RDTR')).toHaveText('9.216 µs · raw 9');
  await expect(page.getByRole('region', { name: 'Delay timers' })).toContainText('RDTR = 9 (9.216 µs)');

  // RDTR = 0: RXT0 for every stored frame, so many more interrupts.
  await rdtr.press('Home');
  await expect(page.getByTestId('reg-RDTR')).toHaveText('off · raw 0');
  await expect(rdtr).toHaveAttribute('aria-valuetext', '0 (off), raw 0');
  await timeBarEnd(page);
  await expect.poll(() => page.getByTestId('now').textContent()).toContain('t = 200 µs');
  const after = await interrupts(page);
  expect(after).toBeGreaterThan(before);
  await expect(page.getByTestId('interrupt-count')).toHaveText(String(after));
  await shot(page, '04-rdtr-zero');

  // ITR shows the rate it allows, and the metrics show the bound as theory.
  const itr = page.getByRole('slider', { name: /ITR/ });
  await itr.focus();
  await itr.fill('488');
  await expect(page.getByTestId('reg-ITR')).toContainText('raw 488');
  await expect(page.getByTestId('reg-ITR')).toContainText('8,005 /s');
  await expect(page.getByTestId('theory')).toContainText('at most 8,005 /s');
});

test('selectors change the scenario: presets, ring size, model', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption('rx-line-rate');
  await waitReady(page);
  await expect(page.getByTestId('scenario-name')).toContainText('RX flood at line rate');
  await expect(page.getByRole('region', { name: 'RX ring' })).toContainText('4096 descriptors');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => interrupts(page)).toBeGreaterThan(0);
  await shot(page, '05-line-rate');

  await page.getByRole('combobox', { name: 'RX ring', exact: true }).selectOption('64');
  await expect(page.getByRole('region', { name: 'RX ring' })).toContainText('64 descriptors');
  await page.getByLabel('Device model').selectOption('qemu-2013');
  await expect(page.getByRole('region', { name: 'Delay timers' })).toContainText('QEMU mitigation window');
  await page.getByLabel('RX pattern').selectOption('poisson');
  await expect(page.getByLabel('RX rate')).toBeVisible();
  await page.getByRole('button', { name: 'Reset' }).click();
  await waitReady(page);
  await expect(page.getByTestId('scenario-name')).toContainText('RX flood at line rate');
});

test('the cost profile says when the ideal driver ignores it, and stops saying so under a real driver', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('scenario-name')).toContainText('ideal (zero cost)');
  await expect(page.getByTestId('costs-ignored')).toHaveText('The ideal driver charges nothing: this profile applies once you pick a real driver.');
  await page.getByLabel('Guest driver').selectOption('linux-e1000');
  await waitReady(page);
  await expect(page.getByTestId('costs-ignored')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect(page.getByTestId('cmp-costs-ignored')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Simulator' }).click();
  await page.getByLabel('Guest driver').selectOption('ideal');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByRole('button', { name: "Use the simulator's scenario" }).click();
  await expect(page.getByTestId('cmp-costs-ignored').first()).toHaveText('The ideal driver charges nothing, so the cost profile changes nothing here.');
});
