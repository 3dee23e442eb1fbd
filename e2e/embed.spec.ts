/**
 * Embed mode across origins (docs/embedding.md): a course page served from a
 * second local port (127.0.0.1:4195, started and stopped here) embeds the
 * lab in an <iframe> with `?embed&origin=`, drives it through the postMessage
 * API (getState, play, pause, seek, getMetrics, load a lesson) and receives
 * its events (ready, interrupt, lessonStep); a bad message gets an error
 * reply and changes nothing; the same page from another origin
 * (localhost:4195) is refused.
 */
import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers';

const LAB_PORT = Number(process.env.E2E_PORT ?? 4173);
const PAGE_PORT = Number(process.env.E2E_EMBED_PORT ?? 4195);
const COURSE = `http://127.0.0.1:${PAGE_PORT}`;
const LAB = `http://127.0.0.1:${LAB_PORT}/`;
const SRC = `${LAB}?embed=transport,icr,timeline,metrics&origin=${COURSE}`;

/** The course page: the iframe, and a log of every message the lab posts. */
const COURSE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Week 3: interrupt mitigation</title></head>
<body><h1>Week 3</h1>
<iframe id="lab" src="${SRC}" title="e1000 IRQ Lab" width="1000" height="720" style="border:0"></iframe>
<script>
  window.received = [];
  window.addEventListener('message', (e) => { if (e.source === document.getElementById('lab').contentWindow) window.received.push({ origin: e.origin, data: e.data }); });
  window.send = (m) => document.getElementById('lab').contentWindow.postMessage(m, '${LAB.slice(0, -1)}');
</script></body></html>`;

// One server on 127.0.0.1 (the named origin) and one on ::1, so http://localhost:<port> is a second origin with the same page.
let servers: Server[] = [];
test.beforeAll(async () => {
  servers = ['127.0.0.1', '::1'].map(() =>
    createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(COURSE_PAGE);
    }),
  );
  await Promise.all(servers.map((s, i) => new Promise<void>((resolve) => s.listen(PAGE_PORT, i === 0 ? '127.0.0.1' : '::1', resolve))));
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

interface Received {
  origin: string;
  data: { e1000: number; type: string; id?: unknown; event?: string; error?: string; value?: Record<string, unknown>; [k: string]: unknown };
}

const received = (page: Page) => page.evaluate(() => (window as unknown as { received: Received[] }).received);

/** Post a message to the lab and wait for the reply (or error) with its id. */
async function ask(page: Page, message: Record<string, unknown>): Promise<Received['data']> {
  const id = `m${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => (window as unknown as { send(m: unknown): void }).send(m), { e1000: 1, id, ...message });
  const handle = await page.waitForFunction(
    (want) => (window as unknown as { received: Received[] }).received.find((r) => r.data.id === want && (r.data.type === 'reply' || r.data.type === 'error'))?.data,
    id,
  );
  return (await handle.jsonValue()) as Received['data'];
}

test('embed: a course page on another origin drives the lab through the message API and hears its events', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${COURSE}/`);
  await page.waitForFunction(() => (window as unknown as { received: Received[] }).received.some((r) => r.data.event === 'ready'));
  const ready = (await received(page)).find((r) => r.data.event === 'ready')!;
  expect(ready.origin).toBe(LAB.slice(0, -1));
  expect(ready.data.e1000).toBe(1);

  // Embed mode: no header or tabs, and only the parts the link keeps.
  const lab = page.frameLocator('#lab');
  await expect(lab.getByRole('heading', { name: 'e1000 IRQ Lab' })).toBeHidden();
  await expect(lab.getByRole('tablist', { name: 'Views' })).toBeHidden();
  await expect(lab.getByTestId('timeline-canvas')).toBeVisible();
  await expect(lab.getByTestId('metrics')).toBeVisible();
  await expect(lab.locator('.controls')).toBeHidden();
  await expect(lab.getByTestId('play')).toBeVisible();

  const state = await ask(page, { type: 'getState' });
  expect(state.type).toBe('reply');
  expect(state.value).toMatchObject({ view: 'simulator', playing: false, nowNs: 0 });

  // Play until an interrupt fires; the event names its instant.
  expect((await ask(page, { type: 'play' })).value).toMatchObject({ playing: true });
  await page.waitForFunction(() => (window as unknown as { received: Received[] }).received.some((r) => r.data.event === 'interrupt'), undefined, { timeout: 30_000 });
  expect((await ask(page, { type: 'pause' })).value).toMatchObject({ playing: false });
  const firstIrq = (await received(page)).find((r) => r.data.event === 'interrupt')!.data;
  expect(firstIrq.count).toBe(1);
  expect(typeof firstIrq.tNs).toBe('number');

  // Seek, then read the metrics at that instant.
  expect((await ask(page, { type: 'seek', tUs: 150 })).value).toEqual({ targetNs: 150_000 });
  await expect.poll(async () => ((await ask(page, { type: 'getMetrics' })).value as { nowNs: number }).nowNs).toBe(150_000);
  const metrics = (await ask(page, { type: 'getMetrics' })).value as { nowNs: number; interrupts: number; metrics: { interrupts: number } };
  expect(metrics.interrupts).toBeGreaterThanOrEqual(1);
  await expect(lab.getByTestId('now')).toContainText('t = 150 µs');

  // A bad message: an error that names the field, the value and the range; nothing changes.
  const before = await ask(page, { type: 'getState' });
  const bad = await ask(page, { type: 'seek', tUs: -3 });
  expect(bad).toMatchObject({ type: 'error', error: 'message.tUs: -3 is out of range (number 0..10000000 µs)' });
  const unknown = await ask(page, { type: 'reboot' });
  expect(unknown.type).toBe('error');
  expect(unknown.error).toMatch(/^message\.type: "reboot" is not allowed \(one of "load", /);
  const past = await ask(page, { type: 'seek', tUs: 999_999 });
  expect(past.error).toMatch(/^message\.tUs: 999999 is out of range \(number 0\.\.\d+ µs, the scenario's duration\)$/);
  expect((await ask(page, { type: 'getState' })).value).toEqual(before.value);
  await expect(lab.getByTestId('now')).toContainText('t = 150 µs');

  // Load a lesson: the Lessons view, and the lesson step event.
  const loaded = await ask(page, { type: 'load', link: '#l1.rdtr-starved.0' });
  expect(loaded.type).toBe('reply');
  await page.waitForFunction(() => (window as unknown as { received: Received[] }).received.some((r) => r.data.event === 'lessonStep'));
  const step = (await received(page)).find((r) => r.data.event === 'lessonStep')!.data;
  expect(step).toMatchObject({ lesson: 'rdtr-starved', step: 0 });
  await expect(lab.getByTestId('lesson-panel')).toBeVisible();
  expect((await ask(page, { type: 'getState' })).value).toMatchObject({ view: 'lessons', lesson: { id: 'rdtr-starved', step: 0 } });
  // A link that does not open is an error too.
  const broken = await ask(page, { type: 'load', link: '#l1.no-such-lesson.0' });
  expect(broken.type).toBe('error');
  expect(broken.error).toMatch(/^message\.link: /);
  await shot(page, 'embed-course-page');
});

test('embed: the same course page from an origin the link does not name is refused', async ({ page }) => {
  await page.goto(`http://localhost:${PAGE_PORT}/`);
  const lab = page.frameLocator('#lab');
  await expect(lab.getByTestId('play')).toBeVisible({ timeout: 30_000 });
  const refused = await ask(page, { type: 'play' });
  expect(refused).toMatchObject({ type: 'error', error: `origin: "http://localhost:${PAGE_PORT}" is not allowed (allowed: ${COURSE})` });
  await expect(lab.getByTestId('play')).toHaveText('▶ Play');
  // And it hears no events: they go to the named origin only.
  expect((await received(page)).filter((r) => r.data.type === 'event')).toEqual([]);
});

test('embed: the Embed dialog writes the <iframe> for the view on screen, with the parts kept and the course page\'s origin', async ({ page }) => {
  await page.goto(`${LAB}#l1.rdtr-starved.0`);
  await expect(page.getByTestId('lesson-panel')).toBeVisible();
  await page.getByRole('button', { name: 'Embed', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed this view' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'Delay timers' }).check();
  await dialog.getByRole('textbox', { name: /Course page's address/ }).fill(`${COURSE}/week3/`);
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  expect(snippet).toBe(
    `<iframe src="${LAB}?embed=transport,icr,timers,timeline,metrics&amp;origin=${COURSE}#l1.rdtr-starved.0" title="e1000 IRQ Lab: Lessons" width="960" height="640" style="border:0" loading="lazy" allow="clipboard-write"></iframe>`,
  );
  // A page address that is not one says so, and the snippet carries no origin.
  await dialog.getByRole('textbox', { name: /Course page's address/ }).fill('week3');
  await expect(dialog.getByRole('alert')).toHaveText('Course page\'s address: "week3" is not a web address (https://… or http://…).');
  expect(await page.getByTestId('embed-snippet').inputValue()).not.toContain('origin=');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
