/**
 * The simulator store (createLabStore) driven in Node by the in-process
 * engine (the real core, no Worker) and a frame clock the test runs by hand:
 * `tick(dt)` is one animation frame of dt real seconds, and a `Gate` holds
 * the engine's answers back, as a slow worker would. Notices expire on fake
 * timers. No wall clock decides anything here.
 *
 * Speeds: SPEEDS_NS_PER_S[3] = 1e4 ns per real second (the default),
 * [6] = 1e5. A frame of 0.0625 s (exact in binary) at 1e4 asks for 625 ns.
 *
 * The stepping scenario (worked out in core/position.test.ts): one RX frame
 * at 5 us, zero-cost ideal driver; step 1 at 5 us asserts the line with
 * RXT0, step 2 (same ns) is the ISR reading ICR, which clears it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { createLabStore, type LabStore } from './store';
import { DELIBERATE_CRASH, inProcessEngine, type InProcessEngineOptions } from './inProcessEngine';
import { createSimApi } from '../worker/simApi';
import type { SimApi } from '../worker/protocol';
import { DEFAULT_SPEED_INDEX, SPEEDS_NS_PER_S } from './speed';
import { testScenario } from '../core/testScenario';
import { RXT0 } from '../core/causes';
import { REG_INDEX } from '../core/registers';
import { DEFAULT_PRESET_ID } from '../content/presets';
import type { Position } from '../core/position';
import { accessesKept } from '../core/hostAccess';

const oneFrame = { ...testScenario({ durationUs: 20, rx: { pattern: 'list', atUs: [5], bytes: 64 } }), name: 'one frame' };
/** Nothing happens: the clock alone moves (1 ms). */
const quiet = { ...testScenario({ durationUs: 1000 }), name: 'quiet' };
const FRAME_S = 0.0625;

/** Holds every engine call until released (a slow engine); open by default. */
class Gate {
  private open = true;
  private waiting: (() => void)[] = [];
  readonly wait = (): Promise<void> => (this.open ? Promise.resolve() : new Promise<void>((r) => this.waiting.push(r)));
  close(): void {
    this.open = false;
  }
  /** Let the held calls through (and every later one). */
  release(): void {
    this.open = true;
    for (const r of this.waiting.splice(0)) r();
  }
  get held(): number {
    return this.waiting.length;
  }
}

/** A host that records the calls it answers (name and arguments). */
function recordingHost(calls: [keyof SimApi, unknown[]][], make: () => SimApi = () => createSimApi()): () => SimApi {
  return () => {
    const api = make();
    const out = {} as Record<string, unknown>;
    for (const key of Object.keys(api) as (keyof SimApi)[]) {
      out[key] = (...args: unknown[]) => {
        calls.push([key, args]);
        return (api[key] as (...a: unknown[]) => unknown)(...args);
      };
    }
    return out as unknown as SimApi;
  };
}

/** A store playing the quiet scenario from 0 on an engine whose answers the gate now holds, and the calls it answered. */
async function heldPlayingStore(): Promise<{ s: StoreApi<LabStore>; gate: Gate; calls: [keyof SimApi, unknown[]][] }> {
  const gate = new Gate();
  const calls: [keyof SimApi, unknown[]][] = [];
  const s = newStore({ hold: gate.wait, host: recordingHost(calls) });
  await s.getState().setScenario(quiet);
  s.getState().play();
  gate.close();
  return { s, gate, calls };
}

const stores: StoreApi<LabStore>[] = [];
function newStore(options: InProcessEngineOptions = {}): StoreApi<LabStore> {
  const s = createLabStore({ engine: inProcessEngine(options) });
  stores.push(s);
  return s;
}
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  for (const s of stores.splice(0)) s.getState().dispose();
  vi.useRealTimers();
});

/** Let every answer the gate lets through arrive (macrotasks: all their microtasks run). */
async function settle(store: StoreApi<LabStore>): Promise<void> {
  for (let i = 0; i < 50 && !store.getState().isIdle(); i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
}

/** n animation frames of dt seconds, each answered before the next. */
async function frames(store: StoreApi<LabStore>, n: number, dt = FRAME_S): Promise<void> {
  for (let i = 0; i < n; i++) {
    store.getState().tick(dt);
    await settle(store);
  }
}

const now = (s: StoreApi<LabStore>): number => s.getState().frame!.nowNs;
const at = (s: StoreApi<LabStore>): Position => s.getState().frame!.position;

describe('play and pause', () => {
  it('each frame asks for real dt x speed (a frame counts at most 0.1 s); pause stops the clock; Play from the end starts over', async () => {
    const s = newStore();
    await s.getState().setScenario(quiet);
    expect(s.getState().status).toBe('ready');
    expect(SPEEDS_NS_PER_S[DEFAULT_SPEED_INDEX]).toBe(1e4);
    s.getState().tick(FRAME_S);
    await settle(s);
    expect(now(s)).toBe(0); // not playing: a frame asks for nothing
    s.getState().play();
    await frames(s, 3);
    expect(now(s)).toBe(3 * 625);
    // A long frame (the tab was in the background for 1 s) counts as 0.1 s: 1000 ns.
    await frames(s, 1, 1);
    expect(now(s)).toBe(1875 + 1000);
    s.getState().pause();
    expect(s.getState()).toMatchObject({ playing: false, targetNs: 2875 });
    await frames(s, 4);
    expect(now(s)).toBe(2875);
    s.getState().togglePlay();
    expect(s.getState().playing).toBe(true);

    // 1e5 ns/s: 6250 ns a frame; the clock stops at the end (1 ms), with a notice, and Play starts over from 0.
    s.getState().setSpeedIndex(6);
    await frames(s, 200);
    expect(now(s)).toBe(1_000_000);
    expect(s.getState().playing).toBe(false);
    expect(s.getState().notice).toBe('End of the scenario (1 ms). Press Play to run it again.');
    vi.advanceTimersByTime(4000);
    expect(s.getState().notice).toBeNull();
    s.getState().play();
    await settle(s);
    expect(s.getState()).toMatchObject({ playing: true, targetNs: 0 });
    expect(now(s)).toBe(0);
  });
});

describe('tick lag-drop', () => {
  /**
   * The rule: at most one advance is in flight. Frames that come while it
   * runs only move the target (targetNs += dt x speed). When the target is
   * more than 0.4 s of real time (at this speed) ahead of the frame shown,
   * the backlog is dropped: the target becomes the shown instant + 0.1 s x
   * speed and `lagging` is set. It clears once frames have kept up for more
   * than 1.5 s of real time.
   */
  it('frames faster than answers: one advance in flight, the backlog past 0.4 s dropped, lagging shown until 1.5 s of keeping up', async () => {
    const { s, gate, calls } = await heldPlayingStore();
    const advances = () => calls.filter(([k]) => k === 'advance').map(([, a]) => a[0]);

    s.getState().tick(FRAME_S); // asks for 625 ns; held
    await settle(s);
    expect(gate.held).toBe(1);
    // Behind by 0.125 .. 0.375 s: the target moves, nothing more is sent.
    for (const target of [1250, 1875, 2500, 3125, 3750]) {
      s.getState().tick(FRAME_S);
      expect(s.getState()).toMatchObject({ targetNs: target, lagging: false });
    }
    // 4375 ns is 0.4375 s behind the frame shown (0 ns): dropped to 0 + 0.1 s x 1e4 = 1000 ns.
    s.getState().tick(FRAME_S);
    expect(s.getState()).toMatchObject({ targetNs: 1000, lagging: true });
    await settle(s);
    expect(advances()).toEqual([]); // still held: nothing else was sent
    gate.release();
    await settle(s);
    expect(advances()).toEqual([625]);
    expect(now(s)).toBe(625);

    // The next frame: target 1000 + 625 = 1625, 0.1 s behind: the advance covers 1000 ns.
    await frames(s, 1);
    expect(advances()).toEqual([625, 1000]);
    expect(now(s)).toBe(1625);
    // Lagging stays for 1.5 s of frames that keep up (24 x 0.0625 s = 1.5 s exactly) and clears on the next.
    await frames(s, 23);
    expect(s.getState().lagging).toBe(true);
    await frames(s, 1);
    expect(s.getState().lagging).toBe(false);
    expect(now(s)).toBe(1625 + 24 * 625);
  });
});

describe('seek coalescing', () => {
  it('many seeks while one is in flight: the running one finishes, then only the last runs', async () => {
    const { s, gate, calls } = await heldPlayingStore();
    s.getState().seek(10_000);
    expect(s.getState().playing).toBe(false); // a seek stops playback
    for (const t of [20_000, 30_000.4, 40_000.6]) s.getState().seek(t);
    expect(s.getState().isIdle()).toBe(false);
    gate.release();
    await settle(s);
    expect(calls.filter(([k]) => k === 'seek').map(([, a]) => a[0])).toEqual([10_000, 40_001]); // rounded to the ns
    expect(now(s)).toBe(40_001);
    expect(s.getState().isIdle()).toBe(true);
  });
});

describe('seek bounds', () => {
  it('a seek lands within the run: before t = 0 is t = 0, past the end is the end (quiet runs 1 ms)', async () => {
    const s = newStore();
    await s.getState().setScenario(quiet);
    s.getState().seek(3_000_000);
    await settle(s);
    expect(now(s)).toBe(1_000_000);
    s.getState().seek(-5);
    await settle(s);
    expect(now(s)).toBe(0);
    s.getState().seek(400_000);
    await settle(s);
    expect(now(s)).toBe(400_000);
  });
});

describe('step, Back, Next interrupt', () => {
  it('each pauses playback; the advance already sent ends first, then the step runs from there (calls run in order)', async () => {
    const gate = new Gate();
    const s = newStore({ hold: gate.wait });
    await s.getState().setScenario(oneFrame);
    s.getState().setSpeedIndex(6); // 6250 ns a frame
    s.getState().play();
    gate.close();
    s.getState().tick(FRAME_S); // advance to 6250 ns, held
    const step = s.getState().stepToInterrupt();
    expect(s.getState().playing).toBe(false);
    gate.release();
    await step;
    // From 6.25 us the next assertion is none (the one frame was at 5 us) and the look ends at the scenario's end: the notice says so.
    expect(s.getState().notice).toBe("No interrupt before the scenario's end (20 µs).");
  });

  it('Next interrupt selects the assertion; Step and Back are inverses; notices at the start and with nothing left', async () => {
    const s = newStore();
    await s.getState().setScenario(oneFrame);
    await s.getState().stepBack();
    expect(s.getState().notice).toBe('Already at the start (t = 0).');
    expect(at(s)).toEqual({ tNs: 0, steps: 0 });
    s.getState().play();
    await s.getState().stepToInterrupt();
    expect(s.getState().playing).toBe(false);
    expect(at(s)).toEqual({ tNs: 5000, steps: 1 });
    expect(s.getState().selectedInterruptNs).toBe(5000);
    expect(s.getState().frame!.snapshot.line).toBe(true);
    await s.getState().stepEvent();
    expect(at(s)).toEqual({ tNs: 5000, steps: 2 }); // the ISR read ICR: line down
    expect(s.getState().frame!.snapshot.line).toBe(false);
    await s.getState().stepBack();
    expect(at(s)).toEqual({ tNs: 5000, steps: 1 });
    expect(s.getState().frame!.snapshot.regs[REG_INDEX.ICR]).toBe(RXT0);

    const empty = newStore();
    await empty.getState().setScenario(quiet);
    await empty.getState().stepEvent();
    expect(empty.getState().notice).toBe("No event left before the scenario's end (1 ms).");
    expect(now(empty)).toBe(0);
  });
});

describe('crash restart', () => {
  /**
   * The rule: when the engine dies (an uncaught error, or a call that
   * throws), playback stops, the status reads 'restarting' and the alert
   * says so; a new engine loads the same scenario at the same position
   * (instant and steps), and the alert then says it was restarted there.
   * If the restart dies too, the status is 'failed' and the alert points to
   * Reset, which loads the base preset on a new engine.
   */
  it('a deliberate crash: reloaded at the same position (5 us, step 1: the line still asserted), the user told so', async () => {
    const s = newStore();
    await s.getState().setScenario(oneFrame);
    await s.getState().stepToInterrupt();
    const statuses: string[] = [];
    const unsubscribe = s.subscribe((st, prev) => {
      if (st.status !== prev.status) statuses.push(st.status);
    });
    s.getState().play();
    s.getState().crashWorker();
    await settle(s);
    unsubscribe();
    expect(statuses).toEqual(['restarting', 'ready']);
    expect(s.getState().playing).toBe(false);
    expect(at(s)).toEqual({ tNs: 5000, steps: 1 });
    expect(s.getState().frame!.snapshot.line).toBe(true);
    expect(s.getState().workerError).toBe(`The simulation worker stopped: ${DELIBERATE_CRASH}. It was restarted on the same scenario at t = 5 µs.`);
    expect(s.getState().scenario).toBe(oneFrame);
    s.getState().dismissWorkerError();
    expect(s.getState().workerError).toBeNull();
  });

  it('a call that throws kills the engine too: restarted where the last frame was, not where the failed call went', async () => {
    let made = 0;
    const host = (): SimApi => {
      const api = createSimApi();
      if (++made > 1) return api;
      return {
        ...api,
        advance: () => {
          throw new Error('advance broke');
        },
      };
    };
    const s = newStore({ host });
    await s.getState().setScenario(quiet);
    await s.getState().stepEvent(); // nothing to do: stays at 0
    s.getState().seek(3000);
    await settle(s);
    s.getState().play();
    await frames(s, 1);
    expect(made).toBe(2);
    expect(s.getState()).toMatchObject({ status: 'ready', playing: false });
    expect(at(s)).toEqual({ tNs: 3000, steps: 0 });
    expect(s.getState().workerError).toBe('The simulation worker stopped: advance broke. It was restarted on the same scenario at t = 3 µs.');
    // The new engine plays on.
    s.getState().play();
    await frames(s, 1);
    expect(now(s)).toBe(3625);
  });

  it('the restart dies too: status failed, the alert points to Reset; Reset loads the base preset on a new engine', async () => {
    let made = 0;
    const host = (): SimApi => {
      const api = createSimApi();
      if (++made !== 2) return api;
      return {
        ...api,
        load: () => {
          throw new Error('load broke');
        },
      };
    };
    const s = newStore({ host });
    await s.getState().setScenario(oneFrame);
    s.getState().crashWorker();
    await settle(s);
    expect(made).toBe(2);
    expect(s.getState().status).toBe('failed');
    expect(s.getState().playing).toBe(false);
    expect(s.getState().workerError).toBe(
      'The simulation worker stopped: load broke. Restarting on the same scenario failed too; press Reset to load the default scenario.',
    );
    await s.getState().reset();
    expect(made).toBe(3);
    expect(s.getState()).toMatchObject({ status: 'ready', workerError: null, presetId: DEFAULT_PRESET_ID });
    expect(now(s)).toBe(0);
  });
});

describe('console accesses and Back at the same ns', () => {
  /**
   * The rule: the scenario's console list is the accesses the run has made
   * at its position; a new access drops those not made (stepped back over,
   * even at this same instant) and keeps those made before it.
   */
  it('Back over an access at 5 us, then a new one at 5 us: the undone one goes, the earlier one of the same ns stays', async () => {
    const s = newStore();
    await s.getState().setScenario(oneFrame);
    await s.getState().stepToInterrupt(); // 5 us, step 1
    const icr = await s.getState().consoleAccess({ op: 'read', reg: 'ICR' });
    // An access runs after every event of its instant: the ISR (step 2) has read and cleared ICR first.
    expect(icr).toEqual({ ok: true, value: { op: { tUs: 5, op: 'read', reg: 'ICR' }, value: 0 } });
    expect(at(s)).toEqual({ tNs: 5000, steps: 3 });
    await s.getState().consoleAccess({ op: 'read', reg: 'STATUS' });
    expect(at(s)).toEqual({ tNs: 5000, steps: 4 });
    await s.getState().stepBack(); // before the STATUS read, same ns
    expect(at(s)).toEqual({ tNs: 5000, steps: 3 });
    await s.getState().consoleAccess({ op: 'read', reg: 'IMS' });
    expect(s.getState().scenario.console).toEqual([
      { tUs: 5, op: 'read', reg: 'ICR' },
      { tUs: 5, op: 'read', reg: 'IMS' },
    ]);
    expect(s.getState().presetId).toBeNull();
    // Back twice more (before the ICR read) and a write: only the write is left.
    await s.getState().stepBack();
    await s.getState().stepBack();
    expect(at(s)).toEqual({ tNs: 5000, steps: 2 });
    await s.getState().setRegister('ITR', 100);
    expect(s.getState().scenario.console).toEqual([{ tUs: 5, op: 'write', reg: 'ITR', value: 100 }]);
  });
});

describe('the console-truncation rule (accessesKept) and the frame\'s count of accesses made', () => {
  it('keeps the first `made` of a list; every frame says how many of the run\'s accesses are made at its position', () => {
    const list = ['a', 'b', 'c'];
    expect(accessesKept(list, 2)).toEqual(['a', 'b']);
    expect(accessesKept(list, 0)).toEqual([]);
    expect(accessesKept(list, 5)).toEqual(list);
    expect(accessesKept(list, 2)).not.toBe(list); // a new list: the scenario's is never changed in place

    // Two reads at 5 us (after the ISR, steps 3 and 4) and one at 8 us, in the scenario from the start.
    const api = createSimApi();
    const made = (f: { consoleMade: number; position: Position }) => [f.position, f.consoleMade];
    const withReads = {
      ...oneFrame,
      console: [
        { tUs: 5, op: 'read' as const, reg: 'ICR' as const },
        { tUs: 5, op: 'read' as const, reg: 'STATUS' as const },
        { tUs: 8, op: 'read' as const, reg: 'IMS' as const },
      ],
    };
    expect(made(api.load(withReads, { tNs: 5000, steps: 2 }))).toEqual([{ tNs: 5000, steps: 2 }, 0]);
    expect(made(api.stepEvent())).toEqual([{ tNs: 5000, steps: 3 }, 1]);
    expect(made(api.stepEvent())).toEqual([{ tNs: 5000, steps: 4 }, 2]);
    expect(made(api.seek(8000))).toEqual([{ tNs: 8000, steps: 1 }, 3]);
    expect(made(api.stepBack())).toEqual([{ tNs: 5000, steps: 4 }, 2]); // Back: the last step before 8 us
  });
});

describe('a register changed from t = 0 keeps the console list the run has made', () => {
  /**
   * The rule (one function, `accessesKept` in core/hostAccess.ts, for every
   * path): the accesses made at the position stay, the rest go. A register
   * changed from t = 0 re-runs to the same position with the new value, and
   * an access stepped back over, even at this same ns, is gone from the list
   * as it would be after a new console access. (The store used to keep every
   * access at or before the instant, so one undone at this ns came back.)
   */
  it('Back over a read at 5 us, then ITR from t = 0: the read is gone; an earlier access stays; a later one goes', async () => {
    const s = newStore();
    await s.getState().setScenario(oneFrame);
    await s.getState().seek(2000);
    await settle(s);
    await s.getState().consoleAccess({ op: 'read', reg: 'STATUS' }); // at 2 us: made before the position below
    await s.getState().stepToInterrupt(); // 5 us, step 1
    await s.getState().consoleAccess({ op: 'read', reg: 'ICR' }); // 5 us, step 3
    await s.getState().stepBack(); // 5 us, step 2: the ICR read undone
    expect(at(s)).toEqual({ tNs: 5000, steps: 2 });
    await s.getState().setRegister('ITR', 100, 'fromStart');
    expect(s.getState().scenario.device.regs.ITR).toBe(100);
    expect(s.getState().scenario.console).toEqual([{ tUs: 2, op: 'read', reg: 'STATUS' }]);
    expect(at(s)).toEqual({ tNs: 5000, steps: 2 });

    // Seek back to 1 us (before the STATUS read) and change RDTR from t = 0: the STATUS read goes too.
    s.getState().seek(1000);
    await settle(s);
    await s.getState().setRegister('RDTR', 8, 'fromStart');
    expect(s.getState().scenario.console).toEqual([]);
    expect(now(s)).toBe(1000);
  });
});
