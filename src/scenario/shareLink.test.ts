import LZString from 'lz-string';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryScenario } from './arbitraryScenario';
import { loadPreset } from './presets';
import { MAX_SHARE_LINK_CHARS, decodeShareLink, encodeShareLink, shareHash, shareUrl } from './shareLink';

function defaultScenario() {
  const result = loadPreset('default');
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** A link whose payload is this text, compressed the way the codec does. */
const linkWithJson = (json: string) => `#s1.${LZString.compressToEncodedURIComponent(json)}`;

describe('share link round trip', () => {
  it('random valid scenarios encode and decode to a deep-equal scenario', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        expect(decodeShareLink(encodeShareLink(scenario))).toEqual({ ok: true, value: { scenario } });
      }),
      { numRuns: 200 },
    );
  });

  it('the current time round-trips with the scenario', () => {
    fc.assert(
      fc.property(arbitraryScenario, fc.double({ min: 0, max: 1e7, noNaN: true }), (scenario, tUs) => {
        expect(decodeShareLink(shareHash(scenario, { tUs }))).toEqual({ ok: true, value: { scenario, tUs } });
      }),
      { numRuns: 50 },
    );
  });

  it('a position (instant and steps taken at it) round-trips; a link with an instant alone reads as before', () => {
    fc.assert(
      fc.property(arbitraryScenario, fc.double({ min: 0, max: 1e7, noNaN: true }), fc.nat(1e6), (scenario, tUs, steps) => {
        expect(decodeShareLink(shareHash(scenario, { tUs, steps }))).toEqual({ ok: true, value: { scenario, tUs, steps } });
      }),
      { numRuns: 50 },
    );
    const scenario = defaultScenario();
    expect(encodeShareLink(scenario, { tUs: 181.1, steps: 0 })).toMatch(/&t=181\.1&e=0$/);
    // Every step at the instant is what an instant alone says: no e= is written.
    expect(encodeShareLink(scenario, { tUs: 181.1, steps: Infinity })).toMatch(/&t=181\.1$/);
    expect(decodeShareLink(`${shareHash(scenario)}&t=181.1`)).toEqual({ ok: true, value: { scenario, tUs: 181.1 } });
  });

  it('the timeline window (&v=<start>-<end>, µs) round-trips, with a position or alone', () => {
    fc.assert(
      fc.property(arbitraryScenario, fc.nat(1e7), fc.integer({ min: 1, max: 1e6 }), fc.option(fc.nat(1e6)), (scenario, t0, width, tUs) => {
        const viewUs = [t0, t0 + width] as const;
        const extras = tUs === null ? { viewUs } : { tUs, viewUs };
        expect(decodeShareLink(shareHash(scenario, extras))).toEqual({ ok: true, value: { scenario, ...extras } });
      }),
      { numRuns: 50 },
    );
    const scenario = defaultScenario();
    expect(encodeShareLink(scenario, { tUs: 5, steps: 1, viewUs: [0.5, 20.25] })).toMatch(/&t=5&e=1&v=0\.5-20\.25$/);
  });

  it('a link is s1. plus URL-safe characters only', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        expect(encodeShareLink(scenario, { tUs: 12.5 })).toMatch(/^s1\.[A-Za-z0-9+\-$]+&t=12\.5$/);
      }),
      { numRuns: 50 },
    );
  });

  it('a full URL, a #hash and the bare link all decode', () => {
    const scenario = defaultScenario();
    const url = shareUrl('https://example.org/lab/?x=1#old', scenario, { tUs: 3 });
    expect(url.startsWith('https://example.org/lab/?x=1#s1.')).toBe(true);
    for (const link of [url, url.slice(url.indexOf('#')), url.slice(url.indexOf('#') + 1)]) {
      expect(decodeShareLink(link)).toEqual({ ok: true, value: { scenario, tUs: 3 } });
    }
  });

  it('a percent-encoded link still decodes', () => {
    const scenario = defaultScenario();
    const hash = shareHash(scenario).replace(/\$/g, '%24');
    expect(decodeShareLink(hash)).toEqual({ ok: true, value: { scenario } });
  });

  it('parameters a later version may add are ignored', () => {
    const scenario = defaultScenario();
    expect(decodeShareLink(`${shareHash(scenario)}&speed=2`)).toEqual({ ok: true, value: { scenario } });
  });
});

describe('tampered share links are rejected with a message', () => {
  const good = encodeShareLink(defaultScenario());
  const payload = good.slice('s1.'.length);

  const cases: [rule: string, link: string, error: string | RegExp][] = [
    ['no version prefix', `#${payload}`, /^link: not a scenario link \(expected #s1\.<data>, got "/],
    ['an empty hash', 'https://example.org/lab/#', 'link: not a scenario link (expected #s1.<data>, got "")'],
    ['an unknown version prefix', `#s9.${payload}`, 'link: version "s9" is not supported (this build reads "s1")'],
    ['characters outside the URL-safe alphabet', `#s1.${payload.slice(0, 10)}*${payload.slice(10)}`, /^link: the scenario data is corrupt/],
    ['an empty payload', '#s1.', /^link: the scenario data is corrupt/],
    ['a payload cut short', `#s1.${payload.slice(0, payload.length >> 1)}`, /^link: the scenario data (is corrupt|is not valid JSON)/],
    ['compressed text that is not JSON', linkWithJson('{"v":1,'), /^link: the scenario data is not valid JSON \(/],
    ['valid JSON that is not a valid scenario', linkWithJson('{"v":1,"device":{"regs":{"RADV":70000}}}'), 'device.regs.RADV: 70000 is out of range (integer 0..65535)'],
    ['a scenario of a newer format version', linkWithJson('{"v":2}'), /^v: 2 is a newer format version/],
    ['a negative time', `#${good}&t=-1`, 'link: t=-1 is not a time (microseconds >= 0)'],
    ['a time that is not a number', `#${good}&t=soon`, 'link: t=soon is not a time (microseconds >= 0)'],
    ['an empty time', `#${good}&t=`, 'link: t= is not a time (microseconds >= 0)'],
    ['steps that are not a whole number', `#${good}&t=5&e=1.5`, 'link: e=1.5 is not a count of steps (a whole number 0..999999999)'],
    ['negative steps', `#${good}&t=5&e=-1`, 'link: e=-1 is not a count of steps (a whole number 0..999999999)'],
    ['empty steps', `#${good}&t=5&e=`, 'link: e= is not a count of steps (a whole number 0..999999999)'],
    ['a window that ends before it starts', `#${good}&v=20-10`, 'link: v=20-10 is not a timeline window (two times in microseconds, <start>-<end>, start before end)'],
    ['an empty window', `#${good}&v=5-5`, 'link: v=5-5 is not a timeline window (two times in microseconds, <start>-<end>, start before end)'],
    ['a window that is not two times', `#${good}&v=soon`, 'link: v=soon is not a timeline window (two times in microseconds, <start>-<end>, start before end)'],
    ['a window with a negative start', `#${good}&v=-5-10`, 'link: v=-5-10 is not a timeline window (two times in microseconds, <start>-<end>, start before end)'],
    ['steps without an instant', `#${good}&e=2`, 'link: e= (steps at an instant) needs the instant too (t=<microseconds>)'],
    ['a link over the size cap', `#s1.${'A'.repeat(MAX_SHARE_LINK_CHARS)}`, `link: too long (${MAX_SHARE_LINK_CHARS + 4} characters; at most ${MAX_SHARE_LINK_CHARS})`],
  ];

  it.each(cases)('%s', (_rule, link, error) => {
    const result = decodeShareLink(link);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    if (typeof error === 'string') expect(result.error).toBe(error);
    else expect(result.error).toMatch(error);
    expect(result.error).not.toMatch(/\n/);
  });

  it('flipping any payload character never throws and never yields an invalid scenario', () => {
    fc.assert(
      fc.property(fc.nat(payload.length - 1), fc.constantFrom(...'ABCxyz019+-$'), (index, replacement) => {
        const tampered = `s1.${payload.slice(0, index)}${replacement}${payload.slice(index + 1)}`;
        const result = decodeShareLink(tampered);
        if (result.ok) expect(result.value.scenario.v).toBe(1);
        else expect(result.error).toMatch(/^[^\n]+$/);
      }),
      // lz-string throws on some corrupt inputs; enough runs to hit them every time.
      { numRuns: 2000 },
    );
  });
});
