/**
 * UI benchmark, in headless Chromium via Playwright: time to first
 * render of the default scenario, initial JavaScript size gzipped, frame
 * rate / p95 frame time / long tasks while playing the line-rate scenario at
 * real-time speed with 4096-descriptor rings, and JS heap after 1 and after
 * N minutes of playing (the scenario restarts when it reaches its end).
 */
import { chromium, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const PORT = 4179;
const BASE = `http://127.0.0.1:${PORT}/`;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'];

export interface UiBenchResult {
  firstRenderMs: number;
  initialJsGzipBytes: number;
  playing: { seconds: number; fps: number; p95FrameMs: number; longTasks: number; virtualSecondsPerSecond: number };
  heap: { afterMinutes: number; bytes: number }[];
  heapGrowthPercent: number;
}

/** Gzipped size of the scripts index.html loads up front (entry + modulepreloads). */
function initialJsGzip(dist: string): number {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]);
  return srcs.reduce((sum, src) => sum + gzipSync(readFileSync(join(dist, src.replace(/^\.?\//, '')))).length, 0);
}

async function waitReady(page: Page) {
  await page.waitForFunction(() => {
    const lab = (window as unknown as { __lab?: { store: { getState(): { status: string; frame: unknown } } } }).__lab;
    return !!lab && lab.store.getState().status === 'ready' && lab.store.getState().frame !== null;
  });
}

async function heapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize;
}

export async function runUiBench(opts: { soakMinutes: number; log: (s: string) => void; onSoakStart?: () => void }): Promise<UiBenchResult> {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
  const initialJsGzipBytes = initialJsGzip('dist');
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    for (let i = 0; i < 100; i++) {
      try {
        await page.goto(BASE);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // First render: a fresh navigation, until the RX ring panel is drawn.
    await page.goto(BASE + '?fresh');
    await page.getByRole('heading', { name: 'RX ring' }).waitFor();
    const firstRenderMs = await page.evaluate(() => performance.now());
    await waitReady(page);

    // The line-rate scenario, 10 s of virtual time, at real-time speed.
    await page.getByLabel('Preset').selectOption('rx-line-rate');
    await waitReady(page);
    const duration = page.getByLabel('Duration', { exact: true });
    await duration.fill('10000000');
    await duration.press('Enter');
    await waitReady(page);
    const speed = page.getByRole('slider', { name: 'Speed' });
    await speed.focus();
    await speed.press('Home');
    for (let i = 0; i < 40 && (await page.getByTestId('speed').innerText()) !== 'real time'; i++) await speed.press('ArrowRight');
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __long: number };
      w.__frames = [];
      w.__long = 0;
      new PerformanceObserver((l) => (w.__long += l.getEntries().length)).observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (t: number) => {
        w.__frames.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const nowNs = () => page.evaluate(() => (window as unknown as { __lab: { store: { getState(): { frame: { nowNs: number } | null } } } }).__lab.store.getState().frame?.nowNs ?? 0);
    const play = page.getByTestId('play');
    await play.click();
    const started = Date.now();
    const v0 = await nowNs();
    const MEASURE_S = 10;
    await page.waitForTimeout(MEASURE_S * 1000);
    const v1 = await nowNs();
    const elapsed = (Date.now() - started) / 1000;
    const { frames, long } = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __long: number };
      const f = w.__frames.slice(5);
      w.__frames = [];
      return { frames: f, long: w.__long };
    });
    const sorted = [...frames].sort((a, b) => a - b);
    const playing = {
      seconds: +elapsed.toFixed(1),
      fps: +(frames.length / (frames.reduce((s, x) => s + x, 0) / 1000)).toFixed(1),
      p95FrameMs: +sorted[Math.floor(sorted.length * 0.95)].toFixed(1),
      longTasks: long,
      virtualSecondsPerSecond: +((v1 - v0) / 1e9 / elapsed).toFixed(3),
    };
    opts.log(`ui: playing line rate at real time: ${playing.fps} fps, p95 frame ${playing.p95FrameMs} ms, ${long} long tasks, ${playing.virtualSecondsPerSecond} virtual s per s`);

    // Heap soak: keep playing (restart at the end of the scenario), sample at 1 min and at the end.
    const heap: { afterMinutes: number; bytes: number }[] = [];
    opts.onSoakStart?.();
    const soakStart = Date.now();
    const marks = [1, opts.soakMinutes].filter((m, i, a) => m > 0 && a.indexOf(m) === i).sort((a, b) => a - b);
    for (const m of marks) {
      while (Date.now() - soakStart < m * 60_000) {
        await page.waitForTimeout(2000);
        const ended = await page.evaluate(() => !(window as unknown as { __lab: { store: { getState(): { playing: boolean } } } }).__lab.store.getState().playing);
        if (ended) await play.click();
      }
      heap.push({ afterMinutes: m, bytes: await heapBytes(page) });
      opts.log(`ui: JS heap after ${m} min of playing: ${(heap[heap.length - 1].bytes / 1e6).toFixed(1)} MB`);
    }
    const heapGrowthPercent = heap.length > 1 ? +((100 * (heap[heap.length - 1].bytes - heap[0].bytes)) / heap[0].bytes).toFixed(1) : 0;
    return { firstRenderMs: Math.round(firstRenderMs), initialJsGzipBytes, playing, heap, heapGrowthPercent };
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}
