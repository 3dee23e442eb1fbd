/**
 * Hostile input in the browser: the register console, links carrying markup in
 * every text field (nothing runs, nothing is injected), the built app's
 * Content-Security-Policy (present, and nothing the app does violates it),
 * the same link giving the identical trace in Node and in Chromium, and
 * the app working offline after its first load.
 */
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { openApp, settled, shot, waitReady } from './helpers';
import { createSimApi } from '../src/worker/simApi';
import { decodeShareLink, encodeShareLink } from '../src/scenario/shareLink';
import { loadPreset } from '../src/scenario/presets';

interface Lab {
  store: {
    getState(): {
      scenario: { console?: unknown[] };
      traceHash(): Promise<{ ok: true; value: { hash: string; records: number; first: number; nowNs: number } } | { ok: false; error: string }>;
      frame: { nowNs: number; snapshot: { regs: Uint32Array } } | null;
    };
  };
}

/** Collects CSP violations (events and console reports) from the start of every page in the context. */
async function watchCsp(page: Page): Promise<string[]> {
  const found: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) found.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => found.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return found;
}

async function cspEvents(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

function hashOf(scenario: unknown, tUs?: number): string {
  return '#s1.' + LZString.compressToEncodedURIComponent(JSON.stringify(scenario)) + (tUs === undefined ? '' : `&t=${tUs}`);
}

test('the built app carries a Content-Security-Policy and runs under it without a violation', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  expect(meta, 'CSP meta tag in the built index.html').not.toBeNull();
  const csp = meta![1];
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("worker-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toContain('unsafe-inline');
  // It comes before the first script.
  expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));

  const problems = await watchCsp(page);
  await openApp(page);
  // Exercise what touches the policy: the worker, playback, blob images (PNG export), fetches (shipped capture), the console.
  await page.getByTestId('play').click();
  await page.waitForTimeout(600);
  await page.getByTestId('play').click();
  await page.locator('.export-menu > summary').click();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Timeline (PNG)' }).click()]);
  const capture = page.getByRole('region', { name: 'Packet capture replay' });
  await capture.getByRole('button', { name: 'Replay' }).click();
  await expect(capture.getByTestId('capture-rx')).toContainText('ping-flood.pcap');
  await page.getByRole('region', { name: 'Register console' }).getByRole('button', { name: 'Read' }).click();
  await settled(page);
  expect(await cspEvents(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the register console writes and reads registers; the effects show everywhere and travel in the link', async ({ page, context }) => {
  await openApp(page);
  const con = page.getByRole('region', { name: 'Register console' });
  await expect(con).toContainText('A read of ICR clears it');
  const icr = page.getByRole('region', { name: 'Interrupt causes (ICR)' });
  const SET = /(^|\s)set(\s|$)/;

  const access = async (reg: string, value: string | null) => {
    await con.getByLabel('Register', { exact: true }).fill(reg);
    if (value === null) await con.getByRole('button', { name: 'Read' }).click();
    else {
      await con.getByLabel('Value').fill(value);
      await con.getByRole('button', { name: 'Write' }).click();
    }
    await settled(page);
  };

  // Mask RXT0 (by offset: IMC is 0xD8), then raise it by hand: latched in ICR, the line stays low.
  await access('0xD8', 'RXT0');
  await expect(con.getByTestId('console-log')).toContainText('write IMC ← 0x00000080 · RXT0');
  await access('ICS', 'RXT0');
  await expect(icr.getByTestId('bit-RXT0')).toHaveClass(SET);
  await expect(icr.getByTestId('bit-RXT0')).toHaveClass(/masked/);
  // A read of ICR returns it and clears it, as the guest's would.
  await access('ICR', null);
  await expect(con.getByTestId('console-log').locator('li').first()).toContainText('read ICR → 0x00000080 · RXT0 (the read cleared ICR)');
  await expect(icr.getByTestId('bit-RXT0')).not.toHaveClass(SET);
  // RDTR with FPD.
  await access('RIDV', 'FPD|12');
  await expect(page.getByTestId('reg-RDTR')).toContainText('raw 12');
  // Errors say what is wrong; nothing is sent.
  await access('0x1234', '1');
  await expect(con.getByTestId('console-log').locator('li').first()).toContainText('no register at offset 0x1234');
  await access('ICS', 'bogus');
  await expect(con.getByTestId('console-log').locator('li').first()).toContainText('"bogus" is not a number or one of ICS\'s names');
  await expect(con).toContainText('4 console accesses in this scenario');
  await shot(page, '22-register-console');

  // The link replays the accesses at their instants: same registers, same time.
  await page.waitForTimeout(400);
  const state = async (p: Page) =>
    p.evaluate(() => {
      const st = (window as unknown as { __lab: Lab }).__lab.store.getState();
      return { now: st.frame!.nowNs, regs: Array.from(st.frame!.snapshot.regs), console: st.scenario.console };
    });
  const here = await state(page);
  expect(here.console).toHaveLength(4);
  const other = await context.newPage();
  await other.goto(page.url());
  await waitReady(other);
  expect(await state(other)).toEqual(here);
  await expect(other.getByRole('region', { name: 'Register console' })).toContainText('4 console accesses');
  await other.close();
});

/** Markup that would run if it were ever injected as HTML, and the part of it every message shows as text. */
const PAYLOADS: [string, string][] = [
  ['<script>window.__xss=1</script>', '<script>window.__xss=1'],
  ['<img src=x onerror="window.__xss=2">', '<img src=x onerror='],
  ['"><svg onload=window.__xss=3>', '<svg onload=window.__xss=3>'],
];

test('links carrying markup in every text field run nothing and inject nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openApp(page);
  const baseline = await page.evaluate(() => ({ scripts: document.scripts.length, imgs: document.images.length }));
  for (const [p, marker] of PAYLOADS) {
    const cases: { what: string; scenario: unknown; where: 'name' | 'alert' }[] = [
      { what: 'name', scenario: { v: 1, name: p }, where: 'name' },
      { what: 'capture file name', scenario: { v: 1, traffic: { rx: { pattern: 'pcap', file: p } } }, where: 'alert' },
      { what: 'unknown field name', scenario: { v: 1, device: { [p]: 1 } }, where: 'alert' },
      { what: 'string where a number belongs', scenario: { v: 1, durationUs: p }, where: 'alert' },
      { what: 'device model', scenario: { v: 1, device: { model: p } }, where: 'alert' },
      { what: 'guest parameter name', scenario: { v: 1, guest: { driver: 'linux-e1000', params: { [p]: 1 } } }, where: 'alert' },
      { what: 'console register', scenario: { v: 1, console: [{ tUs: 0, op: 'read', reg: p }] }, where: 'alert' },
      { what: 'console op', scenario: { v: 1, console: [{ tUs: 0, op: p, reg: 'ICR' }] }, where: 'alert' },
    ];
    for (const c of cases) {
      await page.goto('about:blank');
      await openApp(page, hashOf(c.scenario, 3));
      const shown = c.where === 'name' ? page.getByTestId('scenario-name') : page.getByTestId('link-error');
      // The text is shown as text (showValue may shorten a long value to 40 characters).
      await expect(shown, `${c.what}: ${p}`).toContainText(c.where === 'name' ? p : marker);
      const after = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: number }).__xss,
        scripts: document.scripts.length,
        imgs: document.images.length,
        injected: document.querySelectorAll('[onerror],[onload]').length,
      }));
      expect(after, `${c.what}: ${p}`).toEqual({ ...baseline, xss: undefined, injected: 0 });
    }
  }
  expect(dialogs).toEqual([]);
  await shot(page, '23-markup-link');
});

test('the same link gives the identical trace in Node and in Chromium', async ({ page }) => {
  const preset = loadPreset('linux-defaults');
  if (!preset.ok) throw new Error(preset.error);
  const scenario = {
    ...preset.value,
    name: 'Node vs Chromium',
    seed: 12345,
    traffic: { rx: { pattern: 'poisson' as const, pps: 400_000, bytes: 64, startUs: 0 }, tx: { pattern: 'constant' as const, pps: 50_000, bytes: 1518, startUs: 3 } },
    console: [
      { tUs: 40, op: 'write' as const, reg: 'IMC' as const, value: 0x80 },
      { tUs: 55.5, op: 'write' as const, reg: 'ICS' as const, value: 0x81 },
      { tUs: 60, op: 'read' as const, reg: 'ICR' as const },
      { tUs: 70, op: 'write' as const, reg: 'IMS' as const, value: 0x80 },
      { tUs: 90, op: 'write' as const, reg: 'RDTR' as const, value: 0x8000_0004 },
    ],
  };
  const tUs = 1500;
  const link = encodeShareLink(scenario, { tUs });
  // Node: the link decoded and run by the worker's own API, as the app does.
  const decoded = decodeShareLink(link);
  if (!decoded.ok) throw new Error(decoded.error);
  const api = createSimApi();
  api.load(decoded.value.scenario, decoded.value.tUs! * 1000);
  const node = api.traceHash();
  expect(node.records).toBeGreaterThan(1000);

  await openApp(page, `#${link}`);
  const browser = await page.evaluate(() => (window as unknown as { __lab: Lab }).__lab.store.getState().traceHash());
  expect(browser).toEqual({ ok: true, value: node });

  // And after playing on and seeking back to the same instant (a re-run in the worker).
  await page.getByTestId('play').click();
  await page.waitForTimeout(300);
  await page.getByTestId('play').click();
  await page.evaluate((t) => (window as unknown as { __lab: { store: { getState(): { seek(t: number): void } } } }).__lab.store.getState().seek(t), tUs * 1000);
  await settled(page);
  const again = await page.evaluate(() => (window as unknown as { __lab: Lab }).__lab.store.getState().traceHash());
  expect(again).toEqual({ ok: true, value: node });
});

test('after the first load the app works offline (service worker), shipped captures included', async ({ page, context }) => {
  await openApp(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
  await context.setOffline(true);
  try {
    await page.reload();
    await waitReady(page);
    await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
    await page.keyboard.press('Shift+ArrowRight');
    await expect(page.getByTestId('explain')).toContainText('Why this interrupt');
    const capture = page.getByRole('region', { name: 'Packet capture replay' });
    await capture.getByRole('button', { name: 'Replay' }).click();
    await expect(capture.getByTestId('capture-rx')).toContainText('ping-flood.pcap: pcap');
  } finally {
    await context.setOffline(false);
  }
});
