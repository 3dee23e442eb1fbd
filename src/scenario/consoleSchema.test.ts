/** The register console's `console` list: strictly validated, every rejection names the field. */
import { describe, expect, it } from 'vitest';
import { MAX_CONSOLE_OPS, parseScenario } from './schema';
import { decodeShareLink, encodeShareLink } from './shareLink';

const base = { v: 1 as const };

describe('scenario.console (register console accesses)', () => {
  it('is optional, and absent stays absent (old links encode the same)', () => {
    const r = parseScenario(base);
    expect(r.ok).toBe(true);
    if (r.ok) expect('console' in r.value).toBe(false);
  });

  it('accepts writes and reads in time order and round-trips through a link', () => {
    const console = [
      { tUs: 0, op: 'write', reg: 'IMS', value: 0x9d },
      { tUs: 12.5, op: 'write', reg: 'ICS', value: 0x80 },
      { tUs: 12.5, op: 'read', reg: 'ICR' },
      { tUs: 40, op: 'write', reg: 'RDTR', value: 0x8000_0010 },
    ];
    const r = parseScenario({ ...base, console });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.console).toEqual(console);
    const back = decodeShareLink(encodeShareLink(r.value, { tUs: 50 }));
    expect(back.ok && back.value.scenario.console).toEqual(console);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an array', { x: 1 }, /^console: an object is not an array/],
    ['unknown register', [{ tUs: 0, op: 'write', reg: 'FOO', value: 1 }], /^console\[0\]\.reg: "FOO" is not allowed \(one of "CTRL"/],
    ['markup as register', [{ tUs: 0, op: 'read', reg: '<img src=x onerror=alert(1)>' }], /^console\[0\]\.reg: "<img src=x onerror=alert\(1\)>" is not allowed/],
    ['value beyond 32 bits', [{ tUs: 0, op: 'write', reg: 'ICS', value: 2 ** 32 }], /^console\[0\]\.value: 4294967296 is out of range/],
    ['negative value', [{ tUs: 0, op: 'write', reg: 'ICS', value: -1 }], /^console\[0\]\.value: -1 is out of range/],
    ['fractional value', [{ tUs: 0, op: 'write', reg: 'ICS', value: 1.5 }], /^console\[0\]\.value: 1.5 is not an integer/],
    ['write without value', [{ tUs: 0, op: 'write', reg: 'ICS' }], /^console\[0\]\.value: missing/],
    ['read with a value', [{ tUs: 0, op: 'read', reg: 'ICR', value: 1 }], /^console\[0\]\.value: unknown field/],
    ['unknown op', [{ tUs: 0, op: 'poke', reg: 'ICR' }], /^console\[0\]\.op: "poke" is not allowed \(one of "write", "read"\)/],
    ['negative time', [{ tUs: -1, op: 'read', reg: 'ICR' }], /^console\[0\]\.tUs: -1 is out of range/],
    ['time not a number', [{ tUs: '5', op: 'read', reg: 'ICR' }], /^console\[0\]\.tUs: "5" is not a number/],
    [
      'out of order',
      [
        { tUs: 5, op: 'read', reg: 'ICR' },
        { tUs: 4, op: 'read', reg: 'ICR' },
      ],
      /^console\[1\]\.tUs: 4 is out of order/,
    ],
  ];
  for (const [what, console, error] of bad) {
    it(`rejects ${what}, naming the field`, () => {
      const r = parseScenario({ ...base, console });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    });
  }

  it(`caps the list at ${MAX_CONSOLE_OPS} accesses`, () => {
    const console = Array.from({ length: MAX_CONSOLE_OPS + 1 }, () => ({ tUs: 0, op: 'read', reg: 'STATUS' }));
    const r = parseScenario({ ...base, console });
    expect(!r.ok && r.error).toMatch(/^console: 1001 register accesses are too many \(at most 1000\)/);
  });
});
