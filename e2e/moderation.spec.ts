import { expect, test } from '@playwright/test';
import { expectNoAlert, openApp, settled, shot, timeBarEnd, waitReady } from './helpers';

test('frames + time: the completion queue panel replaces the ICR, prints ethtool -C and reads a pasted ethtool -c', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption('frames-time-cqe');
  await waitReady(page);
  const cq = page.getByTestId('completion-queue');
  await expect(cq).toBeVisible();
  await expect(page.getByRole('region', { name: 'Interrupt causes (ICR)' })).toHaveCount(0);
  await expect(page.getByTestId('ethtool-command')).toHaveText(
    'ethtool -C eth0 adaptive-rx off rx-usecs 16 rx-frames 32 tx-usecs 16 tx-frames 32 cqe-mode-rx on cqe-mode-tx off',
  );
  await expect(cq.getByTestId('cq-rx')).toContainText('CQE mode');
  // Into the first burst (1 ms of 200,000 frames/s): the count climbs towards rx-frames.
  const bar = page.getByRole('slider', { name: 'Time', exact: true });
  await bar.focus();
  for (let i = 0; i < 3; i++) await bar.press('ArrowRight');
  await settled(page);
  await expect(cq.getByTestId('cq-rx-count')).toContainText('of 32 since the last interrupt');
  await shot(page, 'moderation-completion-queue');
  await cq.screenshot({ path: '/tmp/shots/moderation-cq-panel.png' });

  // A bad paste: one line naming the line, the setting, the value and the range, in plain words.
  await page.getByTestId('ethtool-paste').fill('rx-usecs: 8\nrx-frames: 99999\n');
  await page.getByTestId('ethtool-apply').click();
  await expect(page.getByTestId('ethtool-error')).toHaveText('ethtool -c line 2: rx-frames must be a whole number from 0 to 65,535 frames; 99,999 was given.');
  // A good one: the scenario takes its settings.
  await page.getByTestId('ethtool-paste').fill('Adaptive RX: off  TX: off\nrx-usecs: 8\nrx-frames: 128\nCQE mode RX: off  TX: off\n');
  await page.getByTestId('ethtool-apply').click();
  await waitReady(page);
  await expect(page.getByTestId('ethtool-command')).toHaveText(
    'ethtool -C eth0 adaptive-rx off rx-usecs 8 rx-frames 128 tx-usecs 16 tx-frames 32 cqe-mode-rx off cqe-mode-tx off',
  );
  await expect(page.getByTestId('ethtool-error')).toHaveCount(0);
  await expect(cq.getByTestId('cq-rx')).toContainText('EQE mode');
  await expectNoAlert(page);
});

test('DIM: the lesson opens the step-through view; decisions show the profile, the state and the three measures with their bands', async ({ page }) => {
  await openApp(page, '#l1.adaptive-dim.1');
  await timeBarEnd(page);
  await settled(page);
  const dim = page.getByTestId('dim-panel');
  await expect(dim).toBeVisible();
  await expect(dim.getByTestId('dim-count')).toHaveText('decision 7 of 7 so far', { timeout: 15_000 });
  // The last decision: going right to the most moderated profile (index 4: rx-usecs 256).
  await expect(dim.getByTestId('dim-profile-4')).toHaveAttribute('aria-current', 'true');
  await expect(dim.getByTestId('dim-profile-4')).toContainText('rx-usecs 256, rx-frames 256');
  const decision = dim.getByTestId('dim-decision');
  await expect(decision).toContainText('profile 3 →');
  await expect(decision.getByRole('row')).toHaveCount(4);
  await expect(decision).toContainText('← decides');
  await dim.screenshot({ path: '/tmp/shots/moderation-dim-panel.png' });
  // Step back: the timeline follows to that decision's instant.
  await dim.getByTestId('dim-prev').click();
  await settled(page);
  await expect(dim.getByTestId('dim-count')).toHaveText(/decision 6 of/);
  await expect(decision).toContainText('profile 2 →');
  await shot(page, 'moderation-dim-lesson');
  await expectNoAlert(page);
});

test('Compare: the same bursts under six moderation rules', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Example comparisons').selectOption('moderation-rules');
  await expect(page.getByTestId('cmp-lane')).toHaveCount(6, { timeout: 30_000 });
  const labels = ['e1000 timers', 'e1000e ITR', 'frames+time EQE', 'frames+time CQE', 'DIM', 'ixgbe adaptive ITR'];
  for (const [i, label] of labels.entries()) await expect(page.getByTestId('cmp-lane').nth(i)).toContainText(label);
  await settled(page);
  await shot(page, 'moderation-compare');
  // The DIM configuration in the Simulator's panels: its completion queue and its DIM view, on a lab of its own.
  await page.getByTestId('cmp-lane').nth(4).getByRole('button', { name: 'Panels at cursor' }).click();
  const inspect = page.getByTestId('cmp-inspect');
  await expect(inspect.getByTestId('completion-queue')).toBeVisible();
  await expect(inspect.getByTestId('dim-panel')).toBeVisible();
  await expectNoAlert(page);
});
