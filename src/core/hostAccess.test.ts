import { describe, expect, it } from 'vitest';
import { runScenario, Simulation } from './simulation';
import { testScenario } from './testScenario';
import { advanceApplying, hostAccessesOf } from './hostAccess';
import { LSC } from './causes';

describe('register-console accesses in a scenario', () => {
  it('runScenario replays them (the CLI and sweeps see what the app saw)', () => {
    const s = { ...testScenario({ durationUs: 100 }), console: [{ tUs: 10, op: 'write' as const, reg: 'ICS' as const, value: LSC }] };
    const r = runScenario(s);
    expect(r.interrupts.map((i) => [i.tUs, i.icr])).toEqual([[10, LSC]]);
  });

  it('each access runs after every event of its instant, the same way live and on replay', () => {
    const base = testScenario({ durationUs: 100, rx: { pattern: 'list', atUs: [5], bytes: 64 } });
    const s = { ...base, console: [{ tUs: 5, op: 'read' as const, reg: 'ICR' as const }] };
    const replay = new Simulation(s, { traceCapacity: 4096 });
    advanceApplying(replay, hostAccessesOf(s), 0, 100_000);
    const live = new Simulation(base, { traceCapacity: 4096 });
    live.advanceTo(5000);
    live.nic.mmioRead('ICR');
    live.advanceTo(100_000);
    expect(replay.trace.records()).toEqual(live.trace.records());
  });
});

describe('long runs keep memory bounded', () => {
  it('interrupt records keep only the newest when capped, while the count covers all', () => {
    const s = testScenario({ durationUs: 2000, rx: { pattern: 'constant', pps: 1_000_000, bytes: 64, startUs: 0 } });
    const all = new Simulation(s, { traceCapacity: 0 });
    all.advanceTo(2_000_000);
    const capped = new Simulation(s, { traceCapacity: 0, maxInterruptRecords: 100 });
    capped.advanceTo(2_000_000);
    expect(capped.metrics()).toEqual(all.metrics());
    expect(capped.interrupts().length).toBeLessThanOrEqual(100);
    expect(capped.interrupts()).toEqual(all.interrupts().slice(-capped.interrupts().length));
  });
});
