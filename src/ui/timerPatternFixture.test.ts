/**
 * Adding a timer is its descriptor and one line in the timer registry;
 * adding a traffic pattern is its descriptor and one line in the pattern
 * registry. Here a fixture timer, a fixture device model that runs it as
 * its window, and a fixture pattern are added to the three registry lists
 * and nothing else, and every view picks them up: the Timers panel, the
 * timeline lanes and their hover text, the interrupt explanation, the cycle
 * breakdown, the trace export, the scenario schema, the simulator's
 * arrivals, the sweep's axes and the Controls panel's menu and boxes.
 */
import { describe, expect, it, vi } from 'vitest';
import type { TimerDescriptor } from '../core/timers/descriptor';
import type { TrafficPatternDescriptor } from '../core/traffic/patterns/descriptor';
import type { DeviceModelDescriptor } from '../core/device/models/descriptor';

vi.mock('../core/timers/registry', async (importOriginal) => {
  const original = await importOriginal<typeof import('../core/timers/registry')>();
  const fixture: TimerDescriptor<'FIXTURE'> = {
    key: 'FIXTURE',
    name: 'fixture window',
    lane: 'fixture lane',
    panel: 'fixture row',
    tip: () => 'The fixture window: after an interrupt, causes wait 40 µs.',
    value: (ctx) => `held ${ctx.fmtUs(40_000)}`,
    story: (f) => `the fixture window that opened at ${f.startedAt} ended ${f.took} later`,
    role: 'window',
    track: 'guest-vcpu',
  };
  return { TIMER_REGISTRY: [...original.TIMER_REGISTRY, fixture] };
});

vi.mock('../core/traffic/patterns/registry', async (importOriginal) => {
  const original = await importOriginal<typeof import('../core/traffic/patterns/registry')>();
  const { START_US, durationField } = await import('../core/traffic/patterns/descriptor');
  const fixture: TrafficPatternDescriptor<{ pattern: 'fixture-pair'; gapUs: number; startUs: number }> = {
    id: 'fixture-pair',
    directions: ['rx'],
    pickable: true,
    fields: [{ ...durationField('gapUs', 'gap in a pair', { label: 'gap', unit: 'µs', min: 0, step: 0.001 }), default: 10 }, START_US],
    initial: () => ({ pattern: 'fixture-pair', gapUs: 10, startUs: 0 }),
    arrivals(spec) {
      const at = [spec.startUs, spec.startUs + spec.gapUs].map((us) => Math.round(us * 1000));
      let i = 0;
      return { next: () => (i < at.length ? at[i++] : Infinity), bytes: 64, saturate: false };
    },
  };
  return { TRAFFIC_PATTERN_REGISTRY: [...original.TRAFFIC_PATTERN_REGISTRY, fixture] };
});

vi.mock('../core/device/models/registry', async (importOriginal) => {
  const original = await importOriginal<typeof import('../core/device/models/registry')>();
  const { TimerId } = await import('../core/timers');
  const { QEMU_NET_QUEUE, ignoresAll, immediateCauses } = await import('../core/device/models/qemu2012');
  const windowTimer = (TimerId as Record<string, number>).FIXTURE;
  const fixture: DeviceModelDescriptor = {
    id: 'fixture-window',
    label: 'Fixture window (test only)',
    note: 'A test fixture: causes at once, then a 40 µs window on the fixture timer.',
    hasWire: false,
    rxHold: QEMU_NET_QUEUE,
    timersNote: 'The fixture window opens at each interrupt.',
    ignores: ignoresAll('ignored by the fixture'),
    timers: [windowTimer],
    params: [],
    bound: () => ({ windowNs: 40_000, basis: 'fixture window of {window}' }),
    create: (port) => ({ ...immediateCauses(port), windowTimer, windowIsQemuTimer: false, windowNs: () => 40_000 }),
  };
  return { DEVICE_MODEL_REGISTRY: [...original.DEVICE_MODEL_REGISTRY, fixture] };
});

const { TimerId, TIMER_COUNT, TIMER_NAMES, WINDOW_TIMERS } = await import('../core/timers');
const { parseScenario } = await import('../scenario/schema');
const { runScenario, Simulation } = await import('../core/simulation');
const { cycleBreakdown } = await import('../core/cycles');
const { timelineLanes } = await import('./timeline/lanes');
const { laneHelp, describeAt } = await import('./timeline/traceHover');
const { explainInterrupt } = await import('./explain');
const { timerRow } = await import('./TimersPanel');
const { patternOptions, withPattern } = await import('./ControlsPanel');
const { listSweepablePaths, setParam } = await import('../sweep/paths');
const { toChromeTrace, chromeTraceInputOf, PID, GUEST_TID } = await import('../export/chromeTrace');
const { TraceWindow } = await import('../state/traceWindow');
const { createSimApi } = await import('../worker/simApi');

const FIXTURE = (TimerId as Record<string, number>).FIXTURE;

/** Frames at 0 and 10 µs (the fixture pattern's default gap) into the fixture model, an ideal guest. */
function fixtureScenario() {
  const r = parseScenario({ v: 1, durationUs: 200, device: { model: 'fixture-window' }, guest: { driver: 'ideal' }, traffic: { rx: { pattern: 'fixture-pair' } } });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function fixtureTrace() {
  const api = createSimApi();
  const tw = new TraceWindow();
  tw.append(api.load(fixtureScenario()).trace);
  tw.append(api.advance(200_000).trace);
  return tw;
}

describe('a timer and a traffic pattern added by one registry line each', () => {
  it('the timer gets the next id, its name and its role', () => {
    // The fixture is appended after every registered timer: the last id.
    expect(FIXTURE).toBe(TIMER_COUNT - 1);
    expect(TIMER_NAMES[FIXTURE - 1]).not.toBe('fixture window');
    expect(TIMER_NAMES[FIXTURE]).toBe('fixture window');
    expect(WINDOW_TIMERS.has(FIXTURE)).toBe(true);
  });

  it('the schema accepts the pattern, fills its default and checks its range', () => {
    expect(fixtureScenario().traffic.rx).toEqual({ pattern: 'fixture-pair', gapUs: 10, startUs: 0 });
    const bad = parseScenario({ v: 1, traffic: { rx: { pattern: 'fixture-pair', gapUs: -1 } } });
    expect(bad.ok ? '' : bad.error).toBe('traffic.rx.gapUs: -1 is out of range (number 0..10000000 us)');
    // An rx-only pattern is named as such for tx.
    const tx = parseScenario({ v: 1, traffic: { tx: { pattern: 'fixture-pair' } } });
    expect(tx.ok ? '' : tx.error).toMatch(/"fixture-pair" is for rx only\)$/);
  });

  it('the simulator runs both: frames at 0 and 10 µs; the line asserts at 0, then when the 40 µs fixture window ends', () => {
    expect(runScenario(fixtureScenario()).interrupts.map((i) => i.tUs)).toEqual([0, 40]);
  });

  it('the Timers panel, the lanes and their hover read the timer descriptor', () => {
    expect(timerRow(FIXTURE, 'kvm-2012')).toEqual({ id: FIXTURE, label: 'fixture row', reg: undefined, value: 'held 40 µs', tip: 'The fixture window: after an interrupt, causes wait 40 µs.' });
    const lane = timelineLanes('fixture-window' as never).find((l) => l.kind === 'timer')!;
    expect(lane).toMatchObject({ label: 'fixture lane', timerId: FIXTURE });
    expect(laneHelp(lane, 'kvm-2012')).toMatch(/^fixture window\. A bar while the timer runs/);
    // The window that opened at the first interrupt (0 µs), read at 20 µs.
    expect(describeAt(fixtureTrace(), lane, 20_000, 1, 200_000)).toBe('fixture window: started at 0 ns, due at 40 µs; fired at 40 µs after 40 µs.');
  });

  it('the explanation tells its story and the cycle breakdown counts it as the window', () => {
    const tw = fixtureTrace();
    const irqs = tw.interruptsIn(-Infinity, Infinity);
    expect(irqs).toHaveLength(2);
    // RXT0 set at 10 µs (the second frame, at once); the line waited 30 µs for the window that opened at 0.
    expect(explainInterrupt(tw, irqs[1])).toContain('The line waited 30 µs because the fixture window that opened at 0 ns ended 40 µs later');
    const sim = new Simulation(fixtureScenario(), { traceCapacity: 10_000 });
    sim.advanceTo(200_000);
    // One cycle, 0 to 40 µs, all of it the window.
    expect(cycleBreakdown(sim.trace.records())).toMatchObject({ cycles: 1, meanCycleNs: 40_000, windowNs: 40_000, otherNs: 0 });
  });

  it('the trace export draws the timer where its descriptor says (the guest vCPU track), by its name', () => {
    const sim = new Simulation(fixtureScenario(), { traceCapacity: 10_000 });
    sim.advanceTo(200_000);
    const events = toChromeTrace(chromeTraceInputOf(sim)).traceEvents.filter((e) => e.cat === 'timer');
    expect(events.map((e) => [e.ph, e.name, e.ts])).toEqual([
      ['b', 'fixture window', 0],
      ['e', 'fixture window', 40],
      ['i', 'fixture window expired', 40],
      ['b', 'fixture window', 40],
      ['e', 'fixture window', 80],
      ['i', 'fixture window expired', 80],
    ]);
    expect(events.every((e) => e.pid === PID.GUEST && e.tid === GUEST_TID.VCPU)).toBe(true);
  });

  it('the sweep offers the pattern\'s numbers and the Controls panel its menu entry and box', () => {
    const s = fixtureScenario();
    expect(listSweepablePaths(s).filter((f) => f.path.startsWith('traffic.rx.'))).toMatchObject([
      { path: 'traffic.rx.gapUs', label: 'RX gap in a pair', unit: 'us', min: 0, max: 10_000_000, value: 10, effective: true },
      { path: 'traffic.rx.startUs', label: 'RX start', value: 0 },
    ]);
    const wider = setParam(s, 'traffic.rx.gapUs', 30);
    expect(wider.ok && runScenario(wider.value).interrupts.map((i) => i.tUs)).toEqual([0, 40]);
    expect(patternOptions('rx', 'none')).toContain('fixture-pair');
    expect(patternOptions('tx', 'none')).not.toContain('fixture-pair');
    expect(withPattern({ pattern: 'none' }, 'fixture-pair' as never)).toEqual({ pattern: 'fixture-pair', gapUs: 10, startUs: 0 });
  });
});
