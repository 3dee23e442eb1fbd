/** Finding and validating the named scenarios (their content is src/content/presets.ts). */
import { err, type Result } from '../base/result';
import type { Scenario } from '../core/scenario';
import { parseScenario } from './schema';
import { PRESETS, type Preset } from '../content/presets';

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((candidate) => candidate.id === id);
}

/** The preset's validated scenario, or an error naming the known presets. */
export function loadPreset(id: string): Result<Scenario> {
  const found = findPreset(id);
  if (!found) {
    return err(`preset: ${JSON.stringify(id)} is not a preset (one of ${PRESETS.map((p) => p.id).join(', ')})`);
  }
  return parseScenario(found.scenario);
}
