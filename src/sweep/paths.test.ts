import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testScenario } from '../core/testScenario';
import { loadPreset } from '../scenario/presets';
import { parseScenario } from '../scenario/schema';
import { arbitraryScenario } from '../scenario/arbitraryScenario';
import { describeParam, getParam, listSweepablePaths, quantizeParam, setParam } from './paths';
import { runSweepPoint } from './sweep';

function preset(id: string) {
  const loaded = loadPreset(id);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.value;
}

const rxPoisson = testScenario({ rx: { pattern: 'poisson', pps: 100_000, bytes: 64, startUs: 0 }, device: { regs: { ITR: 200 } } });

describe('getParam / setParam', () => {
  it('reads registers, rings, device params, traffic and driver parameters by dotted path', () => {
    const linux = preset('linux-defaults');
    expect(getParam(rxPoisson, 'device.regs.ITR')).toBe(200);
    expect(getParam(rxPoisson, 'device.rxRing')).toBe(256);
    expect(getParam(rxPoisson, 'device.params.hostTimerUs')).toBe(150);
    expect(getParam(rxPoisson, 'traffic.rx.pps')).toBe(100_000);
    expect(getParam(linux, 'guest.params.InterruptThrottleRate')).toBe(3);
    expect(getParam(preset('freebsd-defaults'), 'guest.params.hw.em.rx_abs_int_delay')).toBe(66);
  });

  it('an optional driver parameter that is absent reads as undefined', () => {
    const noItr = testScenario({ guest: { driver: 'linux-e1000', costs: 'kvm-2012', params: {} } });
    expect(getParam(noItr, 'guest.params.InterruptThrottleRate')).toBeUndefined();
    const set = setParam(noItr, 'guest.params.InterruptThrottleRate', 8000);
    expect(set.ok && set.value.guest.params.InterruptThrottleRate).toBe(8000);
  });

  it('setting returns a new validated scenario and leaves the input alone', () => {
    const before = structuredClone(rxPoisson);
    const set = setParam(rxPoisson, 'device.regs.ITR', 1000);
    expect(set.ok).toBe(true);
    if (!set.ok) return;
    expect(set.value.device.regs.ITR).toBe(1000);
    expect({ ...set.value, device: { ...set.value.device, regs: { ...set.value.device.regs, ITR: 200 } } }).toEqual(rxPoisson);
    expect(rxPoisson).toEqual(before);
    const dotted = setParam(preset('freebsd-defaults'), 'guest.params.hw.em.rx_abs_int_delay', 200);
    expect(dotted.ok && dotted.value.guest.params['hw.em.rx_abs_int_delay']).toBe(200);
  });

  const bad: [rule: string, path: string, value: number, error: RegExp][] = [
    ['a register above 16 bits', 'device.regs.ITR', 70_000, /^device\.regs\.ITR: 70000 is out of range \(integer 0\.\.65535\)$/],
    ['a fractional register', 'device.regs.RADV', 2.5, /^device\.regs\.RADV: 2\.5 is not an integer/],
    ['a ring not a multiple of 8', 'device.rxRing', 100, /^device\.rxRing: 100 is not allowed \(integer 8\.\.4096, a multiple of 8\)$/],
    ['a zero offered load', 'traffic.rx.pps', 0, /^traffic\.rx\.pps: 0 is out of range/],
    ['NaN', 'device.linkGbps', NaN, /^device\.linkGbps: NaN /],
    ['an unknown path', 'device.regs.FOO', 1, /^device\.regs\.FOO: not a sweepable parameter \(one of device\.regs\.TIDV, /],
    ['a non-numeric field', 'device.model', 1, /^device\.model: not a sweepable parameter/],
    ['a parameter of another driver', 'guest.params.InterruptThrottleRate', 3, /^guest\.params\.InterruptThrottleRate: not a parameter of guest\.driver "ideal" \(it belongs to "linux-e1000"\)$/],
    ['a parameter of another traffic pattern', 'traffic.tx.pps', 1000, /^traffic\.tx\.pps: not a parameter of traffic\.tx\.pattern "none"/],
  ];
  it.each(bad)('%s is a one-line error naming the path and value', (_rule, path, value, error) => {
    const set = setParam(rxPoisson, path, value);
    expect(set.ok).toBe(false);
    if (!set.ok) {
      expect(set.error).toMatch(error);
      expect(set.error).not.toMatch(/\n/);
    }
  });

  it('getParam throws on a path the scenario does not have', () => {
    expect(() => getParam(rxPoisson, 'traffic.tx.pps')).toThrow(/traffic\.tx\.pps: not a parameter/);
  });

  it('Linux InterruptThrottleRate rejects the gap between its modes and 100', () => {
    const set = setParam(preset('linux-defaults'), 'guest.params.InterruptThrottleRate', 50);
    expect(!set.ok && set.error).toMatch(/^guest\.params\.InterruptThrottleRate: 50 is not allowed \(0, 1, 3, 4 or an integer 100\.\.100000\)$/);
  });
});

describe('listSweepablePaths', () => {
  it('lists what this scenario has, with values, and only paths that get and set back', () => {
    const fields = listSweepablePaths(preset('linux-defaults'));
    const paths = fields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['device.regs.ITR', 'device.rxRing', 'traffic.rx.pps', 'traffic.tx.pps', 'guest.params.InterruptThrottleRate', 'seed']));
    expect(paths).not.toContain('traffic.rx.onUs');
    expect(paths.some((p) => p.startsWith('guest.params.hw.em'))).toBe(false);
    for (const field of fields) {
      expect(getParam(preset('linux-defaults'), field.path)).toBe(field.value);
    }
  });

  it('marks registers the driver programs, and model parameters of other models, as not effective', () => {
    const byPath = new Map(listSweepablePaths(preset('linux-defaults')).map((f) => [f.path, f]));
    expect(byPath.get('device.regs.ITR')).toMatchObject({ effective: false, note: expect.stringMatching(/InterruptThrottleRate/) });
    expect(byPath.get('device.params.hostTimerUs')?.effective).toBe(false);
    expect(byPath.get('guest.params.InterruptThrottleRate')?.effective).toBe(true);
    const sdm = new Map(listSweepablePaths(rxPoisson).map((f) => [f.path, f]));
    expect(sdm.get('device.regs.ITR')?.effective).toBe(true);
    expect(new Map(listSweepablePaths(preset('host-timer')).map((f) => [f.path, f])).get('device.params.hostTimerUs')?.effective).toBe(true);
  });

  it('every listed path of any valid scenario can be set back to its current value', () => {
    fc.assert(
      fc.property(arbitraryScenario, (scenario) => {
        const parsed = parseScenario(scenario);
        if (!parsed.ok) return; // the generator may produce what the cross-field check rejects
        for (const field of listSweepablePaths(parsed.value)) {
          if (field.value === undefined) continue;
          const set = setParam(parsed.value, field.path, field.value);
          expect(set.ok ? set.value : set.error).toEqual(parsed.value);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('describeParam gives the field or the error', () => {
    expect(describeParam(rxPoisson, 'device.txRing')).toMatchObject({ ok: true, value: { integer: true, step: 8, value: 256 } });
    expect(describeParam(rxPoisson, 'nope').ok).toBe(false);
  });
});

describe('quantizeParam', () => {
  it('rounds integers, ring sizes to multiples of 8 and other numbers to 6 significant digits', () => {
    expect(quantizeParam({ integer: true }, 210.5)).toBe(211);
    expect(quantizeParam({ integer: true, step: 8 }, 100)).toBe(104);
    expect(quantizeParam({ integer: false }, 0.1 * 3)).toBe(0.3);
    expect(quantizeParam({ integer: false }, 12742.749857)).toBe(12742.7);
  });
});

describe('driver parameters that program a register', () => {
  it('have no effect on a device model that ignores the mitigation registers', () => {
    const p = loadPreset('qemu-2012-per-frame');
    if (!p.ok) throw new Error(p.error);
    const itr = listSweepablePaths(p.value).find((f) => f.path === 'guest.params.InterruptThrottleRate');
    expect(itr?.effective).toBe(false);
    const q = loadPreset('qemu72-tcg-tx-on');
    if (!q.ok) throw new Error(q.error);
    expect(listSweepablePaths(q.value).find((f) => f.path === 'guest.params.InterruptThrottleRate')?.effective).toBe(true);
  });
});

describe('the seed experiment\'s parameters', () => {
  it('the link speed has no effect on a QEMU model (QEMU has no wire); FreeBSD lem\'s hw.em tunables are its own, in register units', () => {
    const rizzo = preset('rizzo2012-kvm-mitigated');
    const fields = listSweepablePaths(rizzo);
    expect(fields.find((f) => f.path === 'device.linkGbps')).toMatchObject({ effective: false, note: expect.stringContaining('8254x') });
    expect(fields.find((f) => f.path === 'device.params.rizzoBottomHalfUs')?.effective).toBe(true);
    const tidv = fields.find((f) => f.path === 'guest.params.hw.em.tx_int_delay')!;
    expect(tidv).toMatchObject({ label: 'FreeBSD lem hw.em.tx_int_delay', unit: '1.024 us', max: 0xffff, value: 66 });
    expect(describeParam(rizzo, 'guest.params.hw.em.tx_int_delay')).toMatchObject({ ok: true });
  });
});

describe('no effect because of another setting (the absolute timers run only alongside their packet timers)', () => {
  const linux = (params: Record<string, number>, model: 'qemu-2013' | '8254x' = '8254x') => {
    const r = loadPreset('linux-defaults');
    if (!r.ok) throw new Error(r.error);
    return { ...r.value, device: { ...r.value.device, model }, guest: { ...r.value.guest, params: { ...r.value.guest.params, ...params } } };
  };
  const field = (s: Parameters<typeof listSweepablePaths>[0], path: string) => listSweepablePaths(s).find((f) => f.path === path)!;

  it('Linux RxAbsIntDelay does nothing while RxIntDelay is 0, and says why; it does once RxIntDelay is set', () => {
    const off = field(linux({ RxIntDelay: 0, RxAbsIntDelay: 8 }), 'guest.params.RxAbsIntDelay');
    expect(off.effective).toBe(false);
    expect(off.note).toMatch(/^no effect while RxIntDelay \(which programs RDTR\) is 0: the RX absolute timer \(RADV\) only runs alongside the RX packet timer \(RDTR\)/);
    expect(field(linux({ RxIntDelay: 4, RxAbsIntDelay: 8 }), 'guest.params.RxAbsIntDelay').effective).toBe(true);
  });

  it('the rule holds in the simulator: sweeping RxAbsIntDelay with RxIntDelay 0 gives identical runs', () => {
    const base = { ...linux({ RxIntDelay: 0 }), durationUs: 300, traffic: { rx: { pattern: 'constant' as const, pps: 200_000, bytes: 64, startUs: 0 }, tx: { pattern: 'none' as const } } };
    const runs = [0, 8, 64].map((v) => {
      const s = setParam(base, 'guest.params.RxAbsIntDelay', v);
      if (!s.ok) throw new Error(s.error);
      return runSweepPoint(s.value);
    });
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('the RADV register itself, without a driver parameter, follows device.regs.RDTR; QEMU 2013 gates RADV on RDTR too', () => {
    const s = testScenario({ device: { regs: { RDTR: 0, RADV: 8 } } });
    expect(field(s, 'device.regs.RADV')).toMatchObject({ effective: false, note: expect.stringMatching(/^no effect while RDTR is 0/) });
    expect(field({ ...s, device: { ...s.device, regs: { ...s.device.regs, RDTR: 4 } } }, 'device.regs.RADV').effective).toBe(true);
    expect(field(linux({ RxIntDelay: 0 }, 'qemu-2013'), 'guest.params.RxAbsIntDelay').effective).toBe(false);
  });

  it('TADV needs TIDV on the 8254x; a register a model does not emulate says so in its words', () => {
    expect(field(linux({ TxIntDelay: 0 }), 'guest.params.TxAbsIntDelay')).toMatchObject({ effective: false, note: expect.stringContaining('with TIDV at 0') });
    expect(field(linux({ TxIntDelay: 8 }), 'guest.params.TxAbsIntDelay').effective).toBe(true);
    const q = testScenario({ device: { model: 'qemu-2013' } });
    expect(field(q, 'device.regs.TIDV')).toMatchObject({ effective: false, note: 'no effect with the QEMU 2013 (merged) device model: TIDV is not emulated by QEMU 2013' });
    // QEMU 2013 reads RDTR only to switch RADV on: still an effect.
    expect(field(q, 'device.regs.RDTR').effective).toBe(true);
  });

  it('notes use labels, never ids or paths', () => {
    const q = testScenario({ device: { model: 'qemu-2012' } });
    for (const f of listSweepablePaths(q).filter((x) => x.note)) expect(f.note).not.toMatch(/qemu-2012|"|device\.|guest\.params/);
  });
});
