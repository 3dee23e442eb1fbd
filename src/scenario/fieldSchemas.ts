/**
 * Valibot building blocks whose issues read as one line for a person:
 * "<bad value> is out of range (<what is allowed>)". The field path is added
 * by `formatIssue`, so each message here says only what was wrong and what
 * would be right.
 */
import * as v from 'valibot';

type AnyIssue = v.BaseIssue<unknown>;

/** A bad value, shown short and on one line. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** `a.b[3].c`, or `scenario` for the whole input. Keys are shown as written (`guest.params.hw.em.tx_int_delay`). */
export function formatPath(path: readonly { key: unknown }[] | undefined): string {
  let text = '';
  for (const { key } of path ?? []) {
    text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${String(key)}`;
  }
  return text || 'scenario';
}

/** The one-line message for a failed parse: `<field path>: <what was wrong>`. */
export function formatIssue(issue: AnyIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberMessage(allowed: string) {
  return (issue: AnyIssue): string => {
    const shown = showValue(issue.input);
    if (issue.input === undefined) return `missing (${allowed})`;
    if (issue.type === 'number') return `${shown} is not a number (${allowed})`;
    if (issue.type === 'integer') return `${shown} is not an integer (${allowed})`;
    if (issue.type === 'check') return `${shown} is not allowed (${allowed})`;
    return `${shown} is out of range (${allowed})`;
  };
}

/** An integer in min..max. `allowed` overrides the range text in messages. */
export function integerIn(min: number, max: number, allowed = `integer ${min}..${max}`) {
  const message = numberMessage(allowed);
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

/** An integer in min..max that is a multiple of `step`. */
export function integerStepIn(min: number, max: number, step: number) {
  const message = numberMessage(`integer ${min}..${max}, a multiple of ${step}`);
  return v.pipe(
    v.number(message),
    v.integer(message),
    v.minValue(min, message),
    v.maxValue(max, message),
    v.check((value) => value % step === 0, message),
  );
}

/** An integer that is one of `values` or lies in min..max. */
export function integerOneOfOrIn(values: readonly number[], min: number, max: number) {
  const message = numberMessage(`${values.join(', ')} or an integer ${min}..${max}`);
  return v.pipe(
    v.number(message),
    v.integer(message),
    v.check((value) => values.includes(value) || (value >= min && value <= max), message),
  );
}

/** A number (fractions allowed) in min..max. */
export function numberIn(min: number, max: number, unit = '') {
  const message = numberMessage(`number ${min}..${max}${unit}`);
  return v.pipe(v.number(message), v.minValue(min, message), v.maxValue(max, message));
}

/** A number above 0, at most max. */
export function positiveUpTo(max: number, unit = '') {
  const message = numberMessage(`number > 0 and <= ${max}${unit}`);
  return v.pipe(v.number(message), v.gtValue(0, message), v.maxValue(max, message));
}

function listOf(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/** One of a fixed list of strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return v.picklist(values, (issue) => `${showValue(issue.input)} is not allowed (one of ${listOf(values)})`);
}

/** A string of at most `maxLength` characters. */
export function textUpTo(maxLength: number) {
  const allowed = `text of at most ${maxLength} characters`;
  return v.pipe(
    v.string((issue) => `${showValue(issue.input)} is not text (${allowed})`),
    v.maxLength(maxLength, (issue) => `${showValue(issue.input)} is too long (${issue.input.length} characters; ${allowed})`),
  );
}

/** Why a value given where an object belongs was rejected. */
function notAnObject(issue: AnyIssue): string {
  return `${showValue(issue.input)} is not an object`;
}

/** Rejects arrays and null, which valibot's object schemas would otherwise accept as objects. */
function plainObject<const S extends v.GenericSchema>(schema: S) {
  return v.pipe(v.custom<v.InferInput<S>>(isPlainObject, notAnObject), schema);
}

/**
 * An object with exactly these fields (unknown fields rejected, each naming
 * what is allowed). `owner` names whose fields they are in messages, e.g.
 * `driver "linux-e1000"`. Use this form only as an option of `variantBy`,
 * which rejects arrays itself; elsewhere use `strictFields`.
 */
export function strictObjectOf<const E extends v.ObjectEntries>(entries: E, owner?: string) {
  const names = Object.keys(entries);
  const allowed = owner
    ? names.length > 0
      ? `${owner} allows: ${names.join(', ')}`
      : `${owner} takes none`
    : `allowed: ${names.join(', ')}`;
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return `unknown field (${allowed})`;
    if (issue.input === undefined) return owner ? `missing (required by ${owner})` : 'missing (required)';
    return notAnObject(issue);
  });
}

/** A plain object (not an array) with exactly these fields; see `strictObjectOf`. */
export function strictFields<const E extends v.ObjectEntries>(entries: E, owner?: string) {
  return plainObject(strictObjectOf(entries, owner));
}

/**
 * Objects told apart by the string field `key`; `allowed` describes its
 * valid values for messages.
 */
export function variantBy<const K extends string, const O extends v.VariantOptions<K>>(key: K, options: O, allowed: string) {
  return plainObject(
    v.variant(key, options, (issue) => {
      // The variant puts the discriminator on the path when the object itself was fine.
      if (!issue.path) return notAnObject(issue);
      return issue.input === undefined ? `missing (${allowed})` : `${showValue(issue.input)} is not allowed (${allowed})`;
    }),
  );
}
