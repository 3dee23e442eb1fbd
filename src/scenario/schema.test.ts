import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COST_PROFILES, DEFAULT_DEVICE_PARAMS, DEVICE_MODELS, GUEST_DRIVERS } from '../core/scenario';
import { GUEST_DRIVER_REGISTRY } from '../core/guest/drivers';
import { DEVICE_MODEL_REGISTRY } from '../core/device/models';
import { patternsFor } from '../core/traffic/patterns';
import { arbitraryScenario } from './arbitraryScenario';
import { MAX_SCENARIO_JSON_CHARS, parseScenario, parseScenarioJson } from './schema';

function errorOf(input: unknown): string {
  const result = parseScenario(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.error;
}

/** `"a", "b", "c"`: a list as the messages write it, from the registries (so a new model, driver, profile or pattern needs no edit here). */
const quoted = (ids: readonly string[]) => ids.map((id) => JSON.stringify(id)).join(', ');
const RX_PATTERNS = quoted(patternsFor('rx').map((p) => p.id));
const TX_PATTERNS = quoted(patternsFor('tx').map((p) => p.id));
const COSTED_DRIVERS = GUEST_DRIVER_REGISTRY.filter((d) => d.hasCosts).map((d) => d.id).join(', ');
const WIRED = DEVICE_MODEL_REGISTRY.filter((d) => d.hasWire).map((d) => d.id);
const WIRED_TEXT = WIRED.length === 1 ? `the ${WIRED[0]}` : `a model with a wire (${WIRED.join(', ')})`;

/** A v1 scenario with one part replaced. */
const withDevice = (device: unknown) => ({ v: 1, device });
const withGuest = (guest: unknown) => ({ v: 1, guest });
const withRx = (rx: unknown) => ({ v: 1, traffic: { rx } });
const withTx = (tx: unknown) => ({ v: 1, traffic: { tx } });

describe('defaults fill every omitted field', () => {
  it('a minimal {"v":1} becomes the complete default scenario', () => {
    expect(parseScenario({ v: 1 })).toEqual({
      ok: true,
      value: {
        v: 1,
        name: 'untitled',
        seed: 1,
        durationUs: 1000,
        device: {
          model: '8254x',
          regs: { TIDV: 0, TADV: 0, RDTR: 0, RADV: 0, ITR: 0 },
          rxRing: 256,
          txRing: 256,
          rdmts: '1/2',
          linkGbps: 1,
          params: DEFAULT_DEVICE_PARAMS,
        },
        guest: { driver: 'ideal', costs: 'kvm-2012', params: {} },
        traffic: { rx: { pattern: 'none' }, tx: { pattern: 'none' } },
      },
    });
  });

  it('registers that are not given are 0, the others kept', () => {
    const result = parseScenario(withDevice({ regs: { RADV: 8 } }));
    expect(result.ok && result.value.device.regs).toEqual({ TIDV: 0, TADV: 0, RDTR: 0, RADV: 8, ITR: 0 });
  });

  it('device params not given take DEFAULT_DEVICE_PARAMS', () => {
    const result = parseScenario(withDevice({ params: { hostTimerUs: 50 } }));
    expect(result.ok && result.value.device.params).toEqual({ ...DEFAULT_DEVICE_PARAMS, hostTimerUs: 50 });
  });

  it('traffic fills bytes 64 and startUs 0', () => {
    const result = parseScenario({ v: 1, traffic: { rx: { pattern: 'constant', pps: 1000 }, tx: { pattern: 'list', atUs: [1, 2] } } });
    expect(result.ok && result.value.traffic).toEqual({
      rx: { pattern: 'constant', pps: 1000, bytes: 64, startUs: 0 },
      tx: { pattern: 'list', atUs: [1, 2], bytes: 64 },
    });
  });

  it('driver params are kept as given, not filled (the driver supplies its own defaults)', () => {
    const result = parseScenario(withGuest({ driver: 'linux-e1000', params: { InterruptThrottleRate: 1 } }));
    expect(result.ok && result.value.guest).toEqual({ driver: 'linux-e1000', costs: 'kvm-2012', params: { InterruptThrottleRate: 1 }, kernel: '6.1' });
  });

  it('parsing a normalized scenario gives it back unchanged', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        expect(parseScenario(scenario)).toEqual({ ok: true, value: scenario });
      }),
    );
  });

  it('the input is not modified', () => {
    const input = { v: 1, device: { regs: { RADV: 8 } } };
    parseScenario(input);
    expect(input).toEqual({ v: 1, device: { regs: { RADV: 8 } } });
  });
});

describe('bad input gives one line naming the field, the value and what is allowed', () => {
  const cases: [rule: string, input: unknown, error: string][] = [
    // format version (the migrate step)
    ['the scenario must be an object', [1, 2], 'scenario: an array is not an object (a scenario is a JSON object such as {"v":1})'],
    ['the scenario must not be null', null, 'scenario: null is not an object (a scenario is a JSON object such as {"v":1})'],
    ['v is required', {}, 'v: missing (the format version; this build reads version 1)'],
    ['a newer v is refused as newer', { v: 2 }, 'v: 2 is a newer format version than this build reads (version 1); update e1000 IRQ Lab'],
    ['v must be the number 1', { v: '1' }, 'v: "1" is not a known format version (this build reads version 1)'],
    ['v 0 is unknown', { v: 0 }, 'v: 0 is not a known format version (this build reads version 1)'],
    // top level
    ['unknown top-level fields are rejected', { v: 1, colour: 'red' }, 'colour: unknown field (allowed: v, name, seed, durationUs, device, guest, traffic, console, host)'],
    ['name is at most 80 characters', { v: 1, name: 'n'.repeat(81) }, `name: "${'n'.repeat(40)}..." is too long (81 characters; text of at most 80 characters)`],
    ['name is text', { v: 1, name: 5 }, 'name: 5 is not text (text of at most 80 characters)'],
    ['seed is a uint32 (not negative)', { v: 1, seed: -1 }, 'seed: -1 is out of range (uint32, integer 0..4294967295)'],
    ['seed is a uint32 (below 2^32)', { v: 1, seed: 2 ** 32 }, 'seed: 4294967296 is out of range (uint32, integer 0..4294967295)'],
    ['seed is an integer', { v: 1, seed: 1.5 }, 'seed: 1.5 is not an integer (uint32, integer 0..4294967295)'],
    ['durationUs is above 0', { v: 1, durationUs: 0 }, 'durationUs: 0 is out of range (number > 0 and <= 10000000 us)'],
    ['durationUs is at most 10 s', { v: 1, durationUs: 10_000_001 }, 'durationUs: 10000001 is out of range (number > 0 and <= 10000000 us)'],
    ['durationUs is a number, not a string', { v: 1, durationUs: '5' }, 'durationUs: "5" is not a number (number > 0 and <= 10000000 us)'],
    ['null is not a default', { v: 1, durationUs: null }, 'durationUs: null is not a number (number > 0 and <= 10000000 us)'],
    ['durationUs must be finite', { v: 1, durationUs: Infinity }, 'durationUs: Infinity is out of range (number > 0 and <= 10000000 us)'],
    // device
    ['device must be an object, not an array', withDevice([]), 'device: an array is not an object'],
    ['unknown device fields are rejected', withDevice({ colour: 1 }), 'device.colour: unknown field (allowed: model, regs, rxRing, txRing, rdmts, linkGbps, params)'],
    ['device.model is one of the registry\'s models', withDevice({ model: 'e1000-fake' }), `device.model: "e1000-fake" is not allowed (one of ${quoted(DEVICE_MODELS)})`],
    ['delay registers are 16 bits', withDevice({ regs: { RADV: 70000 } }), 'device.regs.RADV: 70000 is out of range (integer 0..65535)'],
    ['delay registers are not negative', withDevice({ regs: { TIDV: -1 } }), 'device.regs.TIDV: -1 is out of range (integer 0..65535)'],
    ['delay registers are integers', withDevice({ regs: { ITR: 1.5 } }), 'device.regs.ITR: 1.5 is not an integer (integer 0..65535)'],
    ['RDTR with the FPD bit is not a scenario value', withDevice({ regs: { RDTR: 0x8000_0000 } }), 'device.regs.RDTR: 2147483648 is out of range (integer 0..65535)'],
    ['unknown registers are rejected', withDevice({ regs: { ICR: 1 } }), 'device.regs.ICR: unknown field (allowed: TIDV, TADV, RDTR, RADV, ITR)'],
    ['rings are multiples of 8', withDevice({ rxRing: 12 }), 'device.rxRing: 12 is not allowed (integer 8..4096, a multiple of 8)'],
    ['rings are at least 8', withDevice({ txRing: 0 }), 'device.txRing: 0 is out of range (integer 8..4096, a multiple of 8)'],
    ['rings are at most 4096', withDevice({ rxRing: 4104 }), 'device.rxRing: 4104 is out of range (integer 8..4096, a multiple of 8)'],
    ['rdmts is 1/2, 1/4 or 1/8', withDevice({ rdmts: '1/3' }), 'device.rdmts: "1/3" is not allowed (one of "1/2", "1/4", "1/8")'],
    ['linkGbps is 0..100', withDevice({ linkGbps: 101 }), 'device.linkGbps: 101 is out of range (number 0..100 Gb/s; 0 = no link-rate limit)'],
    ['unknown device params are rejected', withDevice({ params: { magic: 1 } }), 'device.params.magic: unknown field (allowed: rizzoTxBatch, rizzoRingSlack, rizzoBottomHalfUs, hostTimerUs, cqRxUsecs, cqRxFrames, cqTxUsecs, cqTxFrames, cqRxCqeMode, cqTxCqeMode, itrRxUsecs, itrTxUsecs, intrlUsecs)'],
    ['rizzoTxBatch is 0..4096', withDevice({ params: { rizzoTxBatch: 5000 } }), 'device.params.rizzoTxBatch: 5000 is out of range (integer 0..4096)'],
    ['rizzoRingSlack is an integer', withDevice({ params: { rizzoRingSlack: 0.5 } }), 'device.params.rizzoRingSlack: 0.5 is not an integer (integer 0..4096)'],
    ['rizzoBottomHalfUs is 0..1 s', withDevice({ params: { rizzoBottomHalfUs: -1 } }), 'device.params.rizzoBottomHalfUs: -1 is out of range (number 0..1000000 us)'],
    ['hostTimerUs is at least 1 us', withDevice({ params: { hostTimerUs: 0 } }), 'device.params.hostTimerUs: 0 is out of range (number 1..1000000 us)'],
    // guest
    ['guest.driver is one of the registry\'s drivers', withGuest({ driver: 'windows' }), `guest.driver: "windows" is not allowed (one of ${quoted(GUEST_DRIVERS)})`],
    ['guest.kernel is a Linux generation the model knows', withGuest({ driver: 'linux-e1000', kernel: '2.6' }), 'guest.kernel: "2.6" is not allowed (one of "3.5", "6.1", "6.13")'],
    ['only linux-e1000 has a kernel generation', withGuest({ driver: 'freebsd-lem', kernel: '3.5' }), 'guest.kernel: unknown field (allowed: driver, costs, params)'],
    [
      'freebsd-lem params are the hw.em tunables lem writes at attach (it never writes RDTR there)',
      withGuest({ driver: 'freebsd-lem', params: { 'hw.em.rx_int_delay': 8 } }),
      'guest.params.hw.em.rx_int_delay: unknown field (driver "freebsd-lem" allows: hw.em.tx_int_delay, hw.em.tx_abs_int_delay, hw.em.rx_abs_int_delay, hw.em.rx_process_limit)',
    ],
    ['guest must be an object', withGuest('linux'), 'guest: "linux" is not an object'],
    ['guest.costs is a known profile', withGuest({ costs: 'fast' }), `guest.costs: "fast" is not allowed (one of ${quoted(COST_PROFILES)})`],
    ['unknown guest fields are rejected', withGuest({ driver: 'linux-e1000', softirq: true }), 'guest.softirq: unknown field (allowed: driver, costs, params, kernel, napi, server)'],
    ['the ideal driver takes no params', withGuest({ params: { InterruptThrottleRate: 3 } }), 'guest.params.InterruptThrottleRate: unknown field (driver "ideal" takes none)'],
    [
      'linux-e1000 params are its module parameters',
      withGuest({ driver: 'linux-e1000', params: { 'hw.em.rx_int_delay': 1 } }),
      'guest.params.hw.em.rx_int_delay: unknown field (driver "linux-e1000" allows: InterruptThrottleRate, TxIntDelay, TxAbsIntDelay, RxIntDelay, RxAbsIntDelay)',
    ],
    [
      'InterruptThrottleRate 2 is not a mode',
      withGuest({ driver: 'linux-e1000', params: { InterruptThrottleRate: 2 } }),
      'guest.params.InterruptThrottleRate: 2 is not allowed (0, 1, 3, 4 or an integer 100..100000)',
    ],
    [
      'InterruptThrottleRate fixed rates stop at 100000',
      withGuest({ driver: 'linux-e1000', params: { InterruptThrottleRate: 100_001 } }),
      'guest.params.InterruptThrottleRate: 100001 is not allowed (0, 1, 3, 4 or an integer 100..100000)',
    ],
    ['linux-e1000 delays are 16 bits', withGuest({ driver: 'linux-e1000', params: { RxAbsIntDelay: 65536 } }), 'guest.params.RxAbsIntDelay: 65536 is out of range (integer 0..65535)'],
    [
      'freebsd-em params are hw.em tunables',
      withGuest({ driver: 'freebsd-em', params: { TxIntDelay: 8 } }),
      'guest.params.TxIntDelay: unknown field (driver "freebsd-em" allows: hw.em.tx_int_delay, hw.em.tx_abs_int_delay, hw.em.rx_int_delay, hw.em.rx_abs_int_delay, hw.em.rx_process_limit)',
    ],
    ['freebsd-em delays are 0..67108 us', withGuest({ driver: 'freebsd-em', params: { 'hw.em.tx_abs_int_delay': 67_109 } }), 'guest.params.hw.em.tx_abs_int_delay: 67109 is out of range (integer 0..67108 us)'],
    [
      'freebsd-em (9.3) has no hw.em.max_interrupt_rate (FreeBSD 12 iflib em has it)',
      withGuest({ driver: 'freebsd-em', params: { 'hw.em.max_interrupt_rate': 8000 } }),
      'guest.params.hw.em.max_interrupt_rate: unknown field (driver "freebsd-em" allows: hw.em.tx_int_delay, hw.em.tx_abs_int_delay, hw.em.rx_int_delay, hw.em.rx_abs_int_delay, hw.em.rx_process_limit)',
    ],
    ['hw.em.rx_process_limit is at least 1', withGuest({ driver: 'freebsd-em', params: { 'hw.em.rx_process_limit': 0 } }), 'guest.params.hw.em.rx_process_limit: 0 is out of range (integer 1..4096)'],
    // traffic
    ['unknown traffic directions are rejected', { v: 1, traffic: { both: {} } }, 'traffic.both: unknown field (allowed: rx, tx)'],
    ['a traffic spec needs a pattern', withRx({ pps: 5 }), `traffic.rx.pattern: missing (one of ${RX_PATTERNS}; "saturate" is for tx only)`],
    ['saturate is for tx only', withRx({ pattern: 'saturate' }), `traffic.rx.pattern: "saturate" is not allowed (one of ${RX_PATTERNS}; "saturate" is for tx only)`],
    ['tx patterns are the registry\'s, saturate included', withTx({ pattern: 'burst' }), `traffic.tx.pattern: "burst" is not allowed (one of ${TX_PATTERNS})`],
    ['a traffic spec must be an object', withRx([]), 'traffic.rx: an array is not an object'],
    ['list needs atUs', withRx({ pattern: 'list' }), 'traffic.rx.atUs: missing (required by rx pattern "list")'],
    ['atUs is an array', withRx({ pattern: 'list', atUs: 5 }), 'traffic.rx.atUs: 5 is not an array (instants in us, sorted)'],
    ['atUs are non-negative', withRx({ pattern: 'list', atUs: [0, -5] }), 'traffic.rx.atUs[1]: -5 is out of range (number 0..10000000 us)'],
    ['atUs are sorted', withTx({ pattern: 'list', atUs: [0, 5, 3] }), 'traffic.tx.atUs[2]: 3 is out of order (instants must not decrease; the one before is 5)'],
    ['atUs holds at most 100000 instants', withRx({ pattern: 'list', atUs: new Array(100_001).fill(0) }), 'traffic.rx.atUs: 100001 instants are too many (at most 100000)'],
    ['bytes is 64..1518', withRx({ pattern: 'constant', pps: 1, bytes: 63 }), 'traffic.rx.bytes: 63 is out of range (integer 64..1518 bytes, FCS included)'],
    ['bytes is at most 1518', withTx({ pattern: 'saturate', bytes: 1519 }), 'traffic.tx.bytes: 1519 is out of range (integer 64..1518 bytes, FCS included)'],
    ['constant needs pps', withRx({ pattern: 'constant' }), 'traffic.rx.pps: missing (required by rx pattern "constant")'],
    ['pps is above 0', withRx({ pattern: 'poisson', pps: 0 }), 'traffic.rx.pps: 0 is out of range (number > 0 and <= 10000000 frames/s)'],
    ['pps is at most 10 million', withTx({ pattern: 'constant', pps: 10_000_001 }), 'traffic.tx.pps: 10000001 is out of range (number > 0 and <= 10000000 frames/s)'],
    ['startUs is not negative', withRx({ pattern: 'poisson', pps: 1, startUs: -1 }), 'traffic.rx.startUs: -1 is out of range (number 0..10000000 us)'],
    ['onoff needs onUs and offUs', withRx({ pattern: 'onoff', pps: 1, onUs: 5 }), 'traffic.rx.offUs: missing (required by rx pattern "onoff")'],
    ['onoff onUs is above 0', withRx({ pattern: 'onoff', pps: 1, onUs: 0, offUs: 5 }), 'traffic.rx.onUs: 0 is out of range (number > 0 and <= 10000000 us)'],
    ['fields of another pattern are rejected', withRx({ pattern: 'none', pps: 5 }), 'traffic.rx.pps: unknown field (rx pattern "none" allows: pattern)'],
    ['saturate takes no pps', withTx({ pattern: 'saturate', pps: 5 }), 'traffic.tx.pps: unknown field (tx pattern "saturate" allows: pattern, bytes)'],
    // cross-field
    [
      'saturating TX from the ideal driver with no link limit never stops',
      { v: 1, device: { linkGbps: 0 }, guest: { driver: 'ideal' }, traffic: { tx: { pattern: 'saturate' } } },
      'traffic.tx.pattern: "saturate" never stops here: guest.driver "ideal" sends at zero cost and there is no wire to pace it ' +
        `(QEMU models have none; ${WIRED_TEXT} has none at linkGbps 0); pick a driver with costs (${COSTED_DRIVERS}) or ${WIRED_TEXT} with a link`,
    ],
    [
      'saturating TX from the ideal driver through a QEMU model never stops: QEMU has no wire, whatever linkGbps says',
      { v: 1, device: { model: 'qemu-2013', linkGbps: 1 }, guest: { driver: 'ideal' }, traffic: { tx: { pattern: 'saturate' } } },
      'traffic.tx.pattern: "saturate" never stops here: guest.driver "ideal" sends at zero cost and there is no wire to pace it ' +
        `(QEMU models have none; ${WIRED_TEXT} has none at linkGbps 0); pick a driver with costs (${COSTED_DRIVERS}) or ${WIRED_TEXT} with a link`,
    ],
  ];

  it.each(cases)('%s', (_rule, input, error) => {
    expect(errorOf(input)).toBe(error);
  });

  it('every message is a single line', () => {
    for (const [, input] of cases) expect(errorOf(input)).not.toMatch(/\n/);
  });

  it('saturating TX is fine with a link limit or a driver that has costs', () => {
    expect(parseScenario({ v: 1, device: { linkGbps: 1 }, traffic: { tx: { pattern: 'saturate' } } }).ok).toBe(true);
    expect(parseScenario({ v: 1, device: { linkGbps: 0 }, guest: { driver: 'linux-e1000' }, traffic: { tx: { pattern: 'saturate' } } }).ok).toBe(true);
  });

  it('atUs may repeat an instant (frames arriving together)', () => {
    expect(parseScenario(withRx({ pattern: 'list', atUs: [1, 1, 2] })).ok).toBe(true);
  });

  it('random junk anywhere never throws and always gives one line', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (junk, more) => {
        for (const input of [junk, { v: 1, device: junk }, { v: 1, guest: { driver: 'linux-e1000', params: junk } }, { v: 1, traffic: { rx: junk, tx: more } }]) {
          const result = parseScenario(input);
          if (!result.ok) expect(result.error).toMatch(/^[^\n]+$/);
        }
      }),
    );
  });
});

describe('parseScenarioJson', () => {
  it('parses JSON text and validates it', () => {
    expect(parseScenarioJson('{"v":1,"seed":7}')).toMatchObject({ ok: true, value: { seed: 7 } });
    expect(parseScenarioJson('{"v":1,"seed":-7}')).toEqual({ ok: false, error: 'seed: -7 is out of range (uint32, integer 0..4294967295)' });
  });

  it('a JSON syntax error says so on one line, with line and column where JSON.parse gives a position', () => {
    expect(parseScenarioJson('{\n  "v": 1,\n}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^JSON syntax error: [^\n]*line 3,? column 1\b/),
    });
    expect(parseScenarioJson('{\n  "v": 1,\n  "seed": ,\n}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^JSON syntax error: [^\n]+$/),
    });
  });

  it('empty text is a JSON syntax error', () => {
    expect(parseScenarioJson('')).toMatchObject({ ok: false, error: expect.stringMatching(/^JSON syntax error: /) });
  });

  it(`text over ${MAX_SCENARIO_JSON_CHARS} characters is refused before parsing`, () => {
    const text = `{"v":1,"name":"${' '.repeat(MAX_SCENARIO_JSON_CHARS)}"}`;
    expect(parseScenarioJson(text)).toEqual({
      ok: false,
      error: `scenario: too large (${text.length} characters; at most ${MAX_SCENARIO_JSON_CHARS})`,
    });
  });
});

describe('host model and train traffic (additive, optional)', () => {
  it('a scenario without host stays without one; host.placement defaults to shared and is checked', () => {
    const none = parseScenario({ v: 1 });
    expect(none.ok && 'host' in none.value).toBe(false);
    const dflt = parseScenario({ v: 1, host: {} });
    expect(dflt.ok && dflt.value.host).toEqual({ placement: 'shared' });
    const bad = parseScenario({ v: 1, host: { placement: 'numa' } });
    expect(bad.ok ? '' : bad.error).toMatch(/^host\.placement: "numa" is not allowed/);
  });

  it('a train needs frames (integer 1..10000), spacingUs and a positive pauseUs', () => {
    const t = parseScenario({ v: 1, traffic: { rx: { pattern: 'train', frames: 6, spacingUs: 14.5, pauseUs: 100 } } });
    expect(t.ok && t.value.traffic.rx).toEqual({ pattern: 'train', frames: 6, spacingUs: 14.5, pauseUs: 100, bytes: 64, startUs: 0 });
    const bad = parseScenario({ v: 1, traffic: { rx: { pattern: 'train', frames: 0, spacingUs: 14.5, pauseUs: 100 } } });
    expect(bad.ok ? '' : bad.error).toMatch(/^traffic\.rx\.frames: /);
  });
});
