/**
 * The store and the router name the position, not only the instant: the
 * simulator's link after Next interrupt reopens the asserted state, and the
 * store's Step and Back are inverses. Runs in Node: the worker is the real
 * worker API behind Comlink on a MessageChannel.
 *
 * The scenario (worked out in core/position.test.ts): one RX frame at 5 us;
 * step 1 at 5 us asserts the line with RXT0, step 2 (same ns) is the
 * zero-cost ISR reading ICR, which clears it and drops the line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from './lab';
import { hashFor, routeOf } from './router';
import { testScenario } from '../core/testScenario';
import { RXT0 } from '../core/causes';
import { REG_INDEX } from '../core/registers';
import { channelWorker } from './channelWorker';

const scenario = { ...testScenario({ durationUs: 20, rx: { pattern: 'list', atUs: [5], bytes: 64 } }), name: 'one frame' };

const labs: Lab[] = [];
function newLab(): Lab {
  const lab = createLab({ workerFactory: channelWorker });
  labs.push(lab);
  return lab;
}
afterEach(() => {
  for (const lab of labs.splice(0)) lab.sim.getState().dispose();
});

function screen(lab: Lab) {
  const f = lab.sim.getState().frame!;
  return { position: f.position, line: f.snapshot.line, regs: Array.from(f.snapshot.regs), rx: Array.from(f.snapshot.rxSlots), timers: Array.from(f.snapshot.timers), metrics: f.metrics };
}

describe('links name the position', () => {
  it('Next interrupt -> link -> open fresh: the line is still asserted with RXT0 (the ISR of the same ns has not run)', async () => {
    const live = newLab();
    await live.sim.getState().setScenario(scenario);
    await live.sim.getState().stepToInterrupt();
    const f = live.sim.getState().frame!;
    expect(f.position).toEqual({ tNs: 5000, steps: 1 });
    expect(f.snapshot.line).toBe(true);
    expect(f.snapshot.regs[REG_INDEX.ICR]).toBe(RXT0);
    const hash = hashFor(live);
    expect(hash).toMatch(/&t=5&e=1&v=0-20$/);
    expect(routeOf(hash).view).toBe('simulator');

    const fresh = newLab();
    await fresh.sim.getState().openHash(hash);
    expect(fresh.sim.getState().linkError).toBeNull();
    expect(screen(fresh)).toEqual(screen(live));
    expect(fresh.sim.getState().view).toEqual(live.sim.getState().view);
  });

  it('a link opens on the timeline window it was taken with, not the whole run (ux-walk 11)', async () => {
    const live = newLab();
    await live.sim.getState().setScenario({ ...scenario, durationUs: 5000 });
    await live.sim.getState().openHash(hashFor(live).replace(/&t=.*$/, '&t=3000'));
    live.sim.getState().setView({ t0: 2_900_000, t1: 3_050_000, follow: false });
    const hash = hashFor(live);
    expect(hash).toMatch(/&t=3000&e=0&v=2900-3050$/);
    const fresh = newLab();
    await fresh.sim.getState().openHash(hash);
    // The instant is inside the window, so the window follows it on Play.
    expect(fresh.sim.getState().view).toEqual({ t0: 2_900_000, t1: 3_050_000, follow: true });
    // A window that leaves the instant out is kept, and does not follow.
    const aside = hash.replace(/&v=.*$/, '&v=100-200');
    await fresh.sim.getState().openHash(aside);
    expect(fresh.sim.getState().view).toEqual({ t0: 100_000, t1: 200_000, follow: false });
  });

  it('a link without a window opens on 200 µs around its instant (80 % before it), ending no later than the run', async () => {
    const live = newLab();
    await live.sim.getState().setScenario({ ...scenario, durationUs: 5000 });
    const base = hashFor(live).replace(/&t=.*$/, '');
    const fresh = newLab();
    await fresh.sim.getState().openHash(`${base}&t=3000`);
    expect(fresh.sim.getState().view).toEqual({ t0: 2_840_000, t1: 3_040_000, follow: true });
    await fresh.sim.getState().openHash(`${base}&t=4990`);
    expect(fresh.sim.getState().view).toEqual({ t0: 4_800_000, t1: 5_000_000, follow: true });
    await fresh.sim.getState().openHash(`${base}&t=0`);
    expect(fresh.sim.getState().view).toEqual({ t0: 0, t1: 200_000, follow: true });
  });

  it('an old link (an instant alone) still opens, at every step of that instant', async () => {
    const live = newLab();
    await live.sim.getState().setScenario(scenario);
    const old = hashFor(live).replace(/&t=.*$/, '&t=5');
    const fresh = newLab();
    await fresh.sim.getState().openHash(old);
    expect(fresh.sim.getState().frame!.position).toEqual({ tNs: 5000, steps: 2 });
    expect(fresh.sim.getState().frame!.snapshot.line).toBe(false);
  });

  it('Step then Back in the store comes back to the asserted state; Back then Step too', async () => {
    const lab = newLab();
    await lab.sim.getState().setScenario(scenario);
    await lab.sim.getState().stepToInterrupt();
    const at = screen(lab);
    await lab.sim.getState().stepEvent();
    expect(lab.sim.getState().frame!.position).toEqual({ tNs: 5000, steps: 2 });
    await lab.sim.getState().stepBack();
    expect(screen(lab)).toEqual(at);
    await lab.sim.getState().stepBack();
    expect(lab.sim.getState().frame!.position).toEqual({ tNs: 0, steps: 0 });
    await lab.sim.getState().stepEvent();
    expect(screen(lab)).toEqual(at);
  });
});
