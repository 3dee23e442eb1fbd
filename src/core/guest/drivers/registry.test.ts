/** The guest-driver and cost-profile registries: complete entries, and the schema and sweep derive from them. */
import { describe, expect, it } from 'vitest';
import { GUEST_DRIVER_REGISTRY } from './index';
import type { DriverParamSpec } from './descriptor';
import { MITIGATION_REGS } from '../../device/models/descriptor';
import { COST_PROFILE_REGISTRY, COST_PROFILES, COSTS } from '../costs';
import { GUEST_DRIVERS } from '../../scenario';
import { parseScenario } from '../../../scenario/schema';
import { runScenario, Simulation } from '../../simulation';
import { TraceKind } from '../../types';
import { REG_INDEX } from '../../registers';
import { listSweepablePaths } from '../../../sweep/paths';
import { driverParamFor, withRegister } from '../../../state/registerScenario';

const paramsOf = (d: (typeof GUEST_DRIVER_REGISTRY)[number]) => d.params as readonly DriverParamSpec[];

describe('guest-driver registry', () => {
  it('every entry is complete: id, label, note, parameters with ranges, registers they program, fixed registers with a reason', () => {
    expect(GUEST_DRIVERS).toEqual(GUEST_DRIVER_REGISTRY.map((d) => d.id));
    for (const d of GUEST_DRIVER_REGISTRY) {
      expect(d.label.length, d.id).toBeGreaterThan(3);
      expect(d.note.length, d.id).toBeGreaterThan(20);
      expect(new Set(paramsOf(d).map((p) => p.key)).size, d.id).toBe(d.params.length);
      for (const p of paramsOf(d)) {
        expect(p.min <= p.max, `${d.id} ${p.key}`).toBe(true);
        if (p.programs) {
          expect(MITIGATION_REGS).toContain(p.programs);
          expect(typeof p.fromRegister, `${d.id} ${p.key}`).toBe('function');
        }
      }
      for (const reg of Object.keys(d.fixedRegs)) expect(MITIGATION_REGS).toContain(reg);
    }
  });

  it('the schema takes each driver\'s parameters by name and range, and rejects another driver\'s', () => {
    for (const d of GUEST_DRIVER_REGISTRY) {
      for (const p of paramsOf(d)) {
        const ok = parseScenario({ v: 1, guest: { driver: d.id, params: { [p.key]: p.max } } });
        expect(ok.ok, `${d.id} ${p.key}`).toBe(true);
        const bad = parseScenario({ v: 1, guest: { driver: d.id, params: { [p.key]: p.max + 1 } } });
        expect(bad.ok ? '' : bad.error, `${d.id} ${p.key}`).toContain(`guest.params.${p.key}`);
      }
      const foreign = parseScenario({ v: 1, guest: { driver: d.id, params: { NotAParameter: 1 } } });
      expect(foreign.ok).toBe(false);
    }
  });

  it('every value a parameter allows programs its register within the register\'s 16 bits (SDM 13.4.18, 13.4.31-32, 13.4.41, 13.4.44: bits 15:0)', () => {
    // The value the driver writes at start (the MMIO write, before the device masks it), for each value the schema takes:
    // its modes, its range's ends, and every value in the first 200 above its minimum (where a rate's interval is longest).
    const written = (driver: string, key: string, value: number, reg: string): number[] => {
      const r = parseScenario({ v: 1, durationUs: 1, device: { model: '8254x' }, guest: { driver, params: { [key]: value } } });
      if (!r.ok) throw new Error(r.error);
      const sim = new Simulation(r.value, { traceCapacity: 4096 });
      sim.advanceTo(1000);
      return sim.trace.records().filter((t) => t.kind === TraceKind.MMIO_WRITE && t.a === REG_INDEX[reg as 'ITR']).map((t) => t.b);
    };
    for (const d of GUEST_DRIVER_REGISTRY) {
      for (const p of paramsOf(d)) {
        if (!p.programs) continue;
        const values = new Set([...(p.modes ?? []), p.max, ...Array.from({ length: Math.min(200, p.max - p.min + 1) }, (_, i) => p.min + i)]);
        for (const v of values) {
          const writes = written(d.id, p.key, v, p.programs);
          expect(writes.length, `${d.id} ${p.key} = ${v} writes ${p.programs}`).toBeGreaterThan(0);
          for (const w of writes) expect(w, `${d.id} ${p.key} = ${v} writes ${p.programs} = ${w}`).toBeLessThanOrEqual(0xffff);
        }
      }
    }
  });

  it('every driver runs, and a slider moving a register it programs moves the parameter the same way', () => {
    for (const d of GUEST_DRIVER_REGISTRY) {
      const r = parseScenario({ v: 1, durationUs: 20_000, device: { model: '8254x' }, guest: { driver: d.id, costs: 'kvm-apicv' }, traffic: { rx: { pattern: 'constant', pps: 20_000 } } });
      if (!r.ok) throw new Error(r.error);
      expect(runScenario(r.value).metrics.rxFrames, d.id).toBeGreaterThan(300);
      for (const p of paramsOf(d)) {
        if (!p.programs) continue;
        expect(driverParamFor(r.value, p.programs)).toBe(p.key);
        const moved = withRegister(r.value, p.programs, 40);
        expect(moved.guest.params[p.key], `${d.id} ${p.key}`).toBe(p.fromRegister!(40));
        expect(parseScenario(moved).ok, `${d.id} ${p.key}`).toBe(true);
      }
      const fields = listSweepablePaths(r.value);
      for (const p of paramsOf(d)) expect(fields.some((f) => f.path === `guest.params.${p.key}` && f.label === p.label), `${d.id} ${p.key}`).toBe(true);
    }
  });
});

describe('cost-profile registry', () => {
  it('every profile has a title and non-negative costs; the scenario format lists them in order', () => {
    expect(COST_PROFILES).toEqual(COST_PROFILE_REGISTRY.map((c) => c.name));
    for (const c of COST_PROFILE_REGISTRY) {
      expect(COSTS[c.name]).toBe(c);
      expect(c.title.length).toBeGreaterThan(5);
      for (const k of ['exitNs', 'injectNs', 'txFrameNs', 'txBackendNs', 'txCleanNs', 'rxFrameNs', 'pollNs', 'byteNs', 'timerWakeNs'] as const) {
        expect(c[k], `${c.name} ${k}`).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
