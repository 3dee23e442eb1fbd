/**
 * Brings a scenario of any known format version up to the current one before
 * it is validated. Version 1 is the only format so far, so this step only
 * checks `v`; a later version adds its v1 -> v2 upgrade here.
 */
import { isPlainObject, showValue } from './fieldSchemas';

export const CURRENT_SCENARIO_VERSION = 1;

export type MigrateResult = { ok: true; input: Record<string, unknown> } | { ok: false; error: string };

export function migrateToCurrentVersion(input: unknown): MigrateResult {
  if (!isPlainObject(input)) {
    return { ok: false, error: `scenario: ${showValue(input)} is not an object (a scenario is a JSON object such as {"v":1})` };
  }
  const version = input.v;
  if (version === CURRENT_SCENARIO_VERSION) return { ok: true, input };
  if (version === undefined) {
    return { ok: false, error: `v: missing (the format version; this build reads version ${CURRENT_SCENARIO_VERSION})` };
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > CURRENT_SCENARIO_VERSION) {
    return {
      ok: false,
      error: `v: ${version} is a newer format version than this build reads (version ${CURRENT_SCENARIO_VERSION}); update e1000 IRQ Lab`,
    };
  }
  return { ok: false, error: `v: ${showValue(version)} is not a known format version (this build reads version ${CURRENT_SCENARIO_VERSION})` };
}
