/**
 * The Chrome trace export stays byte-identical: for every preset, the JSON
 * text of two exports (the run's first part with the whole trace kept, and
 * a longer run whose bounded trace dropped its oldest records, so the
 * truncated path is covered too) hashes to what was recorded in
 * chromeTraceGolden.json.
 *
 * The hashes were recorded from main's code at 9fe202c (before chromeTrace
 * was split into per-track emitters and read its timer spans from
 * core/timers/spans.ts) with:
 *   RECORD_CHROME_TRACE=1 npx vitest run src/export/chromeTraceGolden.test.ts
 * Re-record only when a change is *meant* to change the exported file, and
 * say why.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../content/presets';
import { Simulation } from '../core/simulation';
import { loadPreset } from '../scenario/presets';
import { chromeTraceInputOf, chromeTraceJson } from './chromeTrace';

/** The first part of each run, exported whole (µs). */
const HEAD_US = 3000;
/** The longer run (µs) and the most its bounded trace keeps (records) for the truncated export; a short run keeps half its records. */
const TAIL_US = 12_000;
const TAIL_CAPACITY = 6000;

interface GoldenEntry {
  bytes: number;
  sha256: string;
}
type GoldenFile = Record<string, { head: GoldenEntry; truncated: GoldenEntry }>;

const path = join(__dirname, 'chromeTraceGolden.json');
const record = process.env.RECORD_CHROME_TRACE === '1';

function run(id: string, durationUs: number, traceCapacity: number): Simulation {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(r.error);
  const scenario = { ...r.value, durationUs: Math.min(r.value.durationUs, durationUs) };
  const sim = new Simulation(scenario, { traceCapacity });
  sim.advanceTo(Math.round(scenario.durationUs * 1000));
  return sim;
}

function digest(sim: Simulation): GoldenEntry & { dropped: number } {
  const input = chromeTraceInputOf(sim);
  const text = chromeTraceJson(input);
  return { bytes: text.length, sha256: createHash('sha256').update(text).digest('hex'), dropped: input.droppedRecords ?? 0 };
}

function digests(id: string): GoldenFile[string] & { dropped: number } {
  const head = digest(run(id, HEAD_US, 1_000_000));
  const records = run(id, TAIL_US, 1_000_000).trace.total;
  const truncated = digest(run(id, TAIL_US, Math.max(16, Math.min(TAIL_CAPACITY, Math.floor(records / 2)))));
  return { head: { bytes: head.bytes, sha256: head.sha256 }, truncated: { bytes: truncated.bytes, sha256: truncated.sha256 }, dropped: truncated.dropped };
}

describe('Chrome trace export is byte-identical to the recorded one (chromeTraceGolden.json)', () => {
  if (record) {
    it('records the hashes (RECORD_CHROME_TRACE=1)', () => {
      const file: GoldenFile = {};
      for (const p of PRESETS) {
        const { head, truncated } = digests(p.id);
        file[p.id] = { head, truncated };
      }
      writeFileSync(path, JSON.stringify(file, null, 1) + '\n');
    }, 600_000);
    return;
  }
  const golden = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as GoldenFile) : {};

  it('covers every preset', () => {
    expect(Object.keys(golden).sort()).toEqual(PRESETS.map((p) => p.id).sort());
  });

  for (const p of PRESETS) {
    it(`preset ${p.id}: the first ${HEAD_US} µs whole, and ${TAIL_US} µs with a ${TAIL_CAPACITY}-record trace`, () => {
      const { head, truncated, dropped } = digests(p.id);
      expect({ head, truncated }).toEqual(golden[p.id]);
      // The truncated export really started mid-run (else it would test nothing new).
      expect(dropped).toBeGreaterThan(0);
    }, 60_000);
  }
});
