import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });

export const PANELS = ['TX ring', 'RX ring', 'Interrupt causes (ICR)', 'Delay timers', 'Timeline', 'Metrics'] as const;

interface LabHandle {
  store: {
    getState(): {
      status: string;
      frame: { nowNs: number; snapshot: { counters: { interrupts: number } } } | null;
      playing: boolean;
      isIdle(): boolean;
      view: { t0: number; t1: number };
      selectedInterruptNs: number | null;
    };
  };
  crashWorker(): void;
}

/** Open the app (optionally with a hash) and wait until the worker answered. */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto('/' + hash);
  await waitReady(page);
}

export async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const lab = (window as unknown as { __lab?: LabHandle }).__lab;
    return !!lab && lab.store.getState().status === 'ready' && lab.store.getState().frame !== null;
  });
}

/** Wait until every queued worker call has answered. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __lab: LabHandle }).__lab.store.getState().isIdle());
}

export async function nowNs(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __lab: LabHandle }).__lab.store.getState().frame?.nowNs ?? -1);
}

export async function interrupts(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __lab: LabHandle }).__lab.store.getState().frame?.snapshot.counters.interrupts ?? -1);
}

/** The Simulator timeline's window (ns). */
export async function timelineWindow(page: Page): Promise<{ t0: number; t1: number }> {
  return page.evaluate(() => {
    const { t0, t1 } = (window as unknown as { __lab: LabHandle }).__lab.store.getState().view;
    return { t0, t1 };
  });
}

/** The interrupt the timeline explains (ns), or null. */
export async function selectedInterrupt(page: Page): Promise<number | null> {
  return page.evaluate(() => (window as unknown as { __lab: LabHandle }).__lab.store.getState().selectedInterruptNs);
}

export async function isPlaying(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __lab: LabHandle }).__lab.store.getState().playing);
}

export async function crashWorker(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __lab: LabHandle }).__lab.crashWorker());
}

/** Take the page (or a region) to the end of the scenario with the time bar, by keyboard. */
export async function timeBarEnd(page: Page): Promise<void> {
  const bar = page.getByRole('slider', { name: 'Time', exact: true });
  await bar.focus();
  await bar.press('End');
}

export async function timeBarStart(page: Page): Promise<void> {
  const bar = page.getByRole('slider', { name: 'Time', exact: true });
  await bar.focus();
  await bar.press('Home');
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

export async function expectNoAlert(page: Page): Promise<void> {
  await expect(page.getByRole('alert')).toHaveCount(0);
}

/** The tooltip's text now, or '' when none shows. */
export async function tipText(page: Page): Promise<string> {
  const tip = page.getByRole('tooltip');
  return (await tip.count()) ? tip.innerText() : '';
}

/**
 * Hover time tUs of the timeline lane whose help (shown over its label)
 * starts with `help`, while the window [t0Us, t1Us] is shown; as a user
 * would: down the label column to the lane, across the labels to where the
 * plot starts, then to the instant. Returns the tooltip.
 */
export async function hoverLane(page: Page, help: string, tUs: number, t0Us: number, t1Us: number) {
  const canvas = page.getByTestId('timeline-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  let y = -1;
  for (let dy = 2; dy < box.height && y < 0; dy += 2) {
    await page.mouse.move(box.x + 10, box.y + dy);
    if ((await tipText(page)).startsWith(help)) y = box.y + dy + 2;
  }
  expect(y, `a lane whose help starts with "${help}"`).toBeGreaterThan(0);
  // The plot starts where the lane's help stops showing.
  let inLabels = 10;
  let inPlot = box.width / 2;
  while (inPlot - inLabels > 1) {
    const mid = (inLabels + inPlot) / 2;
    await page.mouse.move(box.x + mid, y);
    if ((await tipText(page)).startsWith(help)) inLabels = mid;
    else inPlot = mid;
  }
  const plotWidth = box.width - inPlot - 8;
  await page.mouse.move(box.x + inPlot + ((tUs - t0Us) / (t1Us - t0Us)) * plotWidth, y);
  return page.getByRole('tooltip');
}

/**
 * Every shown menu (a select) whose chosen entry is wider than the menu. The browser draws it, so it is measured:
 * a copy of the menu holding only the chosen entry, unconstrained, in the same place (same font), gives the width the
 * entry needs. A menu may be narrower than its entry only when it ends the entry with an ellipsis and the text that
 * describes it (aria-describedby) holds the entry's name whole: the entry without its list number ("2. "), before
 * any parenthesis or " — " (the lesson picker and its heading, the preset menu and the header's scenario name, the
 * sweep's parameter and its note).
 */
export async function cutMenus(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLSelectElement>('select')]
      .filter((e) => e.getClientRects().length > 0 && e.selectedOptions.length > 0)
      .filter((e) => {
        const shown = e.getBoundingClientRect().width;
        const copy = e.cloneNode(false) as HTMLSelectElement;
        copy.append(e.selectedOptions[0].cloneNode(true));
        copy.removeAttribute('id');
        Object.assign(copy.style, { position: 'absolute', visibility: 'hidden', width: 'auto', minWidth: '0', maxWidth: 'none', flex: 'none' });
        e.after(copy);
        const natural = copy.getBoundingClientRect().width;
        copy.remove();
        if (shown >= natural - 1) return false;
        const described = (e.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
        const name = e.selectedOptions[0].text
          .replace(/^\d+\. |^Your own: /, '')
          .split(/ \(| — /)[0]
          .trim();
        return !(getComputedStyle(e).textOverflow === 'ellipsis' && name.length > 0 && described.includes(name));
      })
      .map((e) => `select "${e.getAttribute('aria-label') ?? e.id}": "${e.selectedOptions[0].text}"`),
  );
}
