/**
 * Records the reference fingerprints (runHashes.json) that
 * reference.test.ts checks: every preset, and fixed-seed random scenarios
 * (stored whole, so the file does not depend on fast-check's generator).
 * Run it only when a change is *meant* to change results:
 *   npx tsx src/worker/reference/record.ts
 * It keeps the random scenarios already in the file (so a re-record after
 * an intended change compares like with like); `--new-random` samples them
 * afresh from the arbitraries.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PRESETS } from '../../content/presets';
import { loadPreset } from '../../scenario/presets';
import { scenarioWithConsoleArb } from '../../fuzz/arbitraries';
import { fingerprint } from '../fingerprint';
import { REFERENCE_EXTRA, REFERENCE_RANDOM, REFERENCE_STEP_NS, type ReferenceFile } from './reference';

const presets: ReferenceFile['presets'] = {};
for (const p of PRESETS) {
  const r = loadPreset(p.id);
  if (!r.ok) throw new Error(r.error);
  presets[p.id] = fingerprint(r.value, REFERENCE_STEP_NS);
  console.error(`${p.id}: ${presets[p.id].records} records`);
}
const extra: ReferenceFile['extra'] = {};
for (const [id, scenario] of Object.entries(REFERENCE_EXTRA)) extra[id] = fingerprint(scenario, REFERENCE_STEP_NS);
const path = join(import.meta.dirname, 'runHashes.json');
const kept = !process.argv.includes('--new-random') && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ReferenceFile).random.map((r) => r.scenario) : null;
const scenarios = kept ?? fc.sample(scenarioWithConsoleArb({ maxDurationUs: REFERENCE_RANDOM.maxDurationUs }), { seed: REFERENCE_RANDOM.seed, numRuns: REFERENCE_RANDOM.count });
const random = scenarios.map((scenario) => ({ scenario, fingerprint: fingerprint(scenario, REFERENCE_STEP_NS) }));
const file: ReferenceFile = { stepNs: REFERENCE_STEP_NS, presets, extra, random };
writeFileSync(path, JSON.stringify(file, null, 1) + '\n');
console.error(`wrote ${Object.keys(presets).length} presets and ${random.length} random scenarios`);
