import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { interrupts, nowNs, openApp, settled, shot, timeBarEnd, waitReady } from './helpers';

interface Handle {
  __lab: { store: { getState(): { scenario: { console?: { tUs: number; op: string; reg: string; value?: number }[]; device: { regs: Record<string, number> } } } }; shareUrl(): string };
}

const consoleOps = (page: Page) => page.evaluate(() => (window as unknown as Handle).__lab.store.getState().scenario.console ?? []);
const shareUrl = (page: Page) => page.evaluate(() => (window as unknown as Handle).__lab.shareUrl());

/** What the command line says about a link: its interrupt count. */
function cliInterrupts(url: string): number {
  const out = execFileSync('npx', ['tsx', 'src/cli/sim.ts', '--url', url, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(out) as { interrupts: unknown[] }).interrupts.length;
}

/** Run to the second interrupt with the keyboard; returns the instant (ns). */
async function toSecondInterrupt(page: Page): Promise<number> {
  await openApp(page);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => interrupts(page)).toBe(2);
  const t = await nowNs(page);
  expect(t).toBeGreaterThan(0);
  return t;
}

async function setRaw(page: Page, reg: string, value: number): Promise<void> {
  const box = page.getByLabel(`${reg} raw register value`);
  await box.fill(String(value));
  await box.press('Enter');
  await settled(page);
}

test('a register changed past t = 0 is a timed write: in the console list, on the timeline, and the link, a fresh page and the CLI give the screen\'s count', async ({ page, context }) => {
  const t = await toSecondInterrupt(page);

  await setRaw(page, 'RADV', 0);
  await expect(page.getByTestId('reg-RADV')).toContainText('raw 0');
  // The write is at this instant in the scenario's console list; the scenario's starting RADV is untouched.
  expect(await consoleOps(page)).toEqual([{ tUs: t / 1000, op: 'write', reg: 'RADV', value: 0 }]);
  expect(await page.evaluate(() => (window as unknown as Handle).__lab.store.getState().scenario.device.regs.RADV)).toBe(32);
  await page.keyboard.press('f');
  await page.getByTestId('timeline').screenshot({ path: 'test-results/timed-write-marker.png' });

  await timeBarEnd(page);
  await expect.poll(() => page.getByTestId('now').textContent()).toContain('t = 200 µs');
  await settled(page);
  const onScreen = Number(await page.getByTestId('interrupt-count').innerText());
  const url = await shareUrl(page);
  expect(cliInterrupts(url)).toBe(onScreen);

  const fresh = await context.newPage();
  await fresh.goto(url);
  await waitReady(fresh);
  await expect(fresh.getByTestId('interrupt-count')).toHaveText(String(onScreen));
  await fresh.close();
});

test('"from the start" changes the scenario\'s register and re-runs to the same instant; the link and the CLI agree', async ({ page }) => {
  const t = await toSecondInterrupt(page);
  await page.getByRole('radio', { name: 'from the start' }).check();
  await setRaw(page, 'RADV', 0);
  await expect(page.getByTestId('reg-RADV')).toContainText('raw 0');
  expect(await consoleOps(page)).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as Handle).__lab.store.getState().scenario.device.regs.RADV)).toBe(0);
  expect(await nowNs(page)).toBe(t);
  await timeBarEnd(page);
  await expect.poll(() => page.getByTestId('now').textContent()).toContain('t = 200 µs');
  await settled(page);
  expect(cliInterrupts(await shareUrl(page))).toBe(Number(await page.getByTestId('interrupt-count').innerText()));
});

test('stepping back shows what a fresh load at that instant shows', async ({ page, context }) => {
  await openApp(page);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => interrupts(page)).toBe(1);
  await page.keyboard.press('ArrowLeft');
  await settled(page);
  const icr = page.getByRole('region', { name: 'Interrupt causes (ICR)' });
  const seen = { line: await icr.getByTestId('line-state').innerText(), count: await icr.getByTestId('interrupt-count').innerText(), bits: await icr.locator('.bits').innerText() };
  expect(seen.count).toBe('0');
  expect(seen.line).not.toContain('just fired');

  const fresh = await context.newPage();
  await fresh.goto(await shareUrl(page));
  await waitReady(fresh);
  const icr2 = fresh.getByRole('region', { name: 'Interrupt causes (ICR)' });
  await expect(icr2.getByTestId('interrupt-count')).toHaveText(seen.count);
  await expect(icr2.getByTestId('line-state')).toHaveText(seen.line);
  await expect.poll(() => icr2.locator('.bits').innerText()).toBe(seen.bits);
  await shot(page, 'truth-step-back');
  await fresh.close();
});

test('a rate never reads above the cap printed beside it, and no RX frame means no latency', async ({ page }) => {
  await openApp(page);
  // Before any frame is taken there is no latency to show.
  await expect(page.getByTestId('metric-p99')).toContainText('none taken');
  // ITR 50 from the start (12.8 µs apart at most 78,125/s) on a flood of frames.
  await page.getByRole('radio', { name: 'from the start' }).check();
  await setRaw(page, 'RDTR', 0);
  await setRaw(page, 'ITR', 50);
  await timeBarEnd(page);
  await expect.poll(() => page.getByTestId('now').textContent()).toContain('t = 200 µs');
  await settled(page);
  const read = async (testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/[^0-9.]/g, ''));
  const theory = Number((await page.getByTestId('theory').innerText()).replace(/[^0-9.]/g, ''));
  const measured = Number((await page.getByTestId('metric-irq').locator('.value').innerText()).replace(/[^0-9.]/g, ''));
  expect(theory).toBeGreaterThan(0);
  expect(measured).toBeGreaterThan(0);
  expect(measured).toBeLessThanOrEqual(theory);
  await expect(page.getByTestId('metric-irq')).toHaveAttribute('data-tip', /\(interrupts − 1\) ÷ time so far/);
  expect(await read('interrupt-count')).toBeGreaterThan(1);
});
