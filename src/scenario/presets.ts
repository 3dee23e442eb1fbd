/** Finding and validating the named scenarios (their content is src/content/presets.ts). */
import { parseScenario, type ParseResult } from './schema';
import { PRESETS, type Preset } from '../content/presets';

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((candidate) => candidate.id === id);
}

/** The preset's validated scenario, or an error naming the known presets. */
export function loadPreset(id: string): ParseResult {
  const found = findPreset(id);
  if (!found) {
    return { ok: false, error: `preset: ${JSON.stringify(id)} is not a preset (one of ${PRESETS.map((p) => p.id).join(', ')})` };
  }
  return parseScenario(found.scenario);
}
