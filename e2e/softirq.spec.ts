/**
 * Who re-arms the interrupt, in the browser: the timeline's kernel lane
 * (its lettered marks and their hovers naming the rule), the NAPI hrtimer
 * lane, and the ICR panel's "masked by" line, on the lesson's deferral
 * scenario and a suspension preset. Screenshots go to test-results/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { parseScenario } from '../src/scenario/schema';
import { loadPreset } from '../src/scenario/presets';
import { shareHash } from '../src/scenario/shareLink';
import { LESSONS } from '../src/content/lessons';
import { Simulation } from '../src/core/simulation';
import { TraceKind } from '../src/core/types';
import { NapiEvent } from '../src/core/guest/kernel/napi';
import { expectNoAlert, hoverLane, openApp, settled } from './helpers';

mkdirSync('test-results', { recursive: true });

interface ViewHandle {
  store: { getState(): { setView(v: { t0: number; t1: number; follow: boolean }): void; seek(tNs: number): Promise<void> } };
}

async function showWindow(page: Page, t0Us: number, t1Us: number): Promise<void> {
  await page.evaluate(([t0, t1]) => (window as unknown as { __lab: ViewHandle }).__lab.store.getState().setView({ t0, t1, follow: false }), [t0Us * 1000, t1Us * 1000]);
}

async function seek(page: Page, tUs: number): Promise<void> {
  await page.evaluate((t) => (window as unknown as { __lab: ViewHandle }).__lab.store.getState().seek(t), tUs * 1000);
  await settled(page);
}

const KERNEL_HELP = 'Kernel: who re-armed';

function deferralScenario() {
  const lesson = LESSONS.find((l) => l.id === 'who-rearms')!;
  const p = parseScenario({ ...lesson.scenario, name: 'Kernel lane: deferral' });
  if (!p.ok) throw new Error(p.error);
  return p.value;
}

test('kernel lane: the flush timer re-arms after the deferral, the ICR panel says who holds the mask', async ({ page }) => {
  await openApp(page, shareHash(deferralScenario()));
  await expect(page.getByTestId('scenario-name')).toContainText('Kernel lane');
  const canvas = page.getByTestId('timeline-canvas');
  await expect(canvas).toHaveAttribute('aria-label', /NAPI hrtimer/);
  await expect(canvas).toHaveAttribute('aria-label', /Kernel: who re-armed/);

  // 40 us: the first poll completed at 12.806 us with the count above 0; the kernel's timer runs (until 54.712 us), no poll.
  await seek(page, 40);
  const holder = page.getByTestId('mask-holder');
  await expect(holder).toHaveAttribute('data-holder', 'kernel-deferral');
  await expect(holder).toContainText('Masked by the kernel (deferral');
  await page.getByTestId('icr').screenshot({ path: 'test-results/softirq-icr-kernel.png' });
  // 11 us: the ISR has masked and its poll runs.
  await seek(page, 11);
  await expect(holder).toHaveAttribute('data-holder', 'isr');
  await expect(holder).toContainText("Masked by the driver's ISR");

  await seek(page, 200);
  await showWindow(page, 0, 170);
  // The re-arm at 76.312 us: the third timer poll found the count at 0.
  const tip = await hoverLane(page, KERNEL_HELP, 76.312, 0, 170);
  await expect(tip).toContainText("Re-armed by the flush timer's poll");
  await expect(tip).toContainText('napi_watchdog');
  // The first poll's refusal at 12.806 us.
  const refusal = await hoverLane(page, KERNEL_HELP, 12.806, 0, 170);
  await expect(refusal).toContainText('Unmask refused (napi_complete_done returned false)');
  await expect(refusal).toContainText('napi_defer_hard_irqs');
  await page.mouse.move(0, 0);
  await page.getByTestId('timeline').screenshot({ path: 'test-results/softirq-kernel-lane.png' });
  await expectNoAlert(page);

  // Deferral off from the controls: every frame gets its own interrupt again (10, 20 and 150 us).
  const defer = page.getByLabel('Defer hard IRQs');
  await defer.fill('0');
  await defer.press('Enter');
  await settled(page);
  await seek(page, 200);
  await expect(page.getByTestId('interrupt-count')).toHaveText('3');
  await defer.locator('xpath=ancestor::fieldset[1]').screenshot({ path: 'test-results/softirq-controls.png' });
  await showWindow(page, 0, 170);
  const base = await hoverLane(page, KERNEL_HELP, 20 + 2.806, 0, 170);
  await expect(base).toContainText("Re-armed by the hard interrupt's poll");
  await expectNoAlert(page);
});

test('kernel lane: IRQ suspension on when epoll_wait returns events (server-suspend10-low)', async ({ page }) => {
  const preset = loadPreset('server-suspend10-low');
  if (!preset.ok) throw new Error(preset.error);
  const scenario = { ...preset.value, durationUs: 2000 };
  // Where the first suspension starts, from the same core the worker runs.
  const sim = new Simulation(scenario);
  sim.advanceTo(2_000_000);
  const suspend = sim.trace.records().find((r) => r.kind === TraceKind.NAPI && r.a === NapiEvent.SUSPEND)!;
  expect(suspend).toBeDefined();
  const tUs = suspend.tNs / 1000;
  const t0 = Math.max(0, tUs - 20);
  const t1 = tUs + 20;

  await openApp(page, shareHash(scenario));
  await seek(page, 2000);
  await showWindow(page, t0, t1);
  const tip = await hoverLane(page, KERNEL_HELP, tUs, t0, t1);
  await expect(tip).toContainText('IRQ suspension on');
  await expect(tip).toContainText('napi_suspend_irqs');
  await page.mouse.move(0, 0);
  await page.getByTestId('timeline').screenshot({ path: 'test-results/softirq-suspend-lane.png' });
  await expect(page.getByTestId('metric-req-p99')).toBeVisible();
  await page.getByTestId('metrics').screenshot({ path: 'test-results/softirq-metrics.png' });
  await expectNoAlert(page);
});

test('lesson "Who turns interrupts back on?": predict the next interrupt, reveal, on one 1920x1080 screen', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, '#l1.who-rearms.0');
  await expect(page.getByTestId('lesson-title')).toHaveText('Who turns interrupts back on?');
  await settled(page);
  const oneScreen = async (where: string) => {
    const m = await page.evaluate(() => ({ sh: document.documentElement.scrollHeight, ih: innerHeight, sw: document.documentElement.scrollWidth, iw: innerWidth }));
    expect(m.sh, `${where}: page height`).toBeLessThanOrEqual(m.ih);
    expect(m.sw, `${where}: page width`).toBeLessThanOrEqual(m.iw);
  };
  await oneScreen('loaded');
  const q = page.getByTestId('lesson-question');
  await expect(q).toContainText('Press Play: the clock stops at');
  await page.getByTestId('play').click();
  await expect(q).not.toContainText('Press Play', { timeout: 15_000 });
  await settled(page);
  await oneScreen('question');
  // The guess a student might make: the second frame's own instant.
  await q.getByLabel('Your prediction (µs)').fill('20');
  await q.getByRole('button', { name: 'Reveal and play on' }).click();
  await expect(page.getByTestId('lesson-answer')).toContainText('76.312');
  await expect(page.getByTestId('lesson-verdict')).toContainText('off');
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await settled(page);
  await oneScreen('at the end');
  await page.screenshot({ path: 'test-results/softirq-lesson.png' });
  await expectNoAlert(page);
});

test('Compare example: the IRQ-suspension cases at 200 K requests/s, with the server rows', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Example comparisons').selectOption('server-mitigation-high');
  await expect(page.getByTestId('cmp-lane')).toHaveCount(6, { timeout: 60_000 });
  await expect(page.getByText('napi_defer_hard_irqs 100 instead of 0').first()).toBeVisible();
  const view = page.locator('body');
  await expect(view).toContainText('request p99 latency', { timeout: 60_000 });
  await expect(view).toContainText('suspend10');
  await expect(view).toContainText('prefer-busy-poll');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/softirq-compare.png', fullPage: true });
  await expectNoAlert(page);
});

test('kernel lane in projector mode', async ({ page }) => {
  await openApp(page, shareHash(deferralScenario()));
  await page.getByRole('button', { name: 'Projector mode' }).click();
  await seek(page, 200);
  await showWindow(page, 0, 170);
  await expect(page.getByTestId('timeline-canvas')).toHaveAttribute('aria-label', /Kernel: who re-armed/);
  await page.mouse.move(0, 0);
  await page.getByTestId('timeline').screenshot({ path: 'test-results/softirq-kernel-lane-projector.png' });
  await expectNoAlert(page);
});
