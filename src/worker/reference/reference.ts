/** The shape of runHashes.json, the recorded fingerprints of the presets and of fixed random scenarios. */
import type { Scenario } from '../../core/scenario';
import { rxLineRateScenario } from '../../core/lineRate';
import type { RunFingerprint } from '../fingerprint';

/** Virtual time per advance when recording (a browser frame at about 1/16 speed). */
export const REFERENCE_STEP_NS = 1_000_000;
/** The random scenarios: scenarioWithConsoleArb sampled with this seed (stored whole in the file). */
export const REFERENCE_RANDOM = { seed: 15, count: 60, maxDurationUs: 3000 };

/** Longer runs than the presets': the benchmark's scenario (RX at line rate into an overloaded guest), trace on. */
export const REFERENCE_EXTRA: Record<string, Scenario> = {
  'rx-line-rate-4096-20ms': rxLineRateScenario(20_000),
};

export interface ReferenceFile {
  stepNs: number;
  presets: Record<string, RunFingerprint>;
  extra: Record<string, RunFingerprint>;
  random: { scenario: Scenario; fingerprint: RunFingerprint }[];
}
