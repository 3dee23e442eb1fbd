/** What the CLI commands share: the scenario-source flags and argument-parsing errors as one line. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { err, ok, type Result } from '../base/result';
import { PRESETS } from '../content/presets';

export type ScenarioSource =
  | { kind: 'file'; path: string }
  | { kind: 'preset'; id: string }
  | { kind: 'url'; link: string };

/** --scenario FILE | --preset NAME | --url LINK (exactly one is expected). */
export const SOURCE_OPTIONS = {
  scenario: { type: 'string', multiple: true },
  preset: { type: 'string', multiple: true },
  url: { type: 'string', multiple: true },
} as const;

const SOURCE_FLAGS = ['scenario', 'preset', 'url'] as const;

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode; its errors (unknown flag, missing value) become one line. */
export function parseCliArgs<O extends Options>(
  argv: readonly string[],
  options: O,
): Result<ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values']> {
  try {
    const { values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options });
    return ok(values);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return err(`${message} (see --help)`);
  }
}

/** The one scenario source given, or why there is not exactly one. */
export function pickScenarioSource(values: {
  scenario?: string[];
  preset?: string[];
  url?: string[];
}): Result<ScenarioSource> {
  const given = SOURCE_FLAGS.flatMap((flag) => (values[flag] ?? []).map((value) => ({ flag, value })));
  if (given.length === 0) {
    return err('no scenario given: pass one of --scenario FILE.json, --preset NAME, --url LINK (see --help)');
  }
  if (given.length > 1) {
    return err(`give exactly one scenario source, got ${given.length}: ${given.map(({ flag }) => `--${flag}`).join(', ')}`);
  }
  const [{ flag, value }] = given;
  const source: ScenarioSource =
    flag === 'scenario' ? { kind: 'file', path: value } : flag === 'preset' ? { kind: 'preset', id: value } : { kind: 'url', link: value };
  return ok(source);
}

/** The presets, one per line: id, title and (optionally) the description. */
export function listPresets(withDescriptions: boolean): string {
  const width = Math.max(...PRESETS.map(({ id }) => id.length));
  return PRESETS.map(({ id, title, description }) => `${id.padEnd(width)}  ${title}${withDescriptions ? `: ${description}` : ''}`).join('\n');
}
