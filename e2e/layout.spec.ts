/**
 * The Simulator on one screen, and no cut text (issue 24, ux-walk items 2 and 6).
 *
 * - At 1920x1080, in normal and in projector mode, the timeline and the key
 *   panels (RX and TX rings, ICR or completion queues, delay timers, metrics)
 *   end within the first screen for every preset, at its start, after "Next
 *   interrupt" (the explanation shown under the timeline) and at its end; the
 *   page never scrolls sideways. Before this layout the projected page was
 *   4,081 px tall with the timeline at y = 1,310.
 * - No text is cut: no element that clips its overflow (overflow hidden or
 *   clip, an ellipsis, a line clamp) holds more text than it shows, in every
 *   view at 1920x1080 in projector mode and at 1366x768, for every preset and
 *   every lesson. No menu is narrower than its chosen entry, unless it ends
 *   the entry with an ellipsis and the text describing it holds the name
 *   whole (cutMenus in helpers.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { cutMenus, openApp, settled, shot } from './helpers';

const KEY_PANELS = ['.timeline-panel', '.ring-panel', '.icr-panel', '.cq-panel', '.timers-panel', '.metrics-panel'];

/** Where each shown key panel ends (px from the top of the page), and the page's size. */
async function keyPanelBottoms(page: Page): Promise<{ bottoms: Record<string, number>; scrollWidth: number; innerWidth: number; innerHeight: number }> {
  return page.evaluate((sels) => {
    const bottoms: Record<string, number> = {};
    for (const sel of sels) {
      for (const e of document.querySelectorAll<HTMLElement>(sel)) {
        if (e.getClientRects().length === 0) continue;
        bottoms[sel] = Math.max(bottoms[sel] ?? 0, Math.round(e.getBoundingClientRect().bottom + scrollY));
      }
    }
    return { bottoms, scrollWidth: document.documentElement.scrollWidth, innerWidth, innerHeight };
  }, KEY_PANELS);
}

async function expectKeyPanelsOnFirstScreen(page: Page, where: string): Promise<void> {
  const m = await keyPanelBottoms(page);
  for (const sel of ['.timeline-panel', '.ring-panel', '.timers-panel', '.metrics-panel']) expect(m.bottoms[sel], `${where}: ${sel} shown`).toBeGreaterThan(0);
  expect(m.bottoms['.icr-panel'] ?? m.bottoms['.cq-panel'], `${where}: a cause panel shown`).toBeGreaterThan(0);
  const below = Object.entries(m.bottoms).filter(([, y]) => y > m.innerHeight);
  if (below.length) await shot(page, `layout-below-${where.replace(/\W+/g, '-')}`);
  expect(below, `${where}: panels ending below the first ${m.innerHeight} px`).toEqual([]);
  expect(m.scrollWidth, `${where}: page width`).toBeLessThanOrEqual(m.innerWidth);
}

/** Every shown element that clips its text and holds more than it shows (folded lesson steps included: they show a whole sentence). */
async function cutText(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((e) => {
        if (e.getClientRects().length === 0 || e.clientWidth <= 1 || !e.textContent?.trim()) return false;
        const cs = getComputedStyle(e);
        const clipsX = cs.overflowX === 'hidden' || cs.overflowX === 'clip' || cs.textOverflow === 'ellipsis';
        const clamp = cs.webkitLineClamp !== '' && cs.webkitLineClamp !== 'none';
        const clipsY = clamp || cs.overflowY === 'hidden' || cs.overflowY === 'clip';
        return (clipsX && e.scrollWidth > e.clientWidth + 1) || (clipsY && e.scrollHeight > e.clientHeight + 1);
      })
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}): "${e.textContent!.trim().slice(0, 70)}"`),
  );
}

async function expectNoCutText(page: Page, where: string): Promise<void> {
  const cut = [...(await cutText(page)), ...(await cutMenus(page))];
  if (cut.length) await shot(page, `layout-cut-${where.replace(/\W+/g, '-')}`);
  expect(cut, `${where}: cut text`).toEqual([]);
}

/** The header's scenario name is whole: within the screen, and not under the header's buttons (it was cut by Embed). */
async function expectNameClear(page: Page, where: string): Promise<void> {
  const name = (await page.getByTestId('scenario-name').boundingBox())!;
  const vw = page.viewportSize()!.width;
  expect(name.x + name.width, `${where}: the scenario name ends within the screen`).toBeLessThanOrEqual(vw);
  const boxes = await page.locator('.top-actions > *').evaluateAll((es) => es.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  const overlaps = boxes.filter((b) => b.x < name.x + name.width && name.x < b.x + b.width && b.y < name.y + name.height && name.y < b.y + b.height);
  expect(overlaps, `${where}: header buttons over the scenario name`).toEqual([]);
}

async function toEnd(page: Page): Promise<void> {
  const bar = page.getByRole('slider', { name: 'Time', exact: true });
  await bar.focus();
  await bar.press('End');
  await settled(page);
}

for (const projector of [false, true]) {
  const mode = projector ? 'projector' : 'normal';
  test(`layout (${mode}): at 1920x1080 the Simulator's timeline, rings, ICR, timers and metrics are on the first screen for every preset, and no text is cut`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openApp(page);
    if (projector) await page.getByRole('button', { name: 'Projector mode' }).click();
    await page.mouse.move(0, 0);
    await expectKeyPanelsOnFirstScreen(page, `${mode} default at 0`);
    await expectNameClear(page, `${mode} default`);
    // The timeline is right under the transport bar, and starts in the first third of the screen.
    const timeline = (await page.getByTestId('timeline').boundingBox())!;
    const transport = (await page.getByRole('group', { name: 'Playback' }).boundingBox())!;
    expect(timeline.y - (transport.y + transport.height)).toBeLessThan(20);
    expect(timeline.y).toBeLessThan(1080 / 3);
    await page.getByRole('button', { name: /^Next interrupt/ }).click();
    await settled(page);
    await expect(page.getByTestId('timeline')).toContainText('Why this interrupt');
    await expectKeyPanelsOnFirstScreen(page, `${mode} default explained`);
    await expectNoCutText(page, `${mode} default explained`);
    await shot(page, `layout-simulator-${mode}`);

    const preset = page.getByLabel('Preset', { exact: true });
    const ids = await preset.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) {
      await preset.selectOption(id);
      await settled(page);
      await expectKeyPanelsOnFirstScreen(page, `${mode} ${id} at 0`);
      await toEnd(page);
      await expectKeyPanelsOnFirstScreen(page, `${mode} ${id} at the end`);
      await expectNoCutText(page, `${mode} ${id} at the end`);
    }
  });
}

for (const fit of [
  { name: 'projector 1920x1080', width: 1920, height: 1080, projector: true },
  { name: 'laptop 1366x768', width: 1366, height: 768, projector: false },
]) {
  test(`layout (${fit.name}): no text is cut in any view, nor in any lesson at its start and its end`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: fit.width, height: fit.height });
    await openApp(page);
    if (fit.projector) await page.getByRole('button', { name: 'Projector mode' }).click();
    for (const view of ['Compare', 'Sweep', 'Seed 2012'] as const) {
      await page.getByRole('tab', { name: view }).click();
      if (view === 'Seed 2012') await expect(page.getByTestId('sim-qemu72-on')).not.toHaveText('…', { timeout: 30_000 });
      else {
        // Run the view, so its tables and plots are drawn.
        await page.getByRole('button', { name: /^Run/ }).first().click();
        await expect(page.getByRole('button', { name: /^Running/ })).toHaveCount(0, { timeout: 90_000 });
        if (view === 'Sweep') await expect(page.locator('.lab-view')).toContainText(/\d+ points done/, { timeout: 90_000 });
        else await expect(page.getByRole('heading', { name: 'Metric deltas' })).toBeVisible();
        await expect(page.locator('.lab-view table').first()).toBeAttached();
      }
      await expectNoCutText(page, `${fit.name} ${view}`);
    }
    await page.getByRole('tab', { name: 'Lessons' }).click();
    // The teacher's editor: its text, and the file box's "No file chosen" (the browser draws it, so it is measured at
    // its natural width: the box is at least that wide).
    await page.getByRole('button', { name: 'Edit lesson' }).click();
    await expectNoCutText(page, `${fit.name} lesson editor`);
    const file = page.getByLabel('Open a lesson file');
    const [shown, natural] = await file.evaluate((e) => {
      const w = e.getBoundingClientRect().width;
      e.style.width = 'max-content';
      const n = e.getBoundingClientRect().width;
      e.style.width = '';
      return [w, n];
    });
    expect(shown, 'the file box is as wide as its text').toBeGreaterThanOrEqual(natural - 1);
    await page.getByRole('button', { name: 'Close' }).click();
    const count = await page.getByLabel('Choose a lesson').locator('option').count();
    expect(count).toBeGreaterThan(10);
    for (let i = 0; i < count; i++) {
      await page.getByLabel('Choose a lesson').selectOption(String(i));
      await page.getByRole('button', { name: 'Load this lesson' }).click();
      await settled(page);
      await expectNoCutText(page, `${fit.name} lesson ${i + 1} loaded`);
      await expectNameClear(page, `${fit.name} lesson ${i + 1}`);
      await page.getByRole('button', { name: 'Run to the end' }).click();
      await settled(page);
      await expectNoCutText(page, `${fit.name} lesson ${i + 1} at the end`);
    }
  });
}
