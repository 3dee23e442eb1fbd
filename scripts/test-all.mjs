#!/usr/bin/env node
// Runs every test: typecheck, unit tests (vitest), production build, browser
// tests (Playwright on the system Chromium). Installs Debian's chromium first
// if it is missing. Prints a final line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const out = 'test-results';
mkdirSync(out, { recursive: true });

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

if (!existsSync(CHROMIUM)) {
  console.log('Chromium is missing: installing Debian\'s chromium package');
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  const apt = (...a) => (sudo.length ? run('sudo', ['apt-get', ...a]) : run('apt-get', a));
  if (apt('update', '-qq') !== 0 || apt('install', '-y', '-qq', 'chromium') !== 0) {
    console.error('could not install chromium with apt-get');
    process.exit(1);
  }
}

let passed = 0;
let failed = 0;
const steps = [];

const tsc = run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
steps.push(['typecheck', tsc]);
if (tsc !== 0) failed++;

const unitJson = `${out}/unit.json`;
const unit = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${unitJson}`]);
steps.push(['unit tests', unit]);
if (existsSync(unitJson)) {
  const j = JSON.parse(readFileSync(unitJson, 'utf8'));
  passed += j.numPassedTests;
  failed += j.numFailedTests;
} else failed++;

const build = run('npx', ['vite', 'build']);
steps.push(['build', build]);
if (build !== 0) failed++;

const e2eJson = `${out}/e2e.json`;
const e2e = run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson });
steps.push(['browser tests', e2e]);
if (existsSync(e2eJson)) {
  const j = JSON.parse(readFileSync(e2eJson, 'utf8'));
  passed += j.stats.expected + (j.stats.flaky ?? 0);
  failed += j.stats.unexpected;
} else failed++;

console.log('\n' + steps.map(([n, s]) => `${n}: ${s === 0 ? 'ok' : 'FAILED'}`).join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(steps.every(([, s]) => s === 0) && failed === 0 ? 0 : 1);
