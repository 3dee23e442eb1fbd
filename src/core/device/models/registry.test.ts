/**
 * The device-model registry: every entry is complete, and the scenario
 * schema and the sweep derive from it (the views' part is in
 * src/ui/deviceModelViews.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEVICE_MODEL_REGISTRY, DEVICE_PARAM_SPECS, deviceModelDescriptor } from './index';
import { IGNORES_GRAMMAR, ignoredRegisterText, MITIGATION_REGS, type MitigationReg } from './descriptor';
import { TIMER_COUNT } from '../../types';
import { DEVICE_MODELS, DEFAULT_DEVICE_PARAMS } from '../../scenario';
import { parseScenario } from '../../../scenario/schema';
import { runScenario } from '../../simulation';
import { listSweepablePaths } from '../../../sweep/paths';

describe('device-model registry', () => {
  it('every entry is complete: id, label, notes, valid timers, ignored registers with a reason, parameters with ranges and defaults', () => {
    expect(new Set(DEVICE_MODEL_REGISTRY.map((d) => d.id)).size).toBe(DEVICE_MODEL_REGISTRY.length);
    for (const d of DEVICE_MODEL_REGISTRY) {
      expect(d.label.length, d.id).toBeGreaterThan(3);
      expect(d.note.length, d.id).toBeGreaterThan(20);
      expect(d.timersNote.length, d.id).toBeGreaterThan(20);
      expect(new Set(d.timers).size, d.id).toBe(d.timers.length);
      for (const t of d.timers) expect(t >= 0 && t < TIMER_COUNT, `${d.id} timer ${t}`).toBe(true);
      for (const [reg, why] of Object.entries(d.ignores)) {
        expect(MITIGATION_REGS, d.id).toContain(reg);
        expect(why.length, `${d.id} ${reg}`).toBeGreaterThan(5);
      }
      expect(d.rxHold.maxBytes > 0 && d.rxHold.maxFrames > 0, d.id).toBe(true);
      for (const p of d.params) {
        expect(p.min <= p.default && p.default <= p.max, `${d.id} ${p.key}`).toBe(true);
        expect(p.unit.length, `${d.id} ${p.key}`).toBeGreaterThan(0);
      }
    }
    expect(new Set(DEVICE_PARAM_SPECS.map((p) => p.key)).size).toBe(DEVICE_PARAM_SPECS.length);
  });

  it('the scenario format takes its ids, model order and parameter defaults from the registry', () => {
    expect(DEVICE_MODELS).toEqual(DEVICE_MODEL_REGISTRY.map((d) => d.id));
    for (const p of DEVICE_PARAM_SPECS) expect(DEFAULT_DEVICE_PARAMS[p.key as keyof typeof DEFAULT_DEVICE_PARAMS]).toBe(p.default);
    for (const p of DEVICE_PARAM_SPECS) {
      const r = parseScenario({ v: 1, device: { params: { [p.key]: p.max + 1 } } });
      expect(r.ok, p.key).toBe(false);
      if (!r.ok) expect(r.error).toContain(`device.params.${p.key}`);
    }
  });

  it('every model runs: a short RX and TX scenario stores, sends and interrupts', () => {
    for (const d of DEVICE_MODEL_REGISTRY) {
      const r = parseScenario({
        v: 1,
        durationUs: 30_000,
        device: { model: d.id, params: { rizzoBottomHalfUs: 100 } },
        guest: { driver: 'linux-e1000', costs: 'kvm-apicv' },
        traffic: { rx: { pattern: 'constant', pps: 20_000 }, tx: { pattern: 'constant', pps: 20_000 } },
      });
      if (!r.ok) throw new Error(r.error);
      const m = runScenario(r.value).metrics;
      expect(m.rxFrames, d.id).toBeGreaterThan(500);
      expect(m.txFrames, d.id).toBeGreaterThan(500);
      expect(m.interrupts, d.id).toBeGreaterThan(0);
    }
  });

  it('the sweep offers each model\'s own parameters, effective only on that model, and knows which models ignore the registers', () => {
    for (const d of DEVICE_MODEL_REGISTRY) {
      const r = parseScenario({ v: 1, device: { model: d.id } });
      if (!r.ok) throw new Error(r.error);
      const fields = listSweepablePaths(r.value);
      for (const p of DEVICE_PARAM_SPECS) {
        const f = fields.find((x) => x.path === `device.params.${p.key}`)!;
        expect([d.id, p.key, f.effective]).toEqual([d.id, p.key, d.params.some((own) => own.key === p.key)]);
      }
      for (const reg of MITIGATION_REGS) {
        const f = fields.find((x) => x.path === `device.regs.${reg}`)!;
        const blind = MITIGATION_REGS.every((x) => deviceModelDescriptor(d.id).ignores[x] !== undefined);
        if (blind) expect(f.effective, `${d.id} ${reg}`).toBe(false);
      }
    }
  });

  it('every ignores text follows the grammar: a phrase completing "<REG> is ..." that also reads alone', () => {
    for (const d of DEVICE_MODEL_REGISTRY) {
      for (const [reg, why] of Object.entries(d.ignores) as [MitigationReg, string][]) {
        expect(why, `${d.id} ${reg}`).toMatch(IGNORES_GRAMMAR);
        expect(ignoredRegisterText(reg, why)).toBe(`${reg} is ${why}`);
      }
    }
    expect('the 82574-style throttle ignores it').not.toMatch(IGNORES_GRAMMAR);
  });
});
