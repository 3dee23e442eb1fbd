/**
 * Results stay byte-identical: every preset and the recorded random
 * scenarios give the fingerprints recorded in runHashes.json (the whole
 * trace, every frame's state, the interrupt list, the metrics, the CLI
 * result) before the core's fast paths were written.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESETS } from '../../content/presets';
import { loadPreset } from '../../scenario/presets';
import { fingerprint } from '../fingerprint';
import { REFERENCE_EXTRA, type ReferenceFile } from './reference';

const reference = JSON.parse(readFileSync(join(__dirname, 'runHashes.json'), 'utf8')) as ReferenceFile;

describe('recorded reference fingerprints', () => {
  it('covers every preset', () => {
    expect(Object.keys(reference.presets).sort()).toEqual(PRESETS.map((p) => p.id).sort());
  });

  for (const p of PRESETS) {
    it(`preset ${p.id}`, () => {
      const r = loadPreset(p.id);
      if (!r.ok) throw new Error(r.error);
      expect(fingerprint(r.value, reference.stepNs)).toEqual(reference.presets[p.id]);
    });
  }

  for (const [id, scenario] of Object.entries(REFERENCE_EXTRA)) {
    it(id, () => {
      expect(fingerprint(scenario, reference.stepNs)).toEqual(reference.extra[id]);
    });
  }

  it(`${reference.random.length} recorded random scenarios (every model, driver and traffic pattern, console accesses)`, () => {
    for (const [i, { scenario, fingerprint: expected }] of reference.random.entries()) {
      expect(fingerprint(scenario, reference.stepNs), `random scenario ${i}: ${JSON.stringify(scenario)}`).toEqual(expected);
    }
  });
});
