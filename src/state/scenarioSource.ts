/**
 * Everything the app takes from the scenario layer (src/scenario), in one
 * place: the default, the presets, validation and share links.
 */
import { err, ok, type Result } from '../base/result';
import { type Scenario, positionAt, type Position } from '../core';
import { loadPreset } from '../scenario/presets';
import { DEFAULT_PRESET_ID, PRESETS } from '../content/presets';
import { parseScenario } from '../scenario/schema';
import { decodeShareLink, positionParameters, shareHash as scenarioShareHash } from '../scenario/shareLink';
import { showValue } from '../scenario/fieldSchemas';
import { scenarioForLink } from '../io/captures';

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
  return r.value;
}

export function defaultScenario(): Scenario {
  return presetScenario(DEFAULT_PRESET_ID);
}

export function validateScenario(input: unknown): Result<Scenario> {
  return parseScenario(input);
}

let cached: { scenario: Scenario; link: Result<string> } | null = null;

/**
 * The URL hash (with '#') for a scenario at a position:
 * `#s1.<payload>&t=<us>&e=<steps>` (an instant alone: `&t=<us>`), or why a
 * link cannot carry this scenario (a capture too big to go inline). The
 * compressed payload is cached per scenario object, so updating the time
 * while playing does not re-compress a large scenario.
 */
export function shareLinkFor(scenario: Scenario, at: Position | number, view?: LinkWindow): Result<string> {
  if (!cached || cached.scenario !== scenario) {
    const linkable = scenarioForLink(scenario);
    cached = { scenario, link: linkable.ok ? ok(scenarioShareHash(linkable.value)) : linkable };
  }
  const link = cached.link;
  const { tNs, steps } = positionAt(at);
  const viewUs = view ? ([Math.round(view.t0) / 1000, Math.round(view.t1) / 1000] as const) : undefined;
  return link.ok ? ok(`${link.value}${positionParameters({ tUs: Math.round(tNs) / 1000, steps, viewUs })}`) : link;
}

/** The URL hash for a scenario at a position (and the timeline window shown); '' when no link can carry it (see shareLinkFor). */
export function shareHash(scenario: Scenario, at: Position | number, view?: LinkWindow): string {
  const link = shareLinkFor(scenario, at, view);
  return link.ok ? link.value : '';
}

/** A scenario read from the page's hash, and the position the link points at (a link with an instant alone: every step at it). */
export interface LinkedScenario {
  scenario: Scenario;
  at: Position;
  /** The timeline window the link was taken with (ns), when it names one (`&v=`). */
  view?: LinkWindow;
}

/** A timeline window in nanoseconds, as a link carries it. */
export interface LinkWindow {
  t0: number;
  t1: number;
}

export function readShareHash(hash: string): Result<LinkedScenario> {
  const r = decodeShareLink(hash);
  if (!r.ok) return r;
  for (const dir of ['rx', 'tx'] as const) {
    const spec = r.value.scenario.traffic[dir];
    if (spec.pattern === 'pcap' && spec.file !== undefined) {
      return err(
        `traffic.${dir}.file: a link cannot name a capture file (${showValue(spec.file)}); ` +
          'drop the capture on the app to replay it, or share a small capture inline as "data"',
      );
    }
  }
  const tNs = Math.round((r.value.tUs ?? 0) * 1000);
  const at = { tNs, steps: r.value.steps ?? Infinity };
  const v = r.value.viewUs;
  return ok(v ? { scenario: r.value.scenario, at, view: { t0: Math.round(v[0] * 1000), t1: Math.round(v[1] * 1000) } } : { scenario: r.value.scenario, at });
}
