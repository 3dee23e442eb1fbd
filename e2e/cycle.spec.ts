/**
 * Where each interrupt cycle goes, in the browser: the QEMU main-loop
 * wake-up lane after the mitigation window, the guest-mask lane with the
 * time the line waited for the guest's IMS write, the "why this interrupt"
 * paragraph, and the Seed 2012 view's cycle breakdown of QEMU 7.2 table A.
 */
import { expect, test, type Page } from '@playwright/test';
import { testScenario } from '../src/core/testScenario';
import { shareHash } from '../src/scenario/shareLink';
import { expectNoAlert, hoverLane, openApp, settled, waitReady } from './helpers';

interface ViewHandle {
  store: { getState(): { setView(v: { t0: number; t1: number; follow: boolean }): void } };
}

/** Show [t0Us, t1Us] on the timeline, not following the clock. */
async function showWindow(page: Page, t0Us: number, t1Us: number): Promise<void> {
  await page.evaluate(([t0, t1]) => (window as unknown as { __lab: ViewHandle }).__lab.store.getState().setView({ t0, t1, follow: false }), [t0Us * 1000, t1Us * 1000]);
}

/** Step to the next interrupt `n` times (Shift+→), which also selects it for the explanation. */
async function stepToInterrupts(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Shift+ArrowRight');
    await settled(page);
  }
}


test('QEMU 7.2, mitigation on: the main-loop wake-up follows each window, the guest unmasks at once, and the paragraph says so', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption('qemu72-tcg-tx-on');
  await waitReady(page);
  await expect(page.getByTestId('scenario-name')).toContainText('QEMU 7.2 TCG, mitigation on');

  // Lanes: the wake-up right under the window, and the guest's mask.
  const canvas = page.getByTestId('timeline-canvas');
  await expect(canvas).toHaveAttribute('aria-label', /lanes RX frames, TX frames, QEMU window, main-loop wake-up \(host\), ICR causes set, Interrupts, Guest mask \(IMC→IMS\), Guest vCPU/);
  await expect(page.getByTestId('timeline-key')).toContainText('waiting for the guest to unmask');

  // The delay timers panel has the wake-up row, with the profile's figure and what it is.
  const timers = page.getByRole('region', { name: 'Delay timers' });
  const wakeRow = timers.getByTestId('timer-main-loop wake-up (host)');
  await expect(wakeRow).toContainText('QEMU 7.2 TCG on a 2-core host: 42.7 µs late');
  await wakeRow.hover();
  await expect(page.getByRole('tooltip')).toContainText('sleeps in ppoll');
  await expect(page.getByRole('tooltip')).toContainText('wakes about 42.7 µs late (measured');

  // The second interrupt waited for the window and for the main loop.
  await stepToInterrupts(page, 2);
  const explain = page.getByTestId('explain');
  await expect(explain).toContainText(
    "QEMU's mitigation window, opened at 8.733 µs, was due 128 µs later at 136.7 µs; QEMU's main-loop thread ran its callback 42.7 µs after that (host timer wake-up), so the line asserted at 179.4 µs",
  );
  await showWindow(page, 0, 200);
  const wakeTip = await hoverLane(page, 'QEMU main-loop wake-up (host):', 160, 0, 200);
  await expect(wakeTip).toContainText('QEMU main loop waking: started at 136.7 µs, due at 179.4 µs; fired at 179.4 µs after 42.7 µs.');
  const maskTip = await hoverLane(page, 'Guest mask (IMC→IMS):', 13.7, 0, 200);
  await expect(maskTip).toContainText('The guest masked interrupts (IMC) at 12.73 µs and unmasked them (IMS) at 14.76 µs, 2.03 µs later.');
  await page.mouse.move(0, 0);
  await page.getByTestId('timeline').screenshot({ path: '/tmp/cycle-qemu72-timeline.png' });
  await expectNoAlert(page);
});

test('a slow guest still polling when the window ends: the mask lane shows the wait for its IMS write', async ({ page }) => {
  // qemu-2013, linux-e1000 under tcg-2012 costs (injection calibrated on the seed's baseline rows), a frame every 20 µs:
  // the 128 µs window ends while the driver polls, masked.
  const scenario = testScenario({
    name: 'Unmask wait: qemu-2013, linux-e1000, tcg-2012, RX 50,000/s',
    durationUs: 2000,
    device: { model: 'qemu-2013' },
    guest: { driver: 'linux-e1000', costs: 'tcg-2012' },
    rx: { pattern: 'constant', pps: 50_000, bytes: 64, startUs: 0 },
  });
  await openApp(page, shareHash(scenario));
  await expect(page.getByTestId('scenario-name')).toContainText('Unmask wait');
  await stepToInterrupts(page, 3);
  await expect(page.getByTestId('explain')).toContainText(
    'the driver had masked interrupts (IMC) while polling and re-enabled them by writing IMS at 399.6 µs.',
  );
  await expect(page.getByTestId('explain')).toContainText('the line then waited 73.81 µs after the window ended, for the IMS write.');
  await showWindow(page, 0, 400);
  const tip = await hoverLane(page, 'Guest mask (IMC→IMS):', 150, 0, 400);
  await expect(tip).toContainText('Waiting for the guest to unmask: 69.81 µs, from 128 µs (the QEMU mitigation window ended, with a cause pending) until the IMS write at 197.8 µs');
  await page.mouse.move(0, 0);
  await page.getByTestId('timeline').screenshot({ path: '/tmp/cycle-unmask-timeline.png' });
  // The wake-up lane is there for the model, empty: tcg-2012 measured no wake-up.
  await expect(page.getByRole('region', { name: 'Delay timers' }).getByTestId('timer-main-loop wake-up (host)')).toContainText('QEMU TCG, 2012 (software emulation): 0 µs late');
  await expectNoAlert(page);
});

test('Seed 2012: QEMU 7.2 table A with each interrupt cycle split into window, main-loop wake-up, unmask wait and other', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Seed 2012' }).click();
  await expect(page.getByTestId('sim-irq-qemu72-on')).toHaveText(/^\d{1,3}(,\d{3})*$/);
  await expect(page.getByTestId('cycle-window-qemu72-on')).toHaveText('128.0 µs');
  await expect(page.getByTestId('cycle-wake-qemu72-on')).toHaveText('42.7 µs');
  await expect(page.getByTestId('cycle-unmask-qemu72-on')).toHaveText('0.0 µs');
  await expect(page.getByTestId('cycle-mean-qemu72-on')).toHaveText('170.7 µs');
  // Without mitigation there is no window: the cycle is one frame's work.
  await expect(page.getByTestId('cycle-window-qemu72-off')).toHaveText('0.0 µs');
  await expect(page.getByTestId('cycle-story')).toContainText('where the 128.0 µs window alone would allow 7,813/s');
  await page.locator('section[aria-labelledby="h-seed-72"]').screenshot({ path: '/tmp/cycle-seed.png' });
  await expectNoAlert(page);
});
