/**
 * Comparison links: a whole comparison (base scenario and configurations) in
 * a URL hash, `#c1.<payload>`, the payload being the comparison JSON
 * compressed with lz-string like a scenario link (`#s1.`). Decoding ends in
 * `parseComparisonSpec`, so a link is validated exactly like a comparison
 * typed in by hand. Pure: no browser.
 */
import LZString from 'lz-string';
import { err, type Result } from '../base/result';
import { type Scenario } from '../core';
import { parseComparisonSpec, type ComparisonConfig, type ComparisonSpec, type ConfigOverride } from '../sweep/compare';
import { MAX_SHARE_LINK_CHARS } from '../scenario/shareLink';
import { parseScenario } from '../scenario/schema';
import { isPlainObject } from '../scenario/fieldSchemas';
import { describeParam } from '../sweep/paths';
import { MAX_SWEEP_SEEDS, MAX_SWEEP_STEPS } from '../sweep/sweep';
import type { SweepForm } from './labSweep';

export const COMPARE_LINK_VERSION = 'c1';

const PAYLOAD_CHARACTERS = /^[A-Za-z0-9+\-$]+$/;

/** The hash part of a link or URL, without '#'. */
function hashOf(link: string): string {
  return link.includes('#') ? link.slice(link.indexOf('#') + 1) : link;
}

/** A hash (or URL) that belongs to the lab views rather than to the simulator: `#c<digits>.…` (a comparison) or `#w<digits>.…` (a sweep). */
export function isLabHash(link: string): boolean {
  return /^[cw]\d+\./.test(hashOf(link).trim());
}

/** A sweep link: `#w<digits>.…`. */
export function isSweepHash(link: string): boolean {
  return /^w\d+\./.test(hashOf(link).trim());
}

/** The JSON a comparison link carries: the base scenario and the overrides, as the user wrote them. */
export function comparisonJson(spec: { base: Scenario; configs: readonly ConfigOverride[] }): string {
  return JSON.stringify({ base: spec.base, configs: spec.configs });
}

/** `#c1.<payload>` for a comparison. */
export function encodeCompareHash(spec: { base: Scenario; configs: readonly ConfigOverride[] }): string {
  return `#${COMPARE_LINK_VERSION}.${LZString.compressToEncodedURIComponent(comparisonJson(spec))}`;
}

/** Decompresses a lab link's payload (`<v>.<payload>`, version checked) into JSON; errors are one line. */
function linkJson(link: string, version: string, what: string): Result<unknown> {
  if (link.length > MAX_SHARE_LINK_CHARS) {
    return err(`link: too long (${link.length} characters; at most ${MAX_SHARE_LINK_CHARS})`);
  }
  let hash = hashOf(link).trim();
  try {
    hash = decodeURIComponent(hash);
  } catch {
    /* keep it as it is */
  }
  const letter = version[0];
  const match = new RegExp(`^(${letter}\\d+)\\.(.*)$`, 's').exec(hash);
  if (!match) return err(`link: not a ${what} link (expected #${version}.<data>)`);
  const [, got, payload] = match;
  if (got !== version) return err(`link: ${what} version "${got}" is not supported (this build reads "${version}")`);
  let json: string | null = null;
  if (PAYLOAD_CHARACTERS.test(payload)) {
    try {
      json = LZString.decompressFromEncodedURIComponent(payload) || null;
    } catch {
      json = null;
    }
  }
  if (!json) return err(`link: the ${what} data is corrupt (it does not decompress); copy the whole link again`);
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (error) {
    return err(`link: the ${what} data is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

export const SWEEP_LINK_VERSION = 'w1';

/** What a sweep link carries: the base scenario, the form (parameter, range, scale, seeds) and the question's bound. */
export interface SweepLink {
  base: Scenario;
  form: SweepForm;
  boundUs: number;
  allowDrops: boolean;
}

/** `#w1.<payload>` for a sweep. */
export function encodeSweepHash(link: SweepLink): string {
  const { base, form, boundUs, allowDrops } = link;
  const json = JSON.stringify({ base, form: { param: form.param, from: form.from, to: form.to, steps: form.steps, scale: form.scale, seeds: form.seeds }, boundUs, allowDrops });
  return `#${SWEEP_LINK_VERSION}.${LZString.compressToEncodedURIComponent(json)}`;
}

const SWEEP_LINK_FIELDS = ['base', 'form', 'boundUs', 'allowDrops'];
const SWEEP_FORM_FIELDS = ['param', 'from', 'to', 'steps', 'scale', 'seeds'];

/** Validates a sweep link's JSON: the base like any scenario, the form's parameter against that scenario, every number in range. */
export function parseSweepLink(value: unknown): Result<SweepLink> {
  if (!isPlainObject(value)) return err('sweep: not an object');
  const extra = Object.keys(value).find((k) => !SWEEP_LINK_FIELDS.includes(k));
  if (extra) return err(`${extra}: unknown field (allowed: ${SWEEP_LINK_FIELDS.join(', ')})`);
  const base = parseScenario(value.base);
  if (!base.ok) return err(`base.${base.error}`);
  const form = value.form;
  if (!isPlainObject(form)) return err('form: not an object');
  const extraForm = Object.keys(form).find((k) => !SWEEP_FORM_FIELDS.includes(k));
  if (extraForm) return err(`form.${extraForm}: unknown field (allowed: ${SWEEP_FORM_FIELDS.join(', ')})`);
  if (typeof form.param !== 'string') return err(`form.param: ${JSON.stringify(form.param)} is not a parameter`);
  const param = describeParam(base.value, form.param);
  if (!param.ok) return err(`form.param: ${param.error}`);
  for (const key of ['from', 'to'] as const) {
    if (typeof form[key] !== 'number' || !Number.isFinite(form[key])) return err(`form.${key}: ${JSON.stringify(form[key])} is not a finite number`);
  }
  const { steps, scale, seeds = 1 } = form;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > MAX_SWEEP_STEPS) return err(`form.steps: ${JSON.stringify(steps)} is out of range (integer 1..${MAX_SWEEP_STEPS})`);
  if (scale !== 'linear' && scale !== 'log') return err(`form.scale: ${JSON.stringify(scale)} is not allowed ("linear" or "log")`);
  if (typeof seeds !== 'number' || !Number.isInteger(seeds) || seeds < 1 || seeds > MAX_SWEEP_SEEDS) return err(`form.seeds: ${JSON.stringify(seeds)} is out of range (integer 1..${MAX_SWEEP_SEEDS})`);
  const { boundUs = 50, allowDrops = false } = value;
  if (typeof boundUs !== 'number' || !Number.isFinite(boundUs) || boundUs < 0) return err(`boundUs: ${JSON.stringify(boundUs)} is not allowed (a number of µs, 0 or more)`);
  if (typeof allowDrops !== 'boolean') return err(`allowDrops: ${JSON.stringify(allowDrops)} is not allowed (true or false)`);
  return { ok: true, value: { base: base.value, form: { param: form.param, from: form.from as number, to: form.to as number, steps, scale, seeds }, boundUs, allowDrops } };
}

/**
 * Reads a sweep link given as a full URL, a `#w1.…` hash or the bare
 * `w1.…`; errors are one line naming what was wrong (size, version,
 * compression, JSON, or the field).
 */
export function decodeSweepHash(link: string): Result<SweepLink> {
  const json = linkJson(link, SWEEP_LINK_VERSION, 'sweep');
  return json.ok ? parseSweepLink(json.value) : json;
}

/**
 * Reads a comparison link given as a full URL, a `#c1.…` hash or the bare
 * `c1.…`. Errors are one line naming what was wrong: size, version,
 * compression, JSON, or the comparison's field (e.g.
 * `configs[1] "ITR 500": device.regs.ITR: 70000 is out of range (integer 0..65535)`).
 */
export function decodeCompareHash(link: string): Result<{ spec: ComparisonSpec; configs: ComparisonConfig[] }> {
  const json = linkJson(link, COMPARE_LINK_VERSION, 'comparison');
  return json.ok ? parseComparisonSpec(json.value) : json;
}
