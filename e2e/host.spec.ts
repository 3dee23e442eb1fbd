/**
 * The host model in the browser: the host lane (QEMU's main loop, the vCPU
 * thread, frames waiting in the host socket), the Host fieldset in the
 * controls, and the lesson "Give QEMU's main loop its own core".
 * Screenshots go to test-results/ to be looked at.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { parseScenario } from '../src/scenario/schema';
import { qemu72Rx } from '../src/content/presets';
import { shareHash } from '../src/scenario/shareLink';
import { expectNoAlert, hoverLane, openApp, settled } from './helpers';

mkdirSync('test-results', { recursive: true });

interface ViewHandle {
  store: { getState(): { setView(v: { t0: number; t1: number; follow: boolean }): void; seek(tNs: number): Promise<void> } };
}

async function showWindow(page: Page, t0Us: number, t1Us: number): Promise<void> {
  await page.evaluate(([t0, t1]) => (window as unknown as { __lab: ViewHandle }).__lab.store.getState().setView({ t0, t1, follow: false }), [t0Us * 1000, t1Us * 1000]);
}

function trainScenario() {
  const base = qemu72Rx('qemu-2012', 'shared', 3, 45_000, 2000);
  const p = parseScenario({ v: 1, name: 'Host lane: trains into one shared core', ...base, traffic: { rx: { pattern: 'train', frames: 7, spacingUs: 14.5, pauseUs: 125, bytes: 64 } } });
  if (!p.ok) throw new Error(p.error);
  return p.value;
}

test('host lane: on one shared core the main loop waits while the vCPU thread runs; a core each, it does not', async ({ page }) => {
  await openApp(page, shareHash(trainScenario()));
  await expect(page.getByTestId('scenario-name')).toContainText('Host lane');
  const canvas = page.getByTestId('timeline-canvas');
  await expect(canvas).toHaveAttribute('aria-label', /Guest vCPU, Host: main loop \/ vCPU thread/);
  await expect(page.getByTestId('timeline-key')).toContainText('host: frames waiting in the host socket');
  const hostField = page.getByLabel('QEMU main loop and vCPU thread');
  await expect(hostField).toHaveValue('shared');

  await page.keyboard.press('End');
  await settled(page);
  await page.evaluate(() => (window as unknown as { __lab: ViewHandle }).__lab.store.getState().seek(2_000_000));
  await settled(page);
  await showWindow(page, 0, 700);
  // Frames of the first train arrive 14.5 us apart from 0; the guest's first cycle runs from 12 us, the next frames wait.
  const tip = await hoverLane(page, 'Host (the scenario', 30, 0, 700);
  await expect(tip).toContainText('QEMU main loop runnable, waiting for the core; vCPU thread running the guest');
  await page.mouse.move(0, 0);
  await page.getByTestId('timeline').screenshot({ path: 'test-results/host-lane-shared.png' });

  await hostField.selectOption('separate');
  await settled(page);
  await page.evaluate(() => (window as unknown as { __lab: ViewHandle }).__lab.store.getState().seek(2_000_000));
  await settled(page);
  await showWindow(page, 0, 700);
  const tip2 = await hoverLane(page, 'Host (the scenario', 30, 0, 700);
  await expect(tip2).not.toContainText('waiting for the core');
  await page.mouse.move(0, 0);
  await page.getByTestId('timeline').screenshot({ path: 'test-results/host-lane-separate.png' });
  await page.locator('fieldset.host').screenshot({ path: 'test-results/host-controls.png' });
  await expectNoAlert(page);
});

test("lesson: Give QEMU's main loop its own core", async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Lessons' }).click();
  const title = page.getByTestId('lesson-title');
  for (let i = 0; i < 30 && (await title.textContent()) !== "Give QEMU's main loop its own core"; i++) await page.getByRole('button', { name: 'Next ▶' }).click();
  await expect(title).toHaveText("Give QEMU's main loop its own core");
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toContainText('The guest takes 3.5 frames per interrupt');
  await expect(panel).toContainText('1.4 frames per interrupt');
  await page.getByRole('button', { name: 'Load this lesson' }).click();
  await expect(page.getByTestId('scenario-name')).toContainText("Lesson: Give QEMU's main loop its own core");
  await settled(page);
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await settled(page);
  await showWindow(page, 1000, 1700);
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/host-lesson.png', fullPage: true });
  await expectNoAlert(page);
});
