/**
 * Comparison links: a whole comparison (base scenario and configurations) in
 * a URL hash, `#c1.<payload>`, the payload being the comparison JSON
 * compressed with lz-string like a scenario link (`#s1.`). Decoding ends in
 * `parseComparisonSpec`, so a link is validated exactly like a comparison
 * typed in by hand. Pure: no browser.
 */
import LZString from 'lz-string';
import { err, type Result } from '../base/result';
import type { Scenario } from '../core/scenario';
import { parseComparisonSpec, type ComparisonConfig, type ComparisonSpec, type ConfigOverride } from '../sweep/compare';
import { MAX_SHARE_LINK_CHARS } from '../scenario/shareLink';

export const COMPARE_LINK_VERSION = 'c1';

const PAYLOAD_CHARACTERS = /^[A-Za-z0-9+\-$]+$/;

/** The hash part of a link or URL, without '#'. */
function hashOf(link: string): string {
  return link.includes('#') ? link.slice(link.indexOf('#') + 1) : link;
}

/** A hash (or URL) that belongs to the lab views rather than to the simulator: `#c<digits>.…`. */
export function isLabHash(link: string): boolean {
  return /^c\d+\./.test(hashOf(link).trim());
}

/** The JSON a comparison link carries: the base scenario and the overrides, as the user wrote them. */
export function comparisonJson(spec: { base: Scenario; configs: readonly ConfigOverride[] }): string {
  return JSON.stringify({ base: spec.base, configs: spec.configs });
}

/** `#c1.<payload>` for a comparison. */
export function encodeCompareHash(spec: { base: Scenario; configs: readonly ConfigOverride[] }): string {
  return `#${COMPARE_LINK_VERSION}.${LZString.compressToEncodedURIComponent(comparisonJson(spec))}`;
}

/**
 * Reads a comparison link given as a full URL, a `#c1.…` hash or the bare
 * `c1.…`. Errors are one line naming what was wrong: size, version,
 * compression, JSON, or the comparison's field (e.g.
 * `configs[1] "ITR 500": device.regs.ITR: 70000 is out of range (integer 0..65535)`).
 */
export function decodeCompareHash(link: string): Result<{ spec: ComparisonSpec; configs: ComparisonConfig[] }> {
  if (link.length > MAX_SHARE_LINK_CHARS) {
    return err(`link: too long (${link.length} characters; at most ${MAX_SHARE_LINK_CHARS})`);
  }
  let hash = hashOf(link).trim();
  try {
    hash = decodeURIComponent(hash);
  } catch {
    /* keep it as it is */
  }
  const match = /^(c\d+)\.(.*)$/s.exec(hash);
  if (!match) return err(`link: not a comparison link (expected #${COMPARE_LINK_VERSION}.<data>)`);
  const [, version, payload] = match;
  if (version !== COMPARE_LINK_VERSION) {
    return err(`link: comparison version "${version}" is not supported (this build reads "${COMPARE_LINK_VERSION}")`);
  }
  let json: string | null = null;
  if (PAYLOAD_CHARACTERS.test(payload)) {
    try {
      json = LZString.decompressFromEncodedURIComponent(payload) || null;
    } catch {
      json = null;
    }
  }
  if (!json) return err('link: the comparison data is corrupt (it does not decompress); copy the whole link again');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return err(`link: the comparison data is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseComparisonSpec(value);
}
