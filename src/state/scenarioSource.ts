/**
 * Everything the app takes from the scenario layer (src/scenario), in one
 * place: the default, the presets, validation and share links.
 */
import type { Scenario } from '../core/scenario';
import { DEFAULT_PRESET_ID, PRESETS, loadPreset } from '../scenario/presets';
import { parseScenario } from '../scenario/schema';
import { decodeShareLink, shareHash as scenarioShareHash } from '../scenario/shareLink';

export interface PresetInfo {
  id: string;
  title: string;
  description: string;
}

export const PRESET_LIST: readonly PresetInfo[] = PRESETS.map(({ id, title, description }) => ({ id, title, description }));
export { DEFAULT_PRESET_ID };

export function presetScenario(id: string): Scenario {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(`preset ${id}: ${r.error}`);
  return r.scenario;
}

export function defaultScenario(): Scenario {
  return presetScenario(DEFAULT_PRESET_ID);
}

export function validateScenario(input: unknown): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  return parseScenario(input);
}

let cached: { scenario: Scenario; hash: string } | null = null;

/**
 * The URL hash (with '#') for a scenario at an instant: `#s1.<payload>&t=<us>`.
 * The compressed payload is cached per scenario object, so updating the time
 * while playing does not re-compress a large scenario.
 */
export function shareHash(scenario: Scenario, tNs: number): string {
  if (!cached || cached.scenario !== scenario) cached = { scenario, hash: scenarioShareHash(scenario) };
  return `${cached.hash}&t=${Math.round(tNs) / 1000}`;
}

export type LinkResult = { ok: true; scenario: Scenario; tNs: number } | { ok: false; error: string };

export function readShareHash(hash: string): LinkResult {
  const r = decodeShareLink(hash);
  if (!r.ok) return r;
  return { ok: true, scenario: r.scenario, tNs: Math.round((r.tUs ?? 0) * 1000) };
}
