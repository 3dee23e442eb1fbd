/** Turns a command-line scenario source into a validated scenario; every error is one line naming the source. */
import { readFileSync, statSync } from 'node:fs';
import { err, ok, type Result } from '../base/result';
import type { Scenario } from '../core/scenario';
import { loadPreset } from '../scenario/presets';
import { MAX_SCENARIO_JSON_CHARS, parseScenarioJson } from '../scenario/schema';
import { decodeShareLink } from '../scenario/shareLink';
import type { ScenarioSource } from './simArgs';

export function loadScenario(source: ScenarioSource): Result<Scenario> {
  switch (source.kind) {
    case 'preset':
      return loadPreset(source.id);
    case 'url': {
      const decoded = decodeShareLink(source.link);
      return decoded.ok ? ok(decoded.value.scenario) : decoded;
    }
    case 'file': {
      const text = readScenarioFile(source.path);
      if (!text.ok) return text;
      const parsed = parseScenarioJson(text.value);
      return parsed.ok ? parsed : err(`${source.path}: ${parsed.error}`);
    }
  }
}

function readScenarioFile(path: string): Result<string> {
  try {
    const size = statSync(path).size;
    if (size > MAX_SCENARIO_JSON_CHARS) {
      return err(`${path}: too large (${size} bytes; at most ${MAX_SCENARIO_JSON_CHARS})`);
    }
    return ok(readFileSync(path, 'utf8'));
  } catch (error) {
    return err(`${path}: ${describeFileError(error)}`);
  }
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, not a scenario file';
    case 'EACCES':
      return 'permission denied';
    default:
      return `cannot read (${code ?? String(error)})`;
  }
}
