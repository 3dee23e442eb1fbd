/**
 * Exports in the browser: the trace download and the Perfetto hand-off,
 * the report exports (CSV, SVG, PNG, scenario JSON), capture replay from
 * the file chooser, a drop and the shipped list (and a file that is not a
 * capture), and the Linux / ethtool / FreeBSD names beside the registers.
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { interrupts, openApp, settled, shot, timeBarEnd, waitReady } from './helpers';

async function text(download: Download): Promise<string> {
  return readFileSync((await download.path())!, 'utf8');
}

async function bytes(download: Download): Promise<Buffer> {
  return readFileSync((await download.path())!);
}

async function exportItem(page: Page, label: string): Promise<Download> {
  await page.locator('.export-menu > summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Export' }).getByRole('button', { name: label }).click()]);
  return download;
}

test('trace, CSV, SVG, PNG and scenario exports each hold what their tool expects', async ({ page }) => {
  await openApp(page);
  await timeBarEnd(page);
  await settled(page);
  const irqs = await interrupts(page);
  expect(irqs).toBeGreaterThan(3);

  // Chrome Trace Event JSON, as Perfetto reads it.
  const [traceDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download trace' }).click()]);
  expect(traceDl.suggestedFilename()).toBe('e1000-irq-lab-rdtr-restarts-radv-cuts-it-short.json');
  const trace = JSON.parse(await text(traceDl)) as { traceEvents: { ph: string; name: string; ts: number; args?: Record<string, unknown> }[]; metadata: Record<string, unknown> };
  const names = trace.traceEvents.filter((e) => e.ph === 'M').map((e) => String(e.args?.name));
  expect(names.some((n) => n.startsWith('NIC'))).toBe(true);
  expect(names.some((n) => n.startsWith('guest vCPU'))).toBe(true);
  expect(trace.traceEvents.filter((e) => e.ph === 'i' && e.name.startsWith('IRQ')).length).toBe(irqs);
  expect(trace.traceEvents.every((e) => typeof e.ts === 'number' && e.ts >= 0)).toBe(true);
  expect(trace.metadata.generator).toBe('e1000 IRQ Lab');
  await expect(page.getByTestId('notice')).toContainText('Saved e1000-irq-lab-');

  // CSV: metrics over time and one row per interrupt.
  const metrics = (await text(await exportItem(page, 'Metrics (CSV)'))).trim().split('\r\n');
  expect(metrics[0]).toMatch(/^t_us,interrupts,interrupts_per_s,/);
  expect(metrics[metrics.length - 1].split(',')[0]).toBe('200');
  const irqCsv = (await text(await exportItem(page, 'Interrupts (CSV)'))).trim().split('\r\n');
  expect(irqCsv[0]).toBe('n,asserted_us,icr_read_us,wait_us,icr,causes');
  expect(irqCsv.length).toBe(irqs + 1);
  expect(irqCsv[1]).toMatch(/RXT0/);

  // SVG: a well-formed document (the browser's XML parser accepts it) with the lanes.
  const svgDl = await exportItem(page, 'Timeline (SVG)');
  expect(svgDl.suggestedFilename()).toMatch(/-timeline\.svg$/);
  const svg = await text(svgDl);
  expect(svg).toContain('Interrupts');
  const parseError = await page.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror')?.textContent ?? null, svg);
  expect(parseError).toBeNull();

  // PNG: a real image, drawn from the SVG at 2x.
  for (const [label, suffix] of [
    ['Timeline (PNG)', '-timeline.png'],
    ['Metric charts (PNG)', '-metrics.png'],
  ] as const) {
    const dl = await exportItem(page, label);
    expect(dl.suggestedFilename().endsWith(suffix)).toBe(true);
    const png = await bytes(dl);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(2000); // width at 2x
  }

  // The scenario as a file for the CLI.
  const scenario = JSON.parse(await text(await exportItem(page, 'Scenario (JSON)'))) as { v: number; name: string };
  expect(scenario.v).toBe(1);
  expect(scenario.name).toBe('RDTR restarts, RADV cuts it short');

  await page.locator('.export-menu > summary').click();
  await shot(page, '20-export-menu');
  await page.locator('.export-menu > summary').click();
});

test('Open in Perfetto opens ui.perfetto.dev from the click and posts the trace after PING/PONG', async ({ page, context }) => {
  // A stand-in for ui.perfetto.dev that answers the documented handshake.
  await context.route('https://ui.perfetto.dev/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>fake perfetto</title><script>
        window.addEventListener('message', (e) => {
          if (e.data === 'PING') { e.source.postMessage('PONG', e.origin); return; }
          if (e.data && e.data.perfetto) {
            const p = e.data.perfetto;
            window.__got = { title: p.title, fileName: p.fileName, localOnly: p.localOnly, text: new TextDecoder().decode(p.buffer) };
          }
        });
      </script>`,
    }),
  );
  await openApp(page);
  await page.keyboard.press('Shift+ArrowRight');
  await settled(page);
  const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open in Perfetto' }).click()]);
  expect(popup.url()).toMatch(/^https:\/\/ui\.perfetto\.dev\/?$/);
  await popup.waitForFunction(() => (window as unknown as { __got?: unknown }).__got !== undefined, undefined, { timeout: 20_000 });
  const got = await popup.evaluate(() => (window as unknown as { __got: { title: string; fileName: string; localOnly: unknown; text: string } }).__got);
  expect(got.title).toBe('RDTR restarts, RADV cuts it short (e1000 IRQ Lab)');
  expect(got.fileName).toMatch(/\.json$/);
  const trace = JSON.parse(got.text) as { traceEvents: { ph: string }[] };
  expect(trace.traceEvents.some((e) => e.ph === 'M')).toBe(true);
  // Served from 127.0.0.1, which Perfetto trusts: it opens the trace without asking (it never confirms, so the lab says no more).
  await expect(page.getByTestId('notice')).toContainText('answered and has the trace');
  expect(got.localOnly).toBe(false);
  await popup.close();
});

/** A classic pcap (little-endian, microseconds) of `n` 60-byte frames, 10 us apart. */
function makePcap(n: number): Buffer {
  const frame = 60;
  const b = Buffer.alloc(24 + n * (16 + frame));
  b.writeUInt32LE(0xa1b2c3d4, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeUInt32LE(65535, 16);
  b.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  for (let i = 0; i < n; i++) {
    const o = 24 + i * (16 + frame);
    b.writeUInt32LE(1_700_000_000, o);
    b.writeUInt32LE(i * 10, o + 4);
    b.writeUInt32LE(frame, o + 8);
    b.writeUInt32LE(frame, o + 12);
  }
  return b;
}

test('captures replay from the file chooser, a drop and the shipped list; other files are rejected', async ({ page, context }) => {
  await openApp(page);
  const panel = page.getByRole('region', { name: 'Packet capture replay' });
  await expect(panel).toBeVisible();

  // File chooser (keyboard users): a real tcpdump capture as RX.
  await panel.getByLabel('Capture file').setInputFiles('public/captures/ping-flood.pcap');
  await expect(panel.getByTestId('capture-rx')).toContainText('ping-flood.pcap: pcap (little-endian, 1 ns), 300 frames');
  await expect(page.getByTestId('scenario-name')).toContainText('RDTR restarts');
  await timeBarEnd(page);
  await settled(page);
  expect(await interrupts(page)).toBeGreaterThan(5);
  await expect(panel.getByRole('alert')).toHaveCount(0);

  // The share link carries the (small) capture inline.
  await page.waitForTimeout(400);
  const link = page.url();
  expect(link).toContain('#s1.');
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('capture-rx')).toContainText('capture carried in the link: pcap (little-endian, 1 ns), 300 frames');
  await other.close();

  // Drag and drop (pcapng) anywhere on the page.
  await page.evaluate(async () => {
    const res = await fetch('./captures/udp-bursts.pcapng');
    const file = new File([await res.arrayBuffer()], 'udp-bursts.pcapng');
    const dt = new DataTransfer();
    dt.items.add(file);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  });
  await expect(panel.getByTestId('capture-rx')).toContainText('udp-bursts.pcapng: pcapng (little-endian, 1 ns), 256 frames');

  // A shipped capture as TX traffic.
  await panel.getByLabel('TX: the guest sends them').check();
  await panel.getByLabel('Shipped capture').selectOption({ label: 'Bulk TCP transfer' });
  await panel.getByRole('button', { name: 'Replay' }).click();
  await expect(panel.getByTestId('capture-tx')).toContainText('tcp-bulk.pcap: pcap (little-endian, 1 µs), 353 frames');
  await expect(panel.getByTestId('capture-rx')).toContainText('udp-bursts.pcapng');
  await shot(page, '21-capture-replay');

  // Not a capture: a clear message naming the file, and the scenario is kept.
  await panel.getByLabel('Capture file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, this is not a capture') });
  await expect(panel.getByTestId('capture-error')).toContainText('notes.txt: ');
  await expect(panel.getByTestId('capture-error')).toContainText(/magic|pcap/);
  await expect(panel.getByTestId('capture-tx')).toContainText('tcp-bulk.pcap');

  // A capture too big for a link runs, and Copy link says why there is no link.
  await panel.getByLabel('RX: frames arrive from the wire').check();
  await panel.getByLabel('Capture file').setInputFiles({ name: 'big.pcap', mimeType: 'application/octet-stream', buffer: makePcap(3000) });
  await expect(panel.getByTestId('capture-rx')).toContainText('big.pcap: 3,000 frames (too big for a share link)');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('notice')).toContainText('No link can carry this scenario');
});

test('every mitigation register shows its Linux, ethtool and FreeBSD names in their units', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('vocab-RDTR')).toHaveText(/RxIntDelay=8 × 1\.024 µs\s*hw\.em\.rx_int_delay=8 µs/);
  await expect(page.getByTestId('vocab-RADV')).toContainText('RxAbsIntDelay=32');
  await expect(page.getByTestId('vocab-TIDV')).toContainText('TxIntDelay=');
  await expect(page.getByTestId('vocab-TADV')).toContainText('hw.em.tx_abs_int_delay=');
  const itr = page.getByRole('slider', { name: /ITR/ });
  await itr.focus();
  await itr.fill('488');
  await expect(page.getByTestId('vocab-ITR')).toHaveText(/InterruptThrottleRate=8,005 interrupts\/s\s*ethtool -C rx-usecs=125 µs\s*hw\.em\.max_interrupt_rate=8,005 interrupts\/s/);
  await page.getByTestId('vocab-RDTR').getByText('hw.em.rx_int_delay').hover();
  await expect(page.getByRole('tooltip')).toContainText('SDM section 13.4.31');
});

test('the build works from a sub-path: page, worker, shipped captures and service worker resolve under it', async ({ page }) => {
  // Serve the built app under /deep/sub/path/ by proxying to the preview server.
  const base = test.info().project.use.baseURL!;
  const server = createServer((req, res) => {
    const prefix = '/deep/sub/path/';
    if (!req.url?.startsWith(prefix)) {
      res.writeHead(404).end('not under the sub-path');
      return;
    }
    void fetch(new URL(req.url.slice(prefix.length), base)).then(async (r) => {
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream' });
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const root = `http://127.0.0.1:${port}/deep/sub/path/`;
    await page.goto(root);
    await waitReady(page);
    expect(page.workers().some((w) => w.url().startsWith(`${root}assets/sim.worker`))).toBe(true);
    const capture = page.getByRole('region', { name: 'Packet capture replay' });
    await capture.getByRole('button', { name: 'Replay' }).click();
    await expect(capture.getByTestId('capture-rx')).toContainText('ping-flood.pcap: pcap');
    await timeBarEnd(page);
    await settled(page);
    expect(await interrupts(page)).toBeGreaterThan(5);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(root);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
