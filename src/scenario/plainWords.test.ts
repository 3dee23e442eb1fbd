/**
 * The app's words for the format's messages (issue 25, ux-walk item 7):
 * rule: an error on screen names the field by its label, gives the range in
 * words with one unit (µs, with s or ms beside a round large bound) and says
 * what was given; no code words like "number > 0 and <= 10000000 us". The
 * messages here are what parseScenario really returns (checked first), so a
 * change in the format's wording shows up here.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from './schema';
import { hasBareUs, microSpelling, microsWords, plainError } from './plainWords';

/** The format's message for a scenario with these fields changed. */
function formatError(fields: Record<string, unknown>): string {
  const r = parseScenario({ v: 1, ...fields });
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(fields)}`);
  return r.error;
}

describe('plainError', () => {
  it('Duration past its range: the example of the issue, in seconds and µs', () => {
    const message = formatError({ durationUs: 20_000_000 });
    expect(message).toBe('durationUs: 20000000 is out of range (number > 0 and <= 10000000 us)');
    expect(plainError(message)).toBe('Duration must be above 0 and at most 10 s (10,000,000 µs); 20 s (20,000,000 µs) was given.');
  });

  it('a text where a number belongs, and a fraction where an integer belongs', () => {
    expect(plainError(formatError({ durationUs: 'x' }))).toBe('Duration must be above 0 and at most 10 s (10,000,000 µs); "x" was given.');
    expect(plainError(formatError({ seed: 1.5 }))).toBe('Seed must be a whole number from 0 to 4,294,967,295; 1.5 was given.');
  });

  it('a register by its name, a ring with its extra condition, a rate with its unit once', () => {
    expect(plainError(formatError({ device: { regs: { RDTR: 70000 } } }))).toBe('RDTR must be a whole number from 0 to 65,535; 70,000 was given.');
    expect(plainError(formatError({ device: { rxRing: 3 } }))).toBe('RX ring size must be a whole number from 8 to 4,096, a multiple of 8; 3 was given.');
    expect(plainError(formatError({ traffic: { rx: { pattern: 'poisson', pps: -1 } } }))).toBe('RX traffic pps must be above 0 and at most 10,000,000 frames/s; -1 was given.');
  });

  it('a missing field says so, with what it must be', () => {
    const message = formatError({ traffic: { rx: { pattern: 'onoff' } } });
    expect(message).toMatch(/: missing \(/);
    expect(plainError(message)).toMatch(/^RX traffic \w+ is missing: it must be /);
    expect(plainError('durationUs: missing (number > 0 and <= 10000000 us)')).toBe('Duration is missing: it must be above 0 and at most 10 s (10,000,000 µs).');
  });

  it('a choice lists what is allowed', () => {
    const shown = plainError(formatError({ device: { model: 'foo' } }));
    expect(shown).toMatch(/^Device model must be one of "8254x", .*"itr-ratecap"; "foo" was given\.$/);
  });

  it('a message of another shape keeps its words, as a sentence with µs', () => {
    expect(plainError('traffic.rx.atUs[1]: 3 is out of order (instants must not decrease; the one before is 5)')).toBe(
      'traffic.rx.atUs[1]: 3 is out of order (instants must not decrease; the one before is 5).',
    );
    expect(plainError('console[1].tUs: 3 is out of order (the one before is at 5 us)')).toBe('console[1].tUs: 3 is out of order (the one before is at 5 µs).');
  });

  it('no message of the format, in the app\'s words, spells us', () => {
    const bad = [{ durationUs: 0 }, { console: [{ tUs: -1, op: 'read', reg: 'ICR' }] }, { guest: { driver: 'freebsd-em', params: { 'hw.em.rx_int_delay': 99999999 } } }];
    for (const fields of bad) {
      const message = formatError(fields);
      expect(hasBareUs(message), message).toBe(true); // the format's own words keep "us" (the CLI's contract)
      expect(hasBareUs(plainError(message)), plainError(message)).toBe(false);
    }
  });
});

describe('microsWords and microSpelling', () => {
  it('adds s or ms beside a round bound, and only there', () => {
    expect(microsWords(10_000_000)).toBe('10 s (10,000,000 µs)');
    expect(microsWords(5_000)).toBe('5 ms (5,000 µs)');
    expect(microsWords(67_108)).toBe('67,108 µs');
    expect(microsWords(8.192)).toBe('8.192 µs');
  });

  it('rewrites the unit, not words that contain the letters', () => {
    expect(microSpelling('held 150 us (busy_poll_usecs, status, durationUs)')).toBe('held 150 µs (busy_poll_usecs, status, durationUs)');
  });
});

describe('plainError inside a longer message', () => {
  it('rewrites the field issue where it stands and ends the whole with one full stop', () => {
    const inner = formatError({ durationUs: 20_000_000 });
    expect(plainError(`This comparison link could not be loaded: base.${inner}.`)).toBe(
      'This comparison link could not be loaded: Duration must be above 0 and at most 10 s (10,000,000 µs); 20 s (20,000,000 µs) was given.',
    );
  });
});
