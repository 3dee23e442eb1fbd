/**
 * Access for every student (issue 24): axe-core scans of every view (the
 * Simulator, Compare, Sweep, Seed 2012, Lessons and the lesson editor) with
 * no serious or critical violation, at a laptop's 1366x768, in projector mode
 * at 1920x1080 and on a 390x844 phone; no table needs sideways scrolling at
 * 1366x768 or in projector mode at 1920x1080, and on a phone the page itself
 * never scrolls sideways; no menu, field or button sticks out of its panel,
 * and no menu cuts its chosen entry (cutMenus in helpers.ts); the transport row does not move while playing; the
 * first Tab stop skips to the lesson; on the Lessons tab the lesson comes
 * before the panels in Tab order; projector mode keeps the lesson picker;
 * with prefers-reduced-motion nothing animates and nothing scrolls by itself.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { cutMenus, nowNs, openApp, selectedInterrupt, settled, shot, timelineWindow } from './helpers';

const VIEWS = ['Simulator', 'Compare', 'Sweep', 'Seed 2012', 'Lessons'] as const;

/** Open a view and wait until what it shows has settled (the Seed view runs its rows in workers). */
async function showView(page: Page, view: (typeof VIEWS)[number]): Promise<void> {
  await page.getByRole('tab', { name: view }).click();
  if (view === 'Seed 2012') await expect(page.getByTestId('sim-qemu72-on')).not.toHaveText('…', { timeout: 30_000 });
  if (view === 'Compare') await expect(page.getByRole('button', { name: /^Run/ }).first()).toBeVisible();
  if (view === 'Sweep') await expect(page.getByRole('button', { name: /^Run/ }).first()).toBeVisible();
}

/** Serious and critical axe violations, one line each (rule, count, first targets). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Every visible box that scrolls sideways, and the page if it does. */
async function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const docW = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > docW) out.push(`page ${document.documentElement.scrollWidth} > ${docW} px`);
    for (const el of document.querySelectorAll<HTMLElement>('.table-scroll, table')) {
      if (el.getClientRects().length === 0) continue;
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') out.push(`${el.className || el.tagName} ${el.scrollWidth} > ${el.clientWidth} px`);
      if (el.getBoundingClientRect().right > docW + 1) out.push(`${el.className || el.tagName} ends at ${Math.round(el.getBoundingClientRect().right)} px, past ${docW} px`);
    }
    return out;
  });
}

/** Every shown control (menu, field, button) that sticks out past the right edge of its panel. */
async function controlsPastTheirPanel(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('select, input, textarea, button')]
      .filter((e) => e.getClientRects().length > 0)
      .flatMap((e) => {
        const panel = e.closest('.panel');
        if (!panel) return [];
        const right = e.getBoundingClientRect().right;
        const edge = panel.getBoundingClientRect().right;
        const name = e.getAttribute('aria-label') ?? e.id ?? '';
        return right > edge + 1 ? [`${e.tagName.toLowerCase()} ${name} in ${panel.className} ends at ${Math.round(right)} px, past ${Math.round(edge)} px`] : [];
      }),
  );
}

for (const fit of [
  { name: 'laptop 1366x768', width: 1366, height: 768, projector: false },
  { name: 'projector 1920x1080', width: 1920, height: 1080, projector: true },
  { name: 'phone 390x844', width: 390, height: 844, projector: false },
]) {
  test(`access (${fit.name}): every view passes axe with no serious or critical violation, and no table scrolls sideways`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: fit.width, height: fit.height });
    await openApp(page);
    if (fit.projector) await page.getByRole('button', { name: 'Projector mode' }).click();
    for (const view of VIEWS) {
      await showView(page, view);
      expect(await seriousViolations(page), `${fit.name}, ${view}: axe`).toEqual([]);
      expect(await sidewaysScrollers(page), `${fit.name}, ${view}: sideways scrolling`).toEqual([]);
      expect(await controlsPastTheirPanel(page), `${fit.name}, ${view}: controls past their panel`).toEqual([]);
      expect(await cutMenus(page), `${fit.name}, ${view}: menus that cut their chosen entry`).toEqual([]);
      if (view === 'Seed 2012') await shot(page, `access-${fit.width}-seed`);
    }
    // The lesson editor.
    await page.getByRole('button', { name: 'Edit lesson' }).click();
    await expect(page.getByRole('textbox', { name: 'Lesson JSON' })).toBeVisible();
    expect(await seriousViolations(page), `${fit.name}, lesson editor: axe`).toEqual([]);
    expect(await sidewaysScrollers(page), `${fit.name}, lesson editor: sideways scrolling`).toEqual([]);
  });
}

test('access: on a phone the Seed tables are cards of "heading: value" lines within the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await showView(page, 'Seed 2012');
  const table = page.getByTestId('seed-72-table');
  const box = (await table.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  // The simulated TX cell of the mitigated row says what it is.
  await expect(page.getByTestId('sim-qemu72-on')).toHaveAttribute('data-label', 'TX simulated');
  const before = await page.getByTestId('sim-qemu72-on').evaluate((el) => getComputedStyle(el, '::before').content);
  expect(before).toBe('"TX simulated"');
});

test('access: the transport row keeps its place while playing (Play/Pause, the time text, the sliders)', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  const boxes = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.transport button, .transport input, .transport output')].map((e) => {
        const r = e.getBoundingClientRect();
        return `${e.tagName} x=${Math.round(r.x)} w=${Math.round(r.width)} y=${Math.round(r.y)}`;
      }),
    );
  const before = await boxes();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText('❚❚ Pause');
  for (let i = 0; i < 8; i++) {
    await page.waitForTimeout(250);
    expect(await boxes(), `after ${(i + 1) * 250} ms of play`).toEqual(before);
  }
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText('▶ Play');
  expect(await boxes()).toEqual(before);
});

test('access: the first Tab stop skips the header and tabs to the lesson', async ({ page }) => {
  await openApp(page, '#l1.rdtr-starved.0');
  await expect(page.getByTestId('lesson-panel')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to the lesson' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-panel')).toBeFocused();
  // The next Tab stop is inside the lesson panel, not in the header.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="lesson-panel"]'))).toBe(true);
});

test('access: the timeline has a text description a screen reader reads (interrupts in the window, causes, gaps)', async ({ page }) => {
  await openApp(page);
  await page.getByRole('slider', { name: 'Time', exact: true }).focus();
  await page.keyboard.press('End');
  const canvas = page.getByTestId('timeline-canvas');
  // The default scenario: RADV's interrupt at 42.77 µs (src/ui/explain.test.ts) is in the window.
  await expect(canvas).toHaveAccessibleDescription(/interrupts? from .*: at 42\.77 µs \(RXT0\)/);
  await page.getByText('The window in words').click();
  await expect(page.getByTestId('timeline-words')).toContainText('42.77 µs (RXT0)');
});

test('access: the Time slider\'s arrows move the clock by 1 % of the run, Page Up/Down by 10 % (not 1 ns)', async ({ page }) => {
  await openApp(page);
  const bar = page.getByRole('slider', { name: 'Time', exact: true });
  await bar.focus();
  await bar.press('Home');
  // The default scenario runs 200 µs: 1 % is 2 µs, 10 % 20 µs.
  await bar.press('ArrowRight');
  await expect.poll(() => nowNs(page)).toBe(2_000);
  await bar.press('PageUp');
  await expect.poll(() => nowNs(page)).toBe(22_000);
  await bar.press('ArrowLeft');
  await expect.poll(() => nowNs(page)).toBe(20_000);
});

test('access: on the Lessons tab the lesson comes before the panels in Tab order: Reveal is the 26th stop from the top (it was the 55th)', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, '#l1.rdtr-starved.0');
  await expect(page.getByRole('button', { name: 'Reveal the answer' })).toBeVisible();
  const stops: string[] = [];
  for (let i = 0; i < 80 && !stops.at(-1)?.startsWith('BUTTON Reveal'); i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        const where = e.closest('.panels, .metrics-panel, .lesson-panel, .transport, .top')?.className.split(' ').at(-1) ?? '';
        return `${e.tagName} ${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 30)} [${where}]`;
      }),
    );
  }
  // Skip link, the tabs, six header actions, the transport's six, then the lesson's own stops.
  expect(stops.at(-1), stops.join(' | ')).toMatch(/^BUTTON Reveal the answer/);
  expect(stops.length, stops.join(' | ')).toBeLessThanOrEqual(26);
  // None of them is in the simulator's panels (timeline tools, ICR bits, timers, metric cards): those come after the lesson.
  expect(stops.filter((s) => /\[(panels|metrics-panel)\]$/.test(s))).toEqual([]);
});

test('access: in projector mode the lesson picker is shown, on the Previous/Next row, and picks a lesson', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, '#l1.rdtr-starved.0');
  await page.getByRole('button', { name: 'Projector mode' }).click();
  const pick = page.getByLabel('Choose a lesson');
  await expect(pick).toBeVisible();
  const row = (await page.getByRole('button', { name: 'Next ▶' }).boundingBox())!;
  const box = (await pick.boundingBox())!;
  expect(Math.abs(box.y + box.height / 2 - (row.y + row.height / 2))).toBeLessThan(6);
  await pick.selectOption({ index: 3 });
  await expect(page.getByTestId('lesson-count')).toHaveText(/^Lesson 4 of \d+$/);
  await expect(page).toHaveURL(/#l1\.[\w-]+\.0$/);
});

/** What is animating now: CSS animations and transitions (document.getAnimations), and elements with a running one. */
async function motion(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...document.getAnimations().map((a) => `${a.constructor.name} ${(a as CSSAnimation).animationName ?? (a as CSSTransition).transitionProperty ?? ''}`),
    ...[...document.querySelectorAll<HTMLElement>('body *')]
      .filter((e) => getComputedStyle(e).animationName !== 'none' || !/^(0s,? ?)+$/.test(getComputedStyle(e).transitionDuration))
      .map((e) => `${e.tagName}.${e.className}: ${getComputedStyle(e).animationName} ${getComputedStyle(e).transitionDuration}`),
  ]);
}

test('access: with prefers-reduced-motion no CSS animation or transition runs (the timers\' restart flash), and playing with follow never scrolls the page', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  /** Step until a frame has restarted RDTR: its bar's fill gets the restart flash (TimersPanel, styles.css @keyframes restart). */
  const stepToRestart = async () => {
    const fill = page.locator('.bar .fill.restarted').first();
    for (let i = 0; i < 60 && (await fill.count()) === 0; i++) await page.getByRole('button', { name: 'Step ▶' }).click();
    await expect(fill).toBeAttached();
    return fill;
  };
  // The control: without the preference the restart flash is a CSS animation.
  await openApp(page);
  const flash = await stepToRestart();
  await expect(flash).toHaveCSS('animation-name', 'restart');

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
  const still = await stepToRestart();
  await expect(still).toHaveCSS('animation-name', 'none');
  expect(await motion(page)).toEqual([]);
  // Play fast with follow on: the window follows the clock, more restarts come; nothing animates and the page stays put.
  await expect(page.getByRole('checkbox', { name: 'follow' })).toBeChecked();
  const scrollBefore = await page.evaluate(() => scrollY);
  const speed = page.getByRole('slider', { name: /^Speed/ });
  await speed.focus();
  await speed.press('End');
  await page.getByTestId('play').click();
  const seen = new Set<string>();
  for (let i = 0; i < 12; i++) {
    for (const m of await motion(page)) seen.add(m);
    expect(await page.evaluate(() => scrollY)).toBe(scrollBefore);
    await page.waitForTimeout(150);
  }
  expect([...seen]).toEqual([]);
});

test('access: two lines in one plot differ by more than hue: the Seed view\'s Linux line (and its key) is dashed, lem\'s solid', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Seed 2012' }).click();
  const plot = page.getByTestId('seed-curve-kvm');
  await expect(plot.locator('path.line')).toHaveCount(2);
  const dashes = await plot.locator('path.line').evaluateAll((ps) => ps.map((p) => getComputedStyle(p).strokeDasharray));
  expect(dashes[0]).toBe('none');
  expect(dashes[1]).not.toBe('none');
  const keys = await page.locator('.seed-curves .plot-legend').first().locator('li > i').evaluateAll((is) => is.map((i) => getComputedStyle(i).backgroundImage));
  expect(keys[0]).toBe('none');
  expect(keys[1]).toContain('repeating-linear-gradient');
});

test.describe('access: on a touch screen', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });

  test('the timeline: a sideways drag pans it, two fingers pinch it, a tap on an interrupt explains it; the help speaks of fingers', async ({ page }) => {
    await openApp(page);
    const view = () => timelineWindow(page);
    const selected = () => selectedInterrupt(page);
    await expect(page.getByTestId('timeline')).toContainText('Drag sideways to pan, pinch to zoom, or use the buttons; tap an interrupt (▼) to see why it fired.');
    await expect(page.getByTestId('explain')).toContainText('Tap an interrupt marker (▼)');
    expect(await page.getByTestId('timeline-canvas').evaluate((c) => getComputedStyle(c).touchAction)).toBe('pan-y');
    // Two interrupts in: the second is the one explained.
    const next = page.getByRole('button', { name: /^Next interrupt/ });
    await next.tap();
    await settled(page);
    const first = await selected();
    await next.tap();
    await settled(page);
    const second = await selected();
    expect(first).not.toBeNull();
    expect(second).toBeGreaterThan(first!);

    const canvas = page.getByTestId('timeline-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const y = box.y + box.height / 2;
    const cdp = await page.context().newCDPSession(page);
    const touch = async (type: 'touchStart' | 'touchMove' | 'touchEnd', xs: number[]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: xs.map((x, id) => ({ x, y, id })) });
    await page.getByRole('checkbox', { name: 'follow' }).uncheck();

    // Pinch: two fingers from 40 px apart to 160 px apart zoom in four times about the point between them.
    const before = await view();
    const mid = box.x + box.width * 0.6;
    await touch('touchStart', [mid - 20, mid + 20]);
    for (const half of [35, 50, 65, 80]) await touch('touchMove', [mid - half, mid + half]);
    await touch('touchEnd', []);
    const zoomed = await view();
    expect((zoomed.t1 - zoomed.t0) / (before.t1 - before.t0)).toBeCloseTo(0.25, 2);
    expect(await selected(), 'a pinch is no tap').toBe(second);

    // One finger 60 px to the right: the window moves earlier in time, as wide as it was.
    await touch('touchStart', [mid]);
    for (const dx of [10, 20, 40, 60]) await touch('touchMove', [mid + dx]);
    await touch('touchEnd', []);
    const panned = await view();
    expect(panned.t1 - panned.t0).toBeCloseTo(zoomed.t1 - zoomed.t0, 0);
    expect(panned.t0).toBeLessThan(zoomed.t0);
    expect(panned.t0, 'not stopped at t = 0').toBeGreaterThan(0);
    expect(await selected(), 'a drag is no tap').toBe(second);
    // The drag tells the plot's scale: 60 px moved the window by (t0 change); the plot ends 8 px before the canvas does.
    const plotWidth = (panned.t1 - panned.t0) / ((zoomed.t0 - panned.t0) / 60);

    // Fit, then a tap on the first interrupt explains it instead of the second.
    await page.getByRole('button', { name: 'Fit' }).tap();
    const fit = await view();
    await canvas.scrollIntoViewIfNeeded();
    const at = (await canvas.boundingBox())!;
    const plotLeft = at.x + at.width - 8 - plotWidth;
    await page.touchscreen.tap(plotLeft + ((first! - fit.t0) / (fit.t1 - fit.t0)) * plotWidth, at.y + at.height / 2);
    await expect.poll(selected).toBe(first);
    await expect(page.getByTestId('explain')).toContainText('Why this interrupt');
    await shot(page, 'touch-timeline');
  });

  test('a tapped tip closes on the next tap elsewhere, and by itself 4 s after the tap (touch sends no pointer leaving)', async ({ page }) => {
    await openApp(page);
    const tipped = page.locator('[data-tip]:visible').first();
    const tip = page.getByRole('tooltip');
    await tipped.tap();
    await expect(tip).toBeVisible();
    // A tap on the page's title (no tip there) closes it.
    await page.locator('h1').first().tap();
    await expect(tip).toHaveCount(0);
    // Tapped again, it closes by itself (TOUCH_TIP_MS = 4 s), well before 6 s.
    await tipped.tap();
    await expect(tip).toBeVisible();
    await page.waitForTimeout(4200);
    await expect(tip).toHaveCount(0, { timeout: 1800 });
  });
});
