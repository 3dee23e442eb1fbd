/**
 * The two engines behind SimClient cannot be told apart by the store: the
 * same session (load, play, Next interrupt, Step, Back, a console access,
 * seek) gives the same frames through the worker engine (the worker API
 * behind Comlink on a MessageChannel, as a Worker holds it) and through the
 * in-process one. And both fail the same way: once, every later call an
 * error, nothing left pending.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { createLabStore, type LabStore } from './store';
import { inProcessEngine, InProcessSimClient } from './inProcessEngine';
import { workerEngine } from './simClient';
import { channelWorker } from './channelWorker';
import { testScenario } from '../core/testScenario';

const scenario = { ...testScenario({ durationUs: 100, rx: { pattern: 'list', atUs: [5, 40, 41], bytes: 64 } }), name: 'three frames' };

const stores: StoreApi<LabStore>[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.getState().dispose();
});

async function idle(s: StoreApi<LabStore>): Promise<void> {
  for (let i = 0; i < 200 && !s.getState().isIdle(); i++) await new Promise((r) => setImmediate(r));
}

/** One session; what the screen showed after each action. */
async function session(s: StoreApi<LabStore>): Promise<unknown[]> {
  stores.push(s);
  const seen: unknown[] = [];
  const look = () => {
    const st = s.getState();
    const f = st.frame!;
    seen.push({
      position: f.position,
      regs: Array.from(f.snapshot.regs),
      rx: Array.from(f.snapshot.rxSlots),
      timers: Array.from(f.snapshot.timers),
      metrics: f.metrics,
      records: [st.trace.firstSeq, st.trace.length, Array.from(st.trace.kind.subarray(0, st.trace.length))],
      console: st.scenario.console,
      notice: st.notice,
    });
  };
  await s.getState().setScenario(scenario);
  look();
  s.getState().play();
  for (let i = 0; i < 4; i++) {
    s.getState().tick(0.05); // 500 ns each at 1e4 ns/s
    await idle(s);
  }
  look();
  await s.getState().stepToInterrupt();
  look();
  await s.getState().stepEvent();
  look();
  await s.getState().consoleAccess({ op: 'write', reg: 'ITR', value: 200 });
  look();
  await s.getState().stepToInterrupt();
  look();
  await s.getState().stepBack();
  look();
  s.getState().seek(60_000);
  await idle(s);
  look();
  s.getState().seek(2000);
  await idle(s);
  look();
  return seen;
}

describe('the worker engine and the in-process engine', () => {
  it('give the store the same frames for the same session', async () => {
    const viaWorker = await session(createLabStore({ engine: workerEngine(channelWorker) }));
    const inProcess = await session(createLabStore({ engine: inProcessEngine() }));
    expect(inProcess).toEqual(viaWorker);
    expect(viaWorker).toHaveLength(9);
    expect((viaWorker[2] as { position: unknown }).position).toEqual({ tNs: 5000, steps: 1 });
  });

  it('fail once on a call that throws: its error to the caller and every later call, onFailure once, nothing pending', async () => {
    const failures: string[] = [];
    const c = new InProcessSimClient((m) => failures.push(m));
    const first = c.call((api) => api.advance(10)); // nothing loaded: the host throws
    const later = c.call((api) => api.frame());
    expect(c.pending).toBe(2);
    expect(await first).toEqual({ ok: false, error: 'no scenario loaded: call load(scenario) first' });
    expect(await later).toEqual({ ok: false, error: 'no scenario loaded: call load(scenario) first' });
    expect(failures).toEqual(['no scenario loaded: call load(scenario) first']);
    expect(c.alive).toBe(false);
    expect(c.pending).toBe(0);
  });

  it('dispose ends the engine without reporting a failure', async () => {
    const failures: string[] = [];
    const c = new InProcessSimClient((m) => failures.push(m));
    expect((await c.call((api) => api.load(scenario))).ok).toBe(true);
    c.dispose();
    expect(await c.call((api) => api.frame())).toEqual({ ok: false, error: 'the simulation worker was stopped' });
    expect(failures).toEqual([]);
  });
});
