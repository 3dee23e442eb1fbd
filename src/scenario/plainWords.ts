/**
 * The app's words for what the scenario format and the core write in code
 * words (issue 25, ux-walk item 7).
 *
 * - One spelling of the microsecond on screen: the format's units and the
 *   CLI write the ASCII `us` (field names such as `durationUs` and the CLI's
 *   messages are the contract, docs/scenario-contract.md); everything a person
 *   reads in the app says `µs`. `shownUnit` / `microSpelling` are the one place
 *   that turns one into the other.
 * - Errors in plain words: `plainError` turns the format's one-line message
 *   (`durationUs: 20000000 is out of range (number > 0 and <= 10000000 us)`)
 *   into a sentence ("Duration must be above 0 and at most 10 s
 *   (10,000,000 µs); 20,000,000 µs was given."). The CLI keeps the format's
 *   message, which names the field as the file spells it.
 */

/** The ASCII unit as a word of its own: not inside `status`, `usecs`, `durationUs` or `en-US`. */
const BARE_US = /(?<![\p{L}\p{N}_-])us(?![\p{L}\p{N}_])/gu;

/** True if the text spells the microsecond `us` anywhere. */
export function hasBareUs(text: string): boolean {
  return new RegExp(BARE_US.source, 'u').test(text);
}

/** Text with every ASCII `us` unit written `µs` ("8.192 us" -> "8.192 µs", "(us)" -> "(µs)"). */
export function microSpelling(text: string): string {
  return text.replace(BARE_US, 'µs');
}

/** A unit as the app shows it: `us` -> `µs`, `1.024 us` -> `1.024 µs`; other units unchanged. */
export function shownUnit(unit: string): string {
  return microSpelling(unit);
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** A number of µs in words, with seconds or milliseconds beside a large one: `10 s (10,000,000 µs)`. */
export function microsWords(us: number): string {
  const text = `${int.format(us)} µs`;
  if (us >= 1_000_000 && us % 1_000_000 === 0) return `${int.format(us / 1_000_000)} s (${text})`;
  if (us >= 1_000 && us % 1_000 === 0) return `${int.format(us / 1_000)} ms (${text})`;
  return text;
}

/** What a scenario field is called on screen (the format's name is kept for the rest). */
const FIELD_WORDS: Record<string, string> = {
  durationUs: 'Duration',
  seed: 'Seed',
  name: 'Name',
  'device.model': 'Device model',
  'device.rxRing': 'RX ring size',
  'device.txRing': 'TX ring size',
  'guest.driver': 'Guest driver',
  'traffic.rx.pattern': 'RX traffic pattern',
  'traffic.tx.pattern': 'TX traffic pattern',
};

/** `device.regs.RDTR` -> `RDTR`, `traffic.rx.pps` -> `RX traffic pps`; others as written. */
function fieldWords(fullPath: string): string {
  // A comparison's or sweep's link nests the scenario under `base.`.
  const path = fullPath.replace(/^(base|scenario)\./, '');
  if (FIELD_WORDS[path]) return FIELD_WORDS[path];
  const reg = /^device\.regs\.(\w+)$/.exec(path);
  if (reg) return reg[1];
  const traffic = /^traffic\.(rx|tx)\.(.+)$/.exec(path);
  if (traffic) return `${traffic[1].toUpperCase()} traffic ${traffic[2]}`;
  return path;
}

/** A number as written in a message, in words: `10000000` -> `10,000,000`. */
function numberWords(text: string): string {
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(text) ? int.format(Number(text)) : text;
}

/**
 * The allowed range of a message, in words: `number > 0 and <= 10000000 us`
 * -> `above 0 and at most 10 s (10,000,000 µs)`; `uint32, integer 0..4294967295`
 * -> `a whole number from 0 to 4,294,967,295`; `integer 8..4096, a multiple of
 * 8` -> `a whole number from 8 to 4,096, a multiple of 8`. Null if it is no range.
 */
function rangeWords(allowed: string): string | null {
  const m = /^(?:[\w ]+, )?(number|integer) (?:> ([^\s,]+) and <= ([^\s,]+)|([^\s,]+)\.\.([^\s,]+))(.*)$/.exec(allowed);
  if (!m) return null;
  const [, kind, above, atMost, from, to, tail] = m;
  // What follows the bounds: their unit (`us`, `frames/s`), then any further condition after a comma.
  const [, unit, more] = /^(?: ([^,]*?))?((?:, .*)?)$/.exec(tail) ?? ['', '', tail];
  const us = unit === 'us' || unit?.startsWith('us ');
  // The unit once, on the upper bound (`from 0 to 65,535`, `above 0 and at most 10,000,000 frames/s`); µs with s or ms beside.
  const low = (n: string) => (us && Number(n) !== 0 ? microsWords(Number(n)) : numberWords(n));
  const high = (n: string) => (us ? microsWords(Number(n)) : `${numberWords(n)}${unit ? ` ${unit}` : ''}`);
  const range = above !== undefined ? `above ${low(above)} and at most ${high(atMost)}` : `from ${low(from)} to ${high(to)}`;
  return `${kind === 'integer' ? 'a whole number ' : ''}${range}${microSpelling(more)}`;
}

/** Text ending in a full stop. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * The format's error (`<field path>: <value> is <what was wrong> (<allowed>)`),
 * alone or inside a longer message ("This link could not be loaded: ..."),
 * in the app's words: the field by its label, the range in words with its
 * unit, what was given, `µs`, and a full stop at the end. Messages of
 * another shape keep their words, with `µs`.
 */
export function plainError(message: string): string {
  // Every kind (out of range, not a number, not an integer, not allowed) reads as what is allowed and what was given.
  const FIELD_ISSUE = /(?<![\w.[\]-])([\w.[\]-]+): (\S+) is (?:out of range|not a number|not an integer|not allowed) \(((?:[^()]|\([^()]*\))+)\)/g;
  let plain = message.replace(FIELD_ISSUE, (_, path: string, value: string, allowed: string) => {
    const range = rangeWords(allowed) ?? microSpelling(allowed);
    const us = /\d us\b/.test(allowed);
    const given = `${us && Number.isFinite(Number(value)) ? microsWords(Number(value)) : numberWords(value)} was given`;
    return `${fieldWords(path)} must be ${range}; ${given}`;
  });
  const MISSING = /(?<![\w.[\]-])([\w.[\]-]+): missing \(((?:[^()]|\([^()]*\))+)\)/g;
  plain = plain.replace(MISSING, (_, path: string, allowed: string) => `${fieldWords(path)} is missing: it must be ${rangeWords(allowed) ?? microSpelling(allowed)}`);
  return sentence(microSpelling(plain));
}
