#!/usr/bin/env node
// Bundles the benchmark (so module loaders do not distort the figures) and runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

mkdirSync('bench-results', { recursive: true });
const outfile = 'bench-results/bench.mjs';
await build({ entryPoints: ['src/bench/bench.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning', packages: 'external' });
// The seek benchmark drives the worker API, which the bench layer may not import: it runs as its own bundle in a child process.
await build({ entryPoints: ['src/worker/seekBench.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: 'bench-results/seekBench.mjs', logLevel: 'warning', packages: 'external' });
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
