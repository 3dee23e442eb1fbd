/**
 * Share links: a whole scenario (and optionally the current position) in a
 * URL hash, `#s1.<payload>&t=<us>&e=<steps>`. `t` is the instant and `e`
 * (an addition) the steps taken at it, events and console accesses alike
 * (core/position.ts): many steps can share one ns, so `t` alone cannot name
 * the state shown. A link with `t` alone (every older link) means every step
 * at t, as it always did. `s1` is the link format version; the payload
 * is the scenario JSON compressed with lz-string into URL-safe characters.
 * Decoding checks every step and ends in the scenario validator, so a link is
 * validated exactly like a scenario file (`parseScenario`).
 *
 * `&v=<t0>-<t1>` (an addition, issue 24) is the timeline window shown when
 * the link was taken, in microseconds, so a link opens on the moment its
 * author was looking at rather than the whole run. Builds before it ignore
 * it (unknown parameters are ignored); a link without it opens on a window
 * chosen around its instant (state/follow.ts, windowAround).
 */
import LZString from 'lz-string';
import { err, ok, type Result } from '../base/result';
import type { Scenario } from '../core/scenario';
import { showValue } from './fieldSchemas';
import { MAX_SCENARIO_JSON_CHARS, parseJsonText, parseScenario } from './schema';

export const SHARE_LINK_VERSION = 's1';
/** Longest link text accepted, whole URL included. */
export const MAX_SHARE_LINK_CHARS = 64 * 1024;

/** What a share link may carry besides the scenario. */
export interface ShareLinkExtras {
  /** The current time of the view, in microseconds. */
  tUs?: number;
  /** Steps taken at tUs (absent: every step at it). Only with tUs. */
  steps?: number;
  /** The timeline window shown, [t0, t1] in microseconds (t0 >= 0, t1 > t0). */
  viewUs?: readonly [number, number];
}

/** A decoded share link: the scenario and what else the link carried. */
export interface SharedScenario extends ShareLinkExtras {
  scenario: Scenario;
}

/** The characters of lz-string's compressToEncodedURIComponent. */
const PAYLOAD_CHARACTERS = /^[A-Za-z0-9+\-$]+$/;
const VERSIONED_PAYLOAD = /^(s\d+)\.(.*)$/s;

/** `s1.<payload>` with `&t=<us>` when a time is given and `&e=<steps>` when the steps are: the hash without its `#`. */
export function encodeShareLink(scenario: Scenario, extras: ShareLinkExtras = {}): string {
  const payload = LZString.compressToEncodedURIComponent(JSON.stringify(scenario));
  return `${SHARE_LINK_VERSION}.${payload}${positionParameters(extras)}`;
}

/** `&t=<us>[&e=<steps>]` (or '' without a time), then `&v=<t0>-<t1>` when a window is given: the link's position part. */
export function positionParameters(extras: ShareLinkExtras): string {
  const view = extras.viewUs ? `&v=${extras.viewUs[0]}-${extras.viewUs[1]}` : '';
  if (extras.tUs === undefined) return view;
  const steps = extras.steps === undefined || extras.steps === Infinity ? '' : `&e=${extras.steps}`;
  return `&t=${extras.tUs}${steps}${view}`;
}

/** `<t0>-<t1>` in microseconds as a window, or null when it is not one. */
function parseWindow(value: string | undefined): readonly [number, number] | null {
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(value ?? '');
  if (!m) return null;
  const t0 = Number(m[1]);
  const t1 = Number(m[2]);
  return Number.isFinite(t1) && t1 > t0 ? [t0, t1] : null;
}

/** The URL hash for a scenario, `#s1.<payload>[&t=<us>]`. */
export function shareHash(scenario: Scenario, extras?: ShareLinkExtras): string {
  return `#${encodeShareLink(scenario, extras)}`;
}

/** `baseUrl` with its hash replaced by the scenario's. */
export function shareUrl(baseUrl: string, scenario: Scenario, extras?: ShareLinkExtras): string {
  return `${baseUrl.split('#')[0]}${shareHash(scenario, extras)}`;
}

/**
 * Reads a share link given as a full URL, a `#...` hash or the bare
 * `s1.<payload>[&t=<us>[&e=<steps>]]`. Errors name what was wrong: size, version,
 * compression, JSON or the scenario field.
 */
export function decodeShareLink(link: string): Result<SharedScenario> {
  if (link.length > MAX_SHARE_LINK_CHARS) {
    return err(`link: too long (${link.length} characters; at most ${MAX_SHARE_LINK_CHARS})`);
  }
  const hash = link.includes('#') ? link.slice(link.indexOf('#') + 1) : link;
  const [versioned, ...parameters] = safelyDecodeUri(hash.trim()).split('&');
  const match = VERSIONED_PAYLOAD.exec(versioned);
  if (!match) {
    return err(`link: not a scenario link (expected #${SHARE_LINK_VERSION}.<data>, got ${showValue(versioned)})`);
  }
  const [, version, payload] = match;
  if (version !== SHARE_LINK_VERSION) {
    return err(`link: version "${version}" is not supported (this build reads "${SHARE_LINK_VERSION}")`);
  }

  let tUs: number | undefined;
  let steps: number | undefined;
  let viewUs: readonly [number, number] | undefined;
  for (const parameter of parameters) {
    const [key, value] = parameter.split('=', 2);
    if (key === 't') {
      tUs = Number(value);
      if (value === undefined || value.trim() === '' || !Number.isFinite(tUs) || tUs < 0) {
        return err(`link: t=${shownParameter(value)} is not a time (microseconds >= 0)`);
      }
    } else if (key === 'e') {
      steps = Number(value);
      if (value === undefined || !/^\d{1,9}$/.test(value)) {
        return err(`link: e=${shownParameter(value)} is not a count of steps (a whole number 0..999999999)`);
      }
    } else if (key === 'v') {
      const span = parseWindow(value);
      if (!span) {
        return err(`link: v=${shownParameter(value)} is not a timeline window (two times in microseconds, <start>-<end>, start before end)`);
      }
      viewUs = span;
    }
    // parameters of later versions are ignored
  }
  if (steps !== undefined && tUs === undefined) return err('link: e= (steps at an instant) needs the instant too (t=<microseconds>)');

  const json = PAYLOAD_CHARACTERS.test(payload) ? decompress(payload) : null;
  if (!json) return err('link: the scenario data is corrupt (it does not decompress); copy the whole link again');

  if (json.length > MAX_SCENARIO_JSON_CHARS) {
    return err(`link: the scenario data is too large (${json.length} characters; at most ${MAX_SCENARIO_JSON_CHARS})`);
  }
  const parsedJson = parseJsonText(json);
  if (!parsedJson.ok) return err(`link: the scenario data is not valid JSON (${parsedJson.error})`);
  const parsed = parseScenario(parsedJson.value);
  if (!parsed.ok) return parsed;
  const shared: SharedScenario = { scenario: parsed.value };
  if (tUs !== undefined) shared.tUs = tUs;
  if (steps !== undefined) shared.steps = steps;
  if (viewUs !== undefined) shared.viewUs = viewUs;
  return ok(shared);
}

/** A parameter's value as typed when printable and short; anything else quoted and cut, so the message stays one line. */
function shownParameter(value: string | undefined): string {
  return /^[\x20-\x7e]{0,40}$/.test(value ?? '') ? (value ?? '') : showValue(value);
}

/** The decompressed text, or null when the payload is corrupt (lz-string returns null or '', or throws, on corrupt data). */
function decompress(payload: string): string | null {
  try {
    return LZString.decompressFromEncodedURIComponent(payload) || null;
  } catch {
    return null;
  }
}

/** Undoes percent-encoding some tools add to hashes; text that is not valid percent-encoding is kept as it is. */
function safelyDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
