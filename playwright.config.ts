import { defineConfig } from '@playwright/test';

/** The preview server's port (E2E_PORT lets two checkouts test side by side). */
const PORT = Number(process.env.E2E_PORT ?? 4173);

/**
 * Browser tests against the built app (vite build + vite preview on
 * 127.0.0.1), in the system Chromium. Playwright starts and stops the server.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One at a time: the machine may have two cores, and the simulation worker needs one.
  workers: 1,
  reporter: [['list']],
  // The long-task tests measure the main thread, so they get a browser of their own: a worker's browser
  // is shared by the tests before them, and after the lesson walks (every lesson, every step, twice at
  // 1920x1080) the same browser showed 50-60 ms tasks that a fresh one does not.
  projects: [
    { name: 'main-thread', testMatch: /perf\.spec\.ts$/ },
    { name: 'app', testIgnore: /perf\.spec\.ts$/ },
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
  },
  webServer: {
    command: `npx vite build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
