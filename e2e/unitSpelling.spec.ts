/**
 * One spelling of the microsecond on screen (issue 25, ux-walk item 7): the
 * app writes "µs" everywhere a person reads it, never the ASCII "us" that
 * the scenario format's field names (durationUs) and the CLI keep. This scans
 * what a user sees: every view's text, every tooltip, label and title
 * (data-tip, title, aria-label, placeholder), every preset's description,
 * every lesson's first step, and the errors shown for a bad link and a bad
 * field.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, settled } from './helpers';
import { encodeShareLink } from '../src/scenario/shareLink';
import type { Scenario } from '../src/core/scenario';

/** A bare "us" word: the unit spelled in ASCII. Lowercase only ("en-US" is not it). */
const BARE_US = /(?<![\p{L}\p{N}_-])us(?![\p{L}\p{N}_])/u;

/** Every piece of text the page shows or tells a screen reader, each with where it is. */
async function shownTexts(page: Page): Promise<{ where: string; text: string }[]> {
  return page.evaluate(() => {
    const out: { where: string; text: string }[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}`;
    out.push({ where: 'body text', text: document.body.innerText });
    for (const el of document.querySelectorAll('*')) {
      for (const attr of ['data-tip', 'title', 'aria-label', 'aria-description', 'placeholder', 'aria-valuetext']) {
        const v = el.getAttribute(attr);
        if (v) out.push({ where: `${name(el)} ${attr}`, text: v });
      }
      if (el instanceof HTMLOptionElement) out.push({ where: `${name(el)} option`, text: el.text });
    }
    return out;
  });
}

/** The lines that spell the unit "us", with 40 characters of context. */
async function bareUs(page: Page, view: string): Promise<string[]> {
  const found: string[] = [];
  for (const { where, text } of await shownTexts(page)) {
    const re = new RegExp(BARE_US.source, 'gu');
    for (const m of text.matchAll(re)) found.push(`${view}, ${where}: …${text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}…`);
  }
  return found;
}

test('the pattern finds the ASCII unit and nothing else', () => {
  // The rule itself, on hand-picked text: the unit after a number or in brackets; not words that contain it.
  for (const bad of ['8.192 us', '(us)', 'at most 10000000 us)', 'in us, sorted']) expect(BARE_US.test(bad), bad).toBe(true);
  for (const good of ['8.192 µs', 'en-US', 'status', 'usecs', 'rx-usecs', 'bus', 'durationUs', 'campus']) expect(BARE_US.test(good), good).toBe(false);
});

test('every view, tooltip, preset, lesson and error spells the microsecond µs', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  const found: string[] = [];

  // The Simulator with every preset (each shows its own description, controls and panels).
  const presets = await page.getByLabel('Preset').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(presets.length).toBeGreaterThan(5);
  for (const id of presets) {
    await page.getByLabel('Preset').selectOption(id);
    await settled(page);
    await page.getByRole('button', { name: 'Next interrupt ▶|' }).click();
    await settled(page);
    found.push(...(await bareUs(page, `Simulator, preset ${id}`)));
  }

  // A bad field: the Duration box past its range.
  const duration = page.getByRole('spinbutton', { name: 'Duration', exact: true });
  await duration.fill('20000000');
  await duration.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Duration' })).toHaveText('Duration must be above 0 and at most 10 s (10,000,000 µs); 20 s (20,000,000 µs) was given.');
  found.push(...(await bareUs(page, 'Simulator, Duration out of range')));

  // The other views.
  for (const view of ['Compare', 'Sweep', 'Seed 2012', 'Lessons']) {
    await page.getByRole('tab', { name: view }).click();
    if (view === 'Seed 2012') await expect(page.getByTestId('sim-qemu72-on')).not.toHaveText('…', { timeout: 30_000 });
    await settled(page);
    found.push(...(await bareUs(page, view)));
  }

  // Every lesson's first step (the narration of the later steps is checked in src/ui/unitSpelling.test.ts).
  const lessons = await page.getByLabel('Choose a lesson').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  for (const value of lessons) {
    if (Number(value) < 0) continue;
    await page.getByLabel('Choose a lesson').selectOption(value);
    await settled(page);
    found.push(...(await bareUs(page, `Lesson ${value}`)));
  }

  // A link whose scenario the format rejects: the error is shown in words.
  await openApp(page, `#${encodeShareLink({ v: 1, durationUs: 20_000_000 } as unknown as Scenario)}`);
  await expect(page.getByRole('alert').first()).toContainText('This link could not be loaded: Duration must be above 0 and at most 10 s (10,000,000 µs)');
  found.push(...(await bareUs(page, 'bad link')));

  expect(found).toEqual([]);
});
