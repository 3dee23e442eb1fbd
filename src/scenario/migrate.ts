/**
 * Brings a scenario of any known format version up to the current one before
 * it is validated. Version 1 is the only format so far, so this step only
 * checks `v`; a later version adds its v1 -> v2 upgrade here.
 */
import { isPlainObject, showValue } from './fieldSchemas';
import { err, ok, type Result } from '../base/result';

export const CURRENT_SCENARIO_VERSION = 1;

export function migrateToCurrentVersion(input: unknown): Result<Record<string, unknown>> {
  if (!isPlainObject(input)) {
    return err(`scenario: ${showValue(input)} is not an object (a scenario is a JSON object such as {"v":1})`);
  }
  const version = input.v;
  if (version === CURRENT_SCENARIO_VERSION) return ok(input);
  if (version === undefined) {
    return err(`v: missing (the format version; this build reads version ${CURRENT_SCENARIO_VERSION})`);
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > CURRENT_SCENARIO_VERSION) {
    return err(`v: ${version} is a newer format version than this build reads (version ${CURRENT_SCENARIO_VERSION}); update e1000 IRQ Lab`);
  }
  return err(`v: ${showValue(version)} is not a known format version (this build reads version ${CURRENT_SCENARIO_VERSION})`);
}
